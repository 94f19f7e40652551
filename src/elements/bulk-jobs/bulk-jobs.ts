import { defineElement } from '../shared/define.js';
import { BulkJobsElement } from './bulk-jobs.component.js';

export { BulkJobsElement };

// The kit's events and their entries in the global event maps, for pages that import only this element.
export type * from '../../events/index.js';

defineElement('bulk-jobs', BulkJobsElement);

declare global {
  interface HTMLElementTagNameMap {
    'bulk-jobs': BulkJobsElement;
  }
}
