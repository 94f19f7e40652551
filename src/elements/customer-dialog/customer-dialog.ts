import { defineElement } from '../shared/define.js';
import { CustomerDialogElement } from './customer-dialog.component.js';

export { CustomerDialogElement };

// The kit's events and their entries in the global event maps, for pages that import only this element.
export type * from '../../events/index.js';

defineElement('customer-dialog', CustomerDialogElement);

declare global {
  interface HTMLElementTagNameMap {
    'customer-dialog': CustomerDialogElement;
  }
}
