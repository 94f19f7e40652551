import { defineElement } from '../shared/define.js';
import { LicensesSearchElement } from './licenses-search.component.js';

export { LicensesSearchElement };

// The kit's events and their entries in the global event maps, for pages that import only this element.
export type * from '../../events/index.js';

defineElement('licenses-search', LicensesSearchElement);

declare global {
  interface HTMLElementTagNameMap {
    'licenses-search': LicensesSearchElement;
  }
}
