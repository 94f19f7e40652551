/** The rules of an order as a whole: when it may be cancelled, and what it costs. */
import type { ActionReason, Money, OrderActions, OrderState, PaymentType } from '../api/contract/schemas.js';

/** How long after the purchase an order may be cancelled. */
export const CANCELLATION_WINDOW_DAYS = 7;

export interface OrderFacts {
  state: OrderState;
  purchasedAt: string;
  activeCount: number;
}

/**
 * Why the order cannot be cancelled at `now`, or null when it can: within the window, and
 * only once none of its licenses is active any more.
 */
export function cancellationRefusal(order: OrderFacts, now: Date): ActionReason | null {
  if (order.state === 'refunded') return 'order_refunded';
  if (now.getTime() - Date.parse(order.purchasedAt) > CANCELLATION_WINDOW_DAYS * 86_400_000) return 'cancellation_window_closed';
  if (order.activeCount > 0) return 'order_has_active_licenses';
  return null;
}

export function orderActions(order: OrderFacts, now: Date): OrderActions {
  const cancel = cancellationRefusal(order, now);
  return { cancel: { allowed: cancel === null, reason: cancel } };
}

/** What `quantity` licenses at `unitPrice` cost. */
export function orderAmount(unitPrice: Money, quantity: number): Money {
  return { value: unitPrice.value * quantity, currency: unitPrice.currency };
}

/** Whether paying `amount` this way needs that much on the CSS balance, and it lacks it. */
export function lacksBalance(paymentType: PaymentType, amount: Money, balance: Money): boolean {
  return paymentType === 'css_balance' && balance.value < amount.value;
}
