/**
 * Rows of the database turned into the contract's resources. The derived fields (status,
 * autoRenew, actions) come from the shared rules, never from stored copies.
 */
import type { Customer, License, OrderState, OrderSummary, PaymentType } from '../../src/api/contract/schemas.js';
import { autoRenew, licenseActions, statusInOrder } from '../../src/rules/index.js';

const STANDARD_LINK_BASE = 'https://activate.example.com/a/';

/** The link to store for a license: null when it is the standard link of its code. */
export function storedActivationLink(code: string, link: string): string | null {
  return link === STANDARD_LINK_BASE + encodeURIComponent(code) ? null : link;
}

function activationLink(code: string, stored: string | null): string {
  return stored ?? STANDARD_LINK_BASE + encodeURIComponent(code);
}

/** `2026-11-27T09:14:03Z` (milliseconds only when there are some). */
export function isoInstant(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

export interface OrderRow {
  seq: number;
  id: string;
  order_number: string;
  purchased_at: number;
  user_name: string;
  product_id: string;
  product_name: string;
  amount: number;
  currency: string;
  payment_type: PaymentType;
  state: OrderState;
  distribution_company: string | null;
  quantity: number;
  active_count: number;
  available_count: number;
}

/** Columns of an {@link OrderRow}: `orders o` joined with `products p`. */
export const ORDER_COLUMNS = `o.seq, o.id, o.order_number, o.purchased_at, o.user_name, p.id AS product_id,
  p.name AS product_name, o.amount, o.currency, o.payment_type, o.state, o.distribution_company, o.quantity,
  o.active_count, o.available_count`;

export function orderSummary(row: OrderRow): OrderSummary {
  return {
    id: row.id,
    orderNumber: row.order_number,
    purchasedAt: isoInstant(row.purchased_at),
    user: row.user_name,
    product: { id: row.product_id, name: row.product_name },
    quantity: row.quantity,
    activeCount: row.active_count,
    availableCount: row.available_count,
    amount: { value: row.amount, currency: row.currency },
    paymentType: row.payment_type,
    state: row.state,
    distributionCompany: row.distribution_company,
  };
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
}

/** Columns of a {@link LicenseRow}: `licenses l` joined with `orders o`, left-joined with `customers c`. */
export const LICENSE_COLUMNS = `l.seq, l.id, l.order_seq, o.id AS order_id, o.state AS order_state, l.activation_code,
  l.activation_link, l.valid_from, l.valid_to, l.recurrent, l.activated_at, l.distribution_company,
  c.id AS customer_id, c.email AS customer_email, c.organization AS customer_organization`;

export const LICENSE_JOINS = `licenses l JOIN orders o ON o.seq = l.order_seq LEFT JOIN customers c ON c.seq = l.customer_seq`;

export function licenseView(row: LicenseRow): License {
  const status = statusInOrder(row.order_state, row.activated_at !== null);
  const recurrent = row.recurrent === 1;
  return {
    id: row.id,
    orderId: row.order_id,
    activationCode: row.activation_code,
    activationLink: activationLink(row.activation_code, row.activation_link),
    validFrom: row.valid_from,
    validTo: row.valid_to,
    status,
    recurrent,
    autoRenew: autoRenew({ status, recurrent }),
    distributionCompany: row.distribution_company,
    customer:
      row.customer_id === null
        ? null
        : { id: row.customer_id, email: row.customer_email ?? '', organization: row.customer_organization ?? '' },
    activatedAt: row.activated_at === null ? null : isoInstant(row.activated_at),
    actions: licenseActions(status),
  };
}

export interface CustomerRow {
  id: string;
  email: string;
  organization: string;
  first_name: string;
  last_name: string;
}

export const CUSTOMER_COLUMNS = 'c.id, c.email, c.organization, c.first_name, c.last_name';

export function customerView(row: CustomerRow): Customer {
  return { id: row.id, email: row.email, organization: row.organization, firstName: row.first_name, lastName: row.last_name };
}
