import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { DialogController } from './dialog-controller.js';

/**
 * What every dialog of the kit has in common: `light-dismiss`, `isOpen` and `close()`, over
 * the DialogController that does the work. A dialog adds its own `open(…)` (what it opens
 * for, and what it forgets) and its Submit; this class calls nothing of theirs.
 */
export class ModalDialogElement extends LitElement {
  /** Clicking the backdrop asks to close the dialog. */
  @property({ type: Boolean, attribute: 'light-dismiss' }) lightDismiss = false;

  protected readonly dialog = new DialogController(this, { lightDismiss: () => this.lightDismiss });

  /** Whether the dialog is open (or opening). */
  get isOpen(): boolean {
    return this.dialog.isOpen;
  }

  /** Closes the dialog at once (a person's close fires `ld-request-close` first). */
  close(): void {
    this.dialog.close();
  }
}
