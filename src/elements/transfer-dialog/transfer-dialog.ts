import { defineElement } from '../shared/define.js';
import { TransferDialogElement } from './transfer-dialog.component.js';

export { TransferDialogElement };

// The kit's events and their entries in the global event maps, for pages that import only this element.
export type * from '../../events/index.js';

defineElement('transfer-dialog', TransferDialogElement);

declare global {
  interface HTMLElementTagNameMap {
    'transfer-dialog': TransferDialogElement;
  }
}
