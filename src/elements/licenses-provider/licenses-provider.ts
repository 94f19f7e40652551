import { defineElement } from '../shared/define.js';
import { LicensesProviderElement } from './licenses-provider.component.js';

export { LicensesProviderElement };

// The kit's events and their entries in the global event maps, for pages that import only this element.
export type * from '../../events/index.js';

defineElement('licenses-provider', LicensesProviderElement);

declare global {
  interface HTMLElementTagNameMap {
    'licenses-provider': LicensesProviderElement;
  }
}
