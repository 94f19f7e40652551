import { defineElement } from '../shared/define.js';
import { LicensesSearchElement } from './licenses-search.component.js';

export { LicensesSearchElement };

defineElement('licenses-search', LicensesSearchElement);

declare global {
  interface HTMLElementTagNameMap {
    'licenses-search': LicensesSearchElement;
  }
}
