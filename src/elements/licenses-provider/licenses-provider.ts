import { defineElement } from '../shared/define.js';
import { LicensesProviderElement } from './licenses-provider.component.js';

export { LicensesProviderElement };

defineElement('licenses-provider', LicensesProviderElement);

declare global {
  interface HTMLElementTagNameMap {
    'licenses-provider': LicensesProviderElement;
  }
}
