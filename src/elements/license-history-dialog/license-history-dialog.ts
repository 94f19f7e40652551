import { defineElement } from '../shared/define.js';
import { LicenseHistoryDialogElement } from './license-history-dialog.component.js';

export { LicenseHistoryDialogElement };

// The kit's events and their entries in the global event maps, for pages that import only this element.
export type * from '../../events/index.js';

defineElement('license-history-dialog', LicenseHistoryDialogElement);

declare global {
  interface HTMLElementTagNameMap {
    'license-history-dialog': LicenseHistoryDialogElement;
  }
}
