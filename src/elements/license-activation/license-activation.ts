import { defineElement } from '../shared/define.js';
import { LicenseActivationElement } from './license-activation.component.js';

export { LicenseActivationElement };

// The kit's events and their entries in the global event maps, for pages that import only this element.
export type * from '../../events/index.js';

defineElement('license-activation', LicenseActivationElement);

declare global {
  interface HTMLElementTagNameMap {
    'license-activation': LicenseActivationElement;
  }
}
