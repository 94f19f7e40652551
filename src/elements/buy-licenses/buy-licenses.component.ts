import { initialState, Task } from '@lit/task';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { isApiError } from '../../api/contract/errors.js';
import type { CatalogProduct, CreateOrderRequest, Me, Money, OrderSummary, PaymentType } from '../../api/contract/schemas.js';
import { LIMITS, PAYMENT_TYPES } from '../../api/contract/values.js';
import { emit } from '../../events/index.js';
import { formatMoney } from '../../format/index.js';
import { buyLicensesMessages } from '../../locales/buy-licenses.js';
import { controls } from '../../styles/controls.js';
import { base } from '../../styles/tokens.js';
import { ActionController } from '../shared/action-controller.js';
import { cardStyles } from '../shared/card.styles.js';
import { renderChoice } from '../shared/dialog-parts.js';
import { dialogStyles } from '../shared/dialog.styles.js';
import { LicensesController } from '../shared/licenses-controller.js';
import { LocaleController } from '../shared/locale-controller.js';
import { orderLink, orderTotal, parseQuantity } from './order-form.js';

/** What the form needs from the API: the catalog and the reseller's balance. */
interface Shop {
  products: readonly CatalogProduct[];
  me: Me;
}

type Field = 'productId' | 'quantity' | 'distributor';

/**
 * The page Buy More opens: the reseller's catalog with unit prices, the product chosen by
 * `product-id` preselected, the quantity, the payment type (the CSS balance, shown, or a
 * credit card), an optional distribution company, and the total. 'Buy' places the order
 * under the kit's one policy for actions: trying again after a failure sends the same
 * idempotency key, so an order is never placed twice, and what was typed stays.
 *
 * @summary Buy licenses of a product from the catalog.
 *
 * @fires order-created - The order was placed; `detail.order` is the new order.
 * @fires licenses-error - Loading the catalog or placing the order failed; the element says why.
 *
 * @csspart base - The element's wrapper.
 * @csspart heading - The heading.
 * @csspart form - The form.
 * @csspart total - The total of the order.
 * @csspart balance - The CSS balance next to its choice.
 * @csspart status - The live region holding progress and the confirmation.
 * @csspart error - The explanation of a failed request.
 * @csspart submit-button - Buy.
 * @csspart done - The new order, after the purchase.
 * @csspart order-link - The link to the new order (with `order-url`).
 *
 * @cssprop --ld-color-surface - Background of the card.
 * @cssprop --ld-color-text - Text colour.
 * @cssprop --ld-color-border - Borders of the card and the fields.
 * @cssprop --ld-color-accent - The Buy button.
 * @cssprop --ld-color-danger - Field errors and failure messages.
 * @cssprop --ld-color-success - The confirmation.
 * @cssprop --ld-radius - Corners of the card.
 */
export class BuyLicensesElement extends LitElement {
  static override styles = [base, controls, dialogStyles, cardStyles];

  @state() private chosen = '';
  @state() private quantity = '1';
  @state() private paymentType: PaymentType = 'css_balance';
  @state() private distributor = '';
  @state() private errors: ReadonlyMap<Field, string> = new Map();
  @state() private created: OrderSummary | null = null;

  /** The product to preselect (Buy More passes it in the buy page's URL). */
  @property({ attribute: 'product-id' }) productId = '';

  /** Where a new order is seen: a URL template with `{orderNumber}` (and `{orderId}`), relative to the page. */
  @property({ attribute: 'order-url' }) orderUrl = '';

  private readonly api = new LicensesController(this);
  private readonly i18n = new LocaleController(this, () => this.api.settings);
  private readonly action = new ActionController(this, this.api, this.i18n);

  private readonly shop = new Task(this, {
    task: async ([client], { signal }) => {
      if (client === null) return initialState;
      return this.api.load('getCatalog', async (): Promise<Shop> => {
        const [catalog, me] = await Promise.all([client.getCatalog({ signal }), client.getMe({ signal })]);
        return { products: catalog.items, me };
      });
    },
    args: () => [this.api.client] as const,
  });

  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.i18n.afterLoading(() => super.scheduleUpdate());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('productId')) this.chosen = this.productId;
  }

  private get t() {
    return this.i18n.of(buyLicensesMessages);
  }

  private money(money: Money): string {
    return formatMoney(money, this.i18n.locale);
  }

  /** The product chosen, or the first of the catalog when the chosen one is not in it. */
  private product(shop: Shop): CatalogProduct | undefined {
    return shop.products.find((p) => p.id === this.chosen) ?? (this.chosen === '' ? shop.products[0] : undefined);
  }

  private set(field: Field, value: string): void {
    if (field === 'productId') this.chosen = value;
    else if (field === 'quantity') this.quantity = value;
    else this.distributor = value;
    if (this.errors.has(field)) {
      const errors = new Map(this.errors);
      errors.delete(field);
      this.errors = errors;
    }
  }

  /** The request what was typed means, or null with the errors on their fields. */
  private request(shop: Shop): CreateOrderRequest | null {
    const errors = new Map<Field, string>();
    const product = this.product(shop);
    if (product === undefined) errors.set('productId', this.t('chooseProduct'));
    const quantity = parseQuantity(this.quantity);
    if (quantity === null) errors.set('quantity', this.t('invalidQuantity', { max: this.i18n.count(LIMITS.orderQuantity) }));
    const distributor = this.distributor.trim();
    if (distributor.length > LIMITS.name) errors.set('distributor', this.t('tooLong', { max: LIMITS.name }));
    this.errors = errors;
    if (product === undefined || quantity === null || errors.size > 0) return null;
    return { productId: product.id, quantity, paymentType: this.paymentType, distributionCompany: distributor === '' ? null : distributor };
  }

  private async submit(event: SubmitEvent, shop: Shop): Promise<void> {
    event.preventDefault();
    const client = this.api.client;
    if (client === null || this.action.busy) return;
    const request = this.request(shop);
    if (request === null) {
      this.action.setProblem(null);
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    const outcome = await this.action.run('createOrder', request, (idempotencyKey) => client.createOrder(request, { idempotencyKey }));
    if (outcome === null || !outcome.ok) return;
    if (outcome.current) {
      this.created = outcome.value;
      this.action.confirm(this.doneText(outcome.value));
    }
    emit(this, 'order-created', { order: outcome.value });
  }

  private doneText(order: OrderSummary): string {
    return this.t('done', { orderNumber: order.orderNumber, quantity: this.i18n.count(order.quantity), product: order.product.name });
  }

  /** Starts a new purchase: the form as it was, the balance loaded again. */
  private buyAgain(): void {
    this.created = null;
    this.action.reset();
    void this.shop.run();
  }

  private describeProblem(error: unknown, shop: Shop): string {
    if (isApiError(error) && error.code === 'insufficient_balance') {
      const product = this.product(shop);
      const quantity = parseQuantity(this.quantity);
      const total = product && quantity !== null ? this.money(orderTotal(product.unitPrice, quantity)) : '';
      return this.t('insufficient', { total, balance: this.money(shop.me.balance) });
    }
    return this.api.describeError(error);
  }

  private renderError(field: Field): TemplateResult | typeof nothing {
    const error = this.errors.get(field);
    return error ? html`<p id="${field}-error" class="field-error wrap">${error}</p>` : nothing;
  }

  private describedBy(field: Field, hint = false): string | undefined {
    const ids = [hint ? `${field}-hint` : '', this.errors.has(field) ? `${field}-error` : ''].filter(Boolean).join(' ');
    return ids || undefined;
  }

  private renderForm(shop: Shop): TemplateResult {
    const { t } = this;
    const tc = this.i18n.common;
    if (shop.products.length === 0) return html`<p class="message">${t('empty')}</p>`;
    const product = this.product(shop);
    const quantity = parseQuantity(this.quantity);
    const total = product && quantity !== null ? this.money(orderTotal(product.unitPrice, quantity)) : '—';
    const invalid = (field: Field) => (this.errors.has(field) ? 'true' : undefined);
    return html`<form part="form" novalidate @submit=${(e: SubmitEvent) => this.submit(e, shop)}>
      <div class="field">
        <label for="productId">${t('product')}</label>
        <select
          id="productId"
          class="input"
          required
          aria-invalid=${ifDefined(invalid('productId'))}
          aria-describedby=${ifDefined(this.describedBy('productId'))}
          @change=${(e: Event) => this.set('productId', (e.target as HTMLSelectElement).value)}
        >
          ${product === undefined ? html`<option value="" selected>${t('chooseProduct')}</option>` : nothing}
          ${shop.products.map(
            (p) => html`<option value=${p.id} ?selected=${p.id === product?.id}>
              ${p.name} · ${t('unitPrice', { price: this.money(p.unitPrice), months: p.termMonths })}
            </option>`,
          )}
        </select>
        ${this.renderError('productId')}
      </div>
      <div class="field">
        <label for="quantity">${t('quantity')}</label>
        <p id="quantity-hint" class="muted hint">${t('quantityHint', { max: this.i18n.count(LIMITS.orderQuantity) })}</p>
        <input
          id="quantity"
          class="input"
          type="number"
          inputmode="numeric"
          min="1"
          max=${LIMITS.orderQuantity}
          step="1"
          required
          .value=${live(this.quantity)}
          aria-invalid=${ifDefined(invalid('quantity'))}
          aria-describedby=${ifDefined(this.describedBy('quantity', true))}
          @input=${(e: Event) => this.set('quantity', (e.target as HTMLInputElement).value)}
        />
        ${this.renderError('quantity')}
      </div>
      <fieldset>
        <legend>${t('payment')}</legend>
        ${PAYMENT_TYPES.map((type) =>
          renderChoice('payment', tc(`payment.${type}`), this.paymentType === type, () => (this.paymentType = type)),
        )}
        <p class="muted" part="balance">${t('balance', { amount: this.money(shop.me.balance) })}</p>
      </fieldset>
      <div class="field">
        <label for="distributor">${t('distributor')}</label>
        <input
          id="distributor"
          class="input"
          type="text"
          autocomplete="organization"
          .value=${live(this.distributor)}
          aria-invalid=${ifDefined(invalid('distributor'))}
          aria-describedby=${ifDefined(this.describedBy('distributor'))}
          @input=${(e: Event) => this.set('distributor', (e.target as HTMLInputElement).value)}
        />
        ${this.renderError('distributor')}
      </div>
      <p class="total" part="total"><span class="muted">${t('total')}</span> <strong>${total}</strong></p>
      ${this.action.renderProblem(t('failed'), (error) => this.describeProblem(error, shop), t('retrySafe'))}
      <div class="actions">${this.action.renderSubmit(t('submit'))}</div>
    </form>`;
  }

  private renderDone(order: OrderSummary): TemplateResult {
    const link = orderLink(this.orderUrl, order);
    return html`<div part="done">
      ${link === null
        ? nothing
        : html`<p><a class="link" part="order-link" href=${link}>${this.t('viewOrder', { orderNumber: order.orderNumber })}</a></p>`}
      <div class="actions">
        <button class="btn" type="button" @click=${() => this.buyAgain()}>${this.t('buyAgain')}</button>
      </div>
    </div>`;
  }

  override render() {
    const setup = this.api.renderSetupState();
    if (setup !== nothing) return setup;
    const created = this.created;
    const body = this.shop.render({
      pending: () => html`<p class="muted" role="status">${this.i18n.common('loading')}</p>`,
      complete: (shop) => (created === null ? this.renderForm(shop) : this.renderDone(created)),
      error: (error) => this.api.renderError(error, () => void this.shop.run(), this.t('loadFailed')),
    });
    return html`<section class="root card" part="base" aria-labelledby="heading">
      <h2 id="heading" part="heading">${this.t('title')}</h2>
      ${body}
      <div class="status" role="status" part="status">${this.action.renderStatus(this.t('sending'))}</div>
    </section>`;
  }
}
