/**
 * The contract's resources as the memory client answers them, derived from stored records
 * with the shared rules: status, Auto Renew, allowed actions and counts are never stored.
 */
import type { HistoryEntry, License, OrderSummary } from '../contract/schemas.js';
import { LIMITS } from '../contract/schemas.js';
import { autoRenew, licenseActions } from '../../rules/licenses.js';
import type { MemoryStore, StoredLicense, StoredOrder } from './memory-store.js';

export function orderSummary(store: MemoryStore, order: StoredOrder): OrderSummary {
  const { record } = order;
  const product = store.product(record.productId) ?? { id: record.productId, name: record.productId };
  return {
    id: record.id,
    orderNumber: record.orderNumber,
    purchasedAt: record.purchasedAt,
    user: record.user,
    product: { id: product.id, name: product.name },
    ...store.counts(order),
    amount: { ...record.amount },
    paymentType: record.paymentType,
    state: record.state,
    distributionCompany: record.distributionCompany,
  };
}

export function licenseView(store: MemoryStore, license: StoredLicense): License {
  const { record } = license;
  const status = store.status(license);
  const customer = record.customerId === null ? undefined : store.customer(record.customerId);
  return {
    id: record.id,
    orderId: record.orderId,
    activationCode: record.activationCode,
    activationLink: record.activationLink,
    validFrom: record.validFrom,
    validTo: record.validTo,
    status,
    recurrent: record.recurrent,
    autoRenew: autoRenew({ status, recurrent: record.recurrent }),
    distributionCompany: record.distributionCompany,
    customer: customer ? { id: customer.id, email: customer.email, organization: customer.organization } : null,
    activatedAt: record.activatedAt,
    actions: licenseActions(status),
  };
}

/**
 * The license's audit trail, oldest first: its purchase, its activation, then what was
 * recorded since (billing changes, emails about it or its order). The newest entries win
 * when there are more than a page holds.
 */
export function licenseHistory(store: MemoryStore, license: StoredLicense, resellerUser: string): HistoryEntry[] {
  const { record, order } = license;
  const entries: HistoryEntry[] = [
    {
      id: `${record.id}.purchased`,
      at: order.record.purchasedAt,
      actor: order.record.user,
      kind: 'purchased',
      detail: `Purchased with order ${order.record.orderNumber}`,
    },
  ];
  if (record.activatedAt !== null) {
    const customer = record.customerId === null ? undefined : store.customer(record.customerId);
    entries.push({
      id: `${record.id}.activated`,
      at: record.activatedAt,
      actor: resellerUser,
      kind: 'activated',
      detail: customer ? `Activated for ${customer.email}` : 'Activated',
    });
  }
  entries.push(...license.events, ...order.events);
  entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return entries.slice(-LIMITS.history);
}
