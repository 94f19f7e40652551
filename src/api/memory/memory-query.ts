/**
 * `GET /orders` and `GET /orders/{id}/licenses` over the memory store: every filter and
 * sort of the contract, with opaque cursors that stay stable while the data changes.
 */
import type { LicenseStatus, OrderSort, ParsedLicensesQuery, ParsedOrdersQuery } from '../contract/schemas.js';
import type { MemoryStore, StoredLicense, StoredOrder } from './memory-store.js';
import { BadCursorError, type StorePage } from '../../service/store.js';
import { decodeJsonCursor, encodeJsonCursor } from '../../internal/json-cursor.js';

type Slice<T> = StorePage<T>;

const lower = (text: string) => text.toLowerCase();

/** Whether the order meets every filter of the query besides those answered by an index. */
function matches(store: MemoryStore, order: StoredOrder, q: ParsedOrdersQuery): boolean {
  const o = order.record;
  const at = Date.parse(o.purchasedAt);
  if (q.purchasedFrom !== undefined && at < Date.parse(q.purchasedFrom)) return false;
  if (q.purchasedTo !== undefined && at >= Date.parse(q.purchasedTo)) return false;
  if (q.orderNumber !== undefined && lower(o.orderNumber) !== lower(q.orderNumber)) return false;
  if (q.productId !== undefined && o.productId !== q.productId) return false;
  if (q.productName !== undefined) {
    const name = store.productName(o.productId);
    if (!lower(name).includes(lower(q.productName))) return false;
  }
  if (q.state !== undefined && o.state !== q.state) return false;
  if (q.paymentType !== undefined && o.paymentType !== q.paymentType) return false;
  if (q.distributionCompany !== undefined && lower(o.distributionCompany ?? '') !== lower(q.distributionCompany)) return false;
  if (q.q !== undefined && !holdsFragment(store, order, lower(q.q))) return false;
  return true;
}

/** Whether the order's number, product name, distribution company, a code or a holder's email holds `fragment` (lower case). */
function holdsFragment(store: MemoryStore, order: StoredOrder, fragment: string): boolean {
  const o = order.record;
  const own = [o.orderNumber, store.productName(o.productId), o.distributionCompany ?? ''];
  if (own.some((text) => lower(text).includes(fragment))) return true;
  return order.licenses.some(
    (license) => lower(license.record.activationCode).includes(fragment) || lower(store.customerEmail(license.record.customerId) ?? '').includes(fragment),
  );
}

/** The orders that the license-level filters (activation code, customer email) allow. */
function candidates(store: MemoryStore, resellerId: string, q: ParsedOrdersQuery): Iterable<StoredOrder> {
  let set: Set<StoredOrder> | null = null;
  const narrow = (next: Set<StoredOrder>) => {
    set = set === null ? next : new Set([...set].filter((o) => next.has(o)));
  };
  if (q.activationCode !== undefined) narrow(new Set(store.licensesByCode(resellerId, q.activationCode).map((l) => l.order)));
  if (q.customerEmail !== undefined) narrow(store.ordersOfCustomerEmail(resellerId, q.customerEmail));
  return set ?? store.ordersOf(resellerId);
}

type Key = number | string;

function sortKey(order: StoredOrder, sort: OrderSort): Key {
  const o = order.record;
  if (sort.startsWith('purchasedAt')) return Date.parse(o.purchasedAt);
  if (sort.startsWith('amount')) return o.amount.value;
  return lower(o.orderNumber);
}

/** Orders in `sort` order; ties broken by id, so that every order has one place. */
function comparator(sort: OrderSort): (a: StoredOrder, b: StoredOrder) => number {
  const direction = sort.endsWith(':desc') ? -1 : 1;
  return (a, b) => {
    const x = sortKey(a, sort);
    const y = sortKey(b, sort);
    if (x !== y) return (x < y ? -1 : 1) * direction;
    return (a.record.id < b.record.id ? -1 : a.record.id > b.record.id ? 1 : 0) * direction;
  };
}

export function searchOrders(store: MemoryStore, resellerId: string, q: ParsedOrdersQuery & { limit: number }): Slice<StoredOrder> {
  const sort = q.sort ?? 'purchasedAt:desc';
  const { limit } = q;
  const compare = comparator(sort);
  const all = [...candidates(store, resellerId, q)].filter((o) => matches(store, o, q)).sort(compare);
  let start = 0;
  if (q.cursor !== undefined) {
    const cursor = decodeCursor(q.cursor);
    const anchor = typeof cursor['a'] === 'string' ? store.storedOrder(resellerId, cursor['a']) : undefined;
    if (cursor['s'] !== sort || !anchor) throw new BadCursorError('The cursor belongs to another search');
    start = all.findIndex((o) => compare(o, anchor) > 0);
    if (start < 0) start = all.length;
  }
  const items = all.slice(start, start + limit);
  const last = items.at(-1);
  const more = start + limit < all.length && last !== undefined;
  return { items, total: all.length, nextCursor: more ? encodeCursor({ s: sort, a: last.record.id }) : null };
}

function licenseMatches(store: MemoryStore, license: StoredLicense, status: LicenseStatus | undefined, q: string | undefined): boolean {
  if (status !== undefined && store.status(license) !== status) return false;
  if (q === undefined) return true;
  if (lower(license.record.activationCode).includes(q)) return true;
  const email = store.customerEmail(license.record.customerId);
  return email !== undefined && lower(email).includes(q);
}

/** One page of an order's licenses, in the order they were issued. */
export function licensePage(store: MemoryStore, order: StoredOrder, query: ParsedLicensesQuery & { limit: number }): Slice<StoredLicense> {
  const { limit } = query;
  let start = 0;
  if (query.cursor !== undefined) {
    const cursor = decodeCursor(query.cursor);
    const after = cursor['i'];
    if (cursor['o'] !== order.record.id || typeof after !== 'number' || !Number.isInteger(after) || after < 0) {
      throw new BadCursorError('The cursor belongs to another order');
    }
    start = after + 1;
  }
  const { licenses } = order;
  const q = query.q === undefined ? undefined : lower(query.q);
  if (query.status === undefined && q === undefined) {
    const items = licenses.slice(start, start + limit);
    const more = start + limit < licenses.length;
    return { items, total: licenses.length, nextCursor: more ? encodeCursor({ o: order.record.id, i: start + limit - 1 }) : null };
  }
  const items: StoredLicense[] = [];
  let total = 0;
  let more = false;
  for (const license of licenses) {
    if (!licenseMatches(store, license, query.status, q)) continue;
    total += 1;
    if (license.index < start) continue;
    if (items.length < limit) items.push(license);
    else more = true;
  }
  const last = items.at(-1);
  return { items, total, nextCursor: more && last ? encodeCursor({ o: order.record.id, i: last.index }) : null };
}

const encodeCursor = encodeJsonCursor;

function decodeCursor(cursor: string): Record<string, unknown> {
  const value = decodeJsonCursor(cursor);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new BadCursorError('The cursor is not valid');
}
