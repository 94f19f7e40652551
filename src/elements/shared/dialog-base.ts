import { html, nothing, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { License } from '../../api/contract/schemas.js';
import { dialogs } from '../../locales/dialogs.js';
import { translator, type Translate } from '../../locales/index.js';
import { LicensesElement } from './licenses-element.js';

/** What asked a dialog to close. */
export type DialogCloseSource = 'escape' | 'cancel-button' | 'backdrop' | 'ok';
/** Fired before a dialog closes on a person's request; cancel it to keep the dialog open. */
export type DialogRequestCloseEvent = CustomEvent<{ source: DialogCloseSource }>;
/** Fired after a dialog closed, whatever closed it. */
export type DialogAfterCloseEvent = CustomEvent<Record<string, never>>;

declare global {
  interface HTMLElementEventMap {
    'ld-request-close': DialogRequestCloseEvent;
    'ld-after-close': DialogAfterCloseEvent;
  }
}

/** The focused element, looked up through open shadow roots. */
function deepActiveElement(): HTMLElement | null {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el instanceof HTMLElement && el !== document.body ? el : null;
}

/**
 * What the kit's dialogs share: a native modal `<dialog>` opened for one license with
 * `open(license)`, a heading that names it, focus returned to the opener when it closes,
 * Escape, and a cancelable `ld-request-close` before a person's close. Subclasses give
 * the heading and the content; `ActionDialogElement` adds a request to the server.
 */
export abstract class DialogElement extends LicensesElement {
  @query('dialog') protected dialog!: HTMLDialogElement | null;

  /** The license the dialog is open for. */
  @state() protected license: License | null = null;

  /** Clicking the backdrop asks to close the dialog. */
  @property({ type: Boolean, attribute: 'light-dismiss' }) lightDismiss = false;

  /** False for a dialog that works without a provider. */
  protected needsClient = true;
  /** Counts the openings, so that an answer to an earlier one is recognised. */
  protected openings = 0;
  private wanted = false;
  private opener: HTMLElement | null = null;

  /** Whether the dialog is open (or opening). */
  get isOpen(): boolean {
    return this.wanted;
  }

  /** Dialog strings in the current locale. */
  protected get t(): Translate<keyof typeof dialogs.en & string> {
    return translator(dialogs, this.locale);
  }

  /** The heading of the dialog. */
  protected abstract heading(): string;
  /** Forgets what the dialog kept of an earlier opening. */
  protected abstract reset(): void;
  /** Everything below the heading and the live region. */
  protected abstract renderContent(license: License): TemplateResult;

  /** What the live region says (nothing by default). */
  protected renderStatus(): TemplateResult | typeof nothing {
    return nothing;
  }

  /** Asks the host whether the dialog may close, and closes it unless that was refused. */
  protected requestClose(source: DialogCloseSource, cancelable = true): void {
    const event = new CustomEvent('ld-request-close', { detail: { source }, bubbles: true, composed: true, cancelable });
    if (this.dispatchEvent(event) || !cancelable) this.close();
  }

  /** Focuses the first element matching `selector` once the dialog has rendered. */
  protected focusLater(selector: string): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  /** The row of buttons at the bottom: Cancel (or another label) first, then `primary`. */
  protected renderActions(primary: TemplateResult | typeof nothing, cancelLabel = this.tc('cancel')): TemplateResult {
    return html`<div class="actions" part="footer">
      <button class="btn" type="button" part="cancel-button" @click=${() => this.requestClose('cancel-button')}>
        ${cancelLabel}
      </button>
      ${primary}
    </div>`;
  }

  /** Shows the dialog for `license` as a modal, for a new action. */
  open(license: License): void {
    if (!this.wanted) this.opener = deepActiveElement();
    this.wanted = true;
    this.openings += 1;
    this.license = license;
    this.reset();
    const opening = this.openings;
    void this.updateComplete.then(() => {
      if (!this.wanted || opening !== this.openings || !this.dialog) return;
      if (!this.dialog.open) this.dialog.showModal();
      this.renderRoot.querySelector<HTMLElement>('[data-initial-focus]')?.focus();
    });
  }

  /** Closes the dialog at once (a person's close fires `ld-request-close` first). */
  close(): void {
    this.wanted = false;
    if (this.dialog?.open) this.dialog.close();
  }

  private onCancel(event: Event): void {
    // Escape. The dialog closes only through requestClose, so the host may refuse.
    event.preventDefault();
    this.requestClose('escape', event.cancelable);
  }

  private onClick(event: MouseEvent): void {
    const dialog = this.dialog;
    if (!this.lightDismiss || dialog === null || event.target !== dialog) return;
    const r = dialog.getBoundingClientRect();
    const inside = event.clientX >= r.left && event.clientX <= r.right && event.clientY >= r.top && event.clientY <= r.bottom;
    if (!inside) this.requestClose('backdrop');
  }

  private onClosed(): void {
    this.wanted = false;
    const opener = this.opener;
    this.opener = null;
    if (opener?.isConnected) opener.focus();
    this.dispatchEvent(new CustomEvent('ld-after-close', { detail: {}, bubbles: true, composed: true }));
  }

  private renderPanel(license: License): TemplateResult {
    const setup = this.needsClient ? this.renderSetupState() : nothing;
    return html`<div class="panel" part="panel">
      <header part="header">
        <h2 id="heading" part="heading">${this.heading()}</h2>
        <p class="code" part="code">
          <span class="muted">${this.t('activationCode')}</span>
          <span class="mono wrap">${license.activationCode}</span>
        </p>
      </header>
      <div class="status" role="status" part="status">${this.renderStatus()}</div>
      ${setup === nothing ? this.renderContent(license) : html`${setup}${this.renderActions(nothing, this.tc('close'))}`}
    </div>`;
  }

  override render() {
    return html`<div class="root" part="base">
      <dialog part="dialog" aria-labelledby="heading" @cancel=${this.onCancel} @close=${this.onClosed} @click=${this.onClick}>
        ${this.license === null ? nothing : this.renderPanel(this.license)}
      </dialog>
    </div>`;
  }
}
