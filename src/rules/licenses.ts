/**
 * The business rules of the reseller portal, in one pure module shared by the memory
 * client and the demo backend. Nothing here performs I/O.
 */
import type { ActionReason, LicenseActions, LicenseStatus, OrderState } from '../api/contract/schemas.js';

/** A license's stored facts, before the derived fields of the contract are added. */
export interface LicenseFacts {
  status: LicenseStatus;
  recurrent: boolean;
}

/** Auto Renew reads true only for an activated license whose recurrence is on. */
export function autoRenew(license: LicenseFacts): boolean {
  return license.recurrent && license.status === 'active';
}

/**
 * The vendor's notice period: a billing change made later than this many days before
 * `validTo` no longer affects the coming renewal.
 */
export const RENEWAL_NOTICE_DAYS = 2;

/** The last day on which a billing change still affects the coming renewal: active licenses only. */
export function renewalDeadline(status: LicenseStatus, validTo: string): string | null {
  return status === 'active' ? addDays(validTo, -RENEWAL_NOTICE_DAYS) : null;
}

/** The ISO date `days` after `date` (before it when negative). */
export function addDays(date: string, days: number): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

/** Why the license cannot be activated now, or null when it can. A license activates once. */
export function activationRefusal(status: LicenseStatus): ActionReason | null {
  if (status === 'refunded') return 'order_refunded';
  if (status === 'expired') return 'license_expired';
  if (status === 'active') return 'license_already_active';
  return null;
}

/** Why auto-renewal cannot be switched now, or null when it can: activated licenses only. */
export function billingChangeRefusal(status: LicenseStatus): ActionReason | null {
  if (status === 'refunded') return 'order_refunded';
  if (status === 'expired') return 'license_expired';
  if (status === 'available') return 'license_not_active';
  return null;
}

/** Why the license cannot be deactivated or transferred now, or null when it can: active ones only. */
export function holderChangeRefusal(status: LicenseStatus): ActionReason | null {
  if (status === 'refunded') return 'order_refunded';
  if (status !== 'active') return 'license_not_active';
  return null;
}

/** The `actions` block of a license: what may be done now, and why not. */
export function licenseActions(status: LicenseStatus, scheduledChange = false): LicenseActions {
  const action = (reason: ActionReason | null) => ({ allowed: reason === null, reason });
  const holder = holderChangeRefusal(status);
  return {
    activate: action(activationRefusal(status)),
    changeBillingState: action(billingChangeRefusal(status)),
    deactivate: action(holder),
    transfer: action(holder),
    cancelScheduledChange: action(scheduledChange ? null : 'no_scheduled_change'),
  };
}

/**
 * The status a license of an order has when the order is in `state` (refunds are total);
 * `expired` once its term ended without a renewal.
 */
export function statusInOrder(state: OrderState, activated: boolean, expired = false): LicenseStatus {
  if (state === 'refunded') return 'refunded';
  if (expired) return 'expired';
  return activated ? 'active' : 'available';
}

export interface OrderCounts {
  quantity: number;
  activeCount: number;
  availableCount: number;
}

/** Active and available counts, always derived from the licenses themselves. */
export function orderCounts(statuses: Iterable<LicenseStatus>): OrderCounts {
  let quantity = 0;
  let activeCount = 0;
  let availableCount = 0;
  for (const s of statuses) {
    quantity += 1;
    if (s === 'active') activeCount += 1;
    else if (s === 'available') availableCount += 1;
  }
  return { quantity, activeCount, availableCount };
}

/** Confirmation emails: at most this many per order within the window. */
export const CONFIRMATION_EMAIL_LIMIT = { count: 3, windowSeconds: 600 } as const;
