import { defineElement } from '../shared/define.js';
import { BuyLicensesElement } from './buy-licenses.component.js';

export { BuyLicensesElement };

// The kit's events and their entries in the global event maps, for pages that import only this element.
export type * from '../../events/index.js';

defineElement('buy-licenses', BuyLicensesElement);

declare global {
  interface HTMLElementTagNameMap {
    'buy-licenses': BuyLicensesElement;
  }
}
