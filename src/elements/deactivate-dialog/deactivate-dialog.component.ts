import { html, LitElement, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { License } from '../../api/contract/schemas.js';
import { emit } from '../../events/index.js';
import { dialogs } from '../../locales/dialogs.js';
import { licenseDialogs } from '../../locales/license-dialogs.js';
import { controls } from '../../styles/controls.js';
import { base } from '../../styles/tokens.js';
import { ActionController } from '../shared/action-controller.js';
import { DialogController, type LicenseDialog } from '../shared/dialog-controller.js';
import { dialogStyles } from '../shared/dialog.styles.js';
import { LicensesController } from '../shared/licenses-controller.js';
import { LocaleController } from '../shared/locale-controller.js';

/**
 * Deactivates an active license after a confirmation: the license is available again, its
 * customer no longer holds it and is emailed about it. A failure says why; trying again
 * sends the same idempotency key, so nothing happens twice. Open it with `open(license)`.
 *
 * @summary Deactivate an active license, after a confirmation.
 *
 * @fires license-deactivated - The license is available again; `detail.license` and `detail.previous` (the customer who held it).
 * @fires licenses-error - The deactivation failed; the dialog says why.
 * @fires ld-request-close - A person asks to close the dialog (`detail.source`); cancelable.
 * @fires ld-after-close - The dialog closed.
 *
 * @csspart base - The wrapper of the dialog.
 * @csspart dialog - The native `<dialog>`.
 * @csspart panel - The dialog's content box.
 * @csspart header - The heading and the activation code.
 * @csspart heading - The heading.
 * @csspart code - The activation code line.
 * @csspart status - The live region holding progress and the confirmation.
 * @csspart reason - Why the license cannot be deactivated, instead of the form.
 * @csspart form - The form.
 * @csspart error - The explanation of a failed request.
 * @csspart footer - The row of buttons.
 * @csspart cancel-button - Cancel (or Close).
 * @csspart submit-button - Deactivate.
 * @csspart ok-button - OK, after the deactivation.
 */
export class DeactivateDialogElement extends LitElement implements LicenseDialog {
  static override styles = [base, controls, dialogStyles];

  /** Clicking the backdrop asks to close the dialog. */
  @property({ type: Boolean, attribute: 'light-dismiss' }) lightDismiss = false;

  private readonly api = new LicensesController(this, {
    // The license changed elsewhere: shown as it is now, unless this dialog is acting on it.
    licenseChanged: (license) => this.action.settled && this.dialog.replace(license),
  });
  private readonly i18n = new LocaleController(this, () => this.api.settings);
  private readonly dialog = new DialogController(this, { lightDismiss: () => this.lightDismiss, code: (license) => license.activationCode });
  private readonly action = new ActionController(this, this.api, this.i18n);

  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.i18n.afterLoading(() => super.scheduleUpdate());
  }

  private get t() {
    return this.i18n.of(licenseDialogs);
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const license = this.dialog.subject;
    const client = this.api.client;
    if (license === null || client === null || this.action.busy) return;
    const previous = license.customer;
    const outcome = await this.action.run('deactivateLicense', { deactivate: license.id }, (idempotencyKey) =>
      client.deactivateLicense(license.id, { idempotencyKey }),
    );
    if (outcome === null) return;
    if (!outcome.ok) {
      // A refusal means the license changed elsewhere: every element of the provider hears of it.
      if (outcome.current) this.api.refreshAfterRefusal(license, outcome.error);
      this.dialog.focusLater('[data-submit]');
      return;
    }
    if (outcome.current) {
      this.action.confirm(this.t('deactivate.done', { email: previous?.email ?? '' }));
      this.dialog.focusLater('[data-initial-focus]');
    }
    emit(this, 'license-deactivated', { license: outcome.value, previous });
    this.api.announce(outcome.value);
  }

  private renderForm(license: License): TemplateResult {
    const { t } = this;
    return html`<form part="form" novalidate @submit=${this.submit}>
      <p class="wrap">${t('deactivate.intro', { email: license.customer?.email ?? '' })}</p>
      ${this.action.renderProblem(t('deactivate.failed'))}
      ${this.dialog.renderFooter(
        this.i18n.common('cancel'),
        html`<button class="btn primary" type="submit" part="submit-button" data-submit data-initial-focus ?disabled=${this.action.busy}>
          ${t('deactivate.submit')}
        </button>`,
      )}
    </form>`;
  }

  /** Whether the dialog is open (or opening). */
  get isOpen(): boolean {
    return this.dialog.isOpen;
  }

  /** Shows the dialog for `license` as a modal, asking to confirm the deactivation. */
  open(license: License): void {
    this.action.reset();
    this.dialog.open(license);
  }

  /** Closes the dialog at once (a person's close fires `ld-request-close` first). */
  close(): void {
    this.dialog.close();
  }

  override render() {
    return this.dialog.render(this.t('deactivate.title'), this.i18n.of(dialogs)('activationCode'), this.action.renderStatus(), (license) =>
      this.action.renderDialogBody(this.dialog, license.actions.deactivate, () => this.renderForm(license)),
    );
  }
}
