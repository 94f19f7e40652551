/**
 * Rows of the database as the store's records. Times are stored as integer milliseconds and
 * leave as ISO instants; internal `seq` keys never leave the store.
 */
import type { Actor, HistoryKind, OrderState } from '../../../../src/api/contract/schemas.js';
import type { FoundLicenseRecord, HistoryRecord, LicenseRecord, MailKind, MailRecord, OrderRecord } from '../../../../src/service/store.js';
import type { MailDelivery } from '../server-store.js';
import { isoInstant } from '../../../../src/service/clock.js';
import { type OrderColumns, orderRecordOf } from '../shared/rows.js';

/** An ISO instant as stored: integer milliseconds since the epoch. */
export function storedInstant(iso: string): number {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new RangeError(`Not an instant: ${iso}`);
  return ms;
}

/** An order row: the columns both SQL stores share, and the purchase time as this one stores it. */
export interface OrderRow extends OrderColumns {
  seq: number;
  purchased_at: number;
}

/** Columns of an {@link OrderRow}: `orders o` joined with `products p`. */
export const ORDER_COLUMNS = `o.seq, o.id, o.order_number, o.purchased_at, o.user_name, p.id AS product_id,
  p.name AS product_name, o.amount, o.currency, o.payment_type, o.state, o.distribution_company, o.quantity,
  o.active_count, o.available_count`;

export function orderRecord(row: OrderRow): OrderRecord {
  return orderRecordOf(row, isoInstant(row.purchased_at));
}

export interface LicenseRow {
  seq: number;
  id: string;
  order_seq: number;
  order_id: string;
  order_state: OrderState;
  activation_code: string;
  activation_link: string | null;
  valid_from: string;
  valid_to: string;
  recurrent: number;
  activated_at: number | null;
  distribution_company: string | null;
  customer_id: string | null;
  customer_email: string | null;
  customer_organization: string | null;
  expired_at: number | null;
  scheduled_recurrent: number | null;
  scheduled_on: string | null;
}

/** Columns of a {@link LicenseRow}: see {@link LICENSE_JOINS}. */
export const LICENSE_COLUMNS = `l.seq, l.id, l.order_seq, o.id AS order_id, o.state AS order_state, l.activation_code,
  l.activation_link, l.valid_from, l.valid_to, l.recurrent, l.activated_at, l.distribution_company,
  c.id AS customer_id, c.email AS customer_email, c.organization AS customer_organization,
  l.expired_at, l.scheduled_recurrent, l.scheduled_on`;

/** `licenses l` joined with `orders o`, left-joined with `customers c`. */
export const LICENSE_JOINS = 'licenses l JOIN orders o ON o.seq = l.order_seq LEFT JOIN customers c ON c.seq = l.customer_seq';

/**
 * A license's own values, in the order of {@link LICENSE_VALUE_COLUMNS}: what its record shows
 * besides its order's id and state. Pages read them as arrays (better-sqlite3's `raw`), which
 * is cheaper than an object of named columns per row.
 */
export type LicenseValues = [
  id: string,
  activationCode: string,
  activationLink: string | null,
  validFrom: string,
  validTo: string,
  recurrent: number,
  activatedAt: number | null,
  distributionCompany: string | null,
  customerId: string | null,
  customerEmail: string | null,
  customerOrganization: string | null,
  expiredAt: number | null,
  scheduledRecurrent: number | null,
  scheduledOn: string | null,
];

/** Columns of {@link LicenseValues}, over {@link LICENSE_JOINS}. */
export const LICENSE_VALUE_COLUMNS = `l.id, l.activation_code, l.activation_link, l.valid_from, l.valid_to, l.recurrent,
  l.activated_at, l.distribution_company, c.id, c.email, c.organization, l.expired_at, l.scheduled_recurrent, l.scheduled_on`;

/** The record of a license of `order` from its {@link LicenseValues} (which further columns may follow). */
export function licenseRecordOf(order: { id: string; state: OrderState }, values: readonly [...LicenseValues, ...unknown[]]): LicenseRecord {
  const [
    id,
    activationCode,
    activationLink,
    validFrom,
    validTo,
    recurrent,
    activatedAt,
    distributionCompany,
    customerId,
    customerEmail,
    customerOrganization,
    expiredAt,
    scheduledRecurrent,
    scheduledOn,
  ] = values;
  return {
    id,
    orderId: order.id,
    orderState: order.state,
    activationCode,
    activationLink,
    validFrom,
    validTo,
    recurrent: recurrent === 1,
    activatedAt: activatedAt === null ? null : isoInstant(activatedAt),
    distributionCompany,
    customer: customerId === null ? null : { id: customerId, email: customerEmail ?? '', organization: customerOrganization ?? '' },
    expiredAt: expiredAt === null ? null : isoInstant(expiredAt),
    scheduledChange: scheduledOn === null ? null : { recurrent: scheduledRecurrent === 1, effectiveOn: scheduledOn },
  };
}

export function licenseRecord(row: LicenseRow): LicenseRecord {
  return licenseRecordOf({ id: row.order_id, state: row.order_state }, [
    row.id,
    row.activation_code,
    row.activation_link,
    row.valid_from,
    row.valid_to,
    row.recurrent,
    row.activated_at,
    row.distribution_company,
    row.customer_id,
    row.customer_email,
    row.customer_organization,
    row.expired_at,
    row.scheduled_recurrent,
    row.scheduled_on,
  ]);
}

/** A {@link LicenseRow} with its order's product. */
export interface FoundLicenseRow extends LicenseRow {
  product_id: string;
  product_name: string;
}

/** Columns of a {@link FoundLicenseRow}: {@link LICENSE_COLUMNS} over {@link FOUND_LICENSE_JOINS}. */
export const FOUND_LICENSE_COLUMNS = `${LICENSE_COLUMNS}, p.id AS product_id, p.name AS product_name`;

/** {@link LICENSE_JOINS} with the order's product, `products p` (a row by its key). */
export const FOUND_LICENSE_JOINS = `${LICENSE_JOINS} JOIN products p ON p.seq = o.product_seq`;

export function foundLicenseRecord(row: FoundLicenseRow): FoundLicenseRecord {
  return { ...licenseRecord(row), product: { id: row.product_id, name: row.product_name } };
}

export interface HistoryRow {
  seq: number;
  at: number;
  actor: string;
  actor_kind: Actor['kind'];
  kind: HistoryKind;
  detail: string;
}

export function historyRecord(row: HistoryRow): HistoryRecord {
  const actor = { kind: row.actor_kind, name: row.actor };
  return { id: `his_${row.seq.toString(36)}`, at: isoInstant(row.at), actor, kind: row.kind, detail: row.detail };
}

export interface MailRow {
  seq: number;
  id: string;
  at: number;
  reseller_id: string;
  kind: MailKind;
  to_address: string;
  subject: string;
  text: string;
  order_id: string | null;
  license_id: string | null;
}

/** Columns of a {@link MailRow}: `outbox m` joined with `resellers r`, left-joined with `orders o` and `licenses l`. */
export const MAIL_COLUMNS = `m.seq, m.id, m.at, r.id AS reseller_id, m.kind, m.to_address, m.subject, m.text,
  o.id AS order_id, l.id AS license_id`;

export const MAIL_JOINS = `outbox m JOIN resellers r ON r.seq = m.reseller_seq
  LEFT JOIN orders o ON o.seq = m.order_seq LEFT JOIN licenses l ON l.seq = m.license_seq`;

export interface DeliveryRow {
  sent_at: number | null;
  attempts: number;
  next_attempt_at: number | null;
  send_error: string | null;
  gave_up: number;
}

/** Columns of a {@link DeliveryRow} of `outbox m`. */
export const DELIVERY_COLUMNS = 'm.sent_at, m.attempts, m.next_attempt_at, m.send_error, m.gave_up';

export function mailDelivery(row: DeliveryRow): MailDelivery {
  const waiting = row.sent_at === null && row.gave_up === 0;
  return {
    sentAt: row.sent_at === null ? null : isoInstant(row.sent_at),
    attempts: row.attempts,
    nextAttemptAt: waiting && row.next_attempt_at !== null ? isoInstant(row.next_attempt_at) : null,
    lastError: row.send_error,
    gaveUp: row.gave_up === 1,
  };
}

export function mailRecord(row: MailRow): MailRecord {
  return {
    id: row.id,
    kind: row.kind,
    to: row.to_address,
    subject: row.subject,
    text: row.text,
    at: isoInstant(row.at),
    orderId: row.order_id,
    licenseId: row.license_id,
    resellerId: row.reseller_id,
  };
}
