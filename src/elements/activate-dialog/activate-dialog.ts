import { defineElement } from '../shared/define.js';
import { ActivateDialogElement } from './activate-dialog.component.js';

export { ActivateDialogElement };

// The kit's events and their entries in the global event maps, for pages that import only this element.
export type * from '../../events/index.js';

defineElement('activate-dialog', ActivateDialogElement);

declare global {
  interface HTMLElementTagNameMap {
    'activate-dialog': ActivateDialogElement;
  }
}
