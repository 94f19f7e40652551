import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { isApiError } from '../../api/contract/errors.js';
import type { License } from '../../api/contract/schemas.js';
import { emit } from '../../events/index.js';
import { dialogs } from '../../locales/dialogs.js';
import { base } from '../../styles/tokens.js';
import { controls } from '../../styles/controls.js';
import { ActionController } from '../shared/action-controller.js';
import type { LicenseDialog } from '../shared/dialog-controller.js';
import { renderDone, renderRefusal } from '../shared/dialog-parts.js';
import { dialogStyles } from '../shared/dialog.styles.js';
import { ModalDialogElement } from '../shared/modal-dialog.js';
import { LicensesController } from '../shared/licenses-controller.js';
import { LocaleController } from '../shared/locale-controller.js';
import { styles } from './activate-dialog.styles.js';
import { loadActivationSchema, strayFieldErrors } from './activation-fields.js';
import { CustomerFields } from './customer-fields.js';

/**
 * Activates a license for a customer: an existing one, found by the registered email with
 * suggestions, or a new one whom the server registers. What was typed is checked with the
 * contract's schemas before anything is sent; the server's field errors land on the fields
 * they name. A failure keeps every field; trying again sends the same idempotency key, so a
 * license is never activated twice. Open it with `open(license)`.
 *
 * A Submit, start to end: `submit()` checks the fields, `action.run()` sends the request with
 * the action's idempotency key, and the outcome lands in `submit()` again.
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
export class ActivateDialogElement extends ModalDialogElement implements LicenseDialog {
  static override styles = [base, controls, dialogStyles, styles];

  @state() private license: License | null = null;


  private readonly api = new LicensesController(this, { licenseChanged: (license) => this.licenseChanged(license) });
  private readonly i18n = new LocaleController(this, () => this.api.settings);
  private readonly action = new ActionController(this, this.api);
  private readonly fields = new CustomerFields(this, this.i18n, () => this.api.client, () => this.action.setProblem(null));

  override connectedCallback(): void {
    super.connectedCallback();
    // What was typed is checked with the contract's schema, which loads lazily: ask for it now.
    loadActivationSchema().catch(() => undefined);
  }

  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.i18n.afterLoading(() => super.scheduleUpdate());
  }

  private get t() {
    return this.i18n.of(dialogs);
  }

  /** The license changed elsewhere: shown as it is now, unless this dialog is acting on it. */
  private licenseChanged(license: License): void {
    if (this.license?.id === license.id && !this.action.busy && this.action.confirmation === null) this.license = license;
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const license = this.license;
    const client = this.api.client;
    if (license === null || client === null || this.action.busy) return;
    if (!this.fields.schemaReady(() => void this.submit(event), (error) => this.action.setProblem(error))) return;
    const request = this.fields.request();
    if (request === null) {
      this.action.setProblem(null);
      this.dialog.focusLater('[aria-invalid="true"]');
      return;
    }
    const outcome = await this.action.run('activateLicense', request, (idempotencyKey) =>
      client.activateLicense(license.id, request, { idempotencyKey }),
    );
    if (outcome === null) return;
    if (!outcome.ok) {
      // A refusal means the license changed elsewhere: every element of the provider hears of it.
      if (!outcome.current) return;
      this.api.refreshAfterRefusal(license, outcome.error);
      this.fields.showServerErrors(outcome.error);
      this.dialog.focusLater('[aria-invalid="true"], [data-submit]');
      return;
    }
    const activated = outcome.value;
    if (outcome.current) {
      this.action.confirm(this.t('activate.done', { email: activated.customer?.email ?? request.customer.email }));
      this.dialog.focusLater('[data-initial-focus]');
    }
    emit(this, 'license-activated', { license: activated });
    this.api.announce(activated);
  }

  /** Why the activation failed, with the server's field errors named on their fields. */
  private describeProblem(error: unknown): string {
    if (!isApiError(error)) return this.api.describeError(error);
    if (error.code === 'license_already_active' || error.code === 'order_refunded') return this.i18n.common(`reason.${error.code}`);
    const stray = strayFieldErrors(error);
    if (this.fields.errors.size > 0) return [this.t('checkFields'), ...stray].join(' ');
    return stray.length > 0 ? stray.join(' ') : this.api.describeError(error);
  }

  private renderForm(license: License): TemplateResult {
    const { t } = this;
    const tc = this.i18n.common;
    const allowed = license.actions.activate;
    if (!allowed.allowed) {
      return renderRefusal(t('notAllowed'), allowed.reason && tc(`reason.${allowed.reason}`), this.dialog.renderFooter(tc('close')));
    }
    const submit = this.action.renderSubmit(t('activate.submit'));
    return html`<form part="form" novalidate @submit=${this.submit}>
      ${this.fields.render()}
      ${this.action.renderProblem(t('activate.failed'), (error) => this.describeProblem(error), t('retrySafe'))}
      ${this.dialog.renderFooter(tc('cancel'), submit)}
    </form>`;
  }

  private renderBody(license: License): TemplateResult {
    const setup = this.api.renderSetupState();
    if (setup !== nothing) return html`${setup}${this.dialog.renderFooter(this.i18n.common('close'))}`;
    if (this.action.confirmation !== null) return renderDone(this.i18n.common('ok'), () => this.dialog.requestClose('ok'));
    return this.renderForm(license);
  }

  /** Shows the dialog for `license` as a modal, for a new activation. */
  open(license: License): void {
    this.license = license;
    this.fields.reset();
    this.action.reset();
    this.dialog.open();
  }

  override render() {
    const license = this.license;
    if (license === null) return this.dialog.render(nothing);
    const status = this.action.renderStatus(this.t('sending'));
    return this.dialog.render(this.dialog.renderPanel(this.t('activate.title'), this.t('activationCode'), license, status, this.renderBody(license)));
  }
}
