import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { announceLicenseChange } from '../../api/context.js';
import { isApiError } from '../../api/contract/errors.js';
import type { License } from '../../api/contract/schemas.js';
import { emit } from '../../events/index.js';
import { base } from '../../styles/tokens.js';
import { controls } from '../../styles/controls.js';
import { ActionDialogElement } from '../shared/action-dialog.js';
import { dialogStyles } from '../shared/dialog.styles.js';
import { styles } from './activate-dialog.styles.js';
import {
  countryOptions,
  emptyValues,
  loadActivationSchema,
  loadedActivationSchema,
  parseActivation,
  serverFieldErrors,
  strayFieldErrors,
  type CustomerMode,
  type Field,
  type FieldErrors,
  type FieldValues,
} from './activation-fields.js';
import { CustomerCombobox } from './customer-combobox.js';

/**
 * Activates a license for a customer: an existing one, found by the registered email with
 * suggestions, or a new one whom the server registers. What was typed is checked with the
 * contract's schemas before anything is sent; the server's field errors land on the fields
 * they name. A failure keeps every field; trying again sends the same idempotency key, so a
 * license is never activated twice. Open it with `open(license)`.
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
export class ActivateDialogElement extends ActionDialogElement {
  static override styles = [base, controls, dialogStyles, styles];

  @state() private mode: CustomerMode = 'existing';
  @state() private values: FieldValues = emptyValues();
  @state() private errors: FieldErrors = new Map();

  private readonly suggestions = new CustomerCombobox(
    this,
    () => this.client,
    (customer) => this.setValue('email', customer.email),
    'email-suggestions',
  );

  override connectedCallback(): void {
    super.connectedCallback();
    // What was typed is checked with the contract's schema, which loads lazily: ask for it now.
    loadActivationSchema().catch(() => undefined);
  }

  protected override heading(): string {
    return this.t('activate.title');
  }

  protected override reset(): void {
    this.mode = 'existing';
    this.values = emptyValues();
    this.errors = new Map();
    this.suggestions.reset();
  }

  protected override failed(error: unknown): void {
    super.failed(error);
    this.errors = serverFieldErrors(error, this.t);
  }

  protected override describeProblem(error: unknown): string {
    if (!isApiError(error)) return super.describeProblem(error);
    if (error.code === 'license_already_active' || error.code === 'order_refunded') return this.tc(`reason.${error.code}`);
    const stray = strayFieldErrors(error);
    if (this.errors.size > 0) return [this.t('checkFields'), ...stray].join(' ');
    return stray.length > 0 ? stray.join(' ') : super.describeProblem(error);
  }

  private setValue(field: Field, value: string): void {
    this.values = { ...this.values, [field]: value };
    if (this.errors.has(field)) {
      const errors = new Map(this.errors);
      errors.delete(field);
      this.errors = errors;
    }
  }

  private setMode(mode: CustomerMode): void {
    this.mode = mode;
    this.errors = new Map();
    this.problem = null;
    this.suggestions.reset();
  }

  private submit(event: SubmitEvent): void {
    event.preventDefault();
    const license = this.license;
    const client = this.client;
    if (license === null || client === null || this.busy) return;
    const schema = loadedActivationSchema();
    if (schema === undefined) {
      // The schema is still loading (or failed to): check once it is there.
      loadActivationSchema().then(
        () => this.submit(event),
        (error: unknown) => (this.problem = error),
      );
      return;
    }
    const parsed = parseActivation(schema, this.mode, this.values, this.t);
    if (parsed.errors) {
      this.problem = null;
      this.errors = parsed.errors;
      this.focusLater('[aria-invalid="true"]');
      return;
    }
    const request = parsed.request;
    this.errors = new Map();
    this.suggestions.reset();
    void this.runAction(
      'activateLicense',
      request,
      (idempotencyKey) => client.activateLicense(license.id, request, { idempotencyKey }),
      (activated, current) => {
        const email = activated.customer?.email ?? request.customer.email;
        if (current) this.confirmation = this.t('activate.done', { email });
        emit(this, 'license-activated', { license: activated });
        announceLicenseChange(this.ctx, activated);
      },
    );
  }

  /** One labelled field with its error; `control` renders the input itself. */
  private renderField(
    field: Field,
    label: string,
    control: (describedBy: string | undefined, invalid: 'true' | undefined) => TemplateResult,
    hint?: string,
  ): TemplateResult {
    const error = this.errors.get(field);
    const ids = [hint ? `${field}-hint` : '', error ? `${field}-error` : ''].filter(Boolean).join(' ');
    return html`<div class="field" part="field">
      <label for=${field}>${label}</label>
      ${hint ? html`<p id=${`${field}-hint`} class="muted hint">${hint}</p>` : nothing}
      ${control(ids || undefined, error ? 'true' : undefined)}
      ${error ? html`<p id=${`${field}-error`} class="field-error wrap">${error}</p>` : nothing}
    </div>`;
  }

  private renderInput(field: Field, label: string, type = 'text', optional = false): TemplateResult {
    const text = optional ? `${label} ${this.t('field.optional')}` : label;
    return this.renderField(
      field,
      text,
      (describedBy, invalid) => html`<input
        id=${field}
        class="input"
        type=${type}
        autocomplete="off"
        ?required=${!optional}
        ?data-initial-focus=${field === 'organization'}
        .value=${live(this.values[field])}
        aria-invalid=${ifDefined(invalid)}
        aria-describedby=${ifDefined(describedBy)}
        @input=${(e: Event) => this.setValue(field, (e.target as HTMLInputElement).value)}
      />`,
    );
  }

  private renderExistingEmail(): TemplateResult {
    const combo = this.suggestions.inputAttributes();
    return this.renderField(
      'email',
      this.t('field.email'),
      (describedBy, invalid) => html`<input
          id="email"
          class="input"
          type="email"
          role="combobox"
          autocomplete="off"
          spellcheck="false"
          required
          data-initial-focus
          aria-autocomplete="list"
          aria-controls="email-suggestions"
          aria-expanded=${combo.expanded}
          aria-activedescendant=${ifDefined(combo.activeDescendant)}
          .value=${live(this.values.email)}
          aria-invalid=${ifDefined(invalid)}
          aria-describedby=${ifDefined(describedBy)}
          @input=${(e: Event) => {
            const value = (e.target as HTMLInputElement).value;
            this.setValue('email', value);
            this.suggestions.input(value);
          }}
          @keydown=${(e: KeyboardEvent) => this.suggestions.keydown(e)}
          @blur=${() => this.suggestions.blur()}
        />
        ${this.suggestions.renderListbox(this.t('activate.suggestions'))}`,
      this.t('activate.emailHint'),
    );
  }

  private renderNewCustomer(): TemplateResult {
    const country = this.values.country;
    return html`${this.renderInput('organization', this.t('field.organization'))}
      <div class="pair">
        ${this.renderInput('firstName', this.t('field.firstName'))} ${this.renderInput('lastName', this.t('field.lastName'))}
      </div>
      ${this.renderInput('email', this.t('field.email'), 'email')}
      <div class="pair">
        ${this.renderInput('phone', this.t('field.phone'), 'tel', true)}
        ${this.renderField(
          'country',
          this.t('field.country'),
          (describedBy, invalid) => html`<select
            id="country"
            class="input"
            required
            .value=${live(country)}
            aria-invalid=${ifDefined(invalid)}
            aria-describedby=${ifDefined(describedBy)}
            @change=${(e: Event) => this.setValue('country', (e.target as HTMLSelectElement).value)}
          >
            <option value="" ?selected=${country === ''}>${this.t('field.chooseCountry')}</option>
            ${countryOptions(this.locale).map(
              (c) => html`<option value=${c.code} ?selected=${c.code === country}>${c.name}</option>`,
            )}
          </select>`,
        )}
      </div>`;
  }

  private renderMode(mode: CustomerMode, label: string): TemplateResult {
    return this.renderChoice('mode', label, this.mode === mode, () => this.setMode(mode));
  }

  protected override renderForm(license: License): TemplateResult {
    if (!license.actions.activate.allowed) return this.renderRefusal(license.actions.activate);
    const submit = this.renderSubmit(this.t('activate.submit'));
    return html`<form part="form" novalidate @submit=${this.submit}>
      <fieldset>
        <legend>${this.t('activate.customer')}</legend>
        ${this.renderMode('existing', this.t('activate.existing'))} ${this.renderMode('new', this.t('activate.new'))}
      </fieldset>
      ${this.mode === 'existing' ? this.renderExistingEmail() : this.renderNewCustomer()}
      ${this.renderProblem(this.t('activate.failed'))} ${this.renderActions(submit)}
    </form>`;
  }
}
