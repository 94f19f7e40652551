/**
 * An order's life as the reseller changes it: buying, cancelling within the window, and
 * resending the order confirmation with its rate limit.
 */
import * as s from '../api/contract/schemas.js';
import { CONFIRMATION_EMAIL_LIMIT } from '../rules/licenses.js';
import { cancellationRefusal, lacksBalance, orderAmount } from '../rules/orders.js';
import { termEnd } from '../rules/renewals.js';
import { isoInstant } from './clock.js';
import { type ChangeOptions, type ServiceCore, resellerActor } from './core.js';
import { cancellationMail, orderMail } from './mail-texts.js';
import { input, problem } from './problems.js';
import type { Caller, StoreTx } from './store.js';
import { orderSummary } from './views.js';

/**
 * Buys `quantity` licenses of a catalog product: the order with its licenses and their
 * codes, paid from the CSS balance (refused with `insufficient_balance` when it is too
 * low) or by credit card; the reseller's user gets the order confirmation.
 */
export async function createOrder(core: ServiceCore, caller: Caller, body: s.CreateOrderRequest, options: ChangeOptions = {}): Promise<s.OrderSummary> {
  const request = input(s.CreateOrderRequest, body);
  return core.change(caller, options, ['createOrder', request], async (tx, now) => {
    const product = (await tx.catalog(caller.id)).find((p) => p.id === request.productId);
    if (!product) {
      throw problem('not_found', 'This product is not in your catalog.', { errors: [{ path: 'productId', message: 'Choose a product of the catalog.' }] });
    }
    // Read in the transaction that debits it, so that concurrent orders each see the last one's debit.
    const reseller = await core.caller(caller.id, tx);
    const amount = orderAmount(product.unitPrice, request.quantity);
    if (lacksBalance(request.paymentType, amount, reseller.balance)) {
      throw problem('insufficient_balance', `The order costs ${formatMinor(amount)}, more than the CSS balance of ${formatMinor(reseller.balance)}.`);
    }
    const purchasedAt = isoInstant(now);
    const validFrom = purchasedAt.slice(0, 10);
    const validTo = termEnd(validFrom, product.termMonths);
    const order = {
      id: core.newId('ord'),
      orderNumber: `ORD-${now.getUTCFullYear()}-${randomDigits(8)}`,
      purchasedAt,
      user: caller.user.name,
      productId: product.id,
      quantity: request.quantity,
      amount,
      paymentType: request.paymentType,
      distributionCompany: request.distributionCompany,
    };
    const licenses = Array.from({ length: request.quantity }, () => ({
      id: core.newId('lic'),
      activationCode: newActivationCode(),
      validFrom,
      validTo,
      distributionCompany: request.distributionCompany,
    }));
    await tx.createOrder(caller.id, order, licenses);
    if (request.paymentType === 'css_balance') {
      await tx.setBalance(caller.id, { value: reseller.balance.value - amount.value, currency: reseller.balance.currency });
    }
    const created = await core.order(tx, caller, order.id);
    const codes = licenses.map((l) => l.activationCode);
    const mail = orderMail(created, codes, 'new');
    await tx.queueMail(caller.id, { id: core.newId('msg'), kind: 'confirmation', to: caller.user.email, at: purchasedAt, orderId: order.id, licenseId: null, ...mail });
    return orderSummary(created, now);
  });
}

/**
 * Cancels an order within its cancellation window, once none of its licenses is active:
 * the order and its licenses become refunded, a CSS balance payment is credited back,
 * and the reseller's user is told.
 */
export async function cancelOrder(core: ServiceCore, caller: Caller, orderId: string, body?: unknown, options: ChangeOptions = {}): Promise<s.OrderSummary> {
  input(s.NoBody, body);
  return core.change(caller, options, ['cancelOrder', orderId], async (tx, now) => {
    const order = await core.order(tx, caller, orderId);
    const refusal = cancellationRefusal(order, now);
    if (refusal) throw problem(refusal, `Order ${order.orderNumber} cannot be cancelled.`);
    const at = isoInstant(now);
    await tx.setOrderState(caller.id, orderId, 'refunded', { activeCount: 0, availableCount: 0 });
    if (order.paymentType === 'css_balance') {
      const reseller = await core.caller(caller.id, tx);
      await tx.setBalance(caller.id, { value: reseller.balance.value + order.amount.value, currency: reseller.balance.currency });
    }
    await tx.addHistory(caller.id, { orderId, licenseId: null, at, actor: resellerActor(caller), kind: 'refunded', detail: `Order ${order.orderNumber} cancelled and refunded` });
    const mail = cancellationMail(order);
    await tx.queueMail(caller.id, { id: core.newId('msg'), kind: 'confirmation', to: caller.user.email, at, orderId, licenseId: null, ...mail });
    return orderSummary({ ...order, state: 'refunded', activeCount: 0, availableCount: 0 }, now);
  });
}

/**
 * Sends the reseller's user a duplicate of the order confirmation with every activation
 * code; at most CONFIRMATION_EMAIL_LIMIT per order within its window, else `rate_limited`.
 */
export async function resendConfirmationEmail(core: ServiceCore, caller: Caller, orderId: string, body?: unknown, options: ChangeOptions = {}): Promise<s.ConfirmationEmailResult> {
  input(s.NoBody, body);
  return core.change(caller, options, ['resendConfirmationEmail', orderId], (tx, now) => sendConfirmation(core, tx, caller, orderId, now));
}

/** Sends the order confirmation again inside a transaction, within its rate limit: one request, or one row of an email job. */
export async function sendConfirmation(core: ServiceCore, tx: StoreTx, caller: Caller, orderId: string, now: Date): Promise<s.ConfirmationEmailResult> {
  const order = await core.order(tx, caller, orderId);
  const windowMs = CONFIRMATION_EMAIL_LIMIT.windowSeconds * 1000;
  const recent = await tx.mailTimes(caller.id, orderId, 'confirmation', isoInstant(now.getTime() - windowMs));
  const oldest = recent[0];
  if (oldest !== undefined && recent.length >= CONFIRMATION_EMAIL_LIMIT.count) {
    const retryAfter = Math.max(1, Math.ceil((Date.parse(oldest) + windowMs - now.getTime()) / 1000));
    throw problem('rate_limited', `Too many confirmation emails for this order; try again in ${retryAfter} s.`, { retryAfter });
  }
  const codes = await tx.activationCodes(caller.id, orderId);
  const to = caller.user.email;
  const at = isoInstant(now);
  const messageId = core.newId('msg');
  await tx.queueMail(caller.id, { id: messageId, kind: 'confirmation', to, at, orderId, licenseId: null, ...orderMail(order, codes, 'duplicate') });
  await tx.addHistory(caller.id, {
    orderId, licenseId: null, at, actor: resellerActor(caller), kind: 'email_sent', detail: `Order confirmation sent again to ${to}`,
  });
  return { to, messageId };
}

/** `count` random decimal digits. */
function randomDigits(count: number): string {
  return Array.from(globalThis.crypto.getRandomValues(new Uint8Array(count)), (b) => String(b % 10)).join('');
}

const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A fresh activation code: 80 random bits as four groups of four (Crockford base32). */
function newActivationCode(): string {
  const chars = Array.from(globalThis.crypto.getRandomValues(new Uint8Array(16)), (b) => CODE_ALPHABET[b % 32]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** Minor units as a plain amount for messages (`1234.50 EUR`). */
export function formatMinor(money: s.Money): string {
  return `${(money.value / 100).toFixed(2)} ${money.currency}`;
}
