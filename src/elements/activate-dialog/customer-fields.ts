import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import type { LicensesApi } from '../../api/client.js';
import type { ActivationRequest } from '../../api/contract/schemas.js';
import { dialogs } from '../../locales/dialogs.js';
import { renderChoice } from '../shared/dialog-parts.js';
import type { LocaleController } from '../shared/locale-controller.js';
import {
  countryOptions,
  emptyValues,
  loadActivationSchema,
  loadedActivationSchema,
  parseActivation,
  serverFieldErrors,
  type CustomerMode,
  type Field,
  type FieldErrors,
  type FieldValues,
} from './activation-fields.js';
import { CustomerCombobox } from './customer-combobox.js';

/** What the customer part says of itself, where the reseller's wording does not fit (the customer's own page). */
export interface CustomerFieldsWording {
  legend: string;
  existing: string;
  new: string;
  emailHint: string;
}

/**
 * The customer part of the activate dialog: existing or new, the fields of each with their
 * errors, and suggestions of registered customers for the email. It keeps what was typed
 * until `reset()`, and turns it into the request with the contract's schema.
 */
export class CustomerFields {
  mode: CustomerMode = 'existing';
  values: FieldValues = emptyValues();
  errors: FieldErrors = new Map();
  private readonly suggestions: CustomerCombobox | null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly i18n: LocaleController,
    client: () => LicensesApi | null,
    /**
     * Called when what the last attempt said no longer applies: a person switched between
     * existing and new customer, or changed every field it marked.
     */
    private readonly outdated: () => void,
    /**
     * Other wording, and no suggestions of registered customers (the customer's own page
     * must not list the reseller's customers).
     */
    private readonly wording?: () => CustomerFieldsWording,
  ) {
    this.suggestions = wording
      ? null
      : new CustomerCombobox(host, client, (customer) => this.setValue('email', customer.email), 'email-suggestions');
  }

  private get t() {
    return this.i18n.of(dialogs);
  }

  /** Forgets what was typed. */
  reset(): void {
    this.mode = 'existing';
    this.values = emptyValues();
    this.errors = new Map();
    this.suggestions?.reset();
    this.host.requestUpdate();
  }

  /**
   * Whether the contract's schema is there to check what was typed. While it still loads
   * (it loads lazily), `retry` runs once it is there, or `failed` hears why it could not load.
   */
  schemaReady(retry: () => void, failed: (error: unknown) => void): boolean {
    if (loadedActivationSchema() !== undefined) return true;
    loadActivationSchema().then(retry, failed);
    return false;
  }

  /**
   * The request what was typed means, checked with the contract's schema; null when a field
   * is wrong (its error shows) or the schema has not loaded yet (`loadActivationSchema()`).
   */
  request(): ActivationRequest | null {
    const schema = loadedActivationSchema();
    if (schema === undefined) return null;
    const parsed = parseActivation(schema, this.mode, this.values, this.t);
    this.errors = parsed.errors ?? new Map();
    if (parsed.request) this.suggestions?.reset();
    this.host.requestUpdate();
    return parsed.request ?? null;
  }

  /** Puts the server's field errors of a failed request on their fields. */
  showServerErrors(error: unknown): void {
    this.errors = serverFieldErrors(error, this.t);
    this.host.requestUpdate();
  }

  private setValue(field: Field, value: string): void {
    this.values = { ...this.values, [field]: value };
    if (this.errors.has(field)) {
      const errors = new Map(this.errors);
      errors.delete(field);
      this.errors = errors;
      if (errors.size === 0) this.outdated();
    }
    this.host.requestUpdate();
  }

  private setMode(mode: CustomerMode): void {
    this.mode = mode;
    this.errors = new Map();
    this.suggestions?.reset();
    this.outdated();
    this.host.requestUpdate();
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

  private renderInput(field: Field, label: string, type = 'text', optional = false, hint?: string): TemplateResult {
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
        ?data-initial-focus=${field === 'organization' || hint !== undefined}
        .value=${live(this.values[field])}
        aria-invalid=${ifDefined(invalid)}
        aria-describedby=${ifDefined(describedBy)}
        @input=${(e: Event) => this.setValue(field, (e.target as HTMLInputElement).value)}
      />`,
      hint,
    );
  }

  private renderExistingEmail(): TemplateResult {
    const suggestions = this.suggestions;
    if (suggestions === null) return this.renderInput('email', this.t('field.email'), 'email', false, this.wording?.().emailHint);
    const combo = suggestions.inputAttributes();
    return this.renderField(
      'email',
      this.t('field.email'),
      (describedBy, invalid) => html`<div class="combo">
        <input
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
            suggestions.input(value);
          }}
          @keydown=${(e: KeyboardEvent) => suggestions.keydown(e)}
          @blur=${() => suggestions.blur()}
        />
        ${suggestions.renderListbox(this.t('activate.suggestions'))}
      </div>`,
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
            ${countryOptions(this.i18n.locale).map(
              (c) => html`<option value=${c.code} ?selected=${c.code === country}>${c.name}</option>`,
            )}
          </select>`,
        )}
      </div>`;
  }

  private renderMode(mode: CustomerMode, label: string): TemplateResult {
    return renderChoice('mode', label, this.mode === mode, () => this.setMode(mode));
  }

  /** The choice of customer and the fields for it. */
  render(): TemplateResult {
    const { t } = this;
    const words = this.wording?.() ?? { legend: t('activate.customer'), existing: t('activate.existing'), new: t('activate.new') };
    return html`<fieldset>
        <legend>${words.legend}</legend>
        ${this.renderMode('existing', words.existing)} ${this.renderMode('new', words.new)}
      </fieldset>
      ${this.mode === 'existing' ? this.renderExistingEmail() : this.renderNewCustomer()}`;
  }
}
