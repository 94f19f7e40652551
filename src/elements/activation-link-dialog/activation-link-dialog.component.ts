import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import type { License } from '../../api/contract/schemas.js';
import { isSafeLink } from '../../api/contract/links.js';
import { controls } from '../../styles/controls.js';
import { base } from '../../styles/tokens.js';
import { copyText } from '../shared/clipboard.js';
import { DialogElement } from '../shared/dialog-base.js';
import { dialogStyles } from '../shared/dialog.styles.js';
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
export class ActivationLinkDialogElement extends DialogElement {
  static override styles = [base, controls, dialogStyles, styles];

  @state() private copied: boolean | null = null;

  protected override needsClient = false;

  protected override heading(): string {
    return this.t('link.title');
  }

  protected override reset(): void {
    this.copied = null;
  }

  private async copy(link: string): Promise<void> {
    this.copied = null;
    this.copied = await copyText(link, this.dialog ?? this.renderRoot);
  }

  protected override renderContent(license: License): TemplateResult {
    const link = license.activationLink;
    const safe = isSafeLink(link);
    const note = this.copied === null ? nothing : this.copied ? this.tc('copied') : this.tc('copyFailed');
    return html`${safe
        ? html`<p>${this.t('link.intro')}</p>
            <p class="url">
              <a class="wrap" part="link" href=${link} target="_blank" rel="noopener noreferrer">${link}</a>
            </p>`
        : html`<p class="message error" role="alert">${this.t('link.unsafe')}</p>`}
      <div class="actions" part="footer">
        <span class=${this.copied === false ? 'note failed' : 'note'} role="status" part="copy-status">${note}</span>
        <button
          class="btn"
          type="button"
          part="copy-button"
          data-initial-focus
          ?disabled=${!safe}
          @click=${() => void this.copy(link)}
        >
          ${this.tc('copy')}
        </button>
        <button class="btn primary" type="button" part="ok-button" @click=${() => this.requestClose('ok')}>
          ${this.tc('ok')}
        </button>
      </div>`;
  }
}
