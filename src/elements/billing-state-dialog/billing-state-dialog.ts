import { defineElement } from '../shared/define.js';
import { BillingStateDialogElement } from './billing-state-dialog.component.js';

export { BillingStateDialogElement };

// The kit's events and their entries in the global event maps, for pages that import only this element.
export type * from '../../events/index.js';

defineElement('billing-state-dialog', BillingStateDialogElement);

declare global {
  interface HTMLElementTagNameMap {
    'billing-state-dialog': BillingStateDialogElement;
  }
}
