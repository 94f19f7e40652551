import { defineElement } from '../shared/define.js';
import { LicenseKeysTableElement } from './license-keys-table.component.js';

export { LicenseKeysTableElement };

// The kit's events and their entries in the global event maps, for pages that import only this element.
export type * from '../../events/index.js';

defineElement('license-keys-table', LicenseKeysTableElement);

declare global {
  interface HTMLElementTagNameMap {
    'license-keys-table': LicenseKeysTableElement;
  }
}
