import { defineElement } from '../shared/define.js';
import { BillingStateDialogElement } from './billing-state-dialog.component.js';

export { BillingStateDialogElement };

defineElement('billing-state-dialog', BillingStateDialogElement);

declare global {
  interface HTMLElementTagNameMap {
    'billing-state-dialog': BillingStateDialogElement;
  }
}
