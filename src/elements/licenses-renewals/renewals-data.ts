/**
 * What `<licenses-renewals>` asks the API: the licenses of a window by the day they expire,
 * as two groups (those that will renew, and the active ones that will lapse), each group's
 * count, and what the renewals will charge (each product's count in the window times its
 * catalog price). Each license found names its order's product.
 */
import type { LicensesApi } from '../../api/client.js';
import type { FoundLicense, LicenseSearchQuery, Money } from '../../api/contract/schemas.js';

export type Group = 'renew' | 'lapse';

/** The days a window covers, both included. */
export interface Window {
  from: string;
  to: string;
}

/** The query of a group in a window. */
export function groupQuery(group: Group, window: Window): LicenseSearchQuery {
  const base = { expiringFrom: window.from, expiringTo: window.to, sort: 'validTo:asc' as const };
  return group === 'renew' ? { ...base, autoRenew: true } : { ...base, autoRenew: false, status: 'active' };
}

/** Each group's count in the window. */
export interface Counts {
  renew: number;
  lapse: number;
}

/** What the renewals of a window will charge. */
export interface Charge {
  /** By currency; empty when no price is known. */
  amounts: Money[];
  /** How many of the renewing licenses have a price in the catalog (the others are unpriced). */
  priced: number;
}

/** Each group's count in the window: two requests at once, so that the counts show after the slower. */
export async function loadCounts(client: LicensesApi, window: Window, signal: AbortSignal): Promise<Counts> {
  const [renew, lapse] = await Promise.all([count(client, groupQuery('renew', window), signal), count(client, groupQuery('lapse', window), signal)]);
  return { renew, lapse };
}

/**
 * What the renewals will charge: each product's count of renewals in the window times its
 * catalog price. The counts go out together once the catalog names the products; the
 * groups' counts do not wait for them.
 */
export async function loadCharge(client: LicensesApi, window: Window, signal: AbortSignal): Promise<Charge> {
  const renewQuery = groupQuery('renew', window);
  const catalog = await client.getCatalog({ signal });
  const counts = await Promise.all(catalog.items.map(async (product) => ({ product, n: await count(client, { ...renewQuery, productId: product.id }, signal) })));
  const byCurrency = new Map<string, number>();
  let priced = 0;
  for (const { product, n } of counts) {
    priced += n;
    const { currency, value } = product.unitPrice;
    if (n > 0) byCurrency.set(currency, (byCurrency.get(currency) ?? 0) + value * n);
  }
  return { amounts: [...byCurrency].map(([currency, value]) => ({ currency, value })), priced };
}

function count(client: LicensesApi, query: LicenseSearchQuery, signal: AbortSignal): Promise<number> {
  return client.searchLicenses({ ...query, limit: 1 }, { signal }).then((p) => p.total);
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
