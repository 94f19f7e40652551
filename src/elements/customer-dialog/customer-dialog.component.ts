import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { isApiError } from '../../api/contract/errors.js';
import type { Customer, CustomerPatch, License } from '../../api/contract/schemas.js';
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

const FIELDS = ['email', 'organization', 'firstName', 'lastName'] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Field, string>;

/**
 * Corrects the email, organization or name of the customer who holds a license, for every
 * license the customer holds. Only what was changed is sent; an email another customer of
 * the reseller is registered with (`customer_exists`) is named on the email field. A
 * failure keeps what was typed; trying again sends the same idempotency key. Open it with
 * `open(license)`; the customer's names are looked up as it opens.
 *
 * @summary Correct the details of the customer who holds a license.
 *
 * @fires customer-updated - The customer's details were saved; `detail.customer`.
 * @fires licenses-error - The correction failed; the dialog says why and keeps what was typed.
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
 * @csspart reason - Said instead of the form when no customer holds the license.
 * @csspart form - The form.
 * @csspart field - Each field with its label and error.
 * @csspart error - The explanation of a failed request.
 * @csspart footer - The row of buttons.
 * @csspart cancel-button - Cancel (or Close).
 * @csspart submit-button - Save.
 * @csspart ok-button - OK, after the correction.
 */
export class CustomerDialogElement extends LitElement implements LicenseDialog {
  static override styles = [base, controls, dialogStyles];

  @state() private values: Values = { email: '', organization: '', firstName: '', lastName: '' };
  @state() private errors: ReadonlyMap<Field, string> = new Map();
  /** Said when Save was pressed with nothing changed. */
  @state() private unchanged = false;

  /** Clicking the backdrop asks to close the dialog. */
  @property({ type: Boolean, attribute: 'light-dismiss' }) lightDismiss = false;

  private readonly api = new LicensesController(this, {
    licenseChanged: (license) => this.action.settled && this.dialog.replace(license),
  });
  private readonly i18n = new LocaleController(this, () => this.api.settings);
  private readonly dialog = new DialogController(this, { lightDismiss: () => this.lightDismiss, code: (license) => license.activationCode });
  private readonly action = new ActionController(this, this.api, this.i18n);
  /** The customer's details as saved, once looked up; what changed is compared with them. */
  private saved: Values | null = null;
  private lookup: AbortController | null = null;

  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.i18n.afterLoading(() => super.scheduleUpdate());
  }

  private get t() {
    return this.i18n.of(licenseDialogs);
  }

  /** Looks the customer up for their names (the license names only the email and organization). */
  private async lookUp(license: License): Promise<void> {
    const client = this.api.client;
    const holder = license.customer;
    this.lookup?.abort();
    if (client === null || holder === null) return;
    const abort = new AbortController();
    this.lookup = abort;
    try {
      const found = (await client.searchCustomers(holder.email, { signal: abort.signal })).items.find((c) => c.id === holder.id);
      if (found === undefined || abort.signal.aborted) return;
      const saved = { email: found.email, organization: found.organization, firstName: found.firstName, lastName: found.lastName };
      // What a person typed meanwhile stays.
      const untouched = (field: Field) => this.values[field] === (this.saved ?? this.initial(license))[field];
      this.values = Object.fromEntries(FIELDS.map((f) => [f, untouched(f) ? saved[f] : this.values[f]])) as Values;
      this.saved = saved;
    } catch {
      // Without the names, the email and organization can still be corrected.
    }
  }

  private initial(license: License): Values {
    return { email: license.customer?.email ?? '', organization: license.customer?.organization ?? '', firstName: '', lastName: '' };
  }

  private setValue(field: Field, value: string): void {
    this.unchanged = false;
    this.values = { ...this.values, [field]: value };
    if (this.errors.has(field)) {
      const errors = new Map(this.errors);
      errors.delete(field);
      this.errors = errors;
    }
  }

  /** The fields that differ from what is saved; a name left blank is not sent. */
  private patch(license: License): CustomerPatch {
    const before = this.saved ?? this.initial(license);
    const patch: Record<string, string> = {};
    for (const field of FIELDS) {
      const value = this.values[field].trim();
      if (value !== before[field] && value !== '') patch[field] = value;
    }
    return patch as CustomerPatch;
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const license = this.dialog.subject;
    const client = this.api.client;
    const holder = license?.customer;
    if (license === null || !holder || client === null || this.action.busy) return;
    const patch = this.patch(license);
    this.unchanged = Object.keys(patch).length === 0;
    if (this.unchanged) return;
    const outcome = await this.action.run('updateCustomer', patch, (idempotencyKey) =>
      client.updateCustomer(holder.id, patch, { idempotencyKey }),
    );
    if (outcome === null) return;
    if (!outcome.ok) {
      if (!outcome.current) return;
      this.errors = this.fieldErrors(outcome.error);
      this.dialog.focusLater('[aria-invalid="true"], [data-submit]');
      return;
    }
    const customer: Customer = outcome.value;
    this.saved = { email: customer.email, organization: customer.organization, firstName: customer.firstName, lastName: customer.lastName };
    if (outcome.current) {
      this.action.confirm(this.t('customer.done'));
      this.dialog.focusLater('[data-initial-focus]');
    }
    emit(this, 'customer-updated', { customer });
    // Every element of the provider shows the corrected customer on each license the customer holds.
    this.api.announce({ ...license, customer: { id: customer.id, email: customer.email, organization: customer.organization } });
  }

  /** The server's objections, on the fields they name: an email in use is `customer_exists`. */
  private fieldErrors(error: unknown): Map<Field, string> {
    const errors = new Map<Field, string>();
    if (!isApiError(error) || error.code === 'invalid_response') return errors;
    if (error.code === 'customer_exists') errors.set('email', this.t('customer.exists'));
    for (const [name, message] of error.fieldErrors()) {
      if ((FIELDS as readonly string[]).includes(name) && !errors.has(name as Field)) errors.set(name as Field, message);
    }
    return errors;
  }

  private describeProblem(error: unknown): string {
    return this.errors.size > 0 ? this.i18n.of(dialogs)('checkFields') : this.api.describeError(error);
  }

  private renderField(field: Field, label: string, type = 'text'): TemplateResult {
    const error = this.errors.get(field);
    return html`<div class="field" part="field">
      <label for=${field}>${label}</label>
      <input
        id=${field}
        class="input"
        type=${type}
        autocomplete="off"
        spellcheck="false"
        ?required=${field === 'email' || field === 'organization'}
        ?data-initial-focus=${field === 'email'}
        .value=${live(this.values[field])}
        aria-invalid=${ifDefined(error ? 'true' : undefined)}
        aria-describedby=${ifDefined(error ? `${field}-error` : undefined)}
        @input=${(e: Event) => this.setValue(field, (e.target as HTMLInputElement).value)}
      />
      ${error ? html`<p id=${`${field}-error`} class="field-error wrap">${error}</p>` : nothing}
    </div>`;
  }

  private renderForm(): TemplateResult {
    const { t } = this;
    const td = this.i18n.of(dialogs);
    return html`<form part="form" novalidate @submit=${this.submit}>
      <p class="muted wrap">${t('customer.intro')}</p>
      ${this.renderField('email', td('field.email'), 'email')} ${this.renderField('organization', td('field.organization'))}
      ${this.renderField('firstName', td('field.firstName'))} ${this.renderField('lastName', td('field.lastName'))}
      ${this.unchanged ? html`<p class="message" role="alert">${t('customer.unchanged')}</p>` : nothing}
      ${this.action.renderProblem(t('customer.failed'), (error) => this.describeProblem(error))}
      ${this.dialog.renderFooter(this.i18n.common('cancel'), this.action.renderSubmit(t('customer.submit')))}
    </form>`;
  }

  /** Whether the dialog is open (or opening). */
  get isOpen(): boolean {
    return this.dialog.isOpen;
  }

  /** Shows the dialog for the customer who holds `license`, as a modal. */
  open(license: License): void {
    this.saved = null;
    this.values = this.initial(license);
    this.errors = new Map();
    this.unchanged = false;
    this.action.reset();
    this.dialog.open(license);
    void this.lookUp(license);
  }

  /** Closes the dialog at once (a person's close fires `ld-request-close` first). */
  close(): void {
    this.lookup?.abort();
    this.dialog.close();
  }

  override render() {
    return this.dialog.render(this.t('customer.title'), this.i18n.of(dialogs)('activationCode'), this.action.renderStatus(), (license) =>
      this.action.renderDialogBody(this.dialog, { allowed: license.customer !== null, reason: null }, () => this.renderForm()),
    );
  }
}
