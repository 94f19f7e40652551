/**
 * The search form of `<licenses-search>`: a real `<form>`, so Enter in a field searches,
 * with a visible label on every field. The element owns the state; this only renders it.
 */
import { html, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { Product } from '../../api/contract/schemas.js';
import { LIMITS } from '../../api/contract/values.js';
import type { common } from '../../locales/common.js';
import type { Translate, CatalogKey } from '../../locales/index.js';
import type { searchMessages } from '../../locales/search.js';
import type { SearchFields, TextField } from './search-query.js';

type SearchKey = CatalogKey<typeof searchMessages>;
type CommonKey = CatalogKey<typeof common>;

export type ProductChoices = { phase: 'loading' } | { phase: 'ready'; items: Product[] } | { phase: 'failed' };

export interface SearchFormView {
  t: Translate<SearchKey>;
  tc: Translate<CommonKey>;
  draft: SearchFields;
  products: ProductChoices;
  datesReversed: boolean;
  exporting: boolean;
  onField: (name: keyof SearchFields, value: string) => void;
  onSearch: () => void;
  onReset: () => void;
  onExport: () => void;
  onRetryProducts: () => void;
}

const valueOf = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value;

function submit(e: Event, view: SearchFormView): void {
  e.preventDefault();
  view.onSearch();
}

// Each select gets both `?selected` on its options (for the first render, when the options
// do not exist yet as its value is set) and a live `.value` (for Reset after a person chose).

/** Enter in a select does not submit a form by itself; in this form it does. */
function enterInSelect(e: KeyboardEvent): void {
  const target = e.target as HTMLElement;
  if (e.key !== 'Enter' || target.localName !== 'select' || e.isComposing) return;
  e.preventDefault();
  (e.currentTarget as HTMLFormElement).requestSubmit();
}

function textField(view: SearchFormView, name: TextField, label: string, extra: { inputmode?: string } = {}) {
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
      .value=${live(view.draft[name])}
      @input=${(e: Event) => view.onField(name, valueOf(e))}
    />
  </div>`;
}

function choice(view: SearchFormView, name: 'state' | 'paymentType', label: string, any: string, options: [string, string][]) {
  return html`<div class="field">
    <label for=${name}>${label}</label>
    <select
      id=${name}
      name=${name}
      class="input"
      .value=${live(view.draft[name])}
      @change=${(e: Event) => view.onField(name, valueOf(e))}
    >
      <option value="" ?selected=${view.draft[name] === ''}>${any}</option>
      ${options.map(([value, text]) => html`<option value=${value} ?selected=${view.draft[name] === value}>${text}</option>`)}
    </select>
  </div>`;
}

function productField(view: SearchFormView) {
  const { t, products, draft } = view;
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
      @change=${(e: Event) => view.onField('productId', valueOf(e))}
    >
      <option value="" ?selected=${draft.productId === ''}>${t('allProducts')}</option>
      ${known ? null : html`<option value=${draft.productId} selected>${draft.productId}</option>`}
      ${items.map((p) => html`<option value=${p.id} ?selected=${draft.productId === p.id}>${p.name}</option>`)}
    </select>
    ${products.phase === 'failed'
      ? html`<span id="products-error" class="field-error">
          ${t('productsFailed')}
          <button class="btn small" type="button" @click=${view.onRetryProducts}>${view.tc('retry')}</button>
        </span>`
      : html`<span id="products-note" class="muted note">${products.phase === 'loading' ? t('productsLoading') : ''}</span>`}
  </div>`;
}

export function renderSearchForm(view: SearchFormView): TemplateResult {
  const { t, tc, draft } = view;
  return html`<form class="form" part="form" aria-label=${t('form')} @submit=${(e: Event) => submit(e, view)} @keydown=${enterInSelect}>
    <fieldset class="field dates">
      <legend class="label">${t('purchaseDate')}</legend>
      <div class="pair">
        <div class="field">
          <label for="from" class="sub">${t('from')}</label>
          <input id="from" name="from" class="input" type="date" .value=${live(draft.from)} @input=${(e: Event) => view.onField('from', valueOf(e))} />
        </div>
        <div class="field">
          <label for="to" class="sub">${t('to')}</label>
          <input
            id="to"
            name="to"
            class="input"
            type="date"
            aria-invalid=${view.datesReversed ? 'true' : 'false'}
            aria-describedby="dates-error"
            .value=${live(draft.to)}
            @input=${(e: Event) => view.onField('to', valueOf(e))}
          />
        </div>
      </div>
      <span id="dates-error" class="field-error" ?hidden=${!view.datesReversed}>${t('datesReversed')}</span>
    </fieldset>
    ${textField(view, 'orderNumber', t('orderNumber'))} ${productField(view)}
    ${choice(view, 'state', t('state'), t('allStates'), [
      ['processed', tc('state.processed')],
      ['refunded', tc('state.refunded')],
    ])}
    ${choice(view, 'paymentType', t('paymentType'), t('allPaymentTypes'), [
      ['css_balance', tc('payment.css_balance')],
      ['credit_card', tc('payment.credit_card')],
    ])}
    ${textField(view, 'activationCode', t('activationCode'))}
    ${textField(view, 'customerEmail', t('customerEmail'), { inputmode: 'email' })}
    <div class="actions" part="actions">
      <button class="btn primary" type="submit" part="search-button">${t('search')}</button>
      <button class="btn" type="button" part="reset-button" @click=${view.onReset}>${t('reset')}</button>
      <button class="btn" type="button" part="export-button" ?disabled=${view.exporting} @click=${view.onExport}>
        ${tc('export')}
      </button>
    </div>
  </form>`;
}
