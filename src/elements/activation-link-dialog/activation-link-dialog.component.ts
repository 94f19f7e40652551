import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { License } from '../../api/contract/schemas.js';
import { isSafeLink } from '../../api/contract/links.js';
import { dialogs } from '../../locales/dialogs.js';
import { controls } from '../../styles/controls.js';
import { base } from '../../styles/tokens.js';
import { CopyController } from '../shared/copy-controller.js';
import { DialogController, type LicenseDialog } from '../shared/dialog-controller.js';
import { dialogStyles } from '../shared/dialog.styles.js';
import { LicensesController } from '../shared/licenses-controller.js';
import { LocaleController } from '../shared/locale-controller.js';
import { styles } from './activation-link-dialog.styles.js';

/**
 * Shows the link with which the customer activates a license, to open or to copy. It needs
 * no API, so it also works without a `<licenses-provider>`. Open it with `open(license)`.
 *
 * @summary The activation link of a license, with Copy and OK.
 *
 * @fires ld-request-close - A person asks to close the dialog (`detail.source`); cancelable.
 * @fires ld-after-close - The dialog closed.
 *
 * @csspart base - The wrapper of the dialog.
 * @csspart dialog - The native `<dialog>`.
 * @csspart panel - The dialog's content box.
 * @csspart header - The heading and the activation code.
 * @csspart heading - The heading.
 * @csspart code - The activation code line.
 * @csspart link - The activation link.
 * @csspart copy-status - The live region saying the link was copied.
 * @csspart footer - The row of buttons.
 * @csspart copy-button - Copy.
 * @csspart ok-button - OK.
 *
 * @cssprop --ld-color-surface - Background of the dialog.
 * @cssprop --ld-color-surface-sunken - Background of the link.
 * @cssprop --ld-color-text - Text colour.
 * @cssprop --ld-color-accent - The link and the OK button.
 * @cssprop --ld-color-success - The 'Copied' note.
 * @cssprop --ld-backdrop - The backdrop behind the dialog.
 * @cssprop --ld-radius - Corners of the dialog.
 */
export class ActivationLinkDialogElement extends LitElement implements LicenseDialog {
  static override styles = [base, controls, dialogStyles, styles];

  /** Clicking the backdrop asks to close the dialog. */
  @property({ type: Boolean, attribute: 'light-dismiss' }) lightDismiss = false;

  // Only for the provider's locale: the link needs no API.
  private readonly api = new LicensesController(this);
  private readonly i18n = new LocaleController(this, () => this.api.settings);
  private readonly dialog = new DialogController(this, {
    lightDismiss: () => this.lightDismiss,
    code: (license) => license.activationCode,
  });
  private readonly clipboard = new CopyController(this, { within: () => this.renderRoot.querySelector('dialog') });

  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.i18n.afterLoading(() => super.scheduleUpdate());
  }

  private renderBody(license: License): TemplateResult {
    const t = this.i18n.of(dialogs);
    const tc = this.i18n.common;
    const link = license.activationLink;
    const safe = isSafeLink(link);
    const failed = this.clipboard.last?.ok === false;
    return html`${safe
        ? html`<p>${t('link.intro')}</p>
            <p class="url">
              <a class="wrap" part="link" href=${link} target="_blank" rel="noopener noreferrer">${link}</a>
            </p>`
        : html`<p class="message error" role="alert">${t('link.unsafe')}</p>`}
      <div class="actions" part="footer">
        <span class=${failed ? 'note failed' : 'note'} role="status" part="copy-status">${this.clipboard.announcement}</span>
        <button
          class="btn"
          type="button"
          part="copy-button"
          data-initial-focus
          ?disabled=${!safe}
          @click=${() => void this.clipboard.copy(link, 'link', (ok) => tc(ok ? 'copied' : 'copyFailed'))}
        >
          ${tc('copy')}
        </button>
        <button class="btn primary" type="button" part="ok-button" @click=${() => this.dialog.requestClose('ok')}>
          ${tc('ok')}
        </button>
      </div>`;
  }

  /** Whether the dialog is open (or opening). */
  get isOpen(): boolean {
    return this.dialog.isOpen;
  }

  /** Shows the dialog with the activation link of `license`. */
  open(license: License): void {
    this.clipboard.reset();
    this.dialog.open(license);
  }

  /** Closes the dialog at once (a person's close fires `ld-request-close` first). */
  close(): void {
    this.dialog.close();
  }

  override render() {
    const t = this.i18n.of(dialogs);
    return this.dialog.render(t('link.title'), t('activationCode'), nothing, (license) => this.renderBody(license));
  }
}
