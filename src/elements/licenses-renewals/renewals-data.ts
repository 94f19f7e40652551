/**
 * What `<licenses-renewals>` asks the API: the licenses of a window by the day they expire,
 * as two groups (those that will renew, and the active ones that will lapse), each group's
 * count, what the renewals will charge (each product's count in the window times its
 * catalog price), and the product of each license (from its order, asked once per order).
 */
import type { LicensesApi } from '../../api/client.js';
import type { CatalogProduct, License, LicenseSearchQuery, Money, Product } from '../../api/contract/schemas.js';

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

export interface Totals {
  renew: number;
  lapse: number;
  /** What the renewals will charge, by currency; empty when no price is known. */
  amounts: Money[];
  /** How many of the renewing licenses have no price in the catalog. */
  unpriced: number;
}

/**
 * Each group's count in the window, and what the renewals will charge. Every request goes
 * out at once but the counts of each product, which go out as soon as the catalog names the
 * products (without waiting for the renewals' count), so that the totals take about as long
 * as the slowest two requests in a row.
 */
export async function loadTotals(client: LicensesApi, window: Window, signal: AbortSignal): Promise<Totals> {
  const count = (query: LicenseSearchQuery) => client.searchLicenses({ ...query, limit: 1 }, { signal }).then((p) => p.total);
  const renewQuery = groupQuery('renew', window);
  const byProduct = client.getCatalog({ signal }).then((catalog) =>
    Promise.all(catalog.items.map(async (product) => ({ product, n: await count({ ...renewQuery, productId: product.id }) }))),
  );
  const [renew, lapse, counts] = await Promise.all([count(renewQuery), count(groupQuery('lapse', window)), byProduct]);
  const byCurrency = new Map<string, number>();
  let priced = 0;
  for (const { product, n } of counts) {
    priced += n;
    const { currency, value } = product.unitPrice;
    if (n > 0) byCurrency.set(currency, (byCurrency.get(currency) ?? 0) + value * n);
  }
  return { renew, lapse, amounts: [...byCurrency].map(([currency, value]) => ({ currency, value })), unpriced: renew - priced };
}

/** The product of each license's order and the catalog's prices, each asked once. */
export class Products {
  private readonly byOrder = new Map<string, Promise<Product | null>>();
  private readonly known = new Map<string, Product | null>();
  private catalog: Promise<Map<string, CatalogProduct>> | null = null;

  constructor(private readonly client: () => LicensesApi | null) {}

  /** The product of the license's order, once known. */
  of(license: License): Product | null {
    return this.known.get(license.orderId) ?? null;
  }

  /** The catalog's price of a product, once known. */
  async price(product: Product | null): Promise<Money | null> {
    const client = this.client();
    if (product === null || client === null) return null;
    this.catalog ??= client.getCatalog().then((c) => new Map(c.items.map((p) => [p.id, p])));
    return (await this.catalog).get(product.id)?.unitPrice ?? null;
  }

  /** Asks for the products of the licenses' orders not asked for yet. */
  async load(licenses: readonly License[]): Promise<void> {
    const client = this.client();
    if (client === null) return;
    await Promise.all(
      licenses.map((license) => {
        const id = license.orderId;
        let pending = this.byOrder.get(id);
        if (pending === undefined) {
          pending = client.getOrder(id).then(
            (order) => order.product,
            () => null,
          );
          this.byOrder.set(id, pending);
        }
        return pending.then((product) => this.known.set(id, product));
      }),
    );
  }
}

/** Every license of a group in the window, page by page (for 'all that match' and the export). */
export async function* groupPages(client: LicensesApi, group: Group, window: Window, signal?: AbortSignal): AsyncGenerator<{ items: License[]; total: number }> {
  let cursor: string | null = null;
  do {
    const query: LicenseSearchQuery = { ...groupQuery(group, window), limit: 500, ...(cursor === null ? {} : { cursor }) };
    const page = await client.searchLicenses(query, { signal });
    yield page;
    cursor = page.nextCursor;
  } while (cursor !== null);
}
