import { defineElement } from '../shared/define.js';
import { CancelOrderDialogElement } from './cancel-order-dialog.component.js';

export { CancelOrderDialogElement };

// The kit's events and their entries in the global event maps, for pages that import only this element.
export type * from '../../events/index.js';

defineElement('cancel-order-dialog', CancelOrderDialogElement);

declare global {
  interface HTMLElementTagNameMap {
    'cancel-order-dialog': CancelOrderDialogElement;
  }
}
