import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { createDemoWorld, type DemoOrderRecord } from '../../../src/api/memory/demo-data.js';
import { OrdersQuery, type OrderSort } from '../../../src/api/contract/schemas.js';
import { BadCursorError } from '../../../src/service/store.js';
import { type Db, openDatabase } from '../../../demo/server/store/sqlite/database.js';
import { searchOrders } from '../../../demo/server/store/sqlite/order-search.js';
import { seedDatabase } from '../../../demo/server/store/sqlite/seed.js';

const DAY = 86_400_000;
const today = new Date('2026-06-15T10:20:30Z');
const world = createDemoWorld({ seed: 11, today, orders: 1500, bigOrderLicenses: 30 });
const resellerA = world.resellers[0]!;
const orders: DemoOrderRecord[] = [...world.orders()].map((e) => e.order).filter((o) => o.resellerId === resellerA.id);
const productNames = new Map(world.products.map((p) => [p.id, p.name]));
const distributors = [...new Set(orders.map((o) => o.distributionCompany).filter((d) => d !== null))];

/** What a search should find, worked out independently of SQL: filter, then sort with ties in seed order. */
function expected(query: Record<string, string | undefined>, sort: OrderSort): string[] {
  const lower = (s: string) => s.toLowerCase();
  const matching = orders.filter((o) => {
    const at = Date.parse(o.purchasedAt);
    if (query.purchasedFrom && at < Date.parse(query.purchasedFrom)) return false;
    if (query.purchasedTo && at >= Date.parse(query.purchasedTo)) return false;
    if (query.state && o.state !== query.state) return false;
    if (query.paymentType && o.paymentType !== query.paymentType) return false;
    if (query.productName && !lower(productNames.get(o.productId) ?? '').includes(lower(query.productName))) return false;
    if (query.distributionCompany && lower(o.distributionCompany ?? '') !== lower(query.distributionCompany)) return false;
    return true;
  });
  const key = (o: DemoOrderRecord): number | string =>
    sort.startsWith('purchasedAt') ? Date.parse(o.purchasedAt) : sort.startsWith('amount') ? o.amount.value : lower(o.orderNumber);
  const direction = sort.endsWith(':desc') ? -1 : 1;
  const position = new Map(orders.map((o, i) => [o.id, i]));
  return matching
    .sort((x, y) => {
      const kx = key(x);
      const ky = key(y);
      if (kx !== ky) return (kx < ky ? -1 : 1) * direction;
      return ((position.get(x.id) ?? 0) - (position.get(y.id) ?? 0)) * direction;
    })
    .map((o) => o.id);
}

const instant = fc.integer({ min: today.getTime() - 125 * DAY, max: today.getTime() + DAY }).map((ms) => new Date(ms).toISOString());
const searchArb = fc.record(
  {
    purchasedFrom: instant,
    purchasedTo: instant,
    state: fc.constantFrom('processed', 'refunded'),
    paymentType: fc.constantFrom('css_balance', 'credit_card'),
    productName: fc.constantFrom('e', 'VPN', 'guard', 'Firewall', 'zzz'),
    distributionCompany: fc.constantFrom(...distributors.map((d) => d.toUpperCase()), 'Nobody Ltd'),
  },
  { requiredKeys: [] },
);
const sortArb = fc.constantFrom<OrderSort>('purchasedAt:desc', 'purchasedAt:asc', 'amount:desc', 'amount:asc', 'orderNumber:asc');

describe('searching the orders in SQLite', () => {
  let db: Db;
  let resellerSeq: number;
  before(() => {
    db = openDatabase(':memory:');
    seedDatabase(db, world);
    resellerSeq = db.prepare<[string], { seq: number }>('SELECT seq FROM resellers WHERE id = ?').get(resellerA.id)!.seq;
  });
  after(() => db.close());

  test('walking the cursors of any search visits each match once, in order, and every page states the total', () => {
    fc.assert(
      fc.property(searchArb, sortArb, fc.integer({ min: 7, max: 200 }), (search, sort, limit) => {
        const want = expected(search, sort);
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const query = OrdersQuery.parse({ ...search, sort, limit, ...(cursor ? { cursor } : {}) });
          const page = searchOrders(db, resellerSeq, query);
          assert.equal(page.total, want.length);
          assert.ok(page.items.length <= limit);
          seen.push(...page.items.map((o) => o.id));
          cursor = page.nextCursor ?? undefined;
        } while (cursor !== undefined && seen.length <= want.length);
        assert.deepEqual(seen, want);
      }),
      { numRuns: 150, seed: 42 },
    );
  });

  test('totals over whole days and partial days add up as when counted one by one', () => {
    fc.assert(
      fc.property(instant, instant, (from, to) => {
        const page = searchOrders(db, resellerSeq, OrdersQuery.parse({ purchasedFrom: from, purchasedTo: to, limit: 1 }));
        assert.equal(page.total, expected({ purchasedFrom: from, purchasedTo: to }, 'purchasedAt:desc').length);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  test('a cursor of another sort order is a bad cursor', () => {
    const first = searchOrders(db, resellerSeq, OrdersQuery.parse({ limit: 5 }));
    assert.ok(first.nextCursor);
    assert.throws(
      () => searchOrders(db, resellerSeq, OrdersQuery.parse({ limit: 5, sort: 'amount:asc', cursor: first.nextCursor })),
      BadCursorError,
    );
    assert.throws(() => searchOrders(db, resellerSeq, OrdersQuery.parse({ cursor: 'bm90IGEgY3Vyc29y' })), BadCursorError);
  });
});
