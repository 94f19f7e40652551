import { defineElement } from '../shared/define.js';
import { LicenseKeysTableElement } from './license-keys-table.component.js';

export { LicenseKeysTableElement };

defineElement('license-keys-table', LicenseKeysTableElement);

declare global {
  interface HTMLElementTagNameMap {
    'license-keys-table': LicenseKeysTableElement;
  }
}
