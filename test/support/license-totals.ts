/**
 * The totals of `GET /licenses` that a store's license tally answers, checked against the
 * licenses the same search pages through, one by one (no tally involved).
 */
import assert from 'node:assert/strict';
import type { ParsedLicenseSearchQuery } from '../../src/api/contract/schemas.js';
import type { Store } from '../../src/service/store.js';

/** A search of each filter the tally answers, around licenses whose term ends on `validTo` (of `productId`). */
export function talliedLicenseSearches(productId: string, validTo: string): ParsedLicenseSearchQuery[] {
  const month = validTo.slice(0, 7);
  const yearLater = `${Number(validTo.slice(0, 4)) + 1}${validTo.slice(4)}`;
  return [
    { status: 'active', expiringFrom: `${month}-01`, expiringTo: `${month}-28` },
    { autoRenew: true, expiringFrom: validTo, expiringTo: yearLater, productId },
    { autoRenew: false, status: 'active', expiringFrom: '2026-01-01' },
    { status: 'available', expiringTo: validTo, productId },
    { status: 'expired' },
    { status: 'refunded', productId },
  ];
}

/** Each search's total equals the number of licenses its pages hold. */
export async function assertLicenseTotals(store: Pick<Store, 'searchLicenses'>, resellerId: string, searches: readonly ParsedLicenseSearchQuery[], step: string): Promise<void> {
  for (const search of searches) {
    const { total } = await store.searchLicenses(resellerId, { ...search, limit: 1 });
    let listed = 0;
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<Store['searchLicenses']>> = await store.searchLicenses(resellerId, { ...search, limit: 500, ...(cursor === null ? {} : { cursor }) });
      listed += page.items.length;
      cursor = page.nextCursor;
    } while (cursor !== null);
    assert.equal(total, listed, `${step}: ${JSON.stringify(search)}`);
  }
}
