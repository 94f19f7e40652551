import { defineElement } from '../shared/define.js';
import { LicensesRenewalsElement } from './licenses-renewals.component.js';

export { LicensesRenewalsElement };

// The kit's events and their entries in the global event maps, for pages that import only this element.
export type * from '../../events/index.js';

defineElement('licenses-renewals', LicensesRenewalsElement);

declare global {
  interface HTMLElementTagNameMap {
    'licenses-renewals': LicensesRenewalsElement;
  }
}
