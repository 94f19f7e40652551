/**
 * The renewals' queries over the memory store: `GET /licenses` (licenses across orders by
 * `validTo`, with every filter of the contract and a keyset cursor) and its counts per
 * product, the terms that ended, and the scheduled billing changes that are due.
 */
import type { LicenseSort, ParsedLicenseCountsQuery, ParsedLicenseSearchQuery } from '../contract/schemas.js';
import { autoRenew } from '../../rules/licenses.js';
import { BadCursorError, type StorePage } from '../../service/store.js';
import { decodeJsonCursor, encodeJsonCursor } from '../../internal/json-cursor.js';
import type { MemoryStore, StoredLicense } from './memory-store.js';

const lower = (text: string) => text.toLowerCase();

function matches(store: MemoryStore, license: StoredLicense, q: ParsedLicenseCountsQuery): boolean {
  const { record } = license;
  if (q.expiringFrom !== undefined && record.validTo < q.expiringFrom) return false;
  if (q.expiringTo !== undefined && record.validTo > q.expiringTo) return false;
  if (q.productId !== undefined && license.order.record.productId !== q.productId) return false;
  const status = store.status(license);
  if (q.status !== undefined && status !== q.status) return false;
  if (q.autoRenew !== undefined && autoRenew({ status, recurrent: record.recurrent }) !== q.autoRenew) return false;
  if (q.q === undefined) return true;
  const needle = lower(q.q);
  const texts = [record.activationCode, store.customerEmail(record.customerId) ?? '', store.productName(license.order.record.productId), license.order.record.orderNumber];
  return texts.some((text) => lower(text).includes(needle));
}

/** By `validTo`, then by id, both in the sort's direction. */
function compare(sort: LicenseSort, a: { validTo: string; id: string }, b: { validTo: string; id: string }): number {
  const order = a.validTo !== b.validTo ? (a.validTo < b.validTo ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  return sort === 'validTo:desc' ? -order : order;
}

export function searchLicenses(store: MemoryStore, resellerId: string, q: ParsedLicenseSearchQuery & { limit: number }): StorePage<StoredLicense> {
  const sort = q.sort ?? 'validTo:asc';
  const all = [...store.licensesOf(resellerId)].filter((l) => matches(store, l, q));
  all.sort((a, b) => compare(sort, a.record, b.record));
  let start = 0;
  if (q.cursor !== undefined) {
    const after = readCursor(q.cursor, sort);
    start = all.findIndex((l) => compare(sort, l.record, after) > 0);
    if (start < 0) start = all.length;
  }
  const items = all.slice(start, start + q.limit);
  const last = items.at(-1);
  const more = start + q.limit < all.length && last !== undefined;
  return { items, total: all.length, nextCursor: more ? encodeJsonCursor({ s: sort, v: last.record.validTo, i: last.record.id }) : null };
}

/** How many of the reseller's licenses match the filters, by the product id of their orders. */
export function countByProduct(store: MemoryStore, resellerId: string, q: ParsedLicenseCountsQuery): Map<string, number> {
  const counts = new Map<string, number>();
  for (const license of store.licensesOf(resellerId)) {
    if (!matches(store, license, q)) continue;
    const productId = license.order.record.productId;
    counts.set(productId, (counts.get(productId) ?? 0) + 1);
  }
  return counts;
}

function readCursor(cursor: string, sort: LicenseSort): { validTo: string; id: string } {
  const value = decodeJsonCursor(cursor) as Record<string, unknown> | undefined;
  if (typeof value === 'object' && value !== null && value['s'] === sort && typeof value['v'] === 'string' && typeof value['i'] === 'string') {
    return { validTo: value['v'], id: value['i'] };
  }
  throw new BadCursorError('This cursor does not belong to this search; start again without it');
}

/** Licenses not marked expired whose `validTo` lies before `before`, earliest first. */
export function endedTerms(store: MemoryStore, resellerId: string, before: string, limit: number): StoredLicense[] {
  const ended = [...store.licensesOf(resellerId)].filter((l) => (l.record.expiredAt ?? null) === null && l.record.validTo < before);
  return ended.sort((a, b) => compare('validTo:asc', a.record, b.record)).slice(0, limit);
}

/** Licenses whose scheduled change is effective on or before `through`, earliest first. */
export function dueScheduledChanges(store: MemoryStore, resellerId: string, through: string, limit: number): StoredLicense[] {
  const due = [...store.licensesOf(resellerId)].flatMap((l) => {
    const change = l.record.scheduledChange;
    return change && change.effectiveOn <= through ? [{ license: l, key: { validTo: change.effectiveOn, id: l.record.id } }] : [];
  });
  return due.sort((a, b) => compare('validTo:asc', a.key, b.key)).slice(0, limit).map((d) => d.license);
}
