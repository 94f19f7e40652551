import { html, LitElement, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { License } from '../../api/contract/schemas.js';
import { emit } from '../../events/index.js';
import { dialogs } from '../../locales/dialogs.js';
import { licenseDialogs } from '../../locales/license-dialogs.js';
import { controls } from '../../styles/controls.js';
import { base } from '../../styles/tokens.js';
import { styles } from '../activate-dialog/activate-dialog.styles.js';
import { CustomerFields } from '../activate-dialog/customer-fields.js';
import { CustomerRequest } from '../activate-dialog/customer-request.js';
import { ActionController } from '../shared/action-controller.js';
import { DialogController, type LicenseDialog } from '../shared/dialog-controller.js';
import { dialogStyles } from '../shared/dialog.styles.js';
import { LicensesController } from '../shared/licenses-controller.js';
import { LocaleController } from '../shared/locale-controller.js';

/**
 * Transfers an active license to another customer: an existing one, found by the registered
 * email with suggestions, or a new one whom the server registers (the activate dialog's
 * form). The new holder gets the activation email. What was typed is checked with the
 * contract's schemas first; the server's field errors land on their fields; a failure keeps
 * every field, and trying again sends the same idempotency key. Open it with `open(license)`.
 *
 * @summary Transfer an active license to an existing or a new customer.
 *
 * @fires license-transferred - The license passed to another customer; `detail.license` and `detail.previous`.
 * @fires licenses-error - The transfer failed; the dialog says why and keeps what was typed.
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
 * @csspart reason - Why the license cannot be transferred, instead of the form.
 * @csspart form - The form.
 * @csspart field - Each field with its label and error.
 * @csspart suggestions - The list of registered customers below the email field.
 * @csspart error - The explanation of a failed request.
 * @csspart footer - The row of buttons.
 * @csspart cancel-button - Cancel (or Close).
 * @csspart submit-button - Transfer.
 * @csspart ok-button - OK, after the transfer.
 */
export class TransferDialogElement extends LitElement implements LicenseDialog {
  static override styles = [base, controls, dialogStyles, styles];

  /** Clicking the backdrop asks to close the dialog. */
  @property({ type: Boolean, attribute: 'light-dismiss' }) lightDismiss = false;

  private readonly api = new LicensesController(this, {
    // The license changed elsewhere: shown as it is now, unless this dialog is acting on it.
    licenseChanged: (license) => this.action.settled && this.dialog.replace(license),
  });
  private readonly i18n = new LocaleController(this, () => this.api.settings);
  private readonly dialog = new DialogController(this, { lightDismiss: () => this.lightDismiss, code: (license) => license.activationCode });
  private readonly action = new ActionController(this, this.api, this.i18n);
  private readonly fields = new CustomerFields(this, this.i18n, () => this.api.client, () => this.action.setProblem(null));
  private readonly request = new CustomerRequest(this, {
    api: this.api,
    i18n: this.i18n,
    dialog: this.dialog,
    action: this.action,
    fields: this.fields,
  });

  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.i18n.afterLoading(() => super.scheduleUpdate());
  }

  private get t() {
    return this.i18n.of(licenseDialogs);
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const previous = this.dialog.subject?.customer ?? null;
    const sent = await this.request.send('transferLicense', (client, license, request, idempotencyKey) =>
      client.transferLicense(license.id, request, { idempotencyKey }),
    );
    if (sent === null) return;
    const transferred = sent.license;
    if (sent.current) {
      this.action.confirm(this.t('transfer.done', { email: transferred.customer?.email ?? sent.request.customer.email }));
      this.dialog.focusLater('[data-initial-focus]');
    }
    emit(this, 'license-transferred', { license: transferred, previous });
    this.api.announce(transferred);
  }

  private renderForm(license: License): TemplateResult {
    const { t } = this;
    return html`<form part="form" novalidate @submit=${this.submit}>
      ${license.customer ? html`<p class="wrap">${t('transfer.holder', { email: license.customer.email })}</p>` : ''}
      ${this.fields.render()}
      ${this.action.renderProblem(t('transfer.failed'), (error) => this.request.describe(error, ['license_not_active', 'order_refunded']))}
      ${this.dialog.renderFooter(this.i18n.common('cancel'), this.action.renderSubmit(t('transfer.submit')))}
    </form>`;
  }

  /** Whether the dialog is open (or opening). */
  get isOpen(): boolean {
    return this.dialog.isOpen;
  }

  /** Shows the dialog for `license` as a modal, for a new transfer. */
  open(license: License): void {
    this.fields.reset();
    this.action.reset();
    this.dialog.open(license);
  }

  /** Closes the dialog at once (a person's close fires `ld-request-close` first). */
  close(): void {
    this.dialog.close();
  }

  override render() {
    return this.dialog.render(this.t('transfer.title'), this.i18n.of(dialogs)('activationCode'), this.action.renderStatus(), (license) =>
      this.action.renderDialogBody(this.dialog, license.actions.transfer, () => this.renderForm(license)),
    );
  }
}
