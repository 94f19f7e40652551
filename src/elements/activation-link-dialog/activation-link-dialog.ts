import { defineElement } from '../shared/define.js';
import { ActivationLinkDialogElement } from './activation-link-dialog.component.js';

export { ActivationLinkDialogElement };

defineElement('activation-link-dialog', ActivationLinkDialogElement);

declare global {
  interface HTMLElementTagNameMap {
    'activation-link-dialog': ActivationLinkDialogElement;
  }
}
