import { defineElement } from '../shared/define.js';
import { ActivateDialogElement } from './activate-dialog.component.js';

export { ActivateDialogElement };

defineElement('activate-dialog', ActivateDialogElement);

declare global {
  interface HTMLElementTagNameMap {
    'activate-dialog': ActivateDialogElement;
  }
}
