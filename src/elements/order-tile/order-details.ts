/**
 * The pieces of an `<order-tile>`: the collapsed header's facts and the expanded part's
 * 'Orders' section. Text bindings only: every value may be hostile.
 */
import { html, type TemplateResult } from 'lit';
import type { OrderSummary } from '../../api/contract/schemas.js';
import { formatCount, formatInstant, formatMoney } from '../../format/index.js';
import { orderTileMessages } from '../../locales/order-tile.js';
import type { LocaleController } from '../shared/locale-controller.js';

function fact(label: string, value: TemplateResult | string, cls = ''): TemplateResult {
  return html`<div class="fact ${cls}">
    <dt>${label}</dt>
    <dd>${value}</dd>
  </div>`;
}

function stateBadge(order: OrderSummary, i18n: LocaleController): TemplateResult {
  return html`<span class="badge ${order.state}" part="state">${i18n.common(`state.${order.state}`)}</span>`;
}

/** What the collapsed tile shows beside the product: number, date, counts and state. */
export function renderFacts(order: OrderSummary, i18n: LocaleController): TemplateResult {
  const t = i18n.of(orderTileMessages);
  const { locale, timeZone } = i18n;
  return html`<dl class="facts" part="facts">
    ${fact(t('order'), html`<span class="wrap">${order.orderNumber}</span>`, 'number')}
    ${fact(t('purchased'), html`<time datetime=${order.purchasedAt}>${formatInstant(order.purchasedAt, locale, timeZone)}</time>`, 'date')}
    ${fact(t('active'), formatCount(order.activeCount, locale), 'count')}
    ${fact(t('available'), formatCount(order.availableCount, locale), 'count')}
    ${fact(t('state'), stateBadge(order, i18n), 'state')}
  </dl>`;
}

/** The 'Orders' section: User, Order Number, Date, Product, Amount, Payment Type, State. */
export function renderOrderSection(order: OrderSummary, i18n: LocaleController): TemplateResult {
  const t = i18n.of(orderTileMessages);
  const { locale, timeZone } = i18n;
  const rows: [string, TemplateResult | string][] = [
    [t('user'), html`<span class="wrap">${order.user}</span>`],
    [t('orderNumber'), html`<span class="wrap">${order.orderNumber}</span>`],
    [t('date'), html`<time datetime=${order.purchasedAt}>${formatInstant(order.purchasedAt, locale, timeZone)}</time>`],
    [t('product'), html`<span class="wrap">${order.product.name}</span>`],
    [t('amount'), formatMoney(order.amount, locale)],
    [t('paymentType'), i18n.common(`payment.${order.paymentType}`)],
    [t('state'), stateBadge(order, i18n)],
  ];
  return html`<section class="orders" part="orders" aria-labelledby="orders-title">
    <h4 class="section-title" id="orders-title">${t('orders')}</h4>
    <dl class="order-facts">${rows.map(([label, value]) => fact(label, value))}</dl>
  </section>`;
}
