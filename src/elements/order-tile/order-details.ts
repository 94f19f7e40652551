/**
 * The pieces of an `<order-tile>`: the collapsed header's facts and the expanded part's
 * 'Orders' section. Text bindings only: every value may be hostile.
 */
import { html, type TemplateResult } from 'lit';
import type { OrderSummary } from '../../api/contract/schemas.js';
import { formatCount, formatInstant, formatMoney } from '../../format/index.js';
import type { common } from '../../locales/common.js';
import type { Translate } from '../../locales/index.js';
import type { orderTileMessages } from '../../locales/order-tile.js';

type TileKey = keyof typeof orderTileMessages.en & string;
type CommonKey = keyof typeof common.en & string;

export interface FactsView {
  t: Translate<TileKey>;
  tc: Translate<CommonKey>;
  locale: string;
  timeZone: string | undefined;
}

function fact(label: string, value: TemplateResult | string, cls = ''): TemplateResult {
  return html`<div class="fact ${cls}">
    <dt>${label}</dt>
    <dd>${value}</dd>
  </div>`;
}

export function stateBadge(order: OrderSummary, tc: Translate<CommonKey>): TemplateResult {
  return html`<span class="badge ${order.state}" part="state">${tc(`state.${order.state}`)}</span>`;
}

/** What the collapsed tile shows beside the product: number, date, counts and state. */
export function renderFacts(order: OrderSummary, view: FactsView): TemplateResult {
  const { t, tc, locale, timeZone } = view;
  return html`<dl class="facts" part="facts">
    ${fact(t('order'), html`<span class="wrap">${order.orderNumber}</span>`, 'number')}
    ${fact(t('purchased'), html`<time datetime=${order.purchasedAt}>${formatInstant(order.purchasedAt, locale, timeZone)}</time>`, 'date')}
    ${fact(t('active'), formatCount(order.activeCount, locale), 'count')}
    ${fact(t('available'), formatCount(order.availableCount, locale), 'count')}
    ${fact(t('state'), stateBadge(order, tc), 'state')}
  </dl>`;
}

/** The 'Orders' section: User, Order Number, Date, Product, Amount, Payment Type, State. */
export function renderOrderSection(order: OrderSummary, view: FactsView): TemplateResult {
  const { t, tc, locale, timeZone } = view;
  const rows: [string, TemplateResult | string][] = [
    [t('user'), html`<span class="wrap">${order.user}</span>`],
    [t('orderNumber'), html`<span class="wrap">${order.orderNumber}</span>`],
    [t('date'), html`<time datetime=${order.purchasedAt}>${formatInstant(order.purchasedAt, locale, timeZone)}</time>`],
    [t('product'), html`<span class="wrap">${order.product.name}</span>`],
    [t('amount'), formatMoney(order.amount, locale)],
    [t('paymentType'), tc(`payment.${order.paymentType}`)],
    [t('state'), stateBadge(order, tc)],
  ];
  return html`<section class="orders" part="orders" aria-labelledby="orders-title">
    <h4 class="section-title" id="orders-title">${t('orders')}</h4>
    <dl class="order-facts">${rows.map(([label, value]) => fact(label, value))}</dl>
  </section>`;
}
