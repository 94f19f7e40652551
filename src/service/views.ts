/**
 * Stored records as the contract's resources. What is derived (a license's status, Auto
 * Renew, its actions and standard link) comes from the rules here, never from stored copies.
 */
import type { Customer, HistoryEntry, License, LicenseStatus, OrderSummary } from '../api/contract/schemas.js';
import { autoRenew, licenseActions, renewalDeadline, statusInOrder } from '../rules/licenses.js';
import { orderActions } from '../rules/orders.js';
import type { CustomerRecord, LicenseRecord, OrderRecord } from './store.js';

/** The order as the contract shows it, with what may be done with it at `now`. */
export function orderSummary(order: OrderRecord, now: Date): OrderSummary {
  const { id, orderNumber, purchasedAt, user, product, quantity, activeCount, availableCount, amount } = order;
  return {
    id,
    orderNumber,
    purchasedAt,
    user,
    product: { id: product.id, name: product.name },
    quantity,
    activeCount,
    availableCount,
    amount: { value: amount.value, currency: amount.currency },
    paymentType: order.paymentType,
    state: order.state,
    distributionCompany: order.distributionCompany,
    actions: orderActions(order, now),
  };
}

/** The license's status: refunded with its order, expired once its term ended unrenewed, else active or available. */
export function statusOf(license: Pick<LicenseRecord, 'orderState' | 'activatedAt' | 'expiredAt'>): LicenseStatus {
  return statusInOrder(license.orderState, license.activatedAt !== null, license.expiredAt !== null);
}

/** The license as the contract shows it; `linkBase` makes the standard activation link of a code. */
export function licenseView(license: LicenseRecord, linkBase: string): License {
  const status = statusOf(license);
  const { customer, scheduledChange } = license;
  return {
    id: license.id,
    orderId: license.orderId,
    activationCode: license.activationCode,
    activationLink: license.activationLink ?? linkBase + encodeURIComponent(license.activationCode),
    validFrom: license.validFrom,
    validTo: license.validTo,
    status,
    recurrent: license.recurrent,
    autoRenew: autoRenew({ status, recurrent: license.recurrent }),
    distributionCompany: license.distributionCompany,
    customer: customer === null ? null : { id: customer.id, email: customer.email, organization: customer.organization },
    activatedAt: license.activatedAt,
    renewalDeadline: renewalDeadline(status, license.validTo),
    scheduledBillingChange: scheduledChange === null ? null : { recurrent: scheduledChange.recurrent, effectiveOn: scheduledChange.effectiveOn },
    actions: licenseActions(status, scheduledChange !== null),
  };
}

export function customerView(customer: CustomerRecord): Customer {
  const { id, email, organization, firstName, lastName } = customer;
  return { id, email, organization, firstName, lastName };
}

/** The purchase and the activation, which are facts of the order and license, as history entries. */
export function factEntries(license: LicenseRecord, order: OrderRecord, resellerUser: string): HistoryEntry[] {
  const entries: HistoryEntry[] = [
    {
      id: `${license.id}.purchased`,
      at: order.purchasedAt,
      actor: { kind: 'reseller', name: order.user },
      kind: 'purchased',
      detail: `Purchased with order ${order.orderNumber}`,
    },
  ];
  if (license.activatedAt !== null) {
    entries.push({
      id: `${license.id}.activated`,
      at: license.activatedAt,
      actor: { kind: 'reseller', name: resellerUser },
      kind: 'activated',
      detail: license.customer === null ? 'Activated' : `Activated for ${license.customer.email}`,
    });
  }
  return entries;
}
