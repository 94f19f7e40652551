/**
 * What `<licenses-renewals>` asks the API: the licenses of a window by the day they expire,
 * as two groups (those that will renew, and the active ones that will lapse), each group's
 * count, and what the renewals will charge (each product's count in the window, from one
 * `GET /licenses/counts`, times its catalog price). Each license found names its order's product.
 */
import type { LicensesApi } from '../../api/client.js';
import type { Catalog, FoundLicense, LicenseCounts, LicenseCountsQuery, LicenseSearchQuery, Money } from '../../api/contract/schemas.js';

export type Group = 'renew' | 'lapse';

/** The days a window covers, both included. */
export interface Window {
  from: string;
  to: string;
}

/** Which licenses a group of a window holds. */
export function groupFilters(group: Group, window: Window): LicenseCountsQuery {
  const base = { expiringFrom: window.from, expiringTo: window.to };
  return group === 'renew' ? { ...base, autoRenew: true } : { ...base, autoRenew: false, status: 'active' };
}

/** The query of a group in a window: its licenses by the day they expire. */
export function groupQuery(group: Group, window: Window): LicenseSearchQuery {
  return { ...groupFilters(group, window), sort: 'validTo:asc' };
}

/** What the renewals of a window will charge. */
export interface Charge {
  /** By currency; empty when no price is known. */
  amounts: Money[];
  /** How many of the renewing licenses have a price in the catalog (the others are unpriced). */
  priced: number;
}

/** How many licenses of a group the window holds, in all and for each product. */
export function groupCounts(client: LicensesApi, group: Group, window: Window, signal: AbortSignal): Promise<LicenseCounts> {
  return client.countLicenses(groupFilters(group, window), { signal });
}

/** What the renewals will charge: each product's count of renewals times its catalog price. */
export function chargeOf(renewing: LicenseCounts, catalog: Catalog): Charge {
  const prices = new Map(catalog.items.map((product) => [product.id, product.unitPrice]));
  const byCurrency = new Map<string, number>();
  let priced = 0;
  for (const { product, count } of renewing.byProduct) {
    const price = prices.get(product.id);
    if (price === undefined) continue;
    priced += count;
    byCurrency.set(price.currency, (byCurrency.get(price.currency) ?? 0) + price.value * count);
  }
  return { amounts: [...byCurrency].map(([currency, value]) => ({ currency, value })), priced };
}

/** Every license of a group in the window, page by page (for 'all that match' and the export). */
export async function* groupPages(client: LicensesApi, group: Group, window: Window, signal?: AbortSignal): AsyncGenerator<{ items: FoundLicense[]; total: number }> {
  let cursor: string | null = null;
  do {
    const query: LicenseSearchQuery = { ...groupQuery(group, window), limit: 500, ...(cursor === null ? {} : { cursor }) };
    const page = await client.searchLicenses(query, { signal });
    yield page;
    cursor = page.nextCursor;
  } while (cursor !== null);
}
