/**
 * The changes a reseller can make: activate a license, switch its auto-renewal, resend an
 * order's confirmation. Each runs inside the caller's transaction (see runIdempotent), checks
 * the shared rules first, and writes the change, its history and its email together.
 */
import type { ActivationRequest, ConfirmationEmailResult, License } from '../../src/api/contract/schemas.js';
import { activationRefusal, billingChangeRefusal, CONFIRMATION_EMAIL_LIMIT, statusInOrder } from '../../src/rules/index.js';
import type { Reseller } from './auth.js';
import { createCustomer, type CustomerKey, customerByEmail } from './customers.js';
import type { Db } from './store/sqlite/database.js';
import { findLicense, licenseBySeq } from './licenses.js';
import { confirmationTimes, queueMail } from './mail.js';
import { findOrder, recountOrder } from './orders.js';
import { ProblemError } from './problems.js';
import { isoInstant, type LicenseRow, licenseView } from './views.js';

/** Activates the license for an existing or a new customer and emails the customer. */
export function activateLicense(db: Db, reseller: Reseller, licenseId: string, request: ActivationRequest, now: number): License {
  const license = findLicense(db, reseller.seq, licenseId);
  const refusal = activationRefusal(statusOf(license));
  if (refusal !== null) throw new ProblemError(refusal, `License ${license.activation_code} cannot be activated`);
  const customer = customerFor(db, reseller.seq, request);
  db.prepare('UPDATE licenses SET customer_seq = ?, activated_at = ? WHERE seq = ?').run(customer.seq, now, license.seq);
  recountOrder(db, license.order_seq);
  const activated = licenseView(licenseBySeq(db, license.seq));
  const product = productName(db, license.order_seq);
  queueMail(db, {
    resellerSeq: reseller.seq,
    kind: 'activation',
    to: customer.email,
    subject: `Your ${product} license`,
    text: [
      `Hello ${customer.firstName} ${customer.lastName},`,
      '',
      `${reseller.name} has activated a license of ${product} for ${customer.organization}.`,
      '',
      `Activation code: ${activated.activationCode}`,
      `Activate: ${activated.activationLink}`,
      `Valid from ${activated.validFrom} to ${activated.validTo}.`,
    ].join('\n'),
    at: now,
    orderSeq: license.order_seq,
    licenseSeq: license.seq,
  });
  record(db, license, now, reseller.userName, 'email_sent', `Activation details sent to ${customer.email}`);
  return activated;
}

/** Turns the automatic renewal of an activated license on or off. */
export function setBillingState(db: Db, reseller: Reseller, licenseId: string, recurrent: boolean, now: number): License {
  const license = findLicense(db, reseller.seq, licenseId);
  const refusal = billingChangeRefusal(statusOf(license));
  if (refusal !== null) throw new ProblemError(refusal, `The billing state of license ${license.activation_code} cannot be changed`);
  if ((license.recurrent === 1) !== recurrent) {
    db.prepare('UPDATE licenses SET recurrent = ? WHERE seq = ?').run(recurrent ? 1 : 0, license.seq);
    const detail = recurrent ? 'Automatic renewal turned on' : 'Automatic renewal turned off';
    record(db, license, now, reseller.userName, 'billing_state_changed', detail);
  }
  return licenseView(licenseBySeq(db, license.seq));
}

/**
 * Sends the reseller's user a duplicate of the order confirmation with every activation code;
 * at most CONFIRMATION_EMAIL_LIMIT per order within its window, else 429 with Retry-After.
 */
export function resendConfirmation(db: Db, reseller: Reseller, orderId: string, now: number): ConfirmationEmailResult {
  const order = findOrder(db, reseller.seq, orderId);
  const windowMs = CONFIRMATION_EMAIL_LIMIT.windowSeconds * 1000;
  const recent = confirmationTimes(db, order.seq, now - windowMs);
  const oldest = recent[0];
  if (oldest !== undefined && recent.length >= CONFIRMATION_EMAIL_LIMIT.count) {
    const retryAfter = Math.max(1, Math.ceil((oldest + windowMs - now) / 1000));
    throw new ProblemError('rate_limited', `Too many confirmation emails for this order; try again in ${retryAfter} s`, {
      headers: { 'Retry-After': String(retryAfter) },
    });
  }
  const codes = db
    .prepare<[number], { activation_code: string }>('SELECT activation_code FROM licenses WHERE order_seq = ? ORDER BY seq')
    .all(order.seq)
    .map((l) => l.activation_code);
  const to = reseller.userEmail;
  const messageId = queueMail(db, {
    resellerSeq: reseller.seq,
    kind: 'confirmation',
    to,
    subject: `Order confirmation ${order.order_number} (duplicate)`,
    text: [
      `Order ${order.order_number}, purchased ${isoInstant(order.purchased_at)} by ${order.user_name}`,
      `${order.quantity} x ${order.product_name}`,
      '',
      'Activation codes:',
      ...codes,
    ].join('\n'),
    at: now,
    orderSeq: order.seq,
  });
  db.prepare('INSERT INTO history (order_seq, license_seq, at, actor, kind, detail) VALUES (?, NULL, ?, ?, ?, ?)').run(
    order.seq, now, reseller.userName, 'email_sent', `Order confirmation sent again to ${to}`,
  );
  return { to, messageId };
}

function statusOf(license: LicenseRow) {
  return statusInOrder(license.order_state, license.activated_at !== null);
}

function customerFor(db: Db, resellerSeq: number, request: ActivationRequest): CustomerKey {
  const wanted = request.customer;
  const existing = customerByEmail(db, resellerSeq, wanted.email);
  if (wanted.kind === 'existing') {
    if (!existing) throw new ProblemError('customer_not_found', `No customer is registered with ${wanted.email}`);
    return existing;
  }
  if (existing) throw new ProblemError('customer_exists', `A customer is already registered with ${wanted.email}`);
  return createCustomer(db, resellerSeq, wanted);
}

function productName(db: Db, orderSeq: number): string {
  const row = db
    .prepare<[number], { name: string }>('SELECT p.name FROM orders o JOIN products p ON p.seq = o.product_seq WHERE o.seq = ?')
    .get(orderSeq);
  return row?.name ?? 'product';
}

function record(db: Db, license: LicenseRow, at: number, actor: string, kind: 'billing_state_changed' | 'email_sent', detail: string): void {
  db.prepare('INSERT INTO history (order_seq, license_seq, at, actor, kind, detail) VALUES (?, ?, ?, ?, ?, ?)').run(
    license.order_seq, license.seq, at, actor, kind, detail,
  );
}
