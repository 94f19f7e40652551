import { defineElement } from '../shared/define.js';
import { ActivationLinkDialogElement } from './activation-link-dialog.component.js';

export { ActivationLinkDialogElement };

// The kit's events and their entries in the global event maps, for pages that import only this element.
export type * from '../../events/index.js';

defineElement('activation-link-dialog', ActivationLinkDialogElement);

declare global {
  interface HTMLElementTagNameMap {
    'activation-link-dialog': ActivationLinkDialogElement;
  }
}
