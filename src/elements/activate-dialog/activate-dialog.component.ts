import { html, LitElement, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { License } from '../../api/contract/schemas.js';
import { emit } from '../../events/index.js';
import { dialogs } from '../../locales/dialogs.js';
import { base } from '../../styles/tokens.js';
import { controls } from '../../styles/controls.js';
import { ActionController } from '../shared/action-controller.js';
import { DialogController, type LicenseDialog } from '../shared/dialog-controller.js';
import { dialogStyles } from '../shared/dialog.styles.js';
import { LicensesController } from '../shared/licenses-controller.js';
import { LocaleController } from '../shared/locale-controller.js';
import { styles } from './activate-dialog.styles.js';
import { CustomerFields } from './customer-fields.js';
import { CustomerRequest } from './customer-request.js';

/**
 * Activates a license for a customer: an existing one, found by the registered email with
 * suggestions, or a new one whom the server registers. What was typed is checked with the
 * contract's schemas before anything is sent; the server's field errors land on the fields
 * they name. A failure keeps every field; trying again sends the same idempotency key, so a
 * license is never activated twice. Open it with `open(license)`.
 *
 * A Submit, start to end: `submit()` hands `request.send()` the call to make; it checks the
 * fields and sends the request with the action's idempotency key through `action.run()`, and
 * the activated license lands in `submit()` again.
 *
 * @summary Activate a license for an existing or a new customer.
 *
 * @fires license-activated - The license was activated; `detail.license` is the active license.
 * @fires licenses-error - The activation failed; the dialog says why and keeps what was typed.
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
 * @csspart reason - Why the license cannot be activated, instead of the form.
 * @csspart form - The form.
 * @csspart suggestions - The list of registered customers below the email field.
 * @csspart error - The explanation of a failed request.
 * @csspart footer - The row of buttons.
 * @csspart cancel-button - Cancel (or Close).
 * @csspart submit-button - Activate.
 * @csspart ok-button - OK, after the activation.
 *
 * @cssprop --ld-color-surface - Background of the dialog.
 * @cssprop --ld-color-text - Text colour.
 * @cssprop --ld-color-border - Borders of the dialog and the fields.
 * @cssprop --ld-color-accent - The Activate button and the selected suggestion.
 * @cssprop --ld-color-danger - Field errors and the failure message.
 * @cssprop --ld-color-success - The confirmation.
 * @cssprop --ld-backdrop - The backdrop behind the dialog.
 * @cssprop --ld-radius - Corners of the dialog.
 */
export class ActivateDialogElement extends LitElement implements LicenseDialog {
  static override styles = [base, controls, dialogStyles, styles];


  /** Clicking the backdrop asks to close the dialog. */
  @property({ type: Boolean, attribute: 'light-dismiss' }) lightDismiss = false;

  private readonly api = new LicensesController(this, {
    // The license changed elsewhere: shown as it is now, unless this dialog is acting on it.
    licenseChanged: (license) => this.action.settled && this.dialog.replace(license),
  });
  private readonly i18n = new LocaleController(this, () => this.api.settings);
  private readonly dialog = new DialogController(this, {
    lightDismiss: () => this.lightDismiss,
    code: (license) => license.activationCode,
  });
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
    return this.i18n.of(dialogs);
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const sent = await this.request.send('activateLicense', (client, license, request, idempotencyKey) =>
      client.activateLicense(license.id, request, { idempotencyKey }),
    );
    if (sent === null) return;
    const activated = sent.license;
    if (sent.current) {
      this.action.confirm(this.t('activate.done', { email: activated.customer?.email ?? sent.request.customer.email }));
      this.dialog.focusLater('[data-initial-focus]');
    }
    emit(this, 'license-activated', { license: activated });
    this.api.announce(activated);
  }

  private renderForm(): TemplateResult {
    const { t } = this;
    return html`<form part="form" novalidate @submit=${this.submit}>
      ${this.fields.render()}
      ${this.action.renderProblem(t('activate.failed'), (error) => this.request.describe(error, ['license_already_active', 'order_refunded']))}
      ${this.dialog.renderFooter(this.i18n.common('cancel'), this.action.renderSubmit(t('activate.submit')))}
    </form>`;
  }

  /** Whether the dialog is open (or opening). */
  get isOpen(): boolean {
    return this.dialog.isOpen;
  }

  /** Shows the dialog for `license` as a modal, for a new activation. */
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
    const { t } = this;
    return this.dialog.render(t('activate.title'), t('activationCode'), this.action.renderStatus(), (license) =>
      this.action.renderDialogBody(this.dialog, license.actions.activate, () => this.renderForm()),
    );
  }
}
