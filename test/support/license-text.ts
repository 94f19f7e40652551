/**
 * `GET /licenses` and `GET /licenses/counts` by `q` against a plain scan of every license:
 * the same check for each SQL store, which gives the scan as SQL on its own schema.
 */
import assert from 'node:assert/strict';
import type { DemoWorld } from '../../src/api/memory/demo-data.js';
import type { StoreReads } from '../../src/service/store.js';

/** A window of `validTo`, as the searches take it. */
export interface ExpiryWindow {
  expiringFrom?: string;
  expiringTo?: string;
}

/** A license a plain scan found: its id and its order's product. */
export interface ScannedLicense {
  id: string;
  productId: string;
}

/**
 * The fragments the check searches by, from the reseller's orders: parts of a held license's
 * code (one across a dash), of its holder's email (one across the at sign), of an order
 * number and of a product's name, the start every order number shares (which filters
 * nothing), the end of a stem of the numbers that not every number holds (when the numbers
 * have several stems), and some that find nothing (one with a character beyond ASCII and a slash).
 */
export function licenseFragments(world: DemoWorld, resellerId: string): string[] {
  const mine = [...world.orders()].filter((e) => e.order.resellerId === resellerId);
  const held = mine.flatMap((e) => e.licenses).find((l) => l.customerId !== null)!;
  const code = held.activationCode.toLowerCase();
  const email = world.customers.find((c) => c.id === held.customerId)!.email.toLowerCase();
  const number = mine[5]!.order.orderNumber.toLowerCase();
  const product = world.products.find((p) => p.id === mine[0]!.order.productId)!.name.toLowerCase();
  const numbers = mine.map((e) => e.order.orderNumber.toLowerCase());
  const start = numbers[0]!.slice(0, 3);
  assert.ok(numbers.every((n) => n.includes(start)), `every order number holds ${start}`);
  // The end of a stem of the numbers (what is left without the last digits) that another stem does not hold, if there is one.
  const stems = [...new Set(numbers.map((n) => n.replace(/[0-9]+$/, '')))];
  const stemEnd = stems.map((stem) => stem.slice(-5)).find((end) => end.length >= 3 && !stems.every((stem) => stem.includes(end)));
  const at = email.indexOf('@');
  return [
    code.slice(5, 9), code.slice(3, 7), email.slice(at - 2, at + 3), email.slice(0, 4), number.slice(-3), number.slice(-6),
    product.slice(1, 5), start, ...(stemEnd === undefined ? [] : [stemEnd]), 'ä/b', 'zzzq', '-a.',
  ];
}

/**
 * For each fragment and window: the search, walked page by page, finds the licenses the plain
 * scan (`scan`, in the store's order of `validTo` and tie-breaker) finds, with their total, and
 * the counts by product count them.
 */
export async function assertLicenseTextSearches(
  store: Pick<StoreReads, 'searchLicenses' | 'countLicensesByProduct'>,
  resellerId: string,
  fragments: readonly string[],
  windows: readonly ExpiryWindow[],
  scan: (q: string, window: ExpiryWindow) => Promise<ScannedLicense[]> | ScannedLicense[],
): Promise<void> {
  let found = 0;
  for (const q of fragments) {
    for (const window of windows) {
      const what = `q=${q} ${JSON.stringify(window)}`;
      const expected = await scan(q, window);
      found += expected.length;
      const ids: string[] = [];
      let cursor: string | undefined;
      let total = -1;
      do {
        const page = await store.searchLicenses(resellerId, { q, ...window, limit: 7, ...(cursor === undefined ? {} : { cursor }) });
        ids.push(...page.items.map((l) => l.id));
        total = page.total;
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      assert.deepEqual(ids, expected.map((l) => l.id), what);
      assert.equal(total, expected.length, `the total of ${what}`);
      const byProduct = new Map<string, number>();
      for (const l of expected) byProduct.set(l.productId, (byProduct.get(l.productId) ?? 0) + 1);
      const counts = await store.countLicensesByProduct(resellerId, { q, ...window });
      assert.deepEqual(new Map(counts.map((c) => [c.product.id, c.count])), byProduct, `the counts of ${what}`);
    }
  }
  assert.ok(found > 0, 'the fragments find licenses');
}

/** Windows of `validTo` around `today` (YYYY-MM-DD): none, the next 400 days, and 60 days either side. */
export function expiryWindows(today: string): ExpiryWindow[] {
  const plus = (days: number) => new Date(Date.parse(today) + days * 86_400_000).toISOString().slice(0, 10);
  return [{}, { expiringFrom: today, expiringTo: plus(400) }, { expiringFrom: plus(-60), expiringTo: plus(60) }];
}
