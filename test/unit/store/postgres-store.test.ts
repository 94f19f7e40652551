/**
 * The PostgreSQL store against a real server (a throwaway cluster, or PGlite where no
 * PostgreSQL is installed): every search filter and sort against brute force over the demo
 * world, paging, reseller isolation, transactions and their retries, the writes of the port.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { PoolClient } from 'pg';
import { type Actor, HistoryKind, type OrderSort, type ParsedOrdersQuery } from '../../../src/api/contract/schemas.js';
import { assertProductNameFolds, FOLDED_PRODUCT, productsNamed, withFoldedProduct } from '../../support/product-case.js';
import { createDemoWorld, type DemoLicenseRecord, type DemoOrderRecord } from '../../../src/api/memory/demo-data.js';
import {
  BadCursorError,
  type HistoryRecord,
  type NewHistoryRecord,
  type NewLicenseRecord,
  type NewOrderRecord,
  type OrderRecord,
  type StoreTx,
} from '../../../src/service/store.js';
import { openPostgresStore, type PostgresStore } from '../../../demo/server/store/postgres/postgres-store.js';
import { LARGEST_TIMED_ROW } from '../../../demo/server/store/postgres/order-times.js';
import { applyMigration, MIGRATIONS } from '../../../demo/server/store/postgres/schema.js';
import { isoInstant } from '../../../src/service/clock.js';
import { Conditions, sentSeqs, sentTimes } from '../../../demo/server/store/postgres/sql.js';
import { codeHolds, emailHolds, lookupOf, numberHolds } from '../../../demo/server/store/postgres/order-filter.js';
import { listedOrders } from '../../../demo/server/store/shared/order-lists.js';
import { assertLicenseTextSearches, expiryWindows, licenseFragments, type ScannedLicense } from '../../support/license-text.js';
import { assertLicenseTotals, talliedLicenseSearches } from '../../support/license-totals.js';
import { assertSharedNumberStart, stemsOf } from '../../support/number-stems.js';
import { startPostgres, type TestPostgres } from '../../support/postgres.js';
import { startDemoServer } from '../../../demo/server/start.js';
import { callApi } from '../server/fixture.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const world = withFoldedProduct(createDemoWorld({ seed: 7, orders: 120, bigOrderLicenses: 300, today: new Date('2026-11-27T15:30:00Z') }));
const entries = [...world.orders()];
const resellerA = world.resellers[0]!.id;
const resellerB = world.resellers[1]!.id;
const productNames = new Map(world.products.map((p) => [p.id, p.name]));
const customerEmails = new Map(world.customers.map((c) => [c.id, c.email]));
const lower = (text: string) => text.toLowerCase();
const SORTS: OrderSort[] = ['purchasedAt:desc', 'purchasedAt:asc', 'amount:desc', 'amount:asc', 'orderNumber:asc'];

type Entry = { order: DemoOrderRecord; licenses: DemoLicenseRecord[] };

function bruteMatches(entry: Entry, q: ParsedOrdersQuery): boolean {
  const o = entry.order;
  const at = Date.parse(o.purchasedAt);
  if (q.purchasedFrom !== undefined && at < Date.parse(q.purchasedFrom)) return false;
  if (q.purchasedTo !== undefined && at >= Date.parse(q.purchasedTo)) return false;
  if (q.orderNumber !== undefined && lower(o.orderNumber) !== lower(q.orderNumber)) return false;
  if (q.productId !== undefined && o.productId !== q.productId) return false;
  if (q.productName !== undefined && !lower(productNames.get(o.productId) ?? '').includes(lower(q.productName))) return false;
  if (q.state !== undefined && o.state !== q.state) return false;
  if (q.paymentType !== undefined && o.paymentType !== q.paymentType) return false;
  if (q.distributionCompany !== undefined && lower(o.distributionCompany ?? '') !== lower(q.distributionCompany)) return false;
  if (q.activationCode !== undefined && !entry.licenses.some((l) => lower(l.activationCode) === lower(q.activationCode!))) return false;
  if (q.customerEmail !== undefined) {
    const email = lower(q.customerEmail);
    if (!entry.licenses.some((l) => l.customerId !== null && lower(customerEmails.get(l.customerId) ?? '') === email)) return false;
  }
  return true;
}

function bruteSearch(resellerId: string, q: ParsedOrdersQuery): string[] {
  const sort = q.sort ?? 'purchasedAt:desc';
  const key = (o: DemoOrderRecord): string | number =>
    sort.startsWith('purchasedAt') ? Date.parse(o.purchasedAt) : sort.startsWith('amount') ? o.amount.value : lower(o.orderNumber);
  const direction = sort.endsWith(':desc') ? -1 : 1;
  return entries
    .filter((e) => e.order.resellerId === resellerId && bruteMatches(e, q))
    .map((e) => e.order)
    .sort((a, b) => {
      const x = key(a);
      const y = key(b);
      if (x !== y) return (x < y ? -1 : 1) * direction;
      return (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) * direction;
    })
    .map((o) => o.id);
}

let db: TestPostgres;
let store: PostgresStore;

before(async () => {
  db = await startPostgres();
  store = await openPostgresStore({ connectionString: db.url, max: db.poolSize ?? 10 });
  await store.seed(world, { seed: 7 });
});

after(async () => {
  await store?.close();
  await db?.stop();
});

/** The orders `q` finds, as a plain scan in SQL tests them: number, product, company, a code, a holder's email ($1 the reseller, $2 `q`, $3 the products named). */
const PLAIN_TEXT_MATCH = `o.reseller_id = $1 AND (strpos(o.order_number_lower, $2) > 0 OR o.product_id = ANY($3::text[])
  OR strpos(o.distributor_lower, $2) > 0 OR EXISTS (
    SELECT 1 FROM licenses l LEFT JOIN customers c ON c.reseller_id = l.reseller_id AND c.id = l.customer_id
    WHERE l.reseller_id = o.reseller_id AND l.order_id = o.id
      AND (strpos(lower(l.activation_code), $2) > 0 OR strpos(c.email_lower, $2) > 0)))`;

/** How many of the reseller's orders `q` finds, by a plain scan in SQL. */
async function plainTextTotal(resellerId: string, q: string): Promise<number> {
  const { rows } = await store.pool.query<{ n: string }>(`SELECT count(*) AS n FROM orders o WHERE ${PLAIN_TEXT_MATCH}`, [resellerId, q, productsNamed(world, q)]);
  return Number(rows[0]!.n);
}

/** The ids of the reseller's orders `q` finds, by a plain scan in SQL, in purchase order `direction`. */
async function plainTextOrders(resellerId: string, q: string, direction: 'ASC' | 'DESC'): Promise<string[]> {
  const { rows } = await store.pool.query<{ id: string }>(
    `SELECT o.id FROM orders o WHERE ${PLAIN_TEXT_MATCH} ORDER BY o.purchased_at ${direction}, o.id COLLATE "C" ${direction}`,
    [resellerId, q, productsNamed(world, q)],
  );
  return rows.map((row) => row.id);
}

/** The ids of reseller A's orders `q` finds on `on`, page by page, checked against a plain scan (`what` says which search failed). */
async function searchedAsPlainScan(on: PostgresStore, q: string, what: string): Promise<string[]> {
  const expected = await plainTextOrders(resellerA, q, 'DESC');
  assert.deepEqual((await walk(resellerA, { q }, 7, on)).ids, expected, `${q}: ${what}`);
  return expected;
}

/**
 * How the statements of `on` whose text is `LIKE` the pattern were planned between this call
 * and the one to what it returns: for each that ran, its runs with the plan kept for all
 * values (generic) and with one made for the run's values (custom). PGlite lists every
 * connection's statements, so the runs are counted from two readings.
 */
async function preparedRuns(on: PostgresStore, like: string): Promise<() => Promise<{ name: string; generic: number; custom: number }[]>> {
  const read = async () => {
    const { rows } = await on.pool.query<{ name: string; generic: string; custom: string }>(
      'SELECT name, generic_plans AS generic, custom_plans AS custom FROM pg_prepared_statements WHERE statement LIKE $1',
      [like],
    );
    return new Map(rows.map((row) => [row.name, { generic: Number(row.generic), custom: Number(row.custom) }]));
  };
  const before = await read();
  return async () => [...(await read())].map(([name, now]) => {
    const was = before.get(name) ?? { generic: 0, custom: 0 };
    return { name, generic: now.generic - was.generic, custom: now.custom - was.custom };
  }).filter((run) => run.generic + run.custom > 0);
}

/** Runs `use` on a store of one connection over the test database (whose prepared statements {@link preparedRuns} reads), closed after. */
async function onOneConnection(use: (single: PostgresStore) => Promise<void>): Promise<void> {
  const single = await openPostgresStore({ connectionString: db.url, max: 1, migrate: false });
  try {
    await use(single);
  } finally {
    await single.close();
  }
}

/** The ids of the reseller's orders of the products whose name holds `name` (lower case), by a plain scan in SQL, in purchase order `direction`. */
async function plainProductOrders(resellerId: string, name: string, direction: 'ASC' | 'DESC'): Promise<string[]> {
  const { rows } = await store.pool.query<{ id: string }>(
    `SELECT o.id FROM orders o JOIN products p ON p.id = o.product_id WHERE o.reseller_id = $1 AND p.id = ANY($2::text[])
     ORDER BY o.purchased_at ${direction}, o.id COLLATE "C" ${direction}`,
    [resellerId, productsNamed(world, name)],
  );
  return rows.map((row) => row.id);
}

/** Every page of a search (of `on`, the store by default), checking that totals agree and no order comes twice. */
async function walk(resellerId: string, q: ParsedOrdersQuery, limit: number, on: PostgresStore = store): Promise<{ ids: string[]; items: OrderRecord[] }> {
  const items: OrderRecord[] = [];
  let cursor: string | undefined;
  let total: number | undefined;
  for (let pages = 0; pages < 1000; pages += 1) {
    const page = await on.searchOrders(resellerId, { ...q, limit, ...(cursor === undefined ? {} : { cursor }) });
    if (total === undefined) total = page.total;
    assert.equal(page.total, total, 'the total stays the same on every page');
    assert.ok(page.items.length <= limit);
    items.push(...page.items);
    if (page.nextCursor === null) break;
    assert.equal(page.items.length, limit, 'a page before the last is full');
    cursor = page.nextCursor;
  }
  const ids = items.map((o) => o.id);
  assert.equal(new Set(ids).size, ids.length, 'no order comes twice');
  assert.equal(ids.length, total, 'the pages hold exactly the total');
  return { ids, items };
}

describe('PostgresStore', () => {
  test('migrations run again are a no-op', async () => {
    assert.equal(await store.migrate(), 0);
    const { rows } = await store.pool.query<{ n: number }>('SELECT count(*) AS n FROM schema_migrations');
    assert.equal(rows[0]?.n, MIGRATIONS.length);
    assert.match((await store.seededAt()) ?? '', /^\d{4}-\d\d-\d\dT/, 'the seed says when it finished');
    assert.equal(await store.isEmpty(), false);
  });

  test('every page of every sort, without filters, matches brute force with its records', async () => {
    for (const resellerId of [resellerA, resellerB]) {
      for (const sort of SORTS) {
        const { ids, items } = await walk(resellerId, { sort }, 17);
        assert.deepEqual(ids, bruteSearch(resellerId, { sort }), `${resellerId} ${sort}`);
        if (sort === 'purchasedAt:desc') {
          for (const item of items) {
            const entry = entries.find((e) => e.order.id === item.id)!;
            const o = entry.order;
            // An expired license counts as neither active nor available.
            const open = entry.licenses.filter((l) => !l.expiredAt);
            const active = o.state === 'refunded' ? 0 : open.filter((l) => l.activatedAt !== null).length;
            assert.deepEqual(item, {
              id: o.id,
              orderNumber: o.orderNumber,
              purchasedAt: o.purchasedAt,
              user: o.user,
              product: { id: o.productId, name: productNames.get(o.productId) },
              quantity: entry.licenses.length,
              activeCount: active,
              availableCount: o.state === 'refunded' ? 0 : open.length - active,
              amount: o.amount,
              paymentType: o.paymentType,
              state: o.state,
              distributionCompany: o.distributionCompany,
            });
          }
        }
      }
    }
  });

  test('each filter and sort matches brute force, totals included', async () => {
    const ordersA = entries.filter((e) => e.order.resellerId === resellerA);
    const sample = ordersA[Math.floor(ordersA.length / 2)]!;
    const activated = ordersA.flatMap((e) => e.licenses).find((l) => l.customerId !== null)!;
    const distributed = ordersA.find((e) => e.order.distributionCompany !== null)!.order;
    const today = '2026-11-27T00:00:00Z';
    const queries: ParsedOrdersQuery[] = [
      { purchasedFrom: today, purchasedTo: '2026-11-28T00:00:00Z' },
      { purchasedFrom: '2026-10-28T00:00:00Z', purchasedTo: '2026-11-27T00:00:00Z' },
      { purchasedFrom: '2026-08-14T13:17:00Z', purchasedTo: '2026-10-21T07:00:01Z' },
      { purchasedFrom: '2026-10-01T00:00:00Z' },
      { purchasedTo: '2026-09-01T12:00:00Z' },
      { purchasedFrom: sample.order.purchasedAt, purchasedTo: sample.order.purchasedAt },
      { purchasedFrom: sample.order.purchasedAt, purchasedTo: new Date(Date.parse(sample.order.purchasedAt) + 1000).toISOString() },
      { orderNumber: sample.order.orderNumber.toLowerCase() },
      { productId: sample.order.productId },
      { productName: 'SECUR' },
      { productName: 'e' },
      { productName: 'no such product' },
      { state: 'refunded' },
      { paymentType: 'css_balance' },
      { state: 'processed', paymentType: 'credit_card' },
      { activationCode: activated.activationCode.toLowerCase() },
      { customerEmail: customerEmails.get(activated.customerId!)!.toUpperCase() },
      { customerEmail: customerEmails.get(activated.customerId!)!, purchasedFrom: '2026-08-01T00:00:00Z' },
      { distributionCompany: distributed.distributionCompany!.toUpperCase() },
      { productName: 'a', state: 'processed', purchasedFrom: '2026-08-01T10:00:00Z', purchasedTo: '2026-11-27T12:00:00Z' },
      { distributionCompany: distributed.distributionCompany!, paymentType: 'css_balance', purchasedFrom: '2026-08-20T09:00:00Z' },
    ];
    const empty: string[] = [];
    for (const query of queries) {
      for (const sort of SORTS) {
        const q = { ...query, sort };
        const { ids } = await walk(resellerA, q, 9);
        assert.deepEqual(ids, bruteSearch(resellerA, q), JSON.stringify(q));
        if (ids.length === 0) empty.push(JSON.stringify(query));
      }
    }
    const expectedEmpty = [queries[5], queries[11]].map((q) => JSON.stringify(q));
    assert.deepEqual([...new Set(empty)], expectedEmpty, 'every other query finds something');
  });

  test('a dated total without facets is exact wherever its bounds fall (whole days, hours at the ends, minutes at the edges)', async () => {
    const times = entries.filter((e) => e.order.resellerId === resellerA).map((e) => Date.parse(e.order.purchasedAt));
    const instant = fc.oneof(
      fc.integer({ min: Math.min(...times) - 2 * DAY, max: Math.max(...times) + 2 * DAY }),
      // Bounds on or next to an order's own instant, its hour or its day, or hours away from it.
      fc.constantFrom(...times).chain((at) =>
        fc.constantFrom(at, at + 1, Math.floor(at / HOUR) * HOUR, Math.floor(at / DAY) * DAY, at - HOUR, at + HOUR, at + 90 * 60_000, at - 5 * HOUR),
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.option(instant), fc.option(instant), async (from, to) => {
        const q: ParsedOrdersQuery = {
          ...(from === null ? {} : { purchasedFrom: new Date(from).toISOString() }),
          ...(to === null ? {} : { purchasedTo: new Date(to).toISOString() }),
        };
        const { total } = await store.searchOrders(resellerA, { ...q, limit: 1 });
        assert.equal(total, bruteSearch(resellerA, q).length, JSON.stringify(q));
      }),
      { numRuns: 300 },
    );
  });

  test("an order's purchase time and row number do not change", async () => {
    const { rows } = await store.pool.query<{ id: string; reseller_id: string }>('SELECT id, reseller_id FROM orders ORDER BY seq LIMIT 1');
    const order = rows[0]!;
    // On a client of its own, kept afterwards: the pool's query closes a connection its statement failed on.
    const client = await store.pool.connect();
    try {
      // The row number is the identity column's, always: PostgreSQL refuses a change, and an insert giving its own.
      for (const [change, refused] of [["purchased_at = purchased_at + interval '1 second'", /do not change/], ['seq = seq + 1000000', /can only be updated to DEFAULT/]] as const) {
        await assert.rejects(client.query(`UPDATE orders SET ${change} WHERE reseller_id = $1 AND id = $2`, [order.reseller_id, order.id]), refused);
      }
      await assert.rejects(
        client.query(
          `INSERT INTO orders (seq, reseller_id, id, order_number, order_number_lower, purchased_at, user_name, product_id, amount, currency, payment_type, state, quantity, active_count, available_count)
           SELECT 1, reseller_id, 'ord_own_seq', 'ORD-OWN', 'ord-own', purchased_at, user_name, product_id, amount, currency, payment_type, state, quantity, 0, 0
           FROM orders WHERE reseller_id = $1 AND id = $2`,
          [order.reseller_id, order.id],
        ),
        /cannot insert a non-DEFAULT value into column "seq"/,
      );
      await client.query('UPDATE orders SET purchased_at = purchased_at, amount = amount WHERE reseller_id = $1 AND id = $2', [order.reseller_id, order.id]);
    } finally {
      client.release();
    }
  });

  test("another reseller's ids find nothing", async () => {
    const entryA = entries.find((e) => e.order.resellerId === resellerA && e.licenses.length > 0)!;
    const license = entryA.licenses[0]!;
    assert.equal(await store.order(resellerB, entryA.order.id), null);
    assert.equal(await store.license(resellerB, license.id), null);
    assert.deepEqual(await store.activationCodes(resellerB, entryA.order.id), []);
    assert.deepEqual(await store.history(resellerB, license.id, { limit: 10 }), { items: [], nextCursor: null });
    const licenses = await store.licenses(resellerB, entryA.order.id, { limit: 10 });
    assert.deepEqual(licenses, { items: [], nextCursor: null, total: 0 });
    assert.equal((await store.searchOrders(resellerB, { limit: 10, orderNumber: entryA.order.orderNumber })).total, 0);
    assert.equal((await store.searchOrders(resellerB, { limit: 10, activationCode: license.activationCode })).total, 0);
    const customerA = world.customers.find((c) => c.resellerId === resellerA)!;
    assert.equal(await store.customerByEmail(resellerB, customerA.email), null);
    assert.notEqual(await store.customerByEmail(resellerA, customerA.email.toUpperCase()), null);
    assert.equal(await store.reseller('res_nobody'), null);
    assert.equal((await store.reseller(resellerA))?.id, resellerA);
  });

  test('the renewals find a product named with capitals beyond ASCII by a fragment in any case', async () => {
    await assertProductNameFolds(store, resellerA, world);
  });

  test('GET /licenses and its counts by q find what a plain scan of every license finds: by code, email, order number, product, every number', async () => {
    // Past two orders found by number, a fragment is broad: each license's order number is tested instead.
    const broad = await openPostgresStore({ connectionString: db.url, max: 2, migrate: false, search: { broadMatches: 2 } });
    try {
      for (const on of [store, broad]) await assertTextScan(on);
    } finally {
      await broad.close();
    }
  });

  /** {@link assertLicenseTextSearches} on `on`, against a plain scan of every license in SQL. */
  const assertTextScan = (on: PostgresStore) =>
    assertLicenseTextSearches(on, resellerA, licenseFragments(world, resellerA), expiryWindows('2026-11-27'), async (q, window) => {
      const { rows } = await store.pool.query<ScannedLicense>(
        `SELECT l.id, o.product_id AS "productId" FROM licenses l JOIN orders o ON o.reseller_id = l.reseller_id AND o.id = l.order_id
         LEFT JOIN customers c ON c.reseller_id = l.reseller_id AND c.id = l.customer_id
         WHERE l.reseller_id = $1 AND ($4::date IS NULL OR l.valid_to >= $4::date) AND ($5::date IS NULL OR l.valid_to <= $5::date)
           AND (strpos(lower(l.activation_code), $2) > 0 OR strpos(c.email_lower, $2) > 0 OR strpos(o.order_number_lower, $2) > 0
             OR o.product_id = ANY($3::text[]))
         ORDER BY l.valid_to, l.id COLLATE "C"`,
        [resellerA, q, productsNamed(world, q), window.expiringFrom ?? null, window.expiringTo ?? null],
      );
      return rows;
    });

  test("an order's licenses page by page, in issue order, by status and text", async () => {
    const big = entries.find((e) => e.licenses.length === 300)!;
    assert.deepEqual(await store.activationCodes(resellerA, big.order.id), big.licenses.map((l) => l.activationCode));
    const walkLicenses = async (query: { status?: 'active' | 'available' | 'refunded'; q?: string }) => {
      const ids: string[] = [];
      let cursor: string | undefined;
      for (;;) {
        const page = await store.licenses(resellerA, big.order.id, { ...query, limit: 40, ...(cursor === undefined ? {} : { cursor }) });
        ids.push(...page.items.map((l) => l.id));
        if (page.nextCursor === null) {
          assert.equal(ids.length, page.total);
          return ids;
        }
        cursor = page.nextCursor;
      }
    };
    assert.deepEqual(await walkLicenses({}), big.licenses.map((l) => l.id));
    assert.deepEqual(await walkLicenses({ status: 'active' }), big.licenses.filter((l) => l.activatedAt !== null).map((l) => l.id));
    assert.deepEqual(await walkLicenses({ status: 'available' }), big.licenses.filter((l) => l.activatedAt === null).map((l) => l.id));
    assert.deepEqual(await walkLicenses({ status: 'refunded' }), []);
    const code = big.licenses[5]!.activationCode;
    assert.deepEqual(await walkLicenses({ q: code.slice(0, 9).toLowerCase() }), big.licenses.filter((l) => l.activationCode.startsWith(code.slice(0, 9))).map((l) => l.id));
    const refunded = entries.find((e) => e.order.resellerId === resellerA && e.order.state === 'refunded')!;
    const page = await store.licenses(resellerA, refunded.order.id, { status: 'refunded', limit: 100 });
    assert.deepEqual(page.items.map((l) => l.id), refunded.licenses.map((l) => l.id));
    assert.ok(page.items.every((l) => l.orderState === 'refunded'));
    const available = await store.licenses(resellerA, refunded.order.id, { status: 'available', limit: 100 });
    assert.equal(available.total, 0);
    const first = (await store.licenses(resellerA, big.order.id, { limit: 1 })).items[0]!;
    const l0 = big.licenses[0]!;
    assert.deepEqual(first, {
      id: l0.id,
      orderId: big.order.id,
      orderState: 'processed',
      activationCode: l0.activationCode,
      activationLink: null,
      validFrom: l0.validFrom,
      validTo: l0.validTo,
      recurrent: l0.recurrent,
      activatedAt: l0.activatedAt,
      distributionCompany: l0.distributionCompany,
      customer: { id: l0.customerId, email: customerEmails.get(l0.customerId!), organization: world.customers.find((c) => c.id === l0.customerId)!.organization },
      expiredAt: null,
      scheduledChange: null,
    });
  });

  test('a cursor that does not fit is a BadCursorError', async () => {
    const page = await store.searchOrders(resellerA, { limit: 5, sort: 'amount:desc' });
    assert.ok(page.nextCursor);
    await assert.rejects(store.searchOrders(resellerA, { limit: 5, sort: 'amount:asc', cursor: page.nextCursor }), BadCursorError);
    await assert.rejects(store.searchOrders(resellerA, { limit: 5, cursor: page.nextCursor }), BadCursorError);
    await assert.rejects(store.searchOrders(resellerA, { limit: 5, cursor: 'not a cursor' }), BadCursorError);
    const big = entries.find((e) => e.licenses.length === 300)!;
    const other = entries.find((e) => e.order.resellerId === resellerA && e.licenses.length > 1 && e !== big)!;
    const licensePage = await store.licenses(resellerA, big.order.id, { limit: 2 });
    assert.ok(licensePage.nextCursor);
    await assert.rejects(store.licenses(resellerA, other.order.id, { limit: 2, cursor: licensePage.nextCursor }), BadCursorError);
    await assert.rejects(store.licenses(resellerA, big.order.id, { limit: 2, cursor: page.nextCursor }), BadCursorError);
    await assert.rejects(store.searchOrders(resellerA, { limit: 5, cursor: licensePage.nextCursor }), BadCursorError);
    const badTime = Buffer.from(JSON.stringify(['purchasedAt:desc', 'yesterday', 'ord_x'])).toString('base64url');
    await assert.rejects(store.searchOrders(resellerA, { limit: 5, cursor: badTime }), BadCursorError);
  });

  test('a transaction that throws writes nothing', async () => {
    const entry = entries.find((e) => e.order.resellerId === resellerA && e.licenses.some((l) => l.activatedAt === null) && e.order.state === 'processed')!;
    const license = entry.licenses.find((l) => l.activatedAt === null)!;
    await assert.rejects(
      store.transaction(async (tx) => {
        await tx.setRecurrent(resellerA, license.id, !license.recurrent);
        await tx.addHistory(resellerA, { orderId: entry.order.id, licenseId: license.id, at: '2026-11-27T16:00:00Z', actor: { kind: 'reseller', name: 'x' }, kind: 'billing_state_changed', detail: 'd' });
        await tx.setOrderCounts(resellerA, entry.order.id, { activeCount: 99, availableCount: 0 });
        throw new Error('changed my mind');
      }),
      /changed my mind/,
    );
    assert.equal((await store.license(resellerA, license.id))?.recurrent, license.recurrent);
    assert.deepEqual(await store.history(resellerA, license.id, { limit: 10 }), { items: [], nextCursor: null });
    assert.notEqual((await store.order(resellerA, entry.order.id))?.activeCount, 99);
  });

  test('two transactions saving one idempotency key at once end with one record', async () => {
    let runs = 0;
    const once = (fingerprint: string) =>
      store.transaction(async (tx: StoreTx) => {
        runs += 1;
        const found = await tx.idempotency(resellerA, 'key-1');
        if (found) return found.fingerprint;
        await new Promise((resolve) => setTimeout(resolve, 30));
        await tx.saveIdempotency(resellerA, 'key-1', { fingerprint, status: 200, body: { z: 1, a: [fingerprint] }, at: '2026-11-27T16:00:00Z' });
        return fingerprint;
      });
    const [first, second] = await Promise.all([once('one'), once('two')]);
    assert.equal(first, second, 'both see the record that was saved');
    const { rows } = await store.pool.query<{ n: number }>("SELECT count(*) AS n FROM idempotency_keys WHERE key = 'key-1'");
    assert.equal(rows[0]?.n, 1);
    const stored = await store.idempotency(resellerA, 'key-1');
    assert.deepEqual(stored, { fingerprint: first, status: 200, body: { z: 1, a: [first] }, at: '2026-11-27T16:00:00Z' });
    assert.equal(await store.idempotency(resellerB, 'key-1'), null);
    if (db.poolSize === undefined) assert.ok(runs >= 3, 'the loser ran again');
    await store.transaction((tx) => tx.expireIdempotency('2026-11-27T16:00:01Z'));
    assert.equal(await store.idempotency(resellerA, 'key-1'), null);
  });

  test('activate, setRecurrent, setOrderCounts, addHistory, addCustomer and queueMail round-trip', async () => {
    const entry = entries.find((e) => e.order.resellerId === resellerA && e.order.state === 'processed' && e.licenses.filter((l) => l.activatedAt === null).length >= 2)!;
    const [license, other] = entry.licenses.filter((l) => l.activatedAt === null) as [DemoLicenseRecord, DemoLicenseRecord];
    const customer = { id: 'cus_new1', email: 'New.Person@Example.test', organization: 'Org', firstName: 'New', lastName: 'Person', phone: null, country: 'DE' };
    await store.transaction(async (tx) => {
      await tx.addCustomer(resellerA, customer);
      await tx.activate(resellerA, license.id, customer.id, '2026-11-27T16:01:00Z');
      await tx.setRecurrent(resellerA, license.id, !license.recurrent);
      await tx.setOrderCounts(resellerA, entry.order.id, { activeCount: 41, availableCount: 42 });
      await tx.addHistory(resellerA, { orderId: entry.order.id, licenseId: null, at: '2026-11-27T16:03:00Z', actor: { kind: 'system', name: 'Order' }, kind: 'email_sent', detail: 'to all' });
      await tx.addHistory(resellerA, { orderId: entry.order.id, licenseId: license.id, at: '2026-11-27T16:02:00Z', actor: { kind: 'reseller', name: 'Dana' }, kind: 'billing_state_changed', detail: 'off' });
      await tx.addHistory(resellerA, { orderId: entry.order.id, licenseId: other.id, at: '2026-11-27T16:02:30Z', actor: { kind: 'customer', name: 'Dana' }, kind: 'billing_state_changed', detail: 'other' });
      await tx.queueMail(resellerA, { id: 'msg_1', kind: 'activation', to: customer.email, subject: 'S', text: 'T', at: '2026-11-27T16:01:00Z', orderId: entry.order.id, licenseId: license.id });
      await tx.queueMail(resellerA, { id: 'msg_2', kind: 'confirmation', to: customer.email, subject: 'S2', text: 'T2', at: '2026-11-27T16:04:00Z', orderId: entry.order.id, licenseId: null });
    });
    const stored = await store.license(resellerA, license.id);
    assert.equal(stored?.activatedAt, '2026-11-27T16:01:00Z');
    assert.deepEqual(stored?.customer, { id: customer.id, email: customer.email, organization: 'Org' });
    assert.equal(stored?.recurrent, !license.recurrent);
    const order = await store.order(resellerA, entry.order.id);
    assert.deepEqual([order?.activeCount, order?.availableCount], [41, 42]);
    const history = await store.history(resellerA, license.id, { limit: 10 });
    assert.equal(history.nextCursor, null);
    assert.deepEqual(history.items.map((h) => [h.at, h.actor, h.kind, h.detail]), [
      ['2026-11-27T16:02:00Z', { kind: 'reseller', name: 'Dana' }, 'billing_state_changed', 'off'],
      ['2026-11-27T16:03:00Z', { kind: 'system', name: 'Order' }, 'email_sent', 'to all'],
    ]);
    assert.equal(new Set(history.items.map((h) => h.id)).size, 2);
    assert.deepEqual(await store.customerByEmail(resellerA, 'new.person@example.test'), { id: customer.id, email: customer.email, organization: 'Org', firstName: 'New', lastName: 'Person' });
    assert.deepEqual((await store.customers(resellerA, 'new.p', 5)).map((c) => c.id), [customer.id]);
    const suggestions = await store.customers(resellerA, 'a', 8);
    assert.equal(suggestions.length, 8);
    const customerOrders = await store.searchOrders(resellerA, { limit: 10, customerEmail: customer.email });
    assert.deepEqual(customerOrders.items.map((o) => o.id), [entry.order.id]);
    assert.deepEqual(await store.mailTimes(resellerA, entry.order.id, 'activation', '2026-11-27T16:00:00Z'), ['2026-11-27T16:01:00Z']);
    assert.deepEqual(await store.mailTimes(resellerA, entry.order.id, 'confirmation', '2026-11-27T16:05:00Z'), []);
    const outbox = await store.outbox(10);
    assert.deepEqual(outbox.map((m) => m.id), ['msg_2', 'msg_1']);
    assert.deepEqual(outbox[1], { resellerId: resellerA, id: 'msg_1', kind: 'activation', to: customer.email, subject: 'S', text: 'T', at: '2026-11-27T16:01:00Z', orderId: entry.order.id, licenseId: license.id });
    assert.deepEqual((await store.pendingMail(10)).map((m) => m.id), ['msg_1', 'msg_2']);
    await store.markMail('msg_1', { sentAt: '2026-11-27T16:06:00Z' });
    await store.markMail('msg_2', { error: 'refused' });
    assert.deepEqual(await store.pendingMail(10), []);
  });

  test('tokens, products and product names', async () => {
    await store.installTokens(['token-a', 'token-b']);
    const hashes = await store.tokenHashes();
    assert.deepEqual(hashes.map((h) => h.resellerId).sort(), [resellerA, resellerB].sort());
    assert.ok(hashes.every((h) => h.hash.length === 32));
    const bought = new Set(entries.filter((e) => e.order.resellerId === resellerB).map((e) => e.order.productId));
    const products = await store.products(resellerB);
    assert.deepEqual(products.map((p) => p.id).sort(), [...bought].sort());
    assert.equal(await store.productName(world.products[0]!.id), world.products[0]!.name);
    assert.equal(await store.productName('prd_none'), null);
  });

  test('the start that every order number shares finds every order, as the search without it, until an order of another numbering is bought', async () => {
    const product = world.products.find((p) => !p.name.toLowerCase().includes('ord'))!;
    const { rows: stems } = await store.pool.query<{ stem: string }>('SELECT stem FROM order_number_stems WHERE reseller_id = $1 ORDER BY stem', [resellerA]);
    const seeded = stemsOf(entries.filter((e) => e.order.resellerId === resellerA).map((e) => e.order.orderNumber));
    assert.deepEqual(stems.map((row) => row.stem), seeded, 'the stems the seed read');
    await assertSharedNumberStart(store, resellerA, {
      order: { id: 'ord_inv', orderNumber: 'INV-4711-0042', purchasedAt: '2026-11-27T15:00:00Z', user: 'Dana Buyer', productId: product.id, quantity: 1, amount: { value: 3_600, currency: 'EUR' }, paymentType: 'credit_card', distributionCompany: null },
      licenses: [{ id: 'lic_inv', activationCode: 'INVC-5K2M-0042', validFrom: '2026-11-27', validTo: '2027-11-27', distributionCompany: null }],
    }, '4711-0');
  });
});

const TODAY = '2026-11-27T00:00:00Z';
const TOMORROW = '2026-11-28T00:00:00Z';

/** An order of `quantity` licenses bought at `purchasedAt`, its codes `<tag>-0000`, `<tag>-0001`, …. */
function newOrder(tag: string, purchasedAt: string, quantity: number, overrides: Partial<NewOrderRecord> = {}): {
  order: NewOrderRecord;
  licenses: NewLicenseRecord[];
} {
  const order: NewOrderRecord = {
    id: `ord_${tag}`,
    orderNumber: `ORD-NEW-${tag}`,
    purchasedAt,
    user: 'Dana Buyer',
    productId: world.products[2]!.id,
    quantity,
    amount: { value: 3_600 * quantity, currency: 'EUR' },
    paymentType: 'css_balance',
    distributionCompany: 'Nordic Distribution AB',
    ...overrides,
  };
  const licenses = Array.from({ length: quantity }, (_, i) => ({
    id: `lic_${tag}_${i}`,
    activationCode: `${tag}-${String(i).padStart(4, '0')}`,
    validFrom: purchasedAt.slice(0, 10),
    validTo: '2027-11-27',
    distributionCompany: i % 2 === 0 ? 'Nordic Distribution AB' : null,
  }));
  return { order, licenses };
}

/** New orders tagged `tags` (so their numbers and codes hold "netshield"), the first of the product NetShield, the others of others. */
function netShieldOrders(tags: string[]): ReturnType<typeof newOrder>[] {
  const times = ['2026-06-01T09:00:00Z', '2026-09-15T09:00:00Z', '2026-11-20T09:00:00Z', '2026-11-26T09:00:00Z'];
  return tags.map((tag) => {
    const at = times[Number(tag.slice(-1)) - 1]!;
    return tag === 'NETSHIELD1' ? newOrder(tag, at, 2, { productId: world.products[3]!.id }) : newOrder(tag, at, 1 + (Number(tag.slice(-1)) % 3));
  });
}

/**
 * Moves the reseller's order `id` to the product `productId` by hand, with the order tallies,
 * which no trigger keeps (no write of the service moves an order).
 */
async function moveOrder(resellerId: string, id: string, productId: string): Promise<void> {
  const client = await store.pool.connect();
  try {
    await client.query('BEGIN');
    const key = "reseller_id, product_id, state, payment_type, distributor_lower";
    const tally = async (change: 1 | -1) => {
      await client.query(
        `INSERT INTO order_facet_tally (${key}, orders) SELECT ${key}, $3 FROM orders WHERE reseller_id = $1 AND id = $2
         ON CONFLICT (${key}) DO UPDATE SET orders = order_facet_tally.orders + excluded.orders`,
        [resellerId, id, change],
      );
      await client.query(
        `INSERT INTO order_day_tally (day, ${key}, orders) SELECT (purchased_at AT TIME ZONE 'UTC')::date, ${key}, $3 FROM orders WHERE reseller_id = $1 AND id = $2
         ON CONFLICT (reseller_id, day, product_id, state, payment_type, distributor_lower) DO UPDATE SET orders = order_day_tally.orders + excluded.orders`,
        [resellerId, id, change],
      );
    };
    await tally(-1);
    await client.query('UPDATE orders SET product_id = $3 WHERE reseller_id = $1 AND id = $2', [resellerId, id, productId]);
    await tally(1);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

/**
 * "netshield" finds the NetShield product and the orders of {@link netShieldOrders} by number
 * and code, no customer and no company: every sort pages them as a plain scan finds them, each
 * once, the orders of the product found by number too counted once.
 */
async function assertNetShieldPages(): Promise<void> {
  const q = 'netshield';
  assert.deepEqual(productsNamed(world, q), [world.products[3]!.id], 'the fragment names one product');
  const { rows } = await store.pool.query<{ n: string }>('SELECT count(*) AS n FROM customers WHERE reseller_id = $1 AND strpos(email_lower, $2) > 0', [resellerA, q]);
  assert.equal(Number(rows[0]!.n), 0, 'no email holds the fragment');
  await onOneConnection(async (single) => {
    const runsSince = await preparedRuns(single, '%product_id <> ALL%');
    for (const direction of ['DESC', 'ASC'] as const) {
      const expected = await plainTextOrders(resellerA, q, direction);
      assert.ok(expected.includes('ord_NETSHIELD1') && expected.includes('ord_NETSHIELD2'), 'the orders found by number are among them');
      for (const limit of [1, 4, 25]) {
        const sort = direction === 'DESC' ? 'purchasedAt:desc' : 'purchasedAt:asc';
        assert.deepEqual((await walk(resellerA, { q, sort }, limit, single)).ids, expected, `${sort}, pages of ${limit}`);
      }
    }
    const all = (await plainTextOrders(resellerA, q, 'DESC')).sort();
    for (const sort of ['amount:desc', 'orderNumber:asc'] as const) assert.deepEqual((await walk(resellerA, { q, sort }, 4, single)).ids.sort(), all, sort);
    assert.ok((await runsSince()).length > 0, 'the orders found by number or code beyond the product were counted in the process');
  });
}

/** The same count as a search's total, by a plain count over the orders. */
async function plainCount(resellerId: string, q: ParsedOrdersQuery): Promise<number> {
  const where = ['reseller_id = $1'];
  const params: unknown[] = [resellerId];
  const add = (condition: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(condition(`$${params.length}`));
  };
  if (q.purchasedFrom !== undefined) add((p) => `purchased_at >= ${p}`, q.purchasedFrom);
  if (q.purchasedTo !== undefined) add((p) => `purchased_at < ${p}`, q.purchasedTo);
  if (q.productId !== undefined) add((p) => `product_id = ${p}`, q.productId);
  if (q.state !== undefined) add((p) => `state = ${p}`, q.state);
  if (q.paymentType !== undefined) add((p) => `payment_type = ${p}`, q.paymentType);
  if (q.distributionCompany !== undefined) add((p) => `lower(coalesce(distribution_company, '')) = lower(${p})`, q.distributionCompany);
  const { rows } = await store.pool.query<{ n: number }>(`SELECT count(*) AS n FROM orders WHERE ${where.join(' AND ')}`, params);
  return rows[0]!.n;
}

/** One search of each shape the tallies answer: all time, facets, whole days, days and facets, partial days. */
function talliedShapes(productId: string, distributor: string): ParsedOrdersQuery[] {
  return [
    {},
    { state: 'processed' },
    { state: 'refunded' },
    { productId },
    { paymentType: 'css_balance', distributionCompany: distributor.toUpperCase() },
    { purchasedFrom: TODAY, purchasedTo: TOMORROW },
    { purchasedFrom: '2026-11-01T00:00:00Z' },
    { purchasedTo: TOMORROW },
    { purchasedFrom: '2026-08-01T00:00:00Z', purchasedTo: TOMORROW, state: 'refunded' },
    { purchasedFrom: TODAY, purchasedTo: TOMORROW, productId, paymentType: 'css_balance' },
    { purchasedFrom: '2026-11-26T12:00:00Z', purchasedTo: '2026-11-27T16:30:00Z' },
    { purchasedFrom: '2026-11-20T06:00:00Z', state: 'processed', distributionCompany: distributor },
  ];
}

/** Each search's total, checked against a plain count. */
async function totals(resellerId: string, shapes: ParsedOrdersQuery[]): Promise<number[]> {
  const found: number[] = [];
  for (const q of shapes) {
    const { total } = await store.searchOrders(resellerId, { ...q, limit: 1 });
    assert.equal(total, await plainCount(resellerId, q), `total of ${JSON.stringify(q)}`);
    found.push(total);
  }
  return found;
}

/** Every tally row with orders in it is the count of its orders, and no count lacks its row. */
async function assertTalliesExact(): Promise<void> {
  const day = `(purchased_at AT TIME ZONE 'UTC')::date`;
  const facets = 'product_id, state, payment_type, distributor_lower';
  const pairs: [string, string][] = [
    [
      `SELECT reseller_id, day::text, ${facets}, orders FROM order_day_tally WHERE orders <> 0`,
      `SELECT reseller_id, ${day}::text AS day, ${facets}, count(*)::int AS orders FROM orders GROUP BY 1, 2, 3, 4, 5, 6`,
    ],
    [
      `SELECT reseller_id, ${facets}, orders FROM order_facet_tally WHERE orders <> 0`,
      `SELECT reseller_id, ${facets}, count(*)::int AS orders FROM orders GROUP BY 1, 2, 3, 4, 5`,
    ],
    [
      `SELECT reseller_id, day::text, orders FROM order_day_total WHERE orders <> 0`,
      `SELECT reseller_id, ${day}::text AS day, count(*)::int AS orders FROM orders GROUP BY 1, 2`,
    ],
    [
      'SELECT reseller_id, valid_to::text, product_id, status, recurrent, licenses FROM license_tally WHERE licenses <> 0',
      `SELECT l.reseller_id, l.valid_to::text, o.product_id, CASE WHEN o.state = 'refunded' THEN 'refunded' WHEN l.expired_at IS NOT NULL THEN 'expired'
         WHEN l.activated_at IS NOT NULL THEN 'active' ELSE 'available' END AS status, l.recurrent, count(*)::int AS licenses
       FROM licenses l JOIN orders o ON o.reseller_id = l.reseller_id AND o.id = l.order_id GROUP BY 1, 2, 3, 4, 5`,
    ],
  ];
  for (const [tally, count] of pairs) {
    const sorted = async (sql: string) => (await store.pool.query(sql)).rows.map((row) => JSON.stringify(row)).sort();
    assert.deepEqual(await sorted(tally), await sorted(count), tally);
  }
  await assertCustomerOrdersExact();
}

/**
 * Every customer's order lists (all orders, per product, per distribution company) hold the
 * orders it holds a license of now, each once, and no list is empty.
 */
async function assertCustomerOrdersExact(): Promise<void> {
  const { rows: lists } = await store.pool.query<{ reseller_id: string; customer_id: string; facet: string; orders: Buffer }>(
    'SELECT reseller_id, customer_id, facet, orders FROM customer_orders',
  );
  const listed = lists
    .map((row) => {
      const seqs = listedOrders(row.orders);
      assert.ok(seqs.length > 0, `the list of ${row.customer_id} ${row.facet} is not empty`);
      return JSON.stringify([row.reseller_id, row.customer_id, row.facet, seqs.sort((a, b) => a - b)]);
    })
    .sort();
  const { rows } = await store.pool.query<{ reseller_id: string; customer_id: string; seq: string; product_id: string; distributor_lower: string }>(
    `SELECT DISTINCT l.reseller_id, l.customer_id, o.seq, o.product_id, o.distributor_lower
     FROM licenses l JOIN orders o ON o.reseller_id = l.reseller_id AND o.id = l.order_id WHERE l.customer_id IS NOT NULL ORDER BY o.seq`,
  );
  const held = new Map<string, number[]>();
  for (const row of rows) {
    const facets = ['', `p:${row.product_id}`, ...(row.distributor_lower === '' ? [] : [`d:${row.distributor_lower}`])];
    for (const facet of facets) {
      const key = JSON.stringify([row.reseller_id, row.customer_id, facet]);
      held.set(key, [...(held.get(key) ?? []), Number(row.seq)]);
    }
  }
  const counted = [...held].map(([key, seqs]) => JSON.stringify([...(JSON.parse(key) as unknown[]), seqs])).sort();
  assert.deepEqual(listed, counted, 'customer_orders');
}

/**
 * The totals of `q` for fragments of the customers' emails (the whole address, its domain, its
 * local part and every four characters of it), alone and with a state, equal a plain count of
 * the orders whose number, product, distribution company, codes or holders' emails hold them.
 */
async function assertTextTotals(resellerId: string, customerIds: readonly string[], step: string): Promise<void> {
  const { rows: customers } = await store.pool.query<{ email: string }>('SELECT email FROM customers WHERE reseller_id = $1 AND id = ANY($2::text[])', [
    resellerId, customerIds,
  ]);
  const fragments = customers.flatMap(({ email }) => {
    const local = email.slice(0, email.indexOf('@'));
    const pieces = Array.from({ length: Math.max(0, local.length - 3) }, (_, i) => local.slice(i, i + 4));
    return [email, email.slice(email.indexOf('@')), local, ...pieces];
  });
  const holds = `(strpos(o.order_number_lower, lower($2)) > 0 OR strpos(o.distributor_lower, lower($2)) > 0
    OR o.product_id IN (SELECT id FROM products WHERE strpos(lower(name), lower($2)) > 0)
    OR o.id IN (SELECT order_id FROM licenses WHERE reseller_id = $1 AND strpos(lower(activation_code), lower($2)) > 0)
    OR o.id IN (SELECT l.order_id FROM licenses l JOIN customers c ON c.reseller_id = l.reseller_id AND c.id = l.customer_id
                WHERE l.reseller_id = $1 AND strpos(c.email_lower, lower($2)) > 0))`;
  for (const fragment of fragments) {
    for (const state of [undefined, 'processed'] as const) {
      const { total } = await store.searchOrders(resellerId, { q: fragment, state, limit: 5 });
      const { rows: counted } = await store.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM orders o WHERE o.reseller_id = $1 AND ${holds}${state === undefined ? '' : ` AND o.state = '${state}'`}`,
        [resellerId, fragment],
      );
      assert.equal(total, counted[0]!.n, `${step}: the total of q=${fragment}${state === undefined ? '' : ` and ${state}`}`);
    }
  }
}

/** Everything a createOrder writes (or the given tables), as text, to compare before and after. */
async function snapshot(
  tables = ['orders', 'licenses', 'reseller_products', 'order_day_tally', 'order_facet_tally', 'order_day_total', 'resellers'],
): Promise<string[]> {
  const texts: string[] = [];
  for (const table of tables) {
    const { rows } = await store.pool.query(`SELECT * FROM ${table}`);
    texts.push(`${table}: ${rows.map((row) => JSON.stringify(row)).sort().join('\n')}`);
  }
  return texts;
}

/**
 * Runs `work` on a connection of its own whose tables go to a schema of their own (dropped
 * after), over the migrations before the one whose SQL holds `marker`, given that one's index.
 */
/** The count of moves (`order_facet_moves`) as `on` reads it. */
async function movesOf(on: Pick<PoolClient, 'query'>): Promise<number> {
  return Number((await on.query<{ moves: string }>('SELECT moves FROM order_facet_moves')).rows[0]!.moves);
}

/** A check that a write over `client` moves the count of moves by `by` (one unless said). */
function movesCounted(client: PoolClient): (write: string, what: string, by?: number) => Promise<void> {
  return async (write, what, by = 1) => {
    const before = await movesOf(client);
    await client.query(write);
    assert.equal(await movesOf(client), before + by, what);
  };
}

/** The resellers of the migration tests, as SQL. */
const MIGRATION_RESELLERS = `INSERT INTO resellers (id, name, user_name, user_email, currency, token_label, balance)
  VALUES ('res_m', 'M', 'U', 'u@m.test', 'EUR', 'M', 0), ('res_n', 'N', 'U', 'u@n.test', 'EUR', 'N', 0)`;

/** Orders of the migration tests, as SQL: each its reseller, id, number and quantity. */
const migrationOrders = (...orders: [reseller: string, id: string, number: string, quantity: number][]) =>
  `INSERT INTO orders (reseller_id, id, order_number, order_number_lower, purchased_at, user_name, product_id, amount, currency,
     payment_type, state, distributor_lower, quantity, active_count, available_count)
   VALUES ${orders.map(([reseller, id, number, quantity]) =>
     `('${reseller}', '${id}', '${number}', '${number.toLowerCase()}', '2026-11-27T10:00:00Z', 'U', 'prd_m', 1, 'EUR', 'css_balance', 'processed', '', ${quantity}, 0, ${quantity})`).join(', ')}`;

/** A license of the migration tests, as SQL: of reseller M, its position (0 unless said) and its code (`CODE-` and its id unless said). */
const migrationLicense = (id: string, order: string, { position = 0, code = `CODE-${id}` }: { position?: number; code?: string } = {}) =>
  `INSERT INTO licenses (reseller_id, id, order_id, position, order_purchased_at, activation_code, valid_from, valid_to, recurrent)
   VALUES ('res_m', '${id}', '${order}', ${position}, '2026-11-27T10:00:00Z', '${code}', '2026-11-27', '2027-11-27', false)`;

async function withMigrationsBefore(marker: string, work: (client: PoolClient, migration: number) => Promise<void>): Promise<void> {
  const migration = MIGRATIONS.findIndex((sql) => sql.includes(marker));
  assert.ok(migration > 0, marker);
  const client = await store.pool.connect();
  try {
    await client.query('CREATE SCHEMA migration_test');
    // public too, for the trigram operator class, which some migrations use.
    await client.query('SET search_path TO migration_test, public');
    for (const sql of MIGRATIONS.slice(0, migration)) await client.query(sql);
    await work(client, migration);
  } finally {
    await client.query('RESET search_path').catch(() => undefined);
    await client.query('DROP SCHEMA IF EXISTS migration_test CASCADE').catch(() => undefined);
    client.release();
  }
}

describe('PostgresStore: orders, balances and prices (v1.1)', () => {
  const distributor = 'Nordic Distribution AB';

  test('createOrder: the new order comes first among today\'s, its licenses in issue order, every tally exact', async () => {
    const { order, licenses } = newOrder('NEW1', '2026-11-27T16:10:00Z', 3);
    const shapes = talliedShapes(order.productId, distributor);
    const before = await totals(resellerA, shapes);
    await store.transaction((tx) => tx.createOrder(resellerA, order, licenses));

    const today = await store.searchOrders(resellerA, { purchasedFrom: TODAY, purchasedTo: TOMORROW, limit: 5 });
    assert.deepEqual(today.items[0], {
      id: order.id,
      orderNumber: order.orderNumber,
      purchasedAt: order.purchasedAt,
      user: order.user,
      product: { id: order.productId, name: productNames.get(order.productId) },
      quantity: 3,
      activeCount: 0,
      availableCount: 3,
      amount: order.amount,
      paymentType: 'css_balance',
      state: 'processed',
      distributionCompany: distributor,
    });
    const byNumber = await store.searchOrders(resellerA, { orderNumber: order.orderNumber.toLowerCase(), limit: 5 });
    assert.deepEqual(byNumber.items.map((o) => o.id), [order.id]);
    const byCode = await store.searchOrders(resellerA, { activationCode: licenses[1]!.activationCode.toLowerCase(), limit: 5 });
    assert.deepEqual(byCode.items.map((o) => o.id), [order.id]);
    assert.deepEqual(await store.activationCodes(resellerA, order.id), licenses.map((l) => l.activationCode));
    const page = await store.licenses(resellerA, order.id, { limit: 10 });
    assert.deepEqual(page.items, licenses.map((l) => ({
      id: l.id,
      orderId: order.id,
      orderState: 'processed',
      activationCode: l.activationCode,
      activationLink: null,
      validFrom: l.validFrom,
      validTo: l.validTo,
      recurrent: false,
      activatedAt: null,
      distributionCompany: l.distributionCompany,
      customer: null,
      expiredAt: null,
      scheduledChange: null,
    })));

    const after = await totals(resellerA, shapes);
    const grew = shapes.map((q) => (bruteMatchesNew(order, q) ? 1 : 0));
    assert.deepEqual(after, before.map((n, i) => n + grew[i]!), 'each total that matches the new order grew by one');
    await totals(resellerB, shapes);
    await assertTalliesExact();
  });

  test('createOrder writes 10,000 licenses in issue order and marks a new product as bought', async () => {
    await store.pool.query("INSERT INTO products (id, name) VALUES ('prd_zz_new', 'Zeta New Product')");
    await store.pool.query("INSERT INTO prices (reseller_id, product_id, unit_price, term_months) VALUES ($1, 'prd_zz_new', 1000, 24)", [resellerB]);
    assert.ok(!(await store.products(resellerB)).some((p) => p.id === 'prd_zz_new'));
    const { order, licenses } = newOrder('BIG1', '2026-11-26T23:59:59.500Z', 10_000, {
      productId: 'prd_zz_new', amount: { value: 10_000_000, currency: 'GBP' }, paymentType: 'credit_card', distributionCompany: null,
    });
    await store.transaction((tx) => tx.createOrder(resellerB, order, licenses));
    assert.deepEqual(await store.activationCodes(resellerB, order.id), licenses.map((l) => l.activationCode));
    assert.equal((await store.licenses(resellerB, order.id, { limit: 1 })).total, 10_000);
    assert.deepEqual((await store.products(resellerB)).map((p) => p.id).at(-1), 'prd_zz_new');
    assert.deepEqual((await store.catalog(resellerB)).at(-1), {
      id: 'prd_zz_new', name: 'Zeta New Product', unitPrice: { value: 1000, currency: 'GBP' }, termMonths: 24,
    });
    const yesterday = await store.searchOrders(resellerB, { purchasedFrom: '2026-11-26T00:00:00Z', purchasedTo: TODAY, limit: 1 });
    assert.equal(yesterday.items[0]?.id, order.id);
    await totals(resellerB, talliedShapes('prd_zz_new', distributor));
    await assertTalliesExact();
  });

  test('setOrderState to refunded moves the totals exactly, and back', async () => {
    const seeded = entries.find((e) => e.order.resellerId === resellerA && e.order.state === 'processed'
      && e.order.distributionCompany !== null && !e.order.purchasedAt.startsWith('2026-11-27'))!.order;
    const shapes = talliedShapes(seeded.productId, seeded.distributionCompany!);
    const before = await totals(resellerA, shapes);
    await store.transaction(async (tx) => {
      await tx.setOrderState(resellerA, seeded.id, 'refunded', { activeCount: 0, availableCount: 0 });
      await tx.setOrderState(resellerA, 'ord_NEW1', 'refunded', { activeCount: 0, availableCount: 0 });
    });
    const refunded = await store.order(resellerA, seeded.id);
    assert.deepEqual([refunded?.state, refunded?.activeCount, refunded?.availableCount], ['refunded', 0, 0]);
    assert.ok((await store.licenses(resellerA, 'ord_NEW1', { limit: 5 })).items.every((l) => l.orderState === 'refunded'));
    const after = await totals(resellerA, shapes);
    const moved = (order: { purchasedAt: string; productId: string; paymentType: string; distributionCompany: string | null }, q: ParsedOrdersQuery) =>
      (bruteMatchesNew({ ...order, state: 'refunded' }, q) ? 1 : 0) - (bruteMatchesNew({ ...order, state: 'processed' }, q) ? 1 : 0);
    const newOne = newOrder('NEW1', '2026-11-27T16:10:00Z', 3).order;
    assert.deepEqual(after, before.map((n, i) => n + moved(seeded, shapes[i]!) + moved(newOne, shapes[i]!)));
    assert.equal(after[0], before[0], 'the number of orders stays');
    assert.equal(after[2], before[2]! + 2, 'two more refunded');
    assert.equal(after[1], before[1]! - 2, 'two fewer processed');
    await assertTalliesExact();

    // The same state again changes the counts only; back to processed restores every total.
    await store.transaction((tx) => tx.setOrderState(resellerA, seeded.id, 'refunded', { activeCount: 0, availableCount: 0 }));
    assert.deepEqual(await totals(resellerA, shapes), after);
    await store.transaction((tx) => tx.setOrderState(resellerA, seeded.id, 'processed', { activeCount: 1, availableCount: 2 }));
    const back = await store.order(resellerA, seeded.id);
    assert.deepEqual([back?.state, back?.activeCount, back?.availableCount], ['processed', 1, 2]);
    assert.deepEqual(await totals(resellerA, shapes), before.map((n, i) => n + moved(newOne, shapes[i]!)));
    await assertTalliesExact();
  });

  test('every write of a license keeps the license tally and the totals of GET /licenses exact', async () => {
    const { order, licenses } = newOrder('TALLY', '2026-11-27T16:20:00Z', 3);
    const productId = order.productId;
    await store.transaction((tx) => tx.createOrder(resellerA, order, licenses));
    const [first, second, third] = licenses.map((l) => l.id) as [string, string, string];
    const customer = world.customers.find((c) => c.resellerId === resellerA)!.id;
    const searches = talliedLicenseSearches(productId, licenses[0]!.validTo);
    const check = async (step: string) => {
      await assertTalliesExact();
      await assertLicenseTotals(store, resellerA, searches, step);
    };
    await check('bought');
    await store.transaction(async (tx) => {
      await tx.activate(resellerA, first, customer, '2026-11-27T17:00:00Z');
      await tx.activate(resellerA, second, customer, '2026-11-27T17:00:00Z');
    });
    await check('activated');
    await store.transaction(async (tx) => {
      await tx.setScheduledChange(resellerA, first, { recurrent: true, effectiveOn: '2027-11-01' });
      await tx.setCustomer(resellerA, second, world.customers.filter((c) => c.resellerId === resellerA)[1]!.id);
    });
    await check('scheduled and transferred (no license moves)');
    await store.transaction((tx) => tx.setRecurrent(resellerA, first, true));
    await check('recurrent');
    await store.transaction((tx) => tx.setValidTo(resellerA, first, '2028-11-27'));
    await check('renewed');
    await store.transaction((tx) => tx.setExpired(resellerA, second, '2027-11-28T00:00:00Z'));
    await check('expired');
    await store.transaction((tx) => tx.deactivate(resellerA, first));
    await check('deactivated');
    const other = world.customers.filter((c) => c.resellerId === resellerA)[1]!;
    await store.transaction((tx) => tx.activate(resellerA, third, customer, '2026-11-27T18:00:00Z'));
    await store.transaction((tx) => tx.setCustomer(resellerA, second, other.id));
    await check('transferred');
    await assertTextTotals(resellerA, [customer, other.id], 'transferred');
    // Now found by fragments of the product's name and of the distribution company too.
    const productName = world.products.find((p) => p.id === productId)!.name;
    const productFragment = productName.toLowerCase().replaceAll(' ', '').slice(2, 7);
    await store.transaction((tx) => tx.updateCustomer(resellerA, other.id, { email: `${productFragment}.nord@example.org` }));
    await check('email corrected');
    await assertTextTotals(resellerA, [customer, other.id], 'email corrected');
    await store.transaction((tx) => tx.setCustomer(resellerA, third, other.id));
    await check('transferred to the only holder');
    await store.transaction((tx) => tx.setOrderState(resellerA, order.id, 'refunded', { activeCount: 0, availableCount: 0 }));
    await check('refunded');
    await assertTextTotals(resellerA, [customer, other.id], 'refunded');
    assert.ok((await store.searchLicenses(resellerA, { status: 'refunded', productId, limit: 5 })).items.some((l) => l.id === third));
    await assert.rejects(store.transaction(async (tx) => {
      await tx.setRecurrent(resellerA, third, true);
      throw new Error('rolled back');
    }));
    await check('rolled back');
  });

  test("a database with the earlier row triggers of the license tally gets the statement triggers and a tally counted afresh", async () => {
    await store.pool.query(`
      DROP TRIGGER license_tally_inserted ON licenses;
      DROP TRIGGER license_tally_updated ON licenses;
      CREATE FUNCTION license_tally_license() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
      CREATE TRIGGER license_tally_written AFTER INSERT OR DELETE ON licenses FOR EACH ROW EXECUTE FUNCTION license_tally_license();
      CREATE TRIGGER license_tally_changed AFTER UPDATE ON licenses FOR EACH ROW EXECUTE FUNCTION license_tally_license();
      UPDATE license_tally SET licenses = licenses + 5;`);
    assert.equal(await store.migrate(), 0);
    const triggers = async () =>
      (await store.pool.query<{ tgname: string }>("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'license_tally_%' ORDER BY tgname")).rows.map((r) => r.tgname);
    assert.deepEqual(await triggers(), ['license_tally_deleted', 'license_tally_inserted', 'license_tally_order', 'license_tally_updated']);
    const { rows } = await store.pool.query("SELECT 1 FROM pg_proc WHERE proname = 'license_tally_license'");
    assert.equal(rows.length, 0);
    await assertTalliesExact();
  });

  test("an order moved to another product or distribution company moves on its holders' order lists", async () => {
    const { rows } = await store.pool.query<{ id: string; product_id: string; distributor_lower: string }>(
      `SELECT o.id, o.product_id, o.distributor_lower FROM orders o WHERE o.reseller_id = $1 AND o.distributor_lower <> ''
         AND (SELECT count(DISTINCT customer_id) FROM licenses WHERE reseller_id = o.reseller_id AND order_id = o.id) > 1 LIMIT 1`,
      [resellerA],
    );
    const held = rows[0];
    assert.ok(held, 'the data holds an order of several customers, sold through a distribution company');
    const otherProduct = world.products.find((p) => p.id !== held.product_id)!.id;
    const move = (product: string, distributor: string) =>
      store.pool.query('UPDATE orders SET product_id = $1, distributor_lower = $2 WHERE reseller_id = $3 AND id = $4', [product, distributor, resellerA, held.id]);
    // Written directly (no write of the service moves an order), and put back: the order tallies are not kept by triggers.
    await move(otherProduct, '');
    await assertCustomerOrdersExact();
    await move(otherProduct, 'another distributor');
    await assertCustomerOrdersExact();
    await move(held.product_id, held.distributor_lower);
    await assertCustomerOrdersExact();
  });

  test('catalog and balance round-trip', async () => {
    const expected = (world.prices ?? [])
      .filter((p) => p.resellerId === resellerA)
      .map((p) => ({ id: p.productId, name: productNames.get(p.productId)!, unitPrice: p.unitPrice, termMonths: p.termMonths }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    assert.equal(expected.length, world.products.length);
    assert.deepEqual(await store.catalog(resellerA), expected);
    assert.deepEqual(await store.catalog('res_nobody'), []);
    const resellerAWorld = world.resellers[0]!;
    const reseller = await store.reseller(resellerA);
    assert.deepEqual(reseller, {
      id: resellerA, name: resellerAWorld.name, user: resellerAWorld.user, currency: 'EUR', balance: resellerAWorld.balance,
    });
    assert.deepEqual((await store.reseller(resellerB))?.balance, world.resellers[1]!.balance);
    await store.transaction((tx) => tx.setBalance(resellerA, { value: 1_234_567, currency: 'EUR' }));
    assert.deepEqual((await store.reseller(resellerA))?.balance, { value: 1_234_567, currency: 'EUR' });
    await assert.rejects(store.transaction((tx) => tx.setBalance(resellerA, { value: 1, currency: 'GBP' })), /EUR|GBP/);
    assert.deepEqual((await store.reseller(resellerA))?.balance, { value: 1_234_567, currency: 'EUR' });
    await store.transaction((tx) => tx.setBalance(resellerA, resellerAWorld.balance!));
  });

  test('licenseByCode finds a license across resellers, ignoring case; null for an unknown code', async () => {
    const fromA = entries.find((e) => e.order.resellerId === resellerA && e.licenses.some((l) => l.customerId !== null))!;
    const licenseA = fromA.licenses.find((l) => l.customerId !== null)!;
    const licenseB = entries.find((e) => e.order.resellerId === resellerB && e.licenses.length > 0)!.licenses[0]!;
    const foundA = await store.licenseByCode(licenseA.activationCode.toLowerCase());
    assert.deepEqual(foundA, { resellerId: resellerA, license: await store.license(resellerA, licenseA.id) });
    assert.equal(foundA?.license.customer?.id, licenseA.customerId);
    const foundB = await store.transaction((tx) => tx.licenseByCode(licenseB.activationCode.toUpperCase()));
    assert.deepEqual(foundB, { resellerId: resellerB, license: await store.license(resellerB, licenseB.id) });
    const created = await store.licenseByCode('new1-0002');
    assert.deepEqual([created?.resellerId, created?.license.id], [resellerA, 'lic_NEW1_2']);
    assert.equal(await store.licenseByCode('NO-SUCH-CODE'), null);
    assert.equal(await store.licenseByCode(licenseA.activationCode.slice(0, -1)), null, 'a prefix is not the code');
    assert.equal(await store.licenseByCode(''), null);
  });

  test('a rolled-back createOrder changes nothing', async () => {
    const before = await snapshot();
    const { order, licenses } = newOrder('GONE', '2026-11-27T16:20:00Z', 4, { productId: 'prd_zz_new' });
    await assert.rejects(
      store.transaction(async (tx) => {
        await tx.createOrder(resellerA, order, licenses);
        await tx.setBalance(resellerA, { value: 1, currency: 'EUR' });
        await tx.setOrderState(resellerA, order.id, 'refunded', { activeCount: 0, availableCount: 0 });
        assert.equal((await tx.order(resellerA, order.id))?.state, 'refunded', 'the transaction sees its own writes');
        throw new Error('payment declined');
      }),
      /payment declined/,
    );
    assert.deepEqual(await snapshot(), before);
    assert.equal(await store.order(resellerA, order.id), null);
    assert.equal(await store.licenseByCode(licenses[0]!.activationCode), null);
    assert.ok(!(await store.products(resellerA)).some((p) => p.id === 'prd_zz_new'));
  });

  test('concurrent createOrder and setBalance under SERIALIZABLE: both debits applied once', async () => {
    const start = (await store.reseller(resellerA))!.balance.value;
    let runs = 0;
    const buy = (tag: string, cost: number) =>
      store.transaction(async (tx) => {
        runs += 1;
        const reseller = await tx.reseller(resellerA);
        await new Promise((resolve) => setTimeout(resolve, 30));
        const { order, licenses } = newOrder(tag, '2026-11-27T16:30:00Z', 2, { amount: { value: cost, currency: 'EUR' } });
        await tx.createOrder(resellerA, order, licenses);
        await tx.setBalance(resellerA, { value: reseller!.balance.value - cost, currency: 'EUR' });
      });
    await Promise.all([buy('PAR1', 7_200), buy('PAR2', 500)]);
    assert.deepEqual((await store.reseller(resellerA))?.balance, { value: start - 7_200 - 500, currency: 'EUR' });
    const { rows } = await store.pool.query<{ id: string }>("SELECT id FROM orders WHERE id IN ('ord_PAR1', 'ord_PAR2') ORDER BY id");
    assert.deepEqual(rows.map((row) => row.id), ['ord_PAR1', 'ord_PAR2']);
    assert.equal((await store.licenses(resellerA, 'ord_PAR2', { limit: 5 })).total, 2);
    if (db.poolSize === undefined) assert.ok(runs >= 3, 'the loser ran again');
    await totals(resellerA, talliedShapes(world.products[2]!.id, distributor));
    await assertTalliesExact();
  });

  test('history takes every kind of the contract', async () => {
    const orderId = 'ord_NEW1';
    const licenseId = 'lic_NEW1_0';
    await store.transaction(async (tx) => {
      for (const [i, kind] of HistoryKind.options.entries()) {
        await tx.addHistory(resellerA, { orderId, licenseId, at: `2026-11-27T17:${String(i).padStart(2, '0')}:00Z`, actor: { kind: 'reseller', name: 'Dana' }, kind, detail: kind });
      }
    });
    assert.deepEqual((await store.history(resellerA, licenseId, { limit: 100 })).items.map((h) => h.kind), HistoryKind.options);
  });
});

/** Whether an order with these stored values matches the (facet and date) query. */
function bruteMatchesNew(
  order: { purchasedAt: string; productId: string; paymentType: string; distributionCompany: string | null; state?: string },
  q: ParsedOrdersQuery,
): boolean {
  const at = Date.parse(order.purchasedAt);
  if (q.purchasedFrom !== undefined && at < Date.parse(q.purchasedFrom)) return false;
  if (q.purchasedTo !== undefined && at >= Date.parse(q.purchasedTo)) return false;
  if (q.productId !== undefined && order.productId !== q.productId) return false;
  if (q.state !== undefined && (order.state ?? 'processed') !== q.state) return false;
  if (q.paymentType !== undefined && order.paymentType !== q.paymentType) return false;
  if (q.distributionCompany !== undefined && lower(order.distributionCompany ?? '') !== lower(q.distributionCompany)) return false;
  return true;
}

describe('PostgresStore: who holds a license, and the history page by page (v1.1)', () => {
  const ACTORS: Actor[] = [
    { kind: 'reseller', name: 'Dana Buyer' },
    { kind: 'customer', name: 'Kim Holder' },
    { kind: 'system', name: 'License Desk' },
  ];

  /** Every page of a license's history, `limit` at a time, checking each page's size. */
  async function historyPages(licenseId: string, limit: number): Promise<{ items: HistoryRecord[]; cursors: string[] }> {
    const items: HistoryRecord[] = [];
    const cursors: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 100; pages += 1) {
      const page = await store.history(resellerA, licenseId, { limit, ...(cursor === undefined ? {} : { cursor }) });
      assert.ok(page.items.length <= limit);
      items.push(...page.items);
      if (page.nextCursor === null) break;
      assert.equal(page.items.length, limit, 'a page before the last is full');
      cursors.push(page.nextCursor);
      cursor = page.nextCursor;
    }
    return { items, cursors };
  }

  test('history pages: 1,100 rows of a license and its order, 250 at a time, each once, oldest first, interleaved by time', async () => {
    const { order, licenses } = newOrder('HIST', '2026-11-27T18:00:00Z', 2);
    const [mine, sibling] = licenses as [NewLicenseRecord, NewLicenseRecord];
    // 700 rows of the license, 400 of the whole order and 60 of its sibling; two rows share each
    // instant (some with milliseconds); written in a scrambled order, so that seq is not time order.
    const base = Date.parse('2026-11-28T00:00:00Z');
    const rows: NewHistoryRecord[] = Array.from({ length: 1_160 }, (_, i) => ({
      orderId: order.id,
      licenseId: i >= 1_100 ? sibling.id : i % 11 < 7 ? mine.id : null,
      at: isoInstant(base + Math.floor(i / 2) * 1_500),
      actor: ACTORS[i % 3]!,
      kind: i % 11 < 7 ? 'billing_state_changed' : 'email_sent',
      detail: `row ${i}`,
    }));
    const written = rows.map((row, i) => ({ row, key: (i * 389) % rows.length })).sort((a, b) => a.key - b.key).map((r) => r.row);
    await store.transaction(async (tx) => {
      await tx.createOrder(resellerA, order, licenses);
      for (const row of written) await tx.addHistory(resellerA, row);
    });
    // Oldest first by time, then as written.
    const expected = written
      .map((row, seq) => ({ row, seq }))
      .filter(({ row }) => row.licenseId !== sibling.id)
      .sort((a, b) => Date.parse(a.row.at) - Date.parse(b.row.at) || a.seq - b.seq)
      .map(({ row }) => [row.at, row.actor, row.kind, row.detail]);
    assert.equal(expected.length, 1_100);

    const { items, cursors } = await historyPages(mine.id, 250);
    assert.equal(cursors.length, 4, 'four full pages, then the last 100');
    assert.deepEqual(items.map((h) => [h.at, h.actor, h.kind, h.detail]), expected);
    assert.equal(new Set(items.map((h) => h.id)).size, 1_100, 'every row once');
    const firstPage = items.slice(0, 250).map((h) => h.kind);
    assert.ok(firstPage.includes('billing_state_changed') && firstPage.includes('email_sent'), "the license's and the order's rows interleave");
    assert.deepEqual(new Set(items.map((h) => h.actor.kind)), new Set(['reseller', 'customer', 'system']));

    // The sibling sees the order's 400 and its own 60, never this license's rows.
    const other = await historyPages(sibling.id, 250);
    assert.equal(other.items.length, 460);
    assert.ok(!other.items.some((h) => h.kind === 'billing_state_changed' && Number(h.detail.slice(4)) < 1_100));

    // Other page sizes give the same rows.
    assert.deepEqual((await historyPages(mine.id, 333)).items, items);
    assert.deepEqual((await store.history(resellerA, mine.id, { limit: 2_000 })).items, items);
  });

  test('a history cursor of another license, or not of a history, is a BadCursorError', async () => {
    const first = await store.history(resellerA, 'lic_HIST_0', { limit: 10 });
    assert.notEqual(first.nextCursor, null);
    const cursor = first.nextCursor!;
    await assert.rejects(store.history(resellerA, 'lic_HIST_1', { limit: 10, cursor }), BadCursorError);
    await assert.rejects(store.history(resellerA, 'lic_HIST_0', { limit: 10, cursor: 'nonsense' }), BadCursorError);
    const ordersCursor = (await store.searchOrders(resellerA, { limit: 1 })).nextCursor!;
    await assert.rejects(store.history(resellerA, 'lic_HIST_0', { limit: 10, cursor: ordersCursor }), BadCursorError);
    const second = await store.history(resellerA, 'lic_HIST_0', { limit: 10, cursor });
    assert.equal(second.items.length, 10);
    assert.ok(Date.parse(second.items[0]!.at) >= Date.parse(first.items.at(-1)!.at));
    // Another reseller finds no history of the license, with or without the cursor.
    assert.deepEqual(await store.history(resellerB, 'lic_HIST_0', { limit: 10, cursor }), { items: [], nextCursor: null });
  });

  test('deactivate, setCustomer and updateCustomer round-trip, and the customer-email search follows them', async () => {
    const { order, licenses } = newOrder('HOLD', '2026-11-27T18:30:00Z', 3);
    const one = { id: 'cus_hold1', email: 'First.Holder@Example.test', organization: 'One Org', firstName: 'First', lastName: 'Holder', phone: '+49 30 1', country: 'DE' };
    const two = { id: 'cus_hold2', email: 'second.holder@example.test', organization: 'Two Org', firstName: 'Second', lastName: 'Holder', phone: null, country: 'AT' };
    await store.transaction(async (tx) => {
      await tx.createOrder(resellerA, order, licenses);
      await tx.addCustomer(resellerA, one);
      await tx.addCustomer(resellerA, two);
      await tx.activate(resellerA, 'lic_HOLD_0', one.id, '2026-11-27T18:31:00Z');
      await tx.activate(resellerA, 'lic_HOLD_1', two.id, '2026-11-27T18:32:00Z');
      await tx.setRecurrent(resellerA, 'lic_HOLD_0', true);
    });
    const ordersOf = async (email: string) => (await store.searchOrders(resellerA, { limit: 10, customerEmail: email })).items.map((o) => o.id);
    const record = ({ phone: _p, country: _c, ...rest }: typeof one) => rest;
    assert.deepEqual(await store.customer(resellerA, one.id), record(one));
    assert.equal(await store.customer(resellerB, one.id), null);
    assert.equal(await store.customer(resellerA, 'cus_nobody'), null);
    assert.deepEqual(await store.customerLicenses(resellerA, one.id), [{ id: 'lic_HOLD_0', orderId: order.id }]);
    assert.deepEqual(await store.customerLicenses(resellerB, one.id), []);
    assert.deepEqual(await ordersOf(one.email), [order.id]);

    // Deactivated: available again, and its customer no longer finds the order.
    await store.transaction((tx) => tx.deactivate(resellerA, 'lic_HOLD_0'));
    const released = await store.license(resellerA, 'lic_HOLD_0');
    assert.deepEqual([released?.customer, released?.activatedAt, released?.recurrent], [null, null, false]);
    assert.deepEqual(await store.customerLicenses(resellerA, one.id), []);
    assert.deepEqual(await ordersOf(one.email), []);
    assert.equal((await store.searchOrders(resellerA, { limit: 10, customerEmail: one.email })).total, 0);

    // Transferred: the other license passes from two to one, its activation time kept.
    await store.transaction((tx) => tx.setCustomer(resellerA, 'lic_HOLD_1', one.id));
    const moved = await store.license(resellerA, 'lic_HOLD_1');
    assert.deepEqual(moved?.customer, { id: one.id, email: one.email, organization: one.organization });
    assert.equal(moved?.activatedAt, '2026-11-27T18:32:00Z');
    assert.deepEqual(await store.customerLicenses(resellerA, one.id), [{ id: 'lic_HOLD_1', orderId: order.id }]);
    assert.deepEqual(await store.customerLicenses(resellerA, two.id), []);
    assert.deepEqual(await ordersOf(one.email), [order.id]);
    assert.deepEqual(await ordersOf(two.email), []);

    // Corrected: the new email finds the customer and the order, the old one nothing.
    await store.transaction((tx) => tx.updateCustomer(resellerA, one.id, { email: 'Renamed.One@Example.test', firstName: 'Rena', phone: null }));
    const renamed = { ...record(one), email: 'Renamed.One@Example.test', firstName: 'Rena' };
    assert.deepEqual(await store.customer(resellerA, one.id), renamed);
    assert.deepEqual(await store.customerByEmail(resellerA, 'renamed.one@example.test'), renamed);
    assert.equal(await store.customerByEmail(resellerA, one.email), null);
    assert.deepEqual(await ordersOf('RENAMED.ONE@example.test'), [order.id]);
    assert.deepEqual(await ordersOf(one.email), []);
    assert.equal((await store.license(resellerA, 'lic_HOLD_1'))?.customer?.email, 'Renamed.One@Example.test');
    assert.deepEqual((await store.customers(resellerA, 'rena holder', 5)).map((c) => c.id), [one.id], 'the name search sees the new name');
    assert.deepEqual(await store.customers(resellerA, 'first holder', 5), []);
    await store.transaction((tx) => tx.updateCustomer(resellerA, one.id, { lastName: 'Newname', organization: 'One Org GmbH', country: 'CH', phone: '+41 44 2' }));
    assert.deepEqual(await store.customer(resellerA, one.id), { ...renamed, lastName: 'Newname', organization: 'One Org GmbH' });
    assert.deepEqual((await store.customers(resellerA, 'rena newname', 5)).map((c) => c.id), [one.id]);
    const { rows } = await store.pool.query<{ phone: string | null; country: string | null; email_lower: string; name_lower: string }>(
      'SELECT phone, country, email_lower, name_lower FROM customers WHERE reseller_id = $1 AND id = $2',
      [resellerA, one.id],
    );
    assert.deepEqual(rows, [{ phone: '+41 44 2', country: 'CH', email_lower: 'renamed.one@example.test', name_lower: 'rena newname' }]);
    await store.transaction((tx) => tx.updateCustomer(resellerA, one.id, { phone: null }));
    const cleared = await store.pool.query<{ phone: string | null }>('SELECT phone FROM customers WHERE reseller_id = $1 AND id = $2', [resellerA, one.id]);
    assert.equal(cleared.rows[0]?.phone, null, 'a null phone clears it');

    // Nothing of another reseller, nor anything unknown, is written.
    await assert.rejects(store.transaction((tx) => tx.updateCustomer(resellerB, one.id, { organization: 'X' })), /No customer/);
    await assert.rejects(store.transaction((tx) => tx.deactivate(resellerB, 'lic_HOLD_1')), /No license/);
    await assert.rejects(store.transaction((tx) => tx.setCustomer(resellerA, 'lic_nobody', one.id)), /No license/);
    assert.equal((await store.license(resellerA, 'lic_HOLD_1'))?.customer?.id, one.id);
  });

  test("a search by a fragment of a customer's email follows activations and deactivations, however often it ran before", async () => {
    const orders = ['KEPT1', 'KEPT2'].map((tag, i) => newOrder(tag, `2026-11-27T19:0${i}:00Z`, 2));
    const holder = { id: 'cus_kept', email: 'kept.lists.holder@example.test', organization: 'Kept', firstName: 'Kept', lastName: 'Holder', phone: null, country: 'DE' };
    await store.transaction(async (tx) => {
      for (const { order, licenses } of orders) await tx.createOrder(resellerA, order, licenses);
      await tx.addCustomer(resellerA, holder);
      await tx.activate(resellerA, 'lic_KEPT1_0', holder.id, '2026-11-27T19:10:00Z');
    });
    const found = async () => {
      const page = await store.searchOrders(resellerA, { limit: 10, q: 'kept.lists' });
      return { total: page.total, ids: page.items.map((o) => o.id) };
    };
    // Run twice between writes, so that the second search counts from the lists kept by the first.
    const expectFound = async (ids: string[]) => {
      for (let i = 0; i < 2; i += 1) assert.deepEqual(await found(), { total: ids.length, ids });
    };
    await expectFound(['ord_KEPT1']);
    await store.transaction((tx) => tx.activate(resellerA, 'lic_KEPT2_1', holder.id, '2026-11-27T19:11:00Z'));
    await expectFound(['ord_KEPT2', 'ord_KEPT1']);
    await store.transaction((tx) => tx.deactivate(resellerA, 'lic_KEPT1_0'));
    await expectFound(['ord_KEPT2']);
    await store.transaction((tx) => tx.deactivate(resellerA, 'lic_KEPT2_1'));
    assert.deepEqual(await found(), { total: 0, ids: [] });
  });

  test('searches by different fragments share one plan of their look-up, found the same as planned afresh', async () => {
    // One connection, whose prepared statements can be read back (PGlite shows every connection's).
    await onOneConnection(async (single) => {
      // With every number held in the process: a fragment of two bytes is looked up by number in the database, in a statement of its own.
      await single.readOrdersAhead();
      // A fragment that is its own joined form is held by what the index finds; one with a dash,
      // a dot or a u (looked up by its joined form) is held to the whole fragment after, the same
      // statement; one of three letters or digits, with a dash before or after them or not, finds
      // the codes of the orders held in the process, and looks up those past them alone: a
      // statement each.
      const lists = [
        ['adm', '026', 'exa', 'sen', 'vau', 'xyz', 'mai', 'tes', 'nor', 'ord'],
        ['adm-', '-026', 'exa-', '-sen', 'vau-', '-xyz', 'mai-', '-tes', 'nor-', '-ord'],
        ['admin', '2026', 'example', 'sentinel', 'vault', 'xyzzy', 'mail', 'test', 'nord', 'orde'],
        ['ord-2', 'xyzzy-none', '.test', 'admin-', '-0260', 'example.', 'mail.', '-vault', 'nord.', 'sentinel-'],
        ['-1', '02', 'ex', '.t', 'ma', 'ad', 'va', 'se', 'xy', 'il'],
      ];
      for (const fragments of lists) {
        const runsSince = await preparedRuns(single, '%c.email_joined LIKE%');
        for (const q of fragments) {
          const page = await single.searchOrders(resellerA, { limit: 5, q });
          assert.equal(page.total, await plainTextTotal(resellerA, q), `the total of ${q}`);
        }
        const runs = await runsSince();
        assert.equal(runs.length, 1, `the look-up of ${fragments.join(', ')} is one prepared statement`);
        assert.ok(runs[0]!.generic >= fragments.length - 5, `planned once for all: ${JSON.stringify(runs[0])}`);
      }
    });
  });

  test('searches that find products alone page them in purchase order, sharing one plan whatever the products', async () => {
    await onOneConnection(async (single) => {
      const runsSince = await preparedRuns(single, '%AS facet (value)%');
      // Each whole product name of the reseller's, searched page by page in both purchase orders, twice round.
      const names = (await single.products(resellerA)).map((p) => p.name.toLowerCase());
      assert.ok(names.length >= 3, 'the reseller sells several products');
      for (let round = 0; round < 2; round += 1) {
        for (const name of names) {
          for (const sort of ['purchasedAt:desc', 'purchasedAt:asc'] as const) {
            const { ids } = await walk(resellerA, { q: name, sort }, 4, single);
            assert.deepEqual(ids, await plainProductOrders(resellerA, name, sort === 'purchasedAt:desc' ? 'DESC' : 'ASC'), `the orders of "${name}", ${sort}`);
          }
        }
      }
      const runs = await runsSince();
      assert.ok(runs.length > 0, 'the pages walk the products found');
      // A statement is planned for its values only at its first runs (five), then once for all.
      for (const run of runs) assert.ok(run.custom <= 5, `planned once for all: ${JSON.stringify(run)}`);
      assert.ok(runs.some((run) => run.generic > 0), `a plan kept: ${JSON.stringify(runs)}`);
    });
  });

  test('every page size of a search by products makes one of a few statements, each page as a plain scan has it', async () => {
    // A statement for each size asked for would spend the names of prepared statements (sql.ts).
    await onOneConnection(async (single) => {
      const runsSince = await preparedRuns(single, '%AS facet (value)%');
      const name = (await single.products(resellerA))[0]!.name.toLowerCase();
      const all = await plainProductOrders(resellerA, name, 'DESC');
      for (let limit = 1; limit <= 40; limit += 1) {
        const first = await single.searchOrders(resellerA, { q: name, limit });
        assert.deepEqual(first.items.map((o) => o.id), all.slice(0, limit), `the first page of ${limit}`);
        assert.equal(first.nextCursor !== null, all.length > limit, `a next page after ${limit}`);
        if (first.nextCursor === null) continue;
        const second = await single.searchOrders(resellerA, { q: name, limit, cursor: first.nextCursor });
        assert.deepEqual(second.items.map((o) => o.id), all.slice(limit, 2 * limit), `the second page of ${limit}`);
      }
      // Sizes 1 to 40 read 2, 4, 8, 16, 32 or 64 orders: at most six statements, with and without a cursor.
      const statements = await runsSince();
      assert.ok(statements.length <= 12, `${statements.length} statements: ${JSON.stringify(statements)}`);
    });
  });

  test('a bound of listed matches that is not a whole number above 0 is refused when the store opens', async () => {
    for (const broadMatches of [0, -1, 1.5, Number.NaN, 2 ** 53]) {
      await assert.rejects(openPostgresStore({ connectionString: db.url, migrate: false, search: { broadMatches } }), RangeError, String(broadMatches));
    }
  });

  test('a fragment found in more orders than are listed is counted and paged in the statement, as the listed ones are', async () => {
    // Past two orders found by number or code, a search of this store finds them in the statement.
    const broad = await openPostgresStore({ connectionString: db.url, max: 2, migrate: false, search: { broadMatches: 2 } });
    try {
      // Before the orders' numbers are held in the process (the first search starts reading them), and with them.
      for (const q of ['ord', '026', '-00', 'adm', 'end', 'vault', 'xyzzy-none', 'held', '026', '-00', 'adm', 'end']) {
        if (q === 'held') {
          await broad.readOrdersAhead();
          continue;
        }
        const total = await plainTextTotal(resellerA, q);
        for (const sort of ['purchasedAt:desc', 'purchasedAt:asc', 'amount:desc', 'orderNumber:asc'] as const) {
          const listed = await walk(resellerA, { q, sort }, 7);
          assert.deepEqual((await walk(resellerA, { q, sort }, 7, broad)).ids, listed.ids, `${q}, ${sort}`);
          if (sort === 'purchasedAt:desc') assert.equal(listed.ids.length, total, `the total of ${q}`);
        }
        const processed = await walk(resellerA, { q, state: 'processed' }, 5);
        assert.deepEqual((await walk(resellerA, { q, state: 'processed' }, 5, broad)).ids, processed.ids, `${q} of processed orders`);
      }
    } finally {
      await broad.close();
    }
  });

  test("a fragment of a product's name that order numbers and codes hold too, and no email, finds the product's orders and those, each once", async () => {
    // Orders whose number and codes hold "netshield": one of the NetShield product itself, two of others.
    await store.transaction(async (tx) => {
      for (const { order, licenses } of netShieldOrders(['NETSHIELD1', 'NETSHIELD2', 'NETSHIELD3'])) await tx.createOrder(resellerA, order, licenses);
    });
    await assertNetShieldPages();
  });

  test("orders found by code are told from the product found by the products kept by row number, and looked up once an order was moved", async () => {
    const netShield = world.products[3]!.id;
    // Orders whose number and codes hold "netshield": one of another product, one of NetShield itself.
    const moved = newOrder('NETSHIELDMV1', '2026-08-01T09:00:00Z', 2);
    await store.transaction(async (tx) => {
      await tx.createOrder(resellerA, moved.order, moved.licenses);
      const own = newOrder('NETSHIELDMV2', '2026-08-02T09:00:00Z', 1, { productId: netShield });
      await tx.createOrder(resellerA, own.order, own.licenses);
    });
    const q = 'netshield';
    await onOneConnection(async (single) => {
      await single.readOrdersAhead();
      const search = async (what: string) => {
        assert.deepEqual((await walk(resellerA, { q }, 3, single)).ids, await plainTextOrders(resellerA, q, 'DESC'), what);
      };
      const lookedUp = await preparedRuns(single, '%product_id <> ALL%');
      await search('as a plain scan finds them');
      assert.deepEqual(await lookedUp(), [], 'no order was looked up: the products kept told them apart');
      for (const [product, what] of [[netShield, 'moved to the product found'], [moved.order.productId, 'moved back']] as const) {
        await moveOrder(resellerA, moved.order.id, product);
        await assertTalliesExact();
        const lookedUpSince = await preparedRuns(single, '%product_id <> ALL%');
        await search(what);
        assert.ok((await lookedUpSince()).length > 0, `${what}: the orders found by code were looked up, the products kept given up`);
      }
    });
  });

  test('orders found by number among the numbers kept in the process, past them, and after a number changed by hand, as a plain scan finds them', async () => {
    await onOneConnection(async (single) => {
      await single.readOrdersAhead();
      const search = (q: string, what: string) => searchedAsPlainScan(single, q, what);
      const heldRuns = await preparedRuns(single, '%OFFSET 0) o%');
      // Fragments of the numbers of the demo world: digits, a dash, the stem's year, a whole number.
      const someNumber = entries.find((e) => e.order.resellerId === resellerA)!.order.orderNumber.toLowerCase();
      for (const q of ['026', '-00', '0001', '5-000', someNumber, 'zzq']) await search(q, 'held');
      assert.ok((await heldRuns()).some((run) => run.generic + run.custom >= 6), 'the look-ups found the numbers held');

      // Bought after the numbers were read: found past them, then among them once read.
      const bought = newOrder('NIDXA', '2026-11-27T12:00:00Z', 1);
      await store.transaction((tx) => tx.createOrder(resellerA, bought.order, bought.licenses));
      // Its codes ("NIDXA-0000") hold "nidx" too: the fragments below are held by its number alone.
      assert.deepEqual(await search('w-nidx', 'bought since'), [bought.order.id]);
      await single.readOrdersAhead();
      const pastRuns = await preparedRuns(single, '%OFFSET 0) o%');
      assert.deepEqual(await search('ew-nidxa', 'read since'), [bought.order.id]);
      assert.equal((await pastRuns()).length, 1, 'found among the numbers held');

      // A number changed by hand: the numbers held are given up and the look-up runs without them, until they are read again.
      await store.pool.query("UPDATE orders SET order_number = 'ORD-HAND-QX9', order_number_lower = 'ord-hand-qx9' WHERE reseller_id = $1 AND id = $2", [resellerA, bought.order.id]);
      try {
        assert.deepEqual(await search('qx9', 'changed by hand'), [bought.order.id]);
        assert.deepEqual(await search('w-nidx', 'its number before'), []);
        await single.readOrdersAhead();
        const againRuns = await preparedRuns(single, '%OFFSET 0) o%');
        assert.deepEqual(await search('hand-qx', 'read again'), [bought.order.id]);
        assert.deepEqual(await search('w-nidx', 'its number before, read again'), []);
        assert.equal((await againRuns()).length, 1, 'found among the numbers read again');
      } finally {
        await store.pool.query("UPDATE orders SET order_number = 'ORD-NEW-NIDXA', order_number_lower = 'ord-new-nidxa' WHERE reseller_id = $1 AND id = $2", [resellerA, bought.order.id]);
      }
    });
  });

  test('orders found by three letters or digits of a code among the codes kept in the process, past them, and after codes changed, deleted or added to an older order by hand, as a plain scan finds them', async () => {
    await onOneConnection(async (single) => {
      await single.readOrdersAhead();
      const search = (q: string, what: string) => searchedAsPlainScan(single, q, what);
      const pastRuns = await preparedRuns(single, '%activation_code FROM licenses%order_seq >%');
      // Three characters of the codes of the demo world, where they start, in the middle and at
      // the end of a group, and with the dash after or before them.
      const codes = entries.filter((e) => e.order.resellerId === resellerA).flatMap((e) => e.licenses.map((l) => l.activationCode.toLowerCase()));
      const fragments = [[0, 3], [1, 3], [2, 3], [6, 3], [11, 3], [16, 3], [1, 4], [9, 4]]
        .map(([at, length], i) => codes[i * 7]!.slice(at, at! + length!))
        .filter((f) => /^-?[0-9a-z]{3}-?$/.test(f));
      assert.ok(fragments.length >= 6 && fragments.some((f) => f.includes('-')), `fragments of codes: ${fragments.join(', ')}`);
      for (const q of fragments) assert.ok((await search(q, 'held')).length > 0, `${q} is held by a code`);
      assert.ok((await pastRuns()).reduce((runs, run) => runs + run.generic + run.custom, 0) >= fragments.length, 'the look-ups found the codes held');

      // Bought after the codes were read: found past them, then among them once read.
      // Codes whose three letters or digits its number ("ORD-NEW-QZ7KA") does not hold.
      const bought = newOrder('QZ7KA', '2026-11-27T12:30:00Z', 2);
      bought.licenses.forEach((license, i) => (license.activationCode = `MK4T-R7VW-000${i}`));
      await store.transaction((tx) => tx.createOrder(resellerA, bought.order, bought.licenses));
      const movesBought = await movesOf(store.pool);
      assert.deepEqual(await search('r7v', 'bought since'), [bought.order.id]);
      assert.deepEqual(await search('7vw-', 'bought since, with the dash after'), [bought.order.id]);
      await single.readOrdersAhead();
      assert.deepEqual(await search('r7v', 'read since'), [bought.order.id]);
      assert.deepEqual(await search('7vw-', 'read since, with the dash after'), [bought.order.id]);
      assert.deepEqual(await search('-r7v', 'read since, with the dash before'), [bought.order.id]);
      assert.deepEqual(await search('r7v-', 'read since, with a dash where the code has none'), []);
      assert.equal(await movesOf(store.pool), movesBought, 'an order with its licenses moves nothing');

      const old = entries.find((e) => e.order.resellerId === resellerA && e.licenses.length > 0)!.order;
      const oldLicense = { ...bought.licenses[0]!, id: 'lic_HAND_JX5', activationCode: 'JX5Q-HAND-0001' };
      try {
        // A code changed by hand: found by the code it has, not by the one it had, before and after the codes are read again.
        for (const license of bought.licenses) {
          await store.pool.query("UPDATE licenses SET activation_code = replace(activation_code, 'MK4T-R7VW', 'HQ8W') WHERE reseller_id = $1 AND id = $2", [resellerA, license.id]);
        }
        assert.deepEqual(await search('hq8', 'changed by hand'), [bought.order.id]);
        assert.deepEqual(await search('r7v', 'its codes before'), []);
        await single.readOrdersAhead();
        assert.deepEqual(await search('hq8', 'read again'), [bought.order.id]);
        assert.deepEqual(await search('r7v', 'its codes before, read again'), []);

        // A license added by hand to an order of an earlier transaction, then deleted.
        await store.pool.query(
          `INSERT INTO licenses (reseller_id, id, order_id, position, order_purchased_at, activation_code, valid_from, valid_to, recurrent)
           SELECT reseller_id, $3, id, 10000, purchased_at, $4, '2026-01-01', '2027-01-01', false FROM orders WHERE reseller_id = $1 AND id = $2`,
          [resellerA, old.id, oldLicense.id, oldLicense.activationCode],
        );
        assert.ok((await search('jx5', 'added by hand')).includes(old.id));
        await single.readOrdersAhead();
        assert.ok((await search('jx5', 'added by hand, read again')).includes(old.id));
        await store.pool.query('DELETE FROM licenses WHERE reseller_id = $1 AND id = $2', [resellerA, oldLicense.id]);
        assert.ok(!(await search('jx5', 'deleted by hand')).includes(old.id));
        await single.readOrdersAhead();
        assert.ok(!(await search('jx5', 'deleted by hand, read again')).includes(old.id));
      } finally {
        await store.pool.query('DELETE FROM licenses WHERE reseller_id = $1 AND id = $2', [resellerA, oldLicense.id]);
        for (const license of bought.licenses) {
          await store.pool.query('UPDATE licenses SET activation_code = $3 WHERE reseller_id = $1 AND id = $2', [resellerA, license.id, license.activationCode]);
        }
      }
    });
  });

  test("the migration for the codes kept: a code, an order or a reseller of a license changed, a license deleted, the table emptied and a license added to an order of an earlier transaction are counted as moves; an order's licenses written with it are not", async () => {
    await withMigrationsBefore('ADD COLUMN created_in', async (client, migration) => {
      await client.query(`${MIGRATION_RESELLERS}; ${migrationOrders(['res_m', 'ord_m1', 'M-1', 1], ['res_n', 'ord_m1', 'N-1', 1])}`);
      await applyMigration(client, migration + 1);
      const counted = movesCounted(client);
      const license = (id: string, order: string, code: string) => migrationLicense(id, order, { code });
      await counted(license('lic_m1', 'ord_m1', 'AAAA-0001'), 'a license added to an order made before the migration');
      await counted(
        `BEGIN;
         ${migrationOrders(['res_m', 'ord_m2', 'M-2', 2])};
         ${license('lic_m2', 'ord_m2', 'BBBB-0001')};
         ${license('lic_m3', 'ord_m2', 'BBBB-0002')};
         COMMIT`,
        "an order's licenses written with it",
        0,
      );
      await counted(license('lic_m4', 'ord_m2', 'BBBB-0003'), 'a license added to an order of an earlier transaction');
      await counted("UPDATE licenses SET recurrent = true, customer_id = NULL WHERE id = 'lic_m2'", 'a write that changes no code, order or reseller', 0);
      await counted("UPDATE licenses SET activation_code = 'CCCC-0001' WHERE id = 'lic_m2'", 'a code changed');
      await counted("UPDATE licenses SET order_id = 'ord_m1' WHERE id = 'lic_m3'", 'an order changed');
      await counted("UPDATE licenses SET reseller_id = 'res_n' WHERE id = 'lic_m3'", 'a reseller changed');
      await counted("DELETE FROM licenses WHERE id = 'lic_m4'", 'a license deleted');
      await counted('TRUNCATE licenses CASCADE', 'the table emptied');
    });
  });

  test('a demo server over PostgreSQL reads the numbers and codes as it starts, and a search by three characters of a code finds its order', async (t) => {
    if (db.engine === 'pglite') return t.skip('PGlite serves one database');
    await store.pool.query('CREATE DATABASE start_ahead');
    const url = new URL(db.url);
    url.pathname = '/start_ahead';
    try {
      const server = await startDemoServer({ databaseUrl: url.toString(), port: 0, host: '127.0.0.1', seed: 7, orders: 40, bigOrderLicenses: 20 });
      try {
        assert.equal(await server.readAhead, true, 'read as it started');
        const orders = (await (await callApi(server, '/orders?limit=5')).json()) as { items: { id: string }[] };
        for (const { id } of orders.items) {
          const licenses = (await (await callApi(server, `/orders/${id}/licenses?limit=1`)).json()) as { items: { activationCode: string }[] };
          const fragment = licenses.items[0]!.activationCode.slice(5, 8).toLowerCase();
          const found = (await (await callApi(server, `/orders?q=${fragment}&limit=200`)).json()) as { items: { id: string }[]; total: number };
          assert.ok(found.items.some((item) => item.id === id), `${fragment} finds ${id}`);
        }
      } finally {
        await server.close();
      }
    } finally {
      await store.pool.query('DROP DATABASE start_ahead WITH (FORCE)');
    }
  });

  test('a write of orders under way keeps the numbers from being read past it, and they are read once it ends', async (t) => {
    if (db.engine === 'pglite') return t.skip('PGlite runs one session: no write can be under way beside the read');
    await onOneConnection(async (single) => {
      await single.readOrdersAhead();
      const writer = await store.pool.connect();
      const pending = newOrder('WRQ5X', '2026-11-27T13:00:00Z', 1);
      try {
        await writer.query('BEGIN');
        await writer.query(
          `INSERT INTO orders (reseller_id, id, order_number, order_number_lower, purchased_at, user_name, product_id, amount, currency,
             payment_type, state, distributor_lower, quantity, active_count, available_count)
           VALUES ($1, $2, $3, $4, $5, 'U', $6, 1, 'EUR', 'css_balance', 'processed', '', 1, 0, 1)`,
          [resellerA, pending.order.id, pending.order.orderNumber, pending.order.orderNumber.toLowerCase(), pending.order.purchasedAt, pending.order.productId],
        );
        await assert.rejects(single.readOrdersAhead(), /write of orders was under way/, 'not read while the insert is under way');
        assert.deepEqual((await walk(resellerA, { q: 'w-wrq5' }, 7, single)).ids, [], 'not found before it is committed');
        await writer.query('COMMIT');
      } catch (error) {
        await writer.query('ROLLBACK');
        throw error;
      } finally {
        writer.release();
      }
      assert.deepEqual((await walk(resellerA, { q: 'w-wrq5' }, 7, single)).ids, [pending.order.id], 'found past the numbers held once committed');
      await single.readOrdersAhead();
      assert.deepEqual((await walk(resellerA, { q: 'w-wrq5' }, 7, single)).ids, [pending.order.id], 'and among them once read');
    });
  });

  test("a search finding customers and a product reads no list kept at the customers' versions, and reads them again once an order of theirs moved to the product", async () => {
    const bastion = world.products[5]!.id;
    const holder = { id: 'cus_bastion', email: 'bastion.keeper@example.test', organization: 'Keep', firstName: 'Bastion', lastName: 'Keeper', phone: null, country: 'DE' };
    const orders = [
      newOrder('LISTV1', '2026-10-01T09:00:00Z', 1),
      newOrder('LISTV2', '2026-10-02T09:00:00Z', 1),
      newOrder('LISTV3', '2026-10-03T09:00:00Z', 1, { productId: bastion }),
    ];
    await store.transaction(async (tx) => {
      for (const { order, licenses } of orders) await tx.createOrder(resellerA, order, licenses);
      await tx.addCustomer(resellerA, holder);
      for (const { licenses } of orders) await tx.activate(resellerA, licenses[0]!.id, holder.id, '2026-10-04T09:00:00Z');
    });
    const q = 'bastion';
    await onOneConnection(async (single) => {
      const search = async (what: string) => {
        assert.deepEqual((await walk(resellerA, { q }, 4, single)).ids, await plainTextOrders(resellerA, q, 'DESC'), what);
      };
      const listsReadBy = async (what: string) => {
        const read = await preparedRuns(single, '%LEFT JOIN customer_orders co%');
        await search(what);
        return (await read()).length > 0;
      };
      assert.ok(await listsReadBy('as a plain scan finds them'), 'the lists were read');
      assert.ok(!(await listsReadBy('again')), "the lists kept at the customers' versions: none was read");
      for (const [product, what] of [[bastion, 'moved to the product found'], [orders[0]!.order.productId, 'moved back']] as const) {
        // Its holder's list of all orders stays as it was; its lists of products do not.
        await moveOrder(resellerA, orders[0]!.order.id, product);
        assert.ok(await listsReadBy(what), `${what}: the holder's lists were read again`);
      }
    });
  });

  test('a fragment of a product named with capitals beyond ASCII finds it and the numbers and codes holding it, each once', async () => {
    // SQL's lower() leaves "ÜBERWACHUNG" as it is; the number and codes of this order hold "überwachung" in lower case.
    const { order, licenses } = newOrder('Züberwachung1', '2026-08-03T09:00:00Z', 2);
    await store.transaction((tx) => tx.createOrder(resellerA, order, licenses));
    const q = FOLDED_PRODUCT.typed;
    assert.deepEqual(productsNamed(world, q), [world.products[FOLDED_PRODUCT.index]!.id], 'the fragment names one product');
    const expected = await plainTextOrders(resellerA, q, 'DESC');
    assert.ok(expected.includes(order.id) && expected.length > 1, 'the order and the product\'s orders');
    for (const limit of [1, 25]) assert.deepEqual((await walk(resellerA, { q }, limit)).ids, expected, `pages of ${limit}`);
  });

  test("fragments of a customer's email and of a distribution company's name that an order's number and codes hold too find it and the others, each once", async () => {
    const { rows } = await store.pool.query<{ email_lower: string }>(
      `SELECT c.email_lower FROM customers c WHERE c.reseller_id = $1 AND c.email_lower ~ '^[a-z]+[.][a-z]{5,}@'
         AND EXISTS (SELECT 1 FROM licenses l WHERE l.reseller_id = c.reseller_id AND l.customer_id = c.id) ORDER BY c.id LIMIT 1`,
      [resellerA],
    );
    const email = rows[0]?.email_lower;
    assert.ok(email !== undefined, 'a customer holding licenses, with a name in the email');
    const byEmail = email.slice(email.indexOf('.') + 1, email.indexOf('.') + 6);
    // For each fragment, sold through no distribution company: an order whose number alone holds it, and one whose codes alone do.
    const cases = [[byEmail, `EM${byEmail.toUpperCase()}`], ['nordic', 'NORDICX']] as const;
    const expected: string[][] = [];
    for (const [q, tag] of cases) {
      assert.deepEqual(productsNamed(world, q), [], `"${q}" names no product`);
      const byNumber = newOrder(`${tag}1`, '2026-08-04T09:00:00Z', 2, { distributionCompany: null });
      byNumber.licenses.forEach((license, i) => (license.activationCode = `RV-${[...`${tag}1`].reverse().join('')}-${i}`));
      const byCode = newOrder(`${tag}2`, '2026-08-05T09:00:00Z', 1, { distributionCompany: null, orderNumber: `ORD-NEW-${tag.length}-2` });
      await store.transaction(async (tx) => {
        for (const { order, licenses } of [byNumber, byCode]) await tx.createOrder(resellerA, order, licenses);
      });
      expected.push(await plainTextOrders(resellerA, q, 'DESC'));
      assert.ok(expected.at(-1)!.includes(byNumber.order.id) && expected.at(-1)!.includes(byCode.order.id), `"${q}": both orders`);
      assert.ok(expected.at(-1)!.length > 2, `"${q}": and others`);
    }
    for (const [i, [q]] of cases.entries()) {
      for (const limit of [1, 25]) assert.deepEqual((await walk(resellerA, { q }, limit)).ids, expected[i], `"${q}", pages of ${limit}`);
    }
  });

  test('a fragment with a dash finds the numbers and codes that hold it whole, not those holding its longest word alone', async () => {
    // Numbers ORD-NEW-Q7X91 and ORD-NEW-ZQ7X91, codes Q7X91-0000… and ZQ7X91-0000…: "q7x91" is held by all of them.
    await store.transaction(async (tx) => {
      for (const { order, licenses } of [newOrder('Q7X91', '2026-10-02T08:00:00Z', 2), newOrder('ZQ7X91', '2026-10-03T08:00:00Z', 1)]) {
        await tx.createOrder(resellerA, order, licenses);
      }
    });
    const found: Record<string, string[]> = {
      '-q7x91': ['ord_Q7X91'], // a number; no code has a dash before it
      'x91-00': ['ord_ZQ7X91', 'ord_Q7X91'], // codes only
      'new-zq7': ['ord_ZQ7X91'], // a number, its longest word ("new") held by every new order's number
      '7x91-0001': ['ord_Q7X91'], // the second code of the first order
    };
    for (const [q, ids] of Object.entries(found)) {
      const expected = await plainTextOrders(resellerA, q, 'DESC');
      assert.deepEqual(expected, ids, `a plain scan finds ${ids.join(', ')} by "${q}"`);
      for (const limit of [1, 25]) assert.deepEqual((await walk(resellerA, { q }, limit)).ids, expected, `"${q}", pages of ${limit}`);
      assert.deepEqual((await walk(resellerA, { q: q.toUpperCase(), sort: 'purchasedAt:asc' }, 1)).ids, [...expected].reverse(), `"${q}" in capitals, oldest first`);
    }
  });

  test('a fragment without a letter or digit finds the numbers, codes and emails holding it, as a plain scan does', async () => {
    // Number ORD-NEW-S.-+K and codes S.-+K-0000…; a holder of SYMS's first license whose email holds "-+-".
    const holder = { id: 'cus_symbols', email: 'sym-+-bol@example.test', organization: 'Symbols', firstName: 'Sym', lastName: 'Bol', phone: null, country: 'DE' };
    await store.transaction(async (tx) => {
      for (const { order, licenses } of [newOrder('S.-+K', '2026-10-04T08:00:00Z', 2), newOrder('SYMS', '2026-10-05T08:00:00Z', 1)]) {
        await tx.createOrder(resellerA, order, licenses);
      }
      await tx.addCustomer(resellerA, holder);
      await tx.activate(resellerA, 'lic_SYMS_0', holder.id, '2026-10-05T09:00:00Z');
    });
    const found: Record<string, string[]> = {
      '.-+': ['ord_S.-+K'], // its number and codes
      '-+-': ['ord_SYMS'], // the holder's email
      '+k-': ['ord_S.-+K'], // its codes, a letter among the symbols
      '+-+': [], // nothing
    };
    for (const [q, ids] of Object.entries(found)) {
      const expected = await plainTextOrders(resellerA, q, 'DESC');
      assert.deepEqual(expected, ids, `a plain scan finds ${ids.join(', ') || 'nothing'} by "${q}"`);
      for (const limit of [1, 25]) assert.deepEqual((await walk(resellerA, { q }, limit)).ids, expected, `"${q}", pages of ${limit}`);
      assert.equal((await store.searchOrders(resellerA, { q, limit: 5 })).total, ids.length, `the total of "${q}"`);
    }
  });

  test('a fragment across a dash, a dot, an at sign, a space or another mark finds what a plain scan finds', async () => {
    // Numbers ORD-NEW-Q7.K and ORD-NEW-W U, codes Q7.K-0000… and W U-0000…; two holders whose emails hold marks of all kinds.
    const marked = { id: 'cus_marked', email: 'jo.ku+x@ex-am.ple', organization: 'Marks', firstName: 'Jo', lastName: 'Ku', phone: null, country: 'DE' };
    const beyond = { id: 'cus_beyond', email: 'mü.l/ler@x.test', organization: 'Beyond', firstName: 'Mü', lastName: 'Ller', phone: null, country: 'DE' };
    await store.transaction(async (tx) => {
      for (const { order, licenses } of [newOrder('Q7.K', '2026-10-06T08:00:00Z', 2), newOrder('W U', '2026-10-07T08:00:00Z', 1), newOrder('MRKS', '2026-10-08T08:00:00Z', 2)]) {
        await tx.createOrder(resellerA, order, licenses);
      }
      await tx.addCustomer(resellerA, marked);
      await tx.addCustomer(resellerA, beyond);
      await tx.activate(resellerA, 'lic_MRKS_0', marked.id, '2026-10-08T09:00:00Z');
      await tx.activate(resellerA, 'lic_MRKS_1', beyond.id, '2026-10-08T09:00:00Z');
    });
    const found: Record<string, string[]> = {
      '7.k': ['ord_Q7.K'], // its number and codes, across a dot
      'q7.k-0': ['ord_Q7.K'], // across a dot and a dash
      'w u': ['ord_W U'], // across a space
      'u-00': ['ord_W U'], // a letter that a dash becomes, and a dash
      'o.k': ['ord_MRKS'], // a holder's email, across a dot
      'u+x': ['ord_MRKS'], // across a plus sign
      'x@e': ['ord_MRKS'], // across an at sign
      'x-a': ['ord_MRKS'], // across a dash in the domain
      'ü.l': ['ord_MRKS'], // beyond ASCII, with a dot
      'l/l': ['ord_MRKS'], // a slash, stays a word break: no three letters in a row
      'l/ler': ['ord_MRKS'], // a slash, looked up by its longest run
      'q7-k': [], // a dash where the number has a dot
      'w-u': [], // a dash where the number has a space
      'kuox': [], // the letter a plus sign becomes, where the email has the plus sign
    };
    for (const [q, ids] of Object.entries(found)) {
      const expected = await plainTextOrders(resellerA, q, 'DESC');
      for (const id of ids) assert.ok(expected.includes(id), `a plain scan finds ${id} by "${q}"`);
      if (ids.length === 0) assert.deepEqual(expected, [], `a plain scan finds nothing by "${q}"`);
      for (const limit of [1, 25]) assert.deepEqual((await walk(resellerA, { q }, limit)).ids, expected, `"${q}", pages of ${limit}`);
      assert.equal((await store.searchOrders(resellerA, { q, limit: 5 })).total, expected.length, `the total of "${q}"`);
    }
  });

  test('codes, order numbers and emails are looked up by the trigram indexes of their joined forms, or the lists of texts with other characters', async () => {
    const holds = [
      ['licenses l', codeHolds, 'licenses_code_joined', 'licenses_code_other_characters'],
      ['orders o', numberHolds, 'orders_number_joined', 'orders_number_other_characters'],
      ['customers c', emailHolds, 'customers_email_joined', 'customers_email_other_characters'],
    ] as const;
    const client = await store.pool.connect();
    try {
      // The test's tables are small: read whole or by another index, they would cost less.
      await client.query('SET enable_seqscan = off; SET enable_indexscan = off; SET enable_indexonlyscan = off');
      for (const [table, condition, joinedIndex, othersIndex] of holds) {
        for (const [fragment, index] of [['8-6', joinedIndex], ['e.k', joinedIndex], ['n@d', joinedIndex], ['a s', joinedIndex], ['abc/d', joinedIndex], ['ü-a', othersIndex], ['%/%', othersIndex]] as const) {
          const conditions = new Conditions();
          const sql = `EXPLAIN SELECT 1 FROM ${table} WHERE ${condition(lookupOf(fragment, (value) => conditions.bind(value)))}`;
          const { rows } = await client.query<{ 'QUERY PLAN': string }>(sql, conditions.params);
          const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
          assert.match(plan, new RegExp(`Bitmap Index Scan on ${index}\\b`), `"${fragment}" in ${table} by ${index}:\n${plan}`);
        }
      }
    } finally {
      await client.query('RESET enable_seqscan; RESET enable_indexscan; RESET enable_indexonlyscan');
      client.release();
    }
  });

  test('the purchase times and row numbers a look-up sends are read exactly, times in whole milliseconds rounded down, before 1970 and 2000 too', async () => {
    const instants = ['1969-07-20T20:17:40.123456Z', '1999-12-31T23:59:59.9995Z', '2000-01-01T00:00:00Z', '2026-12-06T10:00:00.9999Z', '2262-04-11T23:47:16.854775Z'];
    const seqs = ['1', '4294967295', '4294967296', '1099511627779', '9007199254740991'];
    const { rows } = await store.pool.query<{ times: Buffer; seqs: Buffer }>(
      `SELECT string_agg(timestamptz_send(t), ''::bytea ORDER BY n) AS times, string_agg(int8send(s), ''::bytea ORDER BY n) AS seqs
       FROM unnest($1::timestamptz[], $2::int8[]) WITH ORDINALITY AS i (t, s, n)`,
      [instants, seqs],
    );
    assert.deepEqual(sentTimes(rows[0]!.times).map(isoInstant), [
      '1969-07-20T20:17:40.123Z', '1999-12-31T23:59:59.999Z', '2000-01-01T00:00:00Z', '2026-12-06T10:00:00.999Z', '2262-04-11T23:47:16.854Z',
    ]);
    assert.deepEqual(sentSeqs(rows[0]!.seqs), seqs.map(Number));
    assert.deepEqual([sentTimes(Buffer.alloc(0)), sentSeqs(Buffer.alloc(0))], [[], []]);
    assert.throws(() => sentTimes(Buffer.alloc(7)), /7 bytes, not whole times/);
    assert.throws(() => sentSeqs(Buffer.alloc(15)), /15 bytes, not whole row numbers/);
  });

  test('orders found by number and code alone, bought in the same millisecond, page as a plain scan has them, with any sort and another filter', async () => {
    const tags = ['TIEAT1', 'TIEAT2', 'TIEAT3', 'TIEAT4', 'TIEAT5'];
    await store.transaction(async (tx) => {
      for (const [i, tag] of tags.entries()) {
        const { order, licenses } = newOrder(tag, i < 4 ? '2026-07-01T09:00:00.123Z' : '2026-07-01T09:00:00.124Z', 1 + (i % 2));
        await tx.createOrder(resellerA, order, licenses);
      }
    });
    const q = 'tieat';
    await onOneConnection(async (single) => {
      const timesRead = await preparedRuns(single, '%timestamptz_send(purchased_at)%seq = ANY%');
      for (const direction of ['DESC', 'ASC'] as const) {
        const expected = await plainTextOrders(resellerA, q, direction);
        assert.equal(expected.length, tags.length);
        for (const limit of [1, 2, 3]) {
          const sort = direction === 'DESC' ? 'purchasedAt:desc' : 'purchasedAt:asc';
          assert.deepEqual((await walk(resellerA, { q, sort }, limit, single)).ids, expected, `${sort}, pages of ${limit}`);
        }
      }
      for (const [sort, order] of [['amount:desc', 'amount DESC, id DESC'], ['orderNumber:asc', 'order_number_lower, id']] as const) {
        const { rows } = await store.pool.query<{ id: string }>(`SELECT id FROM orders WHERE reseller_id = $1 AND id LIKE 'ord_TIEAT%' ORDER BY ${order}`, [resellerA]);
        assert.deepEqual((await walk(resellerA, { q, sort }, 2, single)).ids, rows.map((row) => row.id), sort);
      }
      const processed = await walk(resellerA, { q, state: 'processed' }, 2, single);
      assert.deepEqual(processed.ids, await plainTextOrders(resellerA, q, 'DESC'), 'with a state every one of them has');
      assert.deepEqual(await timesRead(), [], 'the times the look-ups gave were kept: none read again');
    });
  });

  test('a search by an email fragment that meets orders past the row numbers whose times are kept picks its page in the database', async () => {
    // Row numbers from LARGEST_TIMED_ROW + 1 on (the orders created from here on).
    await store.pool.query(`ALTER TABLE orders ALTER COLUMN seq RESTART WITH ${LARGEST_TIMED_ROW + 1}`);
    const orders = ['PAST1', 'PAST2', 'PAST3'].map((tag, i) => newOrder(tag, `2026-11-2${i + 1}T08:00:00Z`, 1));
    const holder = { id: 'cus_past', email: 'past.rows.holder@example.test', organization: 'Past', firstName: 'Past', lastName: 'Rows', phone: null, country: 'DE' };
    await store.transaction(async (tx) => {
      for (const { order, licenses } of orders) await tx.createOrder(resellerA, order, licenses);
      await tx.addCustomer(resellerA, holder);
      for (const tag of ['PAST1', 'PAST2', 'PAST3']) await tx.activate(resellerA, `lic_${tag}_0`, holder.id, '2026-11-27T19:10:00Z');
    });
    const { rows } = await store.pool.query<{ seq: string }>("SELECT min(seq) AS seq FROM orders WHERE id LIKE 'ord_PAST%'");
    assert.ok(Number(rows[0]!.seq) > LARGEST_TIMED_ROW);
    assert.deepEqual((await walk(resellerA, { q: 'past.rows' }, 2)).ids, ['ord_PAST3', 'ord_PAST2', 'ord_PAST1']);
    assert.deepEqual((await walk(resellerA, { q: 'past.rows', sort: 'purchasedAt:asc' }, 2)).ids, ['ord_PAST1', 'ord_PAST2', 'ord_PAST3']);
    // Found by number and code alone, they are paged in the database too.
    for (const direction of ['DESC', 'ASC'] as const) {
      const sort = direction === 'DESC' ? 'purchasedAt:desc' : 'purchasedAt:asc';
      assert.deepEqual((await walk(resellerA, { q: 'new-past', sort }, 2)).ids, await plainTextOrders(resellerA, 'new-past', direction), sort);
    }
    // A fragment of a product's name that such an order's number and codes hold is paged in the database too.
    await store.transaction(async (tx) => {
      for (const { order, licenses } of netShieldOrders(['NETSHIELD4'])) await tx.createOrder(resellerA, order, licenses);
    });
    await assertNetShieldPages();
  });

  test('a rolled-back deactivate (with a transfer, a correction and its history) changes nothing', async () => {
    const tables = ['licenses', 'customers', 'history', 'orders'];
    const before = await snapshot(tables);
    const historyBefore = await store.history(resellerA, 'lic_HOLD_1', { limit: 50 });
    await assert.rejects(
      store.transaction(async (tx) => {
        await tx.setCustomer(resellerA, 'lic_HOLD_1', 'cus_hold2');
        await tx.deactivate(resellerA, 'lic_HOLD_1');
        await tx.updateCustomer(resellerA, 'cus_hold1', { email: 'gone@example.test', firstName: 'Gone' });
        await tx.addHistory(resellerA, { orderId: 'ord_HOLD', licenseId: 'lic_HOLD_1', at: '2026-11-27T19:00:00Z', actor: { kind: 'reseller', name: 'Dana' }, kind: 'deactivated', detail: 'd' });
        assert.equal((await tx.license(resellerA, 'lic_HOLD_1'))?.customer, null, 'the transaction sees its own writes');
        assert.deepEqual(await tx.customerLicenses(resellerA, 'cus_hold1'), []);
        assert.deepEqual(await tx.customerLicenses(resellerA, 'cus_hold2'), []);
        throw new Error('changed my mind');
      }),
      /changed my mind/,
    );
    assert.deepEqual(await snapshot(tables), before);
    assert.equal((await store.license(resellerA, 'lic_HOLD_1'))?.customer?.id, 'cus_hold1');
    assert.deepEqual(await store.customerLicenses(resellerA, 'cus_hold1'), [{ id: 'lic_HOLD_1', orderId: 'ord_HOLD' }]);
    assert.deepEqual((await store.searchOrders(resellerA, { limit: 10, customerEmail: 'renamed.one@example.test' })).items.map((o) => o.id), ['ord_HOLD']);
    assert.equal(await store.customerByEmail(resellerA, 'gone@example.test'), null);
    assert.deepEqual(await store.history(resellerA, 'lic_HOLD_1', { limit: 50 }), historyBefore);
  });

  test('history rows whose times have microseconds (written by hand) page exactly, each once', async () => {
    const times = ['00.000002', '00.000001', '00.000001', '00.001001', '00.000002', '00.0015'];
    for (const [i, time] of times.entries()) {
      await store.pool.query(
        `INSERT INTO history (reseller_id, order_id, license_id, at, actor_kind, actor, kind, detail)
         VALUES ($1, 'ord_HOLD', $2, $3, 'system', 'Clock', 'email_sent', $4)`,
        [resellerA, i % 2 === 0 ? 'lic_HOLD_2' : null, `2026-11-29T00:00:${time}Z`, `t${i}`],
      );
    }
    const expected = ['t1', 't2', 't0', 't4', 't3', 't5'];
    for (const limit of [1, 2, 4]) {
      const { items } = await historyPages('lic_HOLD_2', limit);
      assert.deepEqual(items.map((h) => h.detail), expected, `limit ${limit}`);
    }
  });

  test('the order lists migration: lists kept as text are dropped with their triggers, for the next open to make them anew as bytes', async () => {
    await withMigrationsBefore('ALTER COLUMN orders TYPE bytea', async (client, bytes) => {
      await client.query("INSERT INTO customer_orders (reseller_id, customer_id, facet, orders) VALUES ('res_m', 'cus_m', '', ',1,2,')");
      await client.query(
        "CREATE FUNCTION kept() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$; CREATE TRIGGER customer_orders_written AFTER INSERT ON licenses FOR EACH ROW EXECUTE FUNCTION kept()",
      );
      await client.query(MIGRATIONS[bytes]!);
      const { rows } = await client.query<{ type: string; orders: Buffer }>(
        "SELECT pg_typeof(orders)::text AS type, orders FROM customer_orders WHERE customer_id = 'cus_m'",
      );
      assert.deepEqual(rows, [{ type: 'bytea', orders: Buffer.alloc(0) }]);
      const { rows: triggers } = await client.query(
        "SELECT tgname FROM pg_trigger WHERE tgrelid = 'licenses'::regclass AND tgname = 'customer_orders_written'",
      );
      assert.deepEqual(triggers, [], 'the lists\' triggers are gone, so that the next open fills the lists afresh');
    });
  });

  test('the migration of organizations in lower case folds them beyond ASCII, as a search folds what it is given', async () => {
    await withMigrationsBefore('ADD COLUMN organization_lower', async (client, migration) => {
      await client.query(
        `INSERT INTO resellers (id, name, user_name, user_email, currency, token_label, balance) VALUES ('res_m', 'M', 'U', 'u@m.test', 'EUR', 'M', 0);
         INSERT INTO customers (reseller_id, id, email, email_lower, name_lower, organization, first_name, last_name)
         VALUES ('res_m', 'cus_m1', 'a@m.test', 'a@m.test', 'eva ölz', 'ÄRZTEKAMMER Wien', 'Eva', 'Ölz'),
                ('res_m', 'cus_m2', 'b@m.test', 'b@m.test', 'tom weber', 'Weber IT', 'Tom', 'Weber');`,
      );
      await applyMigration(client, migration + 1);
      const { rows } = await client.query('SELECT id, organization_lower FROM customers ORDER BY id');
      assert.deepEqual(rows, [{ id: 'cus_m1', organization_lower: 'ärztekammer wien' }, { id: 'cus_m2', organization_lower: 'weber it' }]);
    });
  });

  test("the migration of list versions: a customer holds its list's version once it has one, a new one at every write, none once it is gone", async () => {
    await withMigrationsBefore('ADD COLUMN orders_list', async (client, migration) => {
      await client.query(
        `INSERT INTO resellers (id, name, user_name, user_email, currency, token_label, balance) VALUES ('res_m', 'M', 'U', 'u@m.test', 'EUR', 'M', 0);
         INSERT INTO customers (reseller_id, id, email, email_lower, name_lower, organization, first_name, last_name)
         VALUES ('res_m', 'cus_m1', 'a@m.test', 'a@m.test', 'eva ölz', 'Ölz', 'Eva', 'Ölz'), ('res_m', 'cus_m2', 'b@m.test', 'b@m.test', 'tom weber', 'Weber', 'Tom', 'Weber');
         INSERT INTO customer_orders (reseller_id, customer_id, facet, orders) VALUES ('res_m', 'cus_m1', '', '\\x80000001'), ('res_m', 'cus_m1', 'p:x', '\\x80000001');`,
      );
      await applyMigration(client, migration + 1);
      const versions = async () => {
        const { rows } = await client.query<{ id: string; version: string | null }>('SELECT id, orders_list::text AS version FROM customers ORDER BY id');
        return Object.fromEntries(rows.map((row) => [row.id, row.version]));
      };
      const migrated = await versions();
      assert.match(migrated.cus_m1 ?? '', /^\d+$/, 'the customer with a list holds a version');
      assert.equal(migrated.cus_m2, null, 'the customer without one holds none');
      await client.query("UPDATE customer_orders SET orders = orders || '\\x80000002'::bytea WHERE customer_id = 'cus_m1' AND facet = 'p:x'");
      assert.deepEqual(await versions(), migrated, "a facet's list is versioned by its own row");
      await client.query("UPDATE customer_orders SET orders = orders || '\\x80000002'::bytea WHERE customer_id = 'cus_m1' AND facet = ''");
      const written = await versions();
      assert.ok(BigInt(written.cus_m1!) > BigInt(migrated.cus_m1!), 'a write of the list gives it a later version');
      await client.query("INSERT INTO customer_orders (reseller_id, customer_id, facet, orders) VALUES ('res_m', 'cus_m2', '', '\\x80000003')");
      assert.match((await versions()).cus_m2 ?? '', /^\d+$/, 'a new list has a version');
      await client.query("DELETE FROM customer_orders WHERE customer_id = 'cus_m1' AND facet = ''");
      assert.equal((await versions()).cus_m1, null, 'a list gone has none');
    });
  });

  test("the migration of every list's version: a write of any list of a customer moves it, a list of all orders gone takes it away", async () => {
    await withMigrationsBefore('AFTER INSERT OR UPDATE OR DELETE ON customer_orders', async (client, migration) => {
      await client.query(
        `INSERT INTO resellers (id, name, user_name, user_email, currency, token_label, balance) VALUES ('res_m', 'M', 'U', 'u@m.test', 'EUR', 'M', 0);
         INSERT INTO customers (reseller_id, id, email, email_lower, name_lower, organization, first_name, last_name)
         VALUES ('res_m', 'cus_m1', 'a@m.test', 'a@m.test', 'eva ölz', 'Ölz', 'Eva', 'Ölz');
         INSERT INTO customer_orders (reseller_id, customer_id, facet, orders)
         VALUES ('res_m', 'cus_m1', '', '\\x8000000180000002'), ('res_m', 'cus_m1', 'p:x', '\\x80000001'), ('res_m', 'cus_m1', 'd:y', '\\x80000002');`,
      );
      await applyMigration(client, migration + 1);
      const version = async () => {
        const { rows } = await client.query<{ version: string | null }>("SELECT orders_list::text AS version FROM customers WHERE id = 'cus_m1'");
        return rows[0]!.version;
      };
      const moves = async (write: string, what: string) => {
        const before = await version();
        await client.query(write);
        const after = await version();
        assert.ok(before !== null && after !== null && BigInt(after) > BigInt(before), `${what}: ${before} then ${after}`);
      };
      await moves("UPDATE customer_orders SET orders = orders || '\\x80000003'::bytea WHERE customer_id = 'cus_m1' AND facet = 'p:x'", "a product's list written");
      await moves("INSERT INTO customer_orders (reseller_id, customer_id, facet, orders) VALUES ('res_m', 'cus_m1', 'p:z', '\\x80000003')", 'a new list');
      await moves("DELETE FROM customer_orders WHERE customer_id = 'cus_m1' AND facet = 'd:y'", 'a list gone');
      await client.query("DELETE FROM customer_orders WHERE customer_id = 'cus_m1' AND facet = ''");
      assert.equal(await version(), null, 'the list of all orders gone: no version');
      await client.query("DELETE FROM customer_orders WHERE customer_id = 'cus_m1'");
      assert.equal(await version(), null, 'nor once the lists left are gone');
    });
  });

  test("the migration of licenses' order row numbers: every license gets its order's, whatever a write gives; moves of orders are counted", async () => {
    await withMigrationsBefore('ADD COLUMN order_seq', async (client, migration) => {
      const license = (id: string, order: string, position: number) => migrationLicense(id, order, { position });
      await client.query(
        `INSERT INTO resellers (id, name, user_name, user_email, currency, token_label, balance) VALUES ('res_m', 'M', 'U', 'u@m.test', 'EUR', 'M', 0);
         INSERT INTO orders (reseller_id, id, order_number, order_number_lower, purchased_at, user_name, product_id, amount, currency,
           payment_type, state, distributor_lower, quantity, active_count, available_count)
         VALUES ('res_m', 'ord_m1', 'M-1', 'm-1', '2026-11-27T10:00:00Z', 'U', 'prd_m', 1, 'EUR', 'css_balance', 'processed', '', 2, 0, 2),
                ('res_m', 'ord_m2', 'M-2', 'm-2', '2026-11-27T10:00:00Z', 'U', 'prd_m', 1, 'EUR', 'css_balance', 'processed', '', 1, 0, 1);
         ${license('lic_m1', 'ord_m1', 0)}; ${license('lic_m2', 'ord_m1', 1)}; ${license('lic_m3', 'ord_m2', 0)};`,
      );
      await applyMigration(client, migration + 1);
      const held = async () => {
        const { rows } = await client.query<{ id: string; held: boolean }>(
          `SELECT l.id, l.order_seq = o.seq AS held FROM licenses l JOIN orders o ON o.reseller_id = l.reseller_id AND o.id = l.order_id ORDER BY l.id`,
        );
        return Object.fromEntries(rows.map((row) => [row.id, row.held]));
      };
      assert.deepEqual(await held(), { lic_m1: true, lic_m2: true, lic_m3: true }, "the licenses there were carry their order's row number");
      await client.query(license('lic_m4', 'ord_m2', 1));
      await client.query(`INSERT INTO licenses (reseller_id, id, order_id, position, order_purchased_at, activation_code, valid_from, valid_to, recurrent, order_seq)
        VALUES ('res_m', 'lic_m5', 'ord_m2', 2, '2026-11-27T10:00:00Z', 'CODE-M5', '2026-11-27', '2027-11-27', false, 999)`);
      await client.query("UPDATE licenses SET order_seq = 999 WHERE id = 'lic_m1'");
      await client.query("UPDATE licenses SET order_id = 'ord_m2' WHERE id = 'lic_m2'");
      assert.deepEqual(await held(), { lic_m1: true, lic_m2: true, lic_m3: true, lic_m4: true, lic_m5: true }, 'new, given another, changed by hand, moved');
      await assert.rejects(client.query(license('lic_m6', 'ord_none', 0)), (error: { code?: string }) => error.code === '23502', 'a license of no order');

      const moves = () => movesOf(client);
      assert.equal(await moves(), 0);
      await client.query("UPDATE orders SET state = 'refunded', active_count = 0 WHERE id = 'ord_m1'");
      await client.query("UPDATE orders SET product_id = 'prd_m', distributor_lower = '' WHERE id = 'ord_m1'");
      assert.equal(await moves(), 0, 'writes that move no order to another product or distribution company');
      await client.query("UPDATE orders SET product_id = 'prd_n' WHERE id = 'ord_m1'");
      assert.equal(await moves(), 1, 'to another product');
      await client.query("UPDATE orders SET distributor_lower = 'ingram micro' WHERE reseller_id = 'res_m'");
      assert.equal(await moves(), 3, 'two orders to another distribution company');
    });
  });

  test('the migration for the numbers kept: row numbers are always the identity\'s, and numbers or resellers changed, orders deleted and the table emptied are counted as moves', async () => {
    await withMigrationsBefore('SET GENERATED ALWAYS', async (client, migration) => {
      await client.query(`${MIGRATION_RESELLERS}; ${migrationOrders(['res_m', 'ord_m1', 'M-1', 1], ['res_m', 'ord_m2', 'M-2', 1], ['res_m', 'ord_m3', 'M-3', 1])}`);
      await applyMigration(client, migration + 1);
      const counted = movesCounted(client);
      await counted("UPDATE orders SET state = 'refunded', active_count = 0, order_number = 'M-1', order_number_lower = 'm-1' WHERE id = 'ord_m1'", 'a write that changes no number', 0);
      await counted("UPDATE orders SET order_number = 'M-10', order_number_lower = 'm-10' WHERE id = 'ord_m1'", 'a number changed');
      await counted("UPDATE orders SET reseller_id = 'res_n' WHERE id = 'ord_m2'", 'a reseller changed');
      await counted("UPDATE orders SET product_id = 'prd_n' WHERE id = 'ord_m3'", 'a product changed, as before');
      await counted("DELETE FROM orders WHERE id = 'ord_m3'", 'an order deleted');
      await counted('TRUNCATE orders CASCADE', 'the table emptied');
      await assert.rejects(
        client.query(
          `INSERT INTO orders (seq, reseller_id, id, order_number, order_number_lower, purchased_at, user_name, product_id, amount, currency,
             payment_type, state, distributor_lower, quantity, active_count, available_count)
           VALUES (7, 'res_m', 'ord_m4', 'M-4', 'm-4', '2026-11-27T10:00:00Z', 'U', 'prd_m', 1, 'EUR', 'css_balance', 'processed', '', 1, 0, 1)`,
        ),
        /cannot insert a non-DEFAULT value into column "seq"/,
        'an insert giving its own row number',
      );
    });
  });

  test("the actor migration: rows written before it are the reseller's, and later rows must name their kind", async () => {
    // The migrations before it, with one history row; then it.
    await withMigrationsBefore('ADD COLUMN actor_kind', async (client, actors) => {
      await client.query(
        `INSERT INTO resellers (id, name, user_name, user_email, currency, token_label, balance) VALUES ('res_m', 'M', 'U', 'u@m.test', 'EUR', 'M', 0);
         INSERT INTO orders (reseller_id, id, order_number, order_number_lower, purchased_at, user_name, product_id, amount, currency,
           payment_type, state, distributor_lower, quantity, active_count, available_count)
         VALUES ('res_m', 'ord_m', 'M-1', 'm-1', '2026-11-27T10:00:00Z', 'U', 'prd_m', 1, 'EUR', 'css_balance', 'processed', '', 1, 0, 1);
         INSERT INTO history (reseller_id, order_id, license_id, at, actor, kind, detail)
         VALUES ('res_m', 'ord_m', NULL, '2026-11-27T10:00:01Z', 'Old Name', 'email_sent', 'old');`,
      );
      await client.query(MIGRATIONS[actors]!);
      const { rows } = await client.query<{ actor_kind: string; actor: string }>('SELECT actor_kind, actor FROM history');
      assert.deepEqual(rows, [{ actor_kind: 'reseller', actor: 'Old Name' }]);
      await assert.rejects(
        client.query(
          `INSERT INTO history (reseller_id, order_id, license_id, at, actor, kind, detail)
           VALUES ('res_m', 'ord_m', NULL, '2026-11-27T10:00:02Z', 'New', 'email_sent', 'new')`,
        ),
        (error: { code?: string }) => error.code === '23502',
      );
      await assert.rejects(
        client.query(
          `INSERT INTO history (reseller_id, order_id, license_id, at, actor_kind, actor, kind, detail)
           VALUES ('res_m', 'ord_m', NULL, '2026-11-27T10:00:02Z', 'robot', 'New', 'email_sent', 'new')`,
        ),
        (error: { code?: string }) => error.code === '23514',
      );
    });
  });
});
