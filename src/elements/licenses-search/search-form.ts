/**
 * The search form of `<licenses-search>`: a real `<form>`, so Enter in a field searches,
 * with a visible label on every field. It keeps what was typed (`draft`) and the list of
 * products to choose from; the element decides what a search, a reset or an export does.
 */
import { initialState, Task, TaskStatus } from '@lit/task';
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { LicensesApi } from '../../api/client.js';
import type { Product } from '../../api/contract/schemas.js';
import { LIMITS } from '../../api/contract/values.js';
import { searchMessages } from '../../locales/search.js';
import type { LicensesController } from '../shared/licenses-controller.js';
import type { LocaleController } from '../shared/locale-controller.js';
import { datesReversed, defaultFields, fragmentTooShort, type SearchFields, type TextField } from './search-query.js';

type ProductChoices = { phase: 'loading' } | { phase: 'ready'; items: Product[] } | { phase: 'failed' };

/** What the element does for the form's buttons. */
export interface SearchFormActions {
  search: () => void;
  reset: () => void;
  export: () => void;
}

const valueOf = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value;

// Each select gets both `?selected` on its options (for the first render, when the options
// do not exist yet as its value is set) and a live `.value` (for Reset after a person chose).

/** Enter in a select does not submit a form by itself; in this form it does. */
function enterInSelect(e: KeyboardEvent): void {
  const target = e.target as HTMLElement;
  if (e.key !== 'Enter' || target.localName !== 'select' || e.isComposing) return;
  e.preventDefault();
  (e.currentTarget as HTMLFormElement).requestSubmit();
}

export class SearchForm {
  /** What the fields hold now. */
  draft: SearchFields = defaultFields(undefined);
  /** Whether the 'to' date is marked as before the 'from' date. */
  datesError = false;
  /** Whether the fragment is marked as too short. */
  fragmentError = false;

  private readonly products: Task<readonly [LicensesApi | null], Product[]>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly api: LicensesController,
    private readonly i18n: LocaleController,
    private readonly actions: SearchFormActions,
  ) {
    this.products = new Task(host, {
      task: async ([client], { signal }) => {
        if (client === null) return initialState;
        return api.load('listProducts', async () => (await client.listProducts({ signal })).items);
      },
      args: () => [this.api.client] as const,
    });
  }

  private get t() {
    return this.i18n.of(searchMessages);
  }

  private get productChoices(): ProductChoices {
    const task = this.products;
    if (task.status === TaskStatus.COMPLETE && task.value) return { phase: 'ready', items: task.value };
    return task.status === TaskStatus.ERROR ? { phase: 'failed' } : { phase: 'loading' };
  }

  /** Shows `fields` in the form. */
  show(fields: SearchFields): void {
    this.draft = fields;
    this.host.requestUpdate();
  }

  /** Marks the dates as reversed, or not. */
  markDates(reversed: boolean): void {
    this.datesError = reversed;
    this.host.requestUpdate();
  }

  /** Marks the fragment as too short, or not. */
  markFragment(tooShort: boolean): void {
    this.fragmentError = tooShort;
    this.host.requestUpdate();
  }

  private setField(name: keyof SearchFields, value: string): void {
    this.draft = { ...this.draft, [name]: value };
    if (name === 'q' && this.fragmentError) this.fragmentError = fragmentTooShort(this.draft);
    if ((name === 'from' || name === 'to') && this.datesError) this.datesError = datesReversed(this.draft);
    this.host.requestUpdate();
  }

  private readonly onSubmit = (e: Event): void => {
    e.preventDefault();
    this.actions.search();
  };

  private textField(name: TextField, label: string, extra: { inputmode?: string; describedBy?: string; invalid?: boolean } = {}): TemplateResult {
    return html`<div class="field">
      <label for=${name}>${label}</label>
      <input
        id=${name}
        name=${name}
        class="input"
        type="search"
        inputmode=${extra.inputmode ?? 'text'}
        autocomplete="off"
        spellcheck="false"
        maxlength=${LIMITS.search}
        aria-describedby=${extra.describedBy ?? nothing}
        aria-invalid=${extra.invalid === undefined ? nothing : String(extra.invalid)}
        .value=${live(this.draft[name])}
        @input=${(e: Event) => this.setField(name, valueOf(e))}
      />
    </div>`;
  }

  /** The fragment field, first: what a person types to find an order whatever they know of it. */
  private fragmentField(): TemplateResult {
    const { t } = this;
    return html`<div class="field fragment">
      ${this.textField('q', t('q'), { describedBy: 'q-hint q-error', invalid: this.fragmentError })}
      <span id="q-hint" class="muted note">${t('qHint')}</span>
      <span id="q-error" class="field-error" ?hidden=${!this.fragmentError}>${t('qTooShort')}</span>
    </div>`;
  }

  private choice(name: 'state' | 'paymentType', label: string, any: string, options: [string, string][]): TemplateResult {
    return html`<div class="field">
      <label for=${name}>${label}</label>
      <select
        id=${name}
        name=${name}
        class="input"
        .value=${live(this.draft[name])}
        @change=${(e: Event) => this.setField(name, valueOf(e))}
      >
        <option value="" ?selected=${this.draft[name] === ''}>${any}</option>
        ${options.map(([value, text]) => html`<option value=${value} ?selected=${this.draft[name] === value}>${text}</option>`)}
      </select>
    </div>`;
  }

  private productField(): TemplateResult {
    const { t, draft } = this;
    const products = this.productChoices;
    const items = products.phase === 'ready' ? products.items : [];
    // Keep a chosen product (e.g. from the URL) selectable while the list loads.
    const known = draft.productId === '' || items.some((p) => p.id === draft.productId);
    return html`<div class="field">
      <label for="productId">${t('product')}</label>
      <select
        id="productId"
        name="productId"
        class="input"
        aria-describedby=${products.phase === 'failed' ? 'products-error' : 'products-note'}
        .value=${live(draft.productId)}
        @change=${(e: Event) => this.setField('productId', valueOf(e))}
      >
        <option value="" ?selected=${draft.productId === ''}>${t('allProducts')}</option>
        ${known ? null : html`<option value=${draft.productId} selected>${draft.productId}</option>`}
        ${items.map((p) => html`<option value=${p.id} ?selected=${draft.productId === p.id}>${p.name}</option>`)}
      </select>
      ${products.phase === 'failed'
        ? html`<span id="products-error" class="field-error">
            ${t('productsFailed')}
            <button class="btn small" type="button" @click=${() => void this.products.run()}>${this.i18n.common('retry')}</button>
          </span>`
        : html`<span id="products-note" class="muted note">${products.phase === 'loading' ? t('productsLoading') : ''}</span>`}
    </div>`;
  }

  /** The form; `exporting` disables Export while an export runs. */
  render(exporting: boolean): TemplateResult {
    const { t, draft } = this;
    const tc = this.i18n.common;
    return html`<form class="form" part="form" aria-label=${t('form')} @submit=${this.onSubmit} @keydown=${enterInSelect}>
      ${this.fragmentField()}
      <fieldset class="field dates">
        <legend class="label">${t('purchaseDate')}</legend>
        <div class="pair">
          <div class="field">
            <label for="from" class="sub">${t('from')}</label>
            <input id="from" name="from" class="input" type="date" .value=${live(draft.from)} @input=${(e: Event) => this.setField('from', valueOf(e))} />
          </div>
          <div class="field">
            <label for="to" class="sub">${t('to')}</label>
            <input
              id="to"
              name="to"
              class="input"
              type="date"
              aria-invalid=${this.datesError ? 'true' : 'false'}
              aria-describedby="dates-error"
              .value=${live(draft.to)}
              @input=${(e: Event) => this.setField('to', valueOf(e))}
            />
            <span id="dates-error" class="field-error" ?hidden=${!this.datesError}>${t('datesReversed')}</span>
          </div>
        </div>
      </fieldset>
      ${this.textField('orderNumber', t('orderNumber'))} ${this.productField()}
      ${this.choice('state', t('state'), t('allStates'), [
        ['processed', tc('state.processed')],
        ['refunded', tc('state.refunded')],
      ])}
      ${this.choice('paymentType', t('paymentType'), t('allPaymentTypes'), [
        ['css_balance', tc('payment.css_balance')],
        ['credit_card', tc('payment.credit_card')],
      ])}
      ${this.textField('activationCode', t('activationCode'))}
      ${this.textField('customerEmail', t('customerEmail'), { inputmode: 'email' })}
      <div class="actions" part="actions">
        <button class="btn primary" type="submit" part="search-button">${t('search')}</button>
        <button class="btn" type="button" part="reset-button" @click=${this.actions.reset}>${t('reset')}</button>
        <button class="btn" type="button" part="export-button" ?disabled=${exporting} @click=${this.actions.export}>
          ${tc('export')}
        </button>
      </div>
    </form>`;
  }
}
