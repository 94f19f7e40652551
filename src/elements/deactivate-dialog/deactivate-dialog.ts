import { defineElement } from '../shared/define.js';
import { DeactivateDialogElement } from './deactivate-dialog.component.js';

export { DeactivateDialogElement };

// The kit's events and their entries in the global event maps, for pages that import only this element.
export type * from '../../events/index.js';

defineElement('deactivate-dialog', DeactivateDialogElement);

declare global {
  interface HTMLElementTagNameMap {
    'deactivate-dialog': DeactivateDialogElement;
  }
}
