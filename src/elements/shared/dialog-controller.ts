import { html, nothing, type LitElement, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { License } from '../../api/contract/schemas.js';
import { emit, type DialogCloseSource } from '../../events/index.js';

type Host = ReactiveControllerHost & HTMLElement & { renderRoot: HTMLElement | DocumentFragment };

/** What a page may do with any of the kit's dialogs. */
export interface LicenseDialog extends LitElement {
  /** Clicking the backdrop asks to close the dialog. */
  lightDismiss: boolean;
  /** Shows the dialog for `license` as a modal, for a new action. */
  open(license: License): void;
  /** Closes the dialog at once (a person's close fires `ld-request-close` first). */
  close(): void;
  /** Whether the dialog is open (or opening). */
  readonly isOpen: boolean;
}

/** The focused element, looked up through open shadow roots. */
function deepActiveElement(): HTMLElement | null {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el instanceof HTMLElement && el !== document.body ? el : null;
}

/**
 * A native modal `<dialog>` in the host's shadow root: `showModal()` once rendered, focus on
 * the element marked `data-initial-focus`, Escape, the backdrop (with `lightDismiss`) and the
 * Cancel button asking first with a cancelable `ld-request-close`, `ld-after-close` and focus
 * back to the opener when it closed.
 *
 * It holds what the dialog is open for, `T`: a license for the license dialogs, an order for
 * the cancel dialog; `code` says what the header names it by (the activation code, the
 * order number).
 */
export class DialogController<T extends { readonly id: string } = License> implements ReactiveController {
  /** What the dialog is open for. */
  subject: T | null = null;
  /** Counts the openings, so that an answer to an earlier one is recognised. */
  openings = 0;
  private wanted = false;
  private showing = false;
  private opener: HTMLElement | null = null;

  constructor(
    private readonly host: Host,
    private readonly options: { lightDismiss: () => boolean; code: (subject: T) => string },
  ) {
    host.addController(this);
  }

  get isOpen(): boolean {
    return this.wanted;
  }

  private get dialog(): HTMLDialogElement | null {
    return this.host.renderRoot.querySelector('dialog');
  }

  /** Shows the dialog for `subject`, once the host has rendered it. */
  open(subject: T): void {
    this.subject = subject;
    if (!this.wanted) this.opener = deepActiveElement();
    this.wanted = true;
    this.showing = true;
    this.openings += 1;
    this.host.requestUpdate();
  }

  /** Opens the rendered `<dialog>` as a modal and focuses the element marked `data-initial-focus`. */
  hostUpdated(): void {
    if (!this.showing) return;
    this.showing = false;
    const dialog = this.dialog;
    if (!this.wanted || !dialog) return;
    if (!dialog.open) dialog.showModal();
    this.host.renderRoot.querySelector<HTMLElement>('[data-initial-focus]')?.focus();
  }

  close(): void {
    this.wanted = false;
    const dialog = this.dialog;
    if (dialog?.open) dialog.close();
  }

  /** What the dialog is open for changed elsewhere: the dialog shows it as it is now. */
  replace(subject: T): void {
    if (this.subject?.id !== subject.id) return;
    this.subject = subject;
    this.host.requestUpdate();
  }

  /** Asks the host page whether the dialog may close, and closes it unless that was refused. */
  requestClose(source: DialogCloseSource, cancelable = true): void {
    if (emit(this.host, 'ld-request-close', { source }, { cancelable }) || !cancelable) this.close();
  }

  /** Focuses the first element matching `selector` once the host has rendered. */
  focusLater(selector: string): void {
    void this.host.updateComplete.then(() => this.host.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  /**
   * The `<dialog>`, labelled by its heading; once opened, its panel: `heading`, the code of
   * what it is open for after `codeLabel`, the live region saying `status`, and the `body`.
   */
  render(heading: string, codeLabel: string, status: unknown, body: (subject: T) => unknown): TemplateResult {
    const subject = this.subject;
    return html`<div class="root" part="base">
      <dialog part="dialog" aria-labelledby="heading" @cancel=${this.onCancel} @close=${this.onClosed} @click=${this.onClick}>
        ${subject === null
          ? nothing
          : html`<div class="panel" part="panel">
              <header part="header">
                <h2 id="heading" part="heading">${heading}</h2>
                <p class="code" part="code">
                  <span class="muted">${codeLabel}</span>
                  <span class="mono wrap">${this.options.code(subject)}</span>
                </p>
              </header>
              <div class="status" role="status" part="status">${status}</div>
              ${body(subject)}
            </div>`}
      </dialog>
    </div>`;
  }

  /** The row of buttons at the bottom: `cancelLabel` (asking to close) first, then `primary`. */
  renderFooter(cancelLabel: string, primary: TemplateResult | typeof nothing = nothing): TemplateResult {
    return html`<div class="actions" part="footer">
      <button class="btn" type="button" part="cancel-button" @click=${() => this.requestClose('cancel-button')}>
        ${cancelLabel}
      </button>
      ${primary}
    </div>`;
  }

  private readonly onCancel = (event: Event): void => {
    // Escape. The dialog closes only through requestClose, so the host page may refuse.
    event.preventDefault();
    this.requestClose('escape', event.cancelable);
  };

  private readonly onClick = (event: MouseEvent): void => {
    const dialog = this.dialog;
    if (!this.options.lightDismiss() || dialog === null || event.target !== dialog) return;
    const r = dialog.getBoundingClientRect();
    const inside = event.clientX >= r.left && event.clientX <= r.right && event.clientY >= r.top && event.clientY <= r.bottom;
    if (!inside) this.requestClose('backdrop');
  };

  private readonly onClosed = (): void => {
    this.wanted = false;
    const opener = this.opener;
    this.opener = null;
    if (opener?.isConnected) opener.focus();
    emit(this.host, 'ld-after-close', {});
  };
}
