/** The arithmetic and links of `<buy-licenses>`, apart from its rendering. */
import type { Money, OrderSummary } from '../../api/contract/schemas.js';
import { isSafeLink } from '../../api/contract/links.js';
import { LIMITS } from '../../api/contract/values.js';

/** The quantity typed, when it is a whole number from 1 to the contract's limit; else null. */
export function parseQuantity(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n >= 1 && n <= LIMITS.orderQuantity ? n : null;
}

/** What `quantity` licenses at `unitPrice` cost, in minor units. */
export function orderTotal(unitPrice: Money, quantity: number): Money {
  return { value: unitPrice.value * quantity, currency: unitPrice.currency };
}

/** The page of a new order from the `order-url` template, relative to the page; null when none or unsafe. */
export function orderLink(template: string, order: OrderSummary): string | null {
  if (template.trim() === '') return null;
  const filled = template
    .replaceAll('{orderNumber}', encodeURIComponent(order.orderNumber))
    .replaceAll('{orderId}', encodeURIComponent(order.id));
  let url: string;
  try {
    url = new URL(filled, document.baseURI).href;
  } catch {
    return null;
  }
  return isSafeLink(url) ? url : null;
}
