import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HistoryKind, LicensesQuery, type OrderSort, OrdersQuery } from '../../../src/api/contract/schemas.js';
import { assertProductNameFolds, productsNamed, withFoldedProduct } from '../../support/product-case.js';
import { assertLicenseTextSearches, expiryWindows, licenseFragments, type ScannedLicense } from '../../support/license-text.js';
import { createDemoWorld, type DemoLicenseRecord, type DemoOrderRecord } from '../../../src/api/memory/demo-data.js';
import { BadCursorError, type NewLicenseRecord, type NewOrderRecord, type OrderRecord, type StorePage } from '../../../src/service/store.js';
import { type Db, migrate, SCHEMA_VERSION } from '../../../demo/server/store/sqlite/database.js';
import { rebuildTallies } from '../../../demo/server/store/sqlite/tallies.js';
import { seedDatabase } from '../../../demo/server/store/sqlite/seed.js';
import { listedOrders } from '../../../demo/server/store/shared/order-lists.js';
import { CUSTOMER_ORDERS_TRIGGERS } from '../../../demo/server/store/sqlite/customer-orders.js';
import { NUMBER_STEMS_TRIGGERS } from '../../../demo/server/store/sqlite/number-stems.js';
import { SqliteStore } from '../../../demo/server/store/sqlite/sqlite-store.js';
import { searchOrders } from '../../../demo/server/store/sqlite/order-search.js';
import * as renewals from '../../../demo/server/store/sqlite/renewals.js';
import { assertLicenseTotals, talliedLicenseSearches } from '../../support/license-totals.js';
import { assertSharedNumberStart, stemsOf } from '../../support/number-stems.js';

const world = withFoldedProduct(createDemoWorld({ seed: 7, today: new Date('2026-06-15T10:20:30Z'), orders: 120, bigOrderLicenses: 300 }));
const entries = [...world.orders()];
const [resellerA, resellerB] = world.resellers as [(typeof world.resellers)[0], (typeof world.resellers)[0]];
const ordersOf = (resellerId: string) => entries.filter((e) => e.order.resellerId === resellerId);
const productNames = new Map(world.products.map((p) => [p.id, p.name]));
const customerEmails = new Map(world.customers.map((c) => [c.id, c.email]));
const lower = (s: string) => s.toLowerCase();

type Filter = Partial<Record<'orderNumber' | 'activationCode' | 'customerEmail' | 'productName' | 'state' | 'purchasedFrom' | 'purchasedTo', string>>;

/** The ids a search should find, worked out without SQL, in the order of the sort (ties in seed order). */
function expected(resellerId: string, filter: Filter, sort: OrderSort = 'purchasedAt:desc'): string[] {
  const all = ordersOf(resellerId);
  const position = new Map(all.map((e, i) => [e.order.id, i]));
  const matching = all.filter(({ order: o, licenses }) => {
    const at = Date.parse(o.purchasedAt);
    if (filter.purchasedFrom !== undefined && at < Date.parse(filter.purchasedFrom)) return false;
    if (filter.purchasedTo !== undefined && at >= Date.parse(filter.purchasedTo)) return false;
    if (filter.state !== undefined && o.state !== filter.state) return false;
    if (filter.orderNumber !== undefined && lower(o.orderNumber) !== lower(filter.orderNumber)) return false;
    if (filter.productName !== undefined && !lower(productNames.get(o.productId) ?? '').includes(lower(filter.productName))) return false;
    if (filter.activationCode !== undefined && !licenses.some((l) => lower(l.activationCode) === lower(filter.activationCode!))) return false;
    if (
      filter.customerEmail !== undefined &&
      !licenses.some((l) => l.customerId !== null && lower(customerEmails.get(l.customerId) ?? '') === lower(filter.customerEmail!))
    ) {
      return false;
    }
    return true;
  });
  const key = (o: DemoOrderRecord): number | string =>
    sort.startsWith('purchasedAt') ? Date.parse(o.purchasedAt) : sort.startsWith('amount') ? o.amount.value : lower(o.orderNumber);
  const direction = sort.endsWith(':desc') ? -1 : 1;
  return matching
    .map((e) => e.order)
    .sort((x, y) => {
      const [kx, ky] = [key(x), key(y)];
      if (kx !== ky) return (kx < ky ? -1 : 1) * direction;
      return ((position.get(x.id) ?? 0) - (position.get(y.id) ?? 0)) * direction;
    })
    .map((o) => o.id);
}

/** Every page of a search, walked with its cursors; checks each page's size and total. */
async function walk(store: SqliteStore, resellerId: string, filter: Filter & { q?: string; sort?: OrderSort }, limit: number) {
  const ids: string[] = [];
  const totals = new Set<number>();
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page: StorePage<OrderRecord> = await store.searchOrders(resellerId, { ...OrdersQuery.parse({ ...filter, ...(cursor ? { cursor } : {}) }), limit });
    assert.ok(page.items.length <= limit);
    totals.add(page.total);
    ids.push(...page.items.map((o) => o.id));
    cursor = page.nextCursor ?? undefined;
    pages += 1;
    assert.ok(pages < 1000, 'the walk ends');
  } while (cursor !== undefined);
  assert.equal(totals.size, 1, 'every page states the same total');
  return { ids, total: [...totals][0]! };
}

function licenseOf(predicate: (l: DemoLicenseRecord, o: DemoOrderRecord) => boolean, resellerId = resellerA.id) {
  for (const { order, licenses } of ordersOf(resellerId)) {
    const found = licenses.find((l) => predicate(l, order));
    if (found) return { license: found, order };
  }
  throw new Error('no such license in the demo world');
}

describe('SqliteStore', () => {
  let store: SqliteStore;
  const licensesQuery = (query: Record<string, string> = {}, limit = 50) => ({ ...LicensesQuery.parse(query), limit });

  before(async () => {
    store = SqliteStore.open(':memory:');
    assert.equal(await store.isEmpty(), true);
    assert.equal(await store.seededAt(), null);
    await store.seed(world, { seed: 7 });
  });
  after(() => store.close());

  test('the seed fills the database and marks it seeded; directories read back', async () => {
    assert.match((await store.seededAt()) ?? '', /^\d{4}-\d\d-\d\dT/, 'the seed says when it finished');
    assert.equal(await store.isEmpty(), false);
    const count = store.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM orders').get()!.n;
    assert.equal(count, entries.length);
    assert.deepEqual(await store.reseller(resellerA.id), {
      id: resellerA.id, name: resellerA.name, user: resellerA.user, currency: resellerA.currency, balance: resellerA.balance,
    });
    assert.equal(await store.reseller('res_nobody'), null);
    const bought = [...new Set(ordersOf(resellerA.id).map((e) => e.order.productId))];
    const products = await store.products(resellerA.id);
    assert.deepEqual(new Set(products.map((p) => p.id)), new Set(bought));
    assert.deepEqual(products.map((p) => p.name), [...products.map((p) => p.name)].sort());
    assert.equal(await store.productName(products[0]!.id), products[0]!.name);
    assert.equal(await store.productName('prd_nothing'), null);
  });

  test('every sort walks all of the reseller\'s orders once, in order, with the total of a plain count', async () => {
    for (const resellerId of [resellerA.id, resellerB.id]) {
      const plain = store.db
        .prepare<[string], { n: number }>('SELECT count(*) AS n FROM orders o JOIN resellers r ON r.seq = o.reseller_seq WHERE r.id = ?')
        .get(resellerId)!.n;
      for (const sort of ['purchasedAt:desc', 'purchasedAt:asc', 'amount:desc', 'amount:asc', 'orderNumber:asc'] as const) {
        const { ids, total } = await walk(store, resellerId, { sort }, 7);
        assert.equal(total, plain);
        assert.equal(new Set(ids).size, ids.length, 'no order twice');
        assert.deepEqual(ids, expected(resellerId, {}, sort));
      }
    }
  });

  test('filters find what a brute-force filter of the demo world finds', async () => {
    const { order: someOrder, licenses } = ordersOf(resellerA.id)[40]!;
    const activated = licenseOf((l) => l.customerId !== null);
    const email = customerEmails.get(activated.license.customerId!)!;
    const days = entries.map((e) => Date.parse(e.order.purchasedAt)).sort((a, b) => a - b);
    const middle = new Date(days[Math.floor(days.length / 2)]!).toISOString();
    const late = new Date(days[Math.floor((days.length * 3) / 4)]! + 1234).toISOString();
    const filters: Filter[] = [
      { orderNumber: someOrder.orderNumber.toUpperCase() },
      { orderNumber: 'no-such-number' },
      { activationCode: licenses[0]!.activationCode.toLowerCase() },
      { customerEmail: email.toUpperCase() },
      { customerEmail: email, purchasedFrom: middle },
      { customerEmail: email, state: 'processed' },
      { productName: 'e' },
      { productName: lower(productNames.get(someOrder.productId)!.slice(0, 5)) },
      { productName: 'zzz-nothing' },
      { state: 'refunded' },
      { state: 'processed', purchasedFrom: middle },
      { purchasedFrom: middle, purchasedTo: late },
      { purchasedTo: middle },
      { productName: 'e', state: 'processed', purchasedFrom: middle, purchasedTo: late },
    ];
    for (const filter of filters) {
      const want = expected(resellerA.id, filter);
      const { ids, total } = await walk(store, resellerA.id, filter, 9);
      assert.equal(total, want.length, JSON.stringify(filter));
      assert.deepEqual(ids, want, JSON.stringify(filter));
    }
    assert.ok(expected(resellerA.id, filters[3]!).length > 0, 'the customer filter finds something');
  });

  test('a fragment held by more order numbers than are listed is counted and paged in the statements, as the listed ones are', () => {
    const { db } = store;
    const resellerSeq = db.prepare<[string], { seq: number }>('SELECT seq FROM resellers WHERE id = ?').get(resellerA.id)!.seq;
    // "008": held by nine order numbers, and by the code of an order whose number does not hold it.
    for (const q of ['ord', '026', '-00', '008', 'adm', 'end', 'vault', 'xyzzy-none']) {
      for (const state of [undefined, 'processed'] as const) {
        const fields: Record<string, string> = state === undefined ? { q } : { q, state };
        const where = state === undefined ? TEXT_HOLDS : `${TEXT_HOLDS} AND o.state = '${state}'`;
        const expected = plainCount(db, resellerA.id, where, Array(5).fill(q));
        for (const sort of ['purchasedAt:desc', 'purchasedAt:asc', 'amount:desc', 'orderNumber:asc']) {
          const listed = walkSearch(db, resellerSeq, { ...fields, sort }, 7);
          // Past two orders found by number, this search finds them in the statements.
          assert.deepEqual(walkSearch(db, resellerSeq, { ...fields, sort }, 7, { broadMatches: 2 }), listed, `${q}, ${state ?? 'any state'}, ${sort}`);
          assert.equal(listed.length, expected, `the total of ${q}, ${state ?? 'any state'}`);
        }
        const page = searchOrders(db, resellerSeq, { ...OrdersQuery.parse(fields), limit: 5 }, { broadMatches: 2 });
        assert.equal(page.total, expected, `the broad total of ${q}, ${state ?? 'any state'}`);
      }
    }
  });

  test("another reseller's ids find nothing", async () => {
    const { order, licenses } = ordersOf(resellerB.id)[0]!;
    const b = resellerB.id;
    assert.ok(await store.order(b, order.id));
    assert.equal(await store.order(resellerA.id, order.id), null);
    assert.equal(await store.license(resellerA.id, licenses[0]!.id), null);
    assert.deepEqual(await store.history(resellerA.id, licenses[0]!.id, { limit: 100 }), { items: [], nextCursor: null });
    assert.deepEqual(await store.activationCodes(resellerA.id, order.id), []);
    assert.equal((await store.licenses(resellerA.id, order.id, licensesQuery())).total, 0);
    assert.equal((await walk(store, resellerA.id, { orderNumber: order.orderNumber }, 5)).total, 0);
    assert.equal((await walk(store, resellerA.id, { activationCode: licenses[0]!.activationCode }, 5)).total, 0);
    const customerB = world.customers.find((c) => c.resellerId === b)!;
    assert.ok(await store.customerByEmail(b, customerB.email));
    assert.equal(await store.customerByEmail(resellerA.id, customerB.email), null);
    assert.deepEqual(await store.mailTimes(resellerA.id, order.id, 'confirmation', '2000-01-01T00:00:00Z'), []);
    await assert.rejects(store.transaction((tx) => tx.setRecurrent(resellerA.id, licenses[0]!.id, true)));
    await assert.rejects(store.transaction((tx) => tx.setOrderCounts(resellerA.id, order.id, { activeCount: 0, availableCount: 0 })));
    assert.equal((await store.searchOrders('res_nobody', { ...OrdersQuery.parse({}), limit: 5 })).total, 0);
  });

  test('the renewals find a product named with capitals beyond ASCII by a fragment in any case', async () => {
    await assertProductNameFolds(store, resellerA.id, world);
  });

  test('GET /licenses and its counts by q find what a plain scan of every license finds: by code, email, order number, product, every number', async () => {
    const scan = store.db.prepare<Record<string, unknown>, ScannedLicense>(
      `SELECT l.id, p.id AS productId FROM licenses l JOIN orders o ON o.seq = l.order_seq JOIN products p ON p.seq = o.product_seq
       LEFT JOIN customers c ON c.seq = l.customer_seq
       WHERE l.reseller_seq = (SELECT seq FROM resellers WHERE id = @reseller)
         AND (@from IS NULL OR l.valid_to >= @from) AND (@to IS NULL OR l.valid_to <= @to)
         AND (instr(lower(l.activation_code), @q) > 0 OR instr(c.email_lower, @q) > 0 OR instr(o.order_number_lower, @q) > 0
           OR p.id IN (SELECT value FROM json_each(@named)))
       ORDER BY l.valid_to, l.seq`,
    );
    const resellerSeq = store.db.prepare<[string], { seq: number }>('SELECT seq FROM resellers WHERE id = ?').get(resellerA.id)!.seq;
    // Past two orders found by number, a fragment is broad: each license's order number is tested instead.
    const broad = {
      searchLicenses: async (_reseller: string, query: Parameters<typeof renewals.searchLicenses>[2]) =>
        renewals.searchLicenses(store.db, resellerSeq, query, { broadMatches: 2 }),
      countLicensesByProduct: async (_reseller: string, query: Parameters<typeof renewals.countLicensesByProduct>[2]) =>
        renewals.countLicensesByProduct(store.db, resellerSeq, query, { broadMatches: 2 }),
    };
    for (const on of [store, broad]) {
      await assertLicenseTextSearches(on, resellerA.id, licenseFragments(world, resellerA.id), expiryWindows('2026-06-15'), (q, window) =>
        scan.all({ reseller: resellerA.id, q, named: JSON.stringify(productsNamed(world, q)), from: window.expiringFrom ?? null, to: window.expiringTo ?? null }));
    }
  });

  test('licenses: records as stored, the status filter, the text filter and their pages', async () => {
    const big = ordersOf(resellerA.id).find((e) => e.licenses.length === 300)!;
    const refunded = ordersOf(resellerA.id).find((e) => e.order.state === 'refunded')!;
    const brute = ({ order, licenses }: typeof big, status: string) =>
      licenses.filter((l) =>
        status === 'refunded' ? order.state === 'refunded'
        : status === 'active' ? order.state === 'processed' && l.activatedAt !== null
        : order.state === 'processed' && l.activatedAt === null,
      ).map((l) => l.id);
    for (const entry of [big, refunded]) {
      for (const status of ['active', 'available', 'refunded']) {
        const ids: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await store.licenses(resellerA.id, entry.order.id, licensesQuery({ status, ...(cursor ? { cursor } : {}) }, 40));
          assert.equal(page.total, brute(entry, status).length);
          ids.push(...page.items.map((l) => l.id));
          cursor = page.nextCursor ?? undefined;
        } while (cursor !== undefined);
        assert.deepEqual(ids, brute(entry, status), `${status} of ${entry.order.state}`);
      }
    }
    const code = big.licenses[123]!.activationCode;
    const byCode = await store.licenses(resellerA.id, big.order.id, licensesQuery({ q: code.slice(2, 9).toUpperCase() }));
    assert.ok(byCode.items.some((l) => l.activationCode === code));
    const first = big.licenses[0]!;
    const record = await store.license(resellerA.id, first.id);
    assert.deepEqual(record, {
      id: first.id,
      orderId: big.order.id,
      orderState: big.order.state,
      activationCode: first.activationCode,
      activationLink: null,
      validFrom: first.validFrom,
      validTo: first.validTo,
      recurrent: first.recurrent,
      activatedAt: first.activatedAt,
      distributionCompany: first.distributionCompany,
      customer:
        first.customerId === null
          ? null
          : { id: first.customerId, email: customerEmails.get(first.customerId)!, organization: world.customers.find((c) => c.id === first.customerId)!.organization },
      expiredAt: null,
      scheduledChange: null,
    });
    assert.deepEqual(await store.activationCodes(resellerA.id, big.order.id), big.licenses.map((l) => l.activationCode));
  });

  test('a cursor from elsewhere is a BadCursorError', async () => {
    const first = await store.searchOrders(resellerA.id, { ...OrdersQuery.parse({}), limit: 5 });
    await assert.rejects(store.searchOrders(resellerA.id, { ...OrdersQuery.parse({ sort: 'amount:asc', cursor: first.nextCursor }), limit: 5 }), BadCursorError);
    await assert.rejects(store.searchOrders(resellerA.id, { ...OrdersQuery.parse({ cursor: 'bm90IGEgY3Vyc29y' }), limit: 5 }), BadCursorError);
    const [one, two] = ordersOf(resellerA.id).filter((e) => e.licenses.length > 3);
    const page = await store.licenses(resellerA.id, one!.order.id, licensesQuery({}, 2));
    assert.ok(page.nextCursor);
    await assert.rejects(store.licenses(resellerA.id, two!.order.id, licensesQuery({ cursor: page.nextCursor }, 2)), BadCursorError);
    await assert.rejects(store.licenses(resellerA.id, one!.order.id, licensesQuery({ cursor: first.nextCursor! }, 2)), BadCursorError);
  });

  test('a transaction that throws leaves nothing written, and its tx cannot be used afterwards', async () => {
    const { license, order } = licenseOf((l, o) => o.state === 'processed' && l.activatedAt === null);
    const customer = world.customers.find((c) => c.resellerId === resellerA.id)!;
    const before = await store.order(resellerA.id, order.id);
    let leaked: Parameters<Parameters<SqliteStore['transaction']>[0]>[0] | undefined;
    await assert.rejects(
      store.transaction(async (tx) => {
        leaked = tx;
        await tx.activate(resellerA.id, license.id, customer.id, '2026-06-15T10:00:00Z');
        await tx.setRecurrent(resellerA.id, license.id, !license.recurrent);
        await tx.setOrderCounts(resellerA.id, order.id, { activeCount: 99, availableCount: 98 });
        await tx.addHistory(resellerA.id, { orderId: order.id, licenseId: license.id, at: '2026-06-15T10:00:00Z', actor: { kind: 'reseller', name: 'x' }, kind: 'email_sent', detail: 'd' });
        await tx.queueMail(resellerA.id, { id: 'msg_rolled_back', kind: 'activation', to: 'a@b.example', subject: 's', text: 't', at: '2026-06-15T10:00:00Z', orderId: order.id, licenseId: license.id });
        await tx.saveIdempotency(resellerA.id, 'rolled-back', { fingerprint: 'f', status: 200, body: {}, at: '2026-06-15T10:00:00Z' });
        await tx.addCustomer(resellerA.id, { id: 'cus_rolled_back', email: 'rolled@back.example', organization: 'O', firstName: 'F', lastName: 'L', phone: null, country: 'DE' });
        throw new Error('refused');
      }),
      /refused/,
    );
    const after = await store.license(resellerA.id, license.id);
    assert.equal(after?.activatedAt, null);
    assert.equal(after?.recurrent, license.recurrent);
    assert.deepEqual(await store.order(resellerA.id, order.id), before);
    assert.deepEqual(await store.history(resellerA.id, license.id, { limit: 100 }), { items: [], nextCursor: null });
    assert.ok(!(await store.outbox(500)).some((m) => m.id === 'msg_rolled_back'));
    assert.equal(await store.idempotency(resellerA.id, 'rolled-back'), null);
    assert.equal(await store.customerByEmail(resellerA.id, 'rolled@back.example'), null);
    await assert.rejects(leaked!.license(resellerA.id, license.id), /ended/);
  });

  test('transactions run one at a time, in the order they were asked for', async () => {
    const log: string[] = [];
    const slow = store.transaction(async (tx) => {
      log.push('slow begins');
      await new Promise((resolve) => setTimeout(resolve, 20));
      await tx.expireIdempotency('2000-01-01T00:00:00Z');
      log.push('slow ends');
      return 1;
    });
    const quick = store.transaction(async () => {
      log.push('quick');
      return 2;
    });
    assert.deepEqual(await Promise.all([slow, quick]), [1, 2]);
    assert.deepEqual(log, ['slow begins', 'slow ends', 'quick']);
  });

  test('writes round-trip: activate, setRecurrent, setOrderCounts, addHistory, queueMail, customers, idempotency', async () => {
    const { license, order } = licenseOf((l, o) => o.state === 'processed' && l.activatedAt === null);
    const newCustomer = { id: 'cus_store_test', email: 'Ada.Store@Example.com', organization: 'Zed Org', firstName: 'Ada', lastName: 'Store', phone: null, country: 'DE' };
    const mail = { id: 'msg_store_test', kind: 'activation' as const, to: newCustomer.email, subject: 'Your license', text: 'Hello', at: '2026-06-15T10:00:00.250Z', orderId: order.id, licenseId: license.id };
    await store.transaction(async (tx) => {
      await tx.addCustomer(resellerA.id, newCustomer);
      const customer = await tx.customerByEmail(resellerA.id, 'ada.store@example.COM');
      assert.equal(customer?.id, newCustomer.id);
      await tx.activate(resellerA.id, license.id, newCustomer.id, '2026-06-15T10:00:00Z');
      await tx.setRecurrent(resellerA.id, license.id, !license.recurrent);
      await tx.setOrderCounts(resellerA.id, order.id, { activeCount: 41, availableCount: 42 });
      await tx.addHistory(resellerA.id, { orderId: order.id, licenseId: null, at: '2026-06-15T11:00:00Z', actor: { kind: 'reseller', name: 'Ann' }, kind: 'email_sent', detail: 'order-wide' });
      await tx.addHistory(resellerA.id, { orderId: order.id, licenseId: license.id, at: '2026-06-15T10:30:00Z', actor: { kind: 'customer', name: 'Ann' }, kind: 'billing_state_changed', detail: 'own' });
      await tx.queueMail(resellerA.id, mail);
      await tx.saveIdempotency(resellerA.id, 'key-1', { fingerprint: 'fp', status: 201, body: { a: [1, 'b'], n: null }, at: '2026-06-15T10:00:00Z' });
    });
    const activated = await store.license(resellerA.id, license.id);
    assert.equal(activated?.activatedAt, '2026-06-15T10:00:00Z');
    assert.deepEqual(activated?.customer, { id: newCustomer.id, email: newCustomer.email, organization: newCustomer.organization });
    assert.equal(activated?.recurrent, !license.recurrent);
    const counted = await store.order(resellerA.id, order.id);
    assert.deepEqual([counted?.activeCount, counted?.availableCount], [41, 42]);
    const { items: history } = await store.history(resellerA.id, license.id, { limit: 100 });
    assert.deepEqual(history.map((h) => [h.at, h.detail, h.kind, h.actor.kind]), [
      ['2026-06-15T10:30:00Z', 'own', 'billing_state_changed', 'customer'],
      ['2026-06-15T11:00:00Z', 'order-wide', 'email_sent', 'reseller'],
    ]);
    const first = await store.history(resellerA.id, license.id, { limit: 1 });
    assert.equal(first.items[0]?.detail, 'own');
    const rest = await store.history(resellerA.id, license.id, { limit: 1, cursor: first.nextCursor! });
    assert.deepEqual(rest.items.map((h) => h.detail), ['order-wide']);
    assert.equal(rest.nextCursor, null);
    assert.ok(history.every((h) => /^his_[0-9a-z]+$/.test(h.id)));
    const other = ordersOf(resellerA.id).find((e) => e.order.id === order.id)!.licenses.find((l) => l.id !== license.id);
    if (other) assert.deepEqual((await store.history(resellerA.id, other.id, { limit: 100 })).items.map((h) => h.detail), ['order-wide']);
    assert.deepEqual((await store.outbox(1))[0], { ...mail, resellerId: resellerA.id });
    assert.deepEqual(await store.mailTimes(resellerA.id, order.id, 'activation', '2026-06-15T09:00:00Z'), ['2026-06-15T10:00:00.250Z']);
    assert.deepEqual(await store.mailTimes(resellerA.id, order.id, 'confirmation', '2026-06-15T09:00:00Z'), []);
    assert.deepEqual(await store.mailTimes(resellerA.id, order.id, 'activation', '2026-06-15T10:00:01Z'), []);
    assert.ok((await store.pendingMail(100)).some((m) => m.id === mail.id && m.to === mail.to));
    await store.markMail(mail.id, { sentAt: '2026-06-15T10:00:05Z' });
    assert.ok(!(await store.pendingMail(100)).some((m) => m.id === mail.id));
    const found = await store.customers(resellerA.id, 'ada.store', 10);
    assert.deepEqual(found, [{ id: newCustomer.id, email: newCustomer.email, organization: 'Zed Org', firstName: 'Ada', lastName: 'Store' }]);
    const ranked = await store.customers(resellerA.id, 'a', 500);
    const starts = ranked.map((c) => lower(c.email).startsWith('a'));
    assert.deepEqual(starts, [...starts].sort((x, y) => Number(y) - Number(x)), 'emails starting with q come first');
    assert.equal((await store.customers(resellerA.id, '', 3)).length, 3);
    assert.deepEqual(await store.idempotency(resellerA.id, 'key-1'), { fingerprint: 'fp', status: 201, body: { a: [1, 'b'], n: null }, at: '2026-06-15T10:00:00Z' });
    assert.equal(await store.idempotency(resellerB.id, 'key-1'), null);
    await store.transaction((tx) => tx.expireIdempotency('2026-06-15T09:59:59.999Z'));
    assert.ok(await store.idempotency(resellerA.id, 'key-1'), 'a record made after the bound is kept');
    await store.transaction((tx) => tx.expireIdempotency('2026-06-15T10:00:00Z'));
    assert.equal(await store.idempotency(resellerA.id, 'key-1'), null);
  });

  test('tokens are installed by reseller label and read back as hashes', async () => {
    await store.installTokens(['token-a', 'token-b']);
    const hashes = await store.tokenHashes();
    assert.deepEqual(new Set(hashes.map((h) => h.resellerId)), new Set([resellerA.id, resellerB.id]));
    assert.ok(hashes.every((h) => Buffer.isBuffer(h.hash) && h.hash.length === 32));
  });
});

/** A search's shape, as `GET /orders` takes it and as plain SQL over `orders`. */
interface Shape {
  query: Record<string, string>;
  where: string;
  params: unknown[];
}

/** `count(*)` of the reseller's orders that meet `where`, without tallies or search code. */
/** An order that a fragment (given five times) finds, by a plain scan: number, company, product, a code, a holder's email. */
const TEXT_HOLDS = `(instr(o.order_number_lower, lower(?)) > 0 OR instr(o.distributor_lower, lower(?)) > 0 OR instr(lower(p.name), lower(?)) > 0
    OR o.seq IN (SELECT order_seq FROM licenses WHERE instr(lower(activation_code), lower(?)) > 0)
    OR o.seq IN (SELECT l.order_seq FROM licenses l JOIN customers c ON c.seq = l.customer_seq WHERE instr(c.email_lower, lower(?)) > 0))`;

/** Every page of a search straight from the store's search (with its options), as the orders' ids. */
function walkSearch(db: Db, resellerSeq: number, fields: Record<string, string>, limit: number, options: { broadMatches?: number } = {}): string[] {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 1000; pages += 1) {
    const page = searchOrders(db, resellerSeq, { ...OrdersQuery.parse({ ...fields, ...(cursor ? { cursor } : {}) }), limit }, options);
    ids.push(...page.items.map((o) => o.id));
    cursor = page.nextCursor;
    if (cursor === null) break;
  }
  return ids;
}

function plainCount(db: Db, resellerId: string, where: string, params: unknown[]): number {
  return db
    .prepare<unknown[], { n: number }>(
      `SELECT count(*) AS n FROM orders o JOIN resellers r ON r.seq = o.reseller_seq JOIN products p ON p.seq = o.product_seq
       WHERE r.id = ? AND ${where}`,
    )
    .get(resellerId, ...params)!.n;
}

/** Every tally holds, row for row, what a count of the orders gives now (no row of zero either). */
function assertTalliesExact(db: Db): void {
  const facets = 'product_seq, state, payment_type, distributor_lower';
  const pairs: [string, string][] = [
    [`SELECT reseller_seq, day, ${facets}, orders FROM order_tally`,
     `SELECT reseller_seq, purchased_at / 86400000, ${facets}, count(*) FROM orders GROUP BY 1, 2, 3, 4, 5, 6`],
    [`SELECT reseller_seq, ${facets}, orders FROM order_facet_tally`,
     `SELECT reseller_seq, ${facets}, count(*) FROM orders GROUP BY 1, 2, 3, 4, 5`],
    ['SELECT reseller_seq, hour, orders FROM order_hour_tally',
     'SELECT reseller_seq, purchased_at / 3600000, count(*) FROM orders GROUP BY 1, 2'],
    ['SELECT reseller_seq, valid_to, product_seq, status, recurrent, licenses FROM license_tally',
     `SELECT l.reseller_seq, l.valid_to, o.product_seq, CASE WHEN o.state = 'refunded' THEN 'refunded' WHEN l.expired_at IS NOT NULL THEN 'expired'
        WHEN l.activated_at IS NOT NULL THEN 'active' ELSE 'available' END, l.recurrent, count(*)
      FROM licenses l JOIN orders o ON o.seq = l.order_seq GROUP BY 1, 2, 3, 4, 5`],
  ];
  for (const [tally, counted] of pairs) assert.deepEqual(sortedRows(db, tally), sortedRows(db, counted), tally);
  assertCustomerOrdersExact(db);
}

/**
 * Every customer's order lists (all orders, per product, per distribution company) hold the
 * orders it holds a license of now, each once, and no list is empty.
 */
function assertCustomerOrdersExact(db: Db): void {
  const listed = db
    .prepare<[], { customer_seq: number; facet: string; orders: Buffer }>('SELECT customer_seq, facet, orders FROM customer_orders')
    .all()
    .map((row) => {
      const seqs = listedOrders(row.orders);
      assert.ok(seqs.length > 0, `the list of ${row.customer_seq} ${row.facet} is not empty`);
      return JSON.stringify([row.customer_seq, row.facet, seqs.sort((a, b) => a - b)]);
    })
    .sort();
  const held = new Map<string, number[]>();
  const rows = db
    .prepare<[], { customer_seq: number; order_seq: number; product_seq: number; distributor_lower: string }>(
      `SELECT DISTINCT l.customer_seq, l.order_seq, o.product_seq, o.distributor_lower
       FROM licenses l JOIN orders o ON o.seq = l.order_seq WHERE l.customer_seq IS NOT NULL ORDER BY l.order_seq`,
    )
    .all();
  for (const row of rows) {
    const facets = ['', `p:${row.product_seq}`, ...(row.distributor_lower === '' ? [] : [`d:${row.distributor_lower}`])];
    for (const facet of facets) {
      const key = JSON.stringify([row.customer_seq, facet]);
      held.set(key, [...(held.get(key) ?? []), row.order_seq]);
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
async function assertTextTotals(store: SqliteStore, resellerId: string, customerIds: readonly string[], step: string): Promise<void> {
  const db = store.db;
  const emails = customerIds.map((id) => db.prepare<[string], { email: string }>('SELECT email FROM customers WHERE id = ?').get(id)!.email);
  const fragments = emails.flatMap((email) => {
    const local = email.slice(0, email.indexOf('@'));
    const pieces = Array.from({ length: Math.max(0, local.length - 3) }, (_, i) => local.slice(i, i + 4));
    return [email, email.slice(email.indexOf('@')), local, ...pieces];
  });
  for (const fragment of fragments) {
    for (const state of [undefined, 'processed'] as const) {
      const query = OrdersQuery.parse(state === undefined ? { q: fragment } : { q: fragment, state });
      const page = await store.searchOrders(resellerId, { ...query, limit: 5 });
      const where = state === undefined ? TEXT_HOLDS : `${TEXT_HOLDS} AND o.state = '${state}'`;
      const expected = plainCount(db, resellerId, where, Array(5).fill(fragment));
      assert.equal(page.total, expected, `${step}: the total of q=${fragment}${state === undefined ? '' : ` and ${state}`}`);
    }
  }
}

/** The rows of a query, in a fixed order whatever the query's. */
function sortedRows(db: Db, sql: string): string[] {
  return db.prepare(sql).raw().all().map((row) => JSON.stringify(row)).sort();
}

describe('SqliteStore: buying, refunding, the catalog and the balance', () => {
  const today = '2026-06-15T00:00:00Z';
  const boughtAt = '2026-06-15T10:25:00.500Z';
  let store: SqliteStore;
  let serial = 0;

  const newOrder = (productId: string, quantity: number, overrides: Partial<NewOrderRecord> = {}) => {
    serial += 1;
    const order: NewOrderRecord = {
      id: `ord_new_${serial}`,
      orderNumber: `NEW-${serial}-Order`,
      purchasedAt: boughtAt,
      user: 'Dana Weber',
      productId,
      quantity,
      amount: { value: 4_900 * quantity, currency: resellerA.currency },
      paymentType: 'css_balance',
      distributionCompany: 'INGRAM Micro',
      ...overrides,
    };
    const licenses: NewLicenseRecord[] = Array.from({ length: quantity }, (_, i) => ({
      id: `lic_new_${serial}_${i}`,
      activationCode: `NEWC-${serial}-${i}-AbCd`,
      validFrom: '2026-06-15',
      validTo: '2027-06-15',
      distributionCompany: 'INGRAM Micro',
    }));
    return { order, licenses };
  };

  /** The search shapes whose totals come from the tallies, with their plain SQL. */
  const shapes = (productId: string): Shape[] => [
    { query: {}, where: '1', params: [] },
    { query: { purchasedFrom: today }, where: 'o.purchased_at >= ?', params: [Date.parse(today)] },
    { query: { state: 'processed' }, where: "o.state = 'processed'", params: [] },
    { query: { state: 'refunded' }, where: "o.state = 'refunded'", params: [] },
    { query: { productId }, where: 'p.id = ?', params: [productId] },
    { query: { paymentType: 'css_balance', distributionCompany: 'ingram micro' }, where: "o.payment_type = 'css_balance' AND o.distributor_lower = 'ingram micro'", params: [] },
    { query: { purchasedFrom: '2026-06-14T13:07:00Z', purchasedTo: '2026-06-15T10:25:00.501Z' }, where: 'o.purchased_at >= ? AND o.purchased_at < ?', params: [Date.parse('2026-06-14T13:07:00Z'), Date.parse('2026-06-15T10:25:00.501Z')] },
    { query: { state: 'refunded', purchasedFrom: today }, where: "o.state = 'refunded' AND o.purchased_at >= ?", params: [Date.parse(today)] },
    { query: { productId, state: 'processed', purchasedTo: '2026-06-16T00:00:00Z' }, where: "p.id = ? AND o.state = 'processed' AND o.purchased_at < ?", params: [productId, Date.parse('2026-06-16T00:00:00Z')] },
  ];

  const totals = async (resellerId: string, productId: string) => {
    const found: number[] = [];
    for (const shape of shapes(productId)) {
      const page = await store.searchOrders(resellerId, { ...OrdersQuery.parse(shape.query), limit: 5 });
      assert.equal(page.total, plainCount(store.db, resellerId, shape.where, shape.params), JSON.stringify(shape.query));
      found.push(page.total);
    }
    return found;
  };

  /** Everything a rolled-back purchase might have left behind. */
  const snapshot = (db: Db) =>
    ['orders', 'licenses', 'reseller_products', 'order_tally', 'order_facet_tally', 'order_hour_tally', 'prices']
      .map((table) => sortedRows(db, `SELECT * FROM ${table}`))
      .concat([sortedRows(db, 'SELECT id, balance FROM resellers')]);

  before(async () => {
    store = SqliteStore.open(':memory:');
    await store.seed(world, { seed: 7 });
  });
  after(() => store.close());

  test('createOrder: the order, its licenses and the bought product; found first among today\'s; every tallied total is a plain count', async () => {
    const productId = world.products[0]!.id;
    const before = await totals(resellerA.id, productId);
    const { order, licenses } = newOrder(productId, 3);
    await store.transaction((tx) => tx.createOrder(resellerA.id, order, licenses));

    const page = await store.searchOrders(resellerA.id, { ...OrdersQuery.parse({ purchasedFrom: today }), limit: 5 });
    assert.equal(page.items[0]?.id, order.id, 'the newest of today comes first');
    assert.deepEqual(page.items[0], {
      id: order.id, orderNumber: order.orderNumber, purchasedAt: order.purchasedAt, user: order.user,
      product: { id: productId, name: world.products[0]!.name }, quantity: 3, activeCount: 0, availableCount: 3,
      amount: order.amount, paymentType: 'css_balance', state: 'processed', distributionCompany: 'INGRAM Micro',
    });
    const after = await totals(resellerA.id, productId);
    const added = [1, 1, 1, 0, 1, 1, 1, 0, 1];
    assert.deepEqual(after, before.map((n, i) => n + added[i]!), 'each total moved by the new order alone');
    assertTalliesExact(store.db);

    assert.equal((await store.searchOrders(resellerA.id, { ...OrdersQuery.parse({ orderNumber: order.orderNumber.toUpperCase() }), limit: 5 })).items[0]?.id, order.id);
    assert.equal((await store.searchOrders(resellerA.id, { ...OrdersQuery.parse({ activationCode: licenses[2]!.activationCode.toLowerCase() }), limit: 5 })).total, 1);
    assert.deepEqual(await store.activationCodes(resellerA.id, order.id), licenses.map((l) => l.activationCode), 'issue order is array order');
    const first = await store.license(resellerA.id, licenses[0]!.id);
    assert.deepEqual(first, {
      id: licenses[0]!.id, orderId: order.id, orderState: 'processed', activationCode: licenses[0]!.activationCode, activationLink: null,
      validFrom: '2026-06-15', validTo: '2027-06-15', recurrent: false, activatedAt: null, distributionCompany: 'INGRAM Micro', customer: null,
      expiredAt: null, scheduledChange: null,
    });
    const purchasedAt = store.db.prepare<[string], { at: number }>('SELECT DISTINCT order_purchased_at AS at FROM licenses WHERE order_seq = (SELECT seq FROM orders WHERE id = ?)').all(order.id);
    assert.deepEqual(purchasedAt, [{ at: Date.parse(boughtAt) }]);

    // A product reseller B never bought becomes one of its products.
    const boughtByB = new Set((await store.products(resellerB.id)).map((p) => p.id));
    const unbought = world.products.find((p) => !boughtByB.has(p.id)) ?? world.products[1]!;
    const forB = newOrder(unbought.id, 1, { amount: { value: 100, currency: resellerB.currency }, paymentType: 'credit_card', distributionCompany: null });
    const beforeB = await totals(resellerB.id, unbought.id);
    await store.transaction((tx) => tx.createOrder(resellerB.id, forB.order, forB.licenses));
    assert.ok((await store.products(resellerB.id)).some((p) => p.id === unbought.id));
    assert.deepEqual(await totals(resellerB.id, unbought.id), beforeB.map((n, i) => n + [1, 1, 1, 0, 1, 0, 1, 0, 1][i]!));
    assertTalliesExact(store.db);
    await assert.rejects(store.transaction((tx) => tx.createOrder(resellerA.id, newOrder('prd_nothing', 1).order, newOrder('prd_nothing', 1).licenses)), /prd_nothing/);
  });

  test('setOrderState moves an order between the states\' totals exactly, and back', async () => {
    const productId = world.products[0]!.id;
    const { order, licenses } = newOrder(productId, 2);
    await store.transaction((tx) => tx.createOrder(resellerA.id, order, licenses));
    const before = await totals(resellerA.id, productId);
    await store.transaction((tx) => tx.setOrderState(resellerA.id, order.id, 'refunded', { activeCount: 0, availableCount: 0 }));
    const refunded = await totals(resellerA.id, productId);
    // Shapes: all, today, processed, refunded, product, payment+distributor, dates, refunded today, product+processed.
    assert.deepEqual(refunded, before.map((n, i) => n + [0, 0, -1, 1, 0, 0, 0, 1, -1][i]!));
    assertTalliesExact(store.db);
    const stored = await store.order(resellerA.id, order.id);
    assert.deepEqual([stored?.state, stored?.activeCount, stored?.availableCount], ['refunded', 0, 0]);
    assert.equal((await store.license(resellerA.id, licenses[0]!.id))?.orderState, 'refunded');
    const page = await store.searchOrders(resellerA.id, { ...OrdersQuery.parse({ state: 'refunded', purchasedFrom: today }), limit: 5 });
    assert.ok(page.items.some((o) => o.id === order.id));

    await store.transaction((tx) => tx.setOrderState(resellerA.id, order.id, 'processed', { activeCount: 0, availableCount: 2 }));
    assert.deepEqual(await totals(resellerA.id, productId), before);
    assertTalliesExact(store.db);
    // The same state again changes the counts only.
    await store.transaction((tx) => tx.setOrderState(resellerA.id, order.id, 'processed', { activeCount: 1, availableCount: 1 }));
    assert.deepEqual(await totals(resellerA.id, productId), before);
    assert.equal((await store.order(resellerA.id, order.id))?.activeCount, 1);
    await assert.rejects(store.transaction((tx) => tx.setOrderState(resellerB.id, order.id, 'refunded', { activeCount: 0, availableCount: 0 })));
  });

  test('every write of a license keeps the license tally and the totals of GET /licenses exact', async () => {
    const productId = world.products[1]!.id;
    const { order, licenses } = newOrder(productId, 3);
    await store.transaction((tx) => tx.createOrder(resellerA.id, order, licenses));
    const [first, second, third] = licenses.map((l) => l.id) as [string, string, string];
    const customer = world.customers.find((c) => c.resellerId === resellerA.id)!.id;
    const searches = talliedLicenseSearches(productId, licenses[0]!.validTo);
    const check = async (step: string) => {
      assertTalliesExact(store.db);
      await assertLicenseTotals(store, resellerA.id, searches, step);
    };
    await check('bought');
    await store.transaction((tx) => tx.activate(resellerA.id, first, customer, '2026-06-15T11:00:00Z'));
    await store.transaction((tx) => tx.activate(resellerA.id, second, customer, '2026-06-15T11:00:00Z'));
    await check('activated');
    await store.transaction((tx) => tx.setRecurrent(resellerA.id, first, true));
    await check('recurrent');
    await store.transaction((tx) => tx.setValidTo(resellerA.id, first, '2028-06-15'));
    await check('renewed');
    await store.transaction((tx) => tx.setExpired(resellerA.id, second, '2027-06-16T00:00:00Z'));
    await check('expired');
    await store.transaction((tx) => tx.deactivate(resellerA.id, first));
    await check('deactivated');
    const other = world.customers.filter((c) => c.resellerId === resellerA.id)[1]!;
    await store.transaction((tx) => tx.activate(resellerA.id, third, customer, '2026-06-15T12:00:00Z'));
    await store.transaction((tx) => tx.setCustomer(resellerA.id, second, other.id));
    await check('transferred');
    await assertTextTotals(store, resellerA.id, [customer, other.id], 'transferred');
    // Now found by fragments of the product's name and of the distribution company too.
    const productFragment = world.products[1]!.name.toLowerCase().replaceAll(' ', '').slice(2, 7);
    await store.transaction((tx) => tx.updateCustomer(resellerA.id, other.id, { email: `${productFragment}.ingr@example.org` }));
    await check('email corrected');
    await assertTextTotals(store, resellerA.id, [customer, other.id], 'email corrected');
    await store.transaction((tx) => tx.setCustomer(resellerA.id, third, other.id));
    await check('transferred to the only holder');
    await store.transaction((tx) => tx.setOrderState(resellerA.id, order.id, 'refunded', { activeCount: 0, availableCount: 0 }));
    await check('refunded');
    await assertTextTotals(store, resellerA.id, [customer, other.id], 'refunded');
    assert.equal((await store.searchLicenses(resellerA.id, { status: 'refunded', productId, limit: 5 })).items.some((l) => l.id === third), true);
    await assert.rejects(store.transaction(async (tx) => {
      tx.setRecurrent(resellerA.id, third, true);
      throw new Error('rolled back');
    }));
    await check('rolled back');
  });

  test("an order moved to another product or distribution company moves on its holders' order lists", () => {
    const db = store.db;
    const held = db.prepare<[], { seq: number; product_seq: number; distributor_lower: string }>(
      `SELECT o.seq, o.product_seq, o.distributor_lower FROM orders o
       WHERE o.distributor_lower <> '' AND (SELECT count(DISTINCT customer_seq) FROM licenses WHERE order_seq = o.seq) > 1 LIMIT 1`,
    ).get();
    assert.ok(held, 'the data holds an order of several customers, sold through a distribution company');
    const otherProduct = db.prepare<[number], { seq: number }>('SELECT seq FROM products WHERE seq <> ? LIMIT 1').get(held.product_seq)!.seq;
    const move = db.prepare('UPDATE orders SET product_seq = ?, distributor_lower = ? WHERE seq = ?');
    // Written directly (no write of the service moves an order), and put back: the order tallies are not kept by triggers.
    db.transaction(() => {
      move.run(otherProduct, '', held.seq);
      assertCustomerOrdersExact(db);
      move.run(otherProduct, 'another distributor', held.seq);
      assertCustomerOrdersExact(db);
      move.run(held.product_seq, held.distributor_lower, held.seq);
    })();
    assertCustomerOrdersExact(db);
  });

  test('the catalog is every priced product by name; the balance round-trips', async () => {
    for (const reseller of [resellerA, resellerB]) {
      const want = (world.prices ?? [])
        .filter((p) => p.resellerId === reseller.id)
        .map((p) => ({ id: p.productId, name: productNames.get(p.productId)!, unitPrice: p.unitPrice, termMonths: p.termMonths }))
        .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
      assert.equal(want.length, world.products.length);
      assert.deepEqual(await store.catalog(reseller.id), want);
    }
    assert.deepEqual(await store.catalog('rsl_nobody'), []);
    await store.transaction(async (tx) => {
      assert.deepEqual((await tx.reseller(resellerB.id))?.balance, resellerB.balance);
      await tx.setBalance(resellerB.id, { value: 1_234_567, currency: resellerB.currency });
    });
    assert.deepEqual((await store.reseller(resellerB.id))?.balance, { value: 1_234_567, currency: resellerB.currency });
    assert.deepEqual((await store.reseller(resellerA.id))?.balance, resellerA.balance, 'the other reseller keeps its balance');
    await assert.rejects(store.transaction((tx) => tx.setBalance(resellerB.id, { value: 1, currency: 'EUR' })), /GBP/);
    assert.deepEqual((await store.reseller(resellerB.id))?.balance, { value: 1_234_567, currency: resellerB.currency });
  });

  test('licenseByCode finds a code in any case, across resellers; an unknown code is null', async () => {
    const a = ordersOf(resellerA.id)[3]!.licenses[0]!;
    const b = ordersOf(resellerB.id)[2]!.licenses[0]!;
    for (const [license, resellerId, code] of [
      [a, resellerA.id, a.activationCode.toLowerCase()],
      [a, resellerA.id, a.activationCode.toUpperCase()],
      [b, resellerB.id, b.activationCode.toLowerCase()],
      [b, resellerB.id, b.activationCode],
    ] as const) {
      const found = await store.licenseByCode(code);
      assert.equal(found?.resellerId, resellerId, code);
      assert.deepEqual(found?.license, await store.license(resellerId, license.id));
    }
    assert.equal(await store.licenseByCode('NO-SUCH-CODE'), null);
    assert.equal(await store.licenseByCode(a.activationCode.slice(0, -1)), null, 'a prefix is not the code');
    assert.equal((await store.transaction((tx) => tx.licenseByCode(b.activationCode)))?.license.id, b.id);
  });

  test("a fragment of a product's name that the codes of its orders and of others' hold finds each order once", async () => {
    // Codes holding "netshield": an order of NetShield itself, and two of other products.
    const netShield = world.products.find((p) => p.name.startsWith('NetShield'))!;
    const coded = (productId: string, quantity: number, purchasedAt: string) => {
      const { order, licenses } = newOrder(productId, quantity, { purchasedAt });
      return { order, licenses: licenses.map((l, i) => ({ ...l, activationCode: `NETSHIELD-${serial}-${i}` })) };
    };
    const orders = [
      coded(netShield.id, 2, '2026-03-01T09:00:00Z'),
      coded(world.products[0]!.id, 1, '2026-05-01T09:00:00Z'),
      coded(world.products[2]!.id, 3, '2026-06-01T09:00:00Z'),
    ];
    await store.transaction(async (tx) => {
      for (const { order, licenses } of orders) await tx.createOrder(resellerA.id, order, licenses);
    });
    const q = 'netshield';
    const holds = (direction: 'ASC' | 'DESC') => store.db.prepare<unknown[], string>(
      `SELECT o.id FROM orders o JOIN resellers r ON r.seq = o.reseller_seq JOIN products p ON p.seq = o.product_seq
       WHERE r.id = ? AND ${TEXT_HOLDS} ORDER BY o.purchased_at ${direction}, o.seq ${direction}`,
    ).pluck().all(resellerA.id, ...Array(5).fill(q));
    assert.ok(orders.every(({ order }) => holds('DESC').includes(order.id)), 'the orders coded are found');
    assert.ok(holds('DESC').length > orders.length + 1, 'so are the other orders of NetShield');
    for (const [sort, direction] of [['purchasedAt:desc', 'DESC'], ['purchasedAt:asc', 'ASC']] as const) {
      for (const limit of [1, 4, 25]) {
        const { ids, total } = await walk(store, resellerA.id, { q, sort }, limit);
        assert.deepEqual(ids, holds(direction), `${sort}, pages of ${limit}`);
        assert.equal(total, ids.length, `${sort}: the total`);
      }
    }
  });

  test('a rolled-back createOrder leaves no order, license, product or tally change behind', async () => {
    const boughtByB = new Set((await store.products(resellerB.id)).map((p) => p.id));
    const productId = world.products.find((p) => !boughtByB.has(p.id))?.id ?? world.products[2]!.id;
    const { order, licenses } = newOrder(productId, 4, { amount: { value: 5, currency: resellerB.currency } });
    const before = snapshot(store.db);
    const totalsBefore = await totals(resellerB.id, productId);
    await assert.rejects(
      store.transaction(async (tx) => {
        await tx.createOrder(resellerB.id, order, licenses);
        assert.equal((await tx.searchOrders(resellerB.id, { ...OrdersQuery.parse({}), limit: 1 })).items[0]?.id, order.id, 'seen inside');
        await tx.setOrderState(resellerB.id, order.id, 'refunded', { activeCount: 0, availableCount: 0 });
        await tx.setBalance(resellerB.id, { value: 0, currency: resellerB.currency });
        throw new Error('refused');
      }),
      /refused/,
    );
    assert.deepEqual(snapshot(store.db), before);
    assert.equal(await store.order(resellerB.id, order.id), null);
    assert.equal(await store.licenseByCode(licenses[0]!.activationCode), null);
    assert.deepEqual(await totals(resellerB.id, productId), totalsBefore);
    assertTalliesExact(store.db);
  });

  test('history takes every kind of the contract', async () => {
    const { order, licenses } = ordersOf(resellerA.id)[5]!;
    await store.transaction(async (tx) => {
      for (const kind of HistoryKind.options) {
        await tx.addHistory(resellerA.id, { orderId: order.id, licenseId: licenses[0]!.id, at: '2026-06-15T10:00:00Z', actor: { kind: 'system', name: 'Ann' }, kind, detail: kind });
      }
    });
    assert.deepEqual((await store.history(resellerA.id, licenses[0]!.id, { limit: 100 })).items.map((h) => h.kind), [...HistoryKind.options]);
  });
});

describe('SqliteStore over a database of the first schema', () => {
  let folder: string;
  let store: SqliteStore;
  const historyBefore = [
    [1, 'billing_state_changed', 'refunded by Ann'],
    [2, 'email_sent', 'sent to the customer'],
  ] as const;

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'sqlite-migrate-'));
    const db = new Database(join(folder, 'old.db'));
    migrate(db, 3);
    assert.equal(db.pragma('user_version', { simple: true }), 3);
    db.transaction(() => {
      for (const r of world.resellers) {
        db.prepare('INSERT INTO resellers (id, name, user_name, user_email, currency, token_label) VALUES (?, ?, ?, ?, ?, ?)')
          .run(r.id, r.name, r.user.name, r.user.email, r.currency, r.tokenLabel);
      }
      for (const p of world.products) db.prepare('INSERT INTO products (id, name) VALUES (?, ?)').run(p.id, p.name);
      db.exec(`
        INSERT INTO reseller_products VALUES (1, 1);
        INSERT INTO customers (id, reseller_seq, email, email_lower, name_lower, organization, first_name, last_name)
        VALUES ('cus_old_1', 1, 'aerzte@example.com', 'aerzte@example.com', 'eva ölz', 'ÄRZTEKAMMER Wien', 'Eva', 'Ölz'),
               ('cus_old_2', 1, 'it@example.com', 'it@example.com', 'tom weber', 'Weber IT', 'Tom', 'Weber');
        INSERT INTO orders (seq, id, reseller_seq, order_number, order_number_lower, purchased_at, user_name, product_seq, amount,
          currency, payment_type, state, distribution_company, distributor_lower, quantity, active_count, available_count)
        VALUES (1, 'ord_old', 1, 'OLD-1', 'old-1', 1781000000000, 'Dana Weber', 1, 4900, 'EUR', 'css_balance', 'refunded', NULL, '', 2, 0, 0);
        INSERT INTO licenses (seq, id, order_seq, reseller_seq, activation_code, valid_from, valid_to, recurrent, order_purchased_at)
        VALUES (1, 'lic_old_1', 1, 1, 'OLD-CODE-1', '2026-06-09', '2027-06-09', 0, 1781000000000),
               (2, 'lic_old_2', 1, 1, 'OLD-CODE-2', '2026-06-09', '2027-06-09', 0, 1781000000000);
        INSERT INTO history (seq, order_seq, license_seq, at, actor, kind, detail)
        VALUES (1, 1, NULL, 1781000100000, 'Ann', 'billing_state_changed', 'refunded by Ann'),
               (2, 1, 1, 1781000200000, 'Ann', 'email_sent', 'sent to the customer');
      `);
      rebuildTallies(db);
    })();
    assert.throws(() => db.prepare("INSERT INTO history (order_seq, at, actor, kind, detail) VALUES (1, 0, 'x', 'refunded', 'd')").run(), /CHECK/);
    db.close();
    store = SqliteStore.open(join(folder, 'old.db'));
  });
  after(async () => {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  test('migrates: history rows and their indexes kept, balances and prices given, the new kinds accepted', async () => {
    assert.equal(store.db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
    const { items: history } = await store.history(resellerA.id, 'lic_old_1', { limit: 100 });
    assert.deepEqual(
      history.map((h) => [h.id, h.kind, h.detail]),
      historyBefore.map(([seq, kind, detail]) => [`his_${seq.toString(36)}`, kind, detail]),
    );
    assert.deepEqual((await store.history(resellerA.id, 'lic_old_2', { limit: 100 })).items.map((h) => h.detail), ['refunded by Ann']);
    const indexes = store.db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'history' ORDER BY name").all();
    assert.deepEqual(indexes.map((i) => i.name), ['history_by_license_time', 'history_by_order_time']);
    assert.equal(store.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name LIKE 'history_v%'").pluck().get(), 0);

    assert.deepEqual((await store.reseller(resellerA.id))?.balance, resellerA.balance);
    assert.deepEqual((await store.reseller(resellerB.id))?.balance, resellerB.balance);
    const catalog = await store.catalog(resellerB.id);
    assert.deepEqual(
      new Map(catalog.map((c) => [c.id, [c.unitPrice, c.termMonths]])),
      new Map((world.prices ?? []).filter((p) => p.resellerId === resellerB.id).map((p) => [p.productId, [p.unitPrice, p.termMonths]])),
    );
    assert.deepEqual((await store.licenseByCode('old-code-2'))?.license.id, 'lic_old_2');

    await store.transaction(async (tx) => {
      await tx.addHistory(resellerA.id, { orderId: 'ord_old', licenseId: 'lic_old_1', at: '2026-06-15T10:00:00Z', actor: { kind: 'customer', name: 'Ann' }, kind: 'customer_activated', detail: 'new kind' });
      await tx.createOrder(resellerA.id, { id: 'ord_after', orderNumber: 'AFTER-1', purchasedAt: '2026-06-15T10:00:00Z', user: 'Dana Weber', productId: world.products[1]!.id, quantity: 1, amount: { value: 1, currency: 'EUR' }, paymentType: 'credit_card', distributionCompany: null }, [
        { id: 'lic_after', activationCode: 'AFTER-CODE', validFrom: '2026-06-15', validTo: '2027-06-15', distributionCompany: null },
      ]);
    });
    assert.equal((await store.history(resellerA.id, 'lic_old_1', { limit: 100 })).items.at(-1)?.kind, 'customer_activated');
    assert.equal((await store.searchOrders(resellerA.id, { ...OrdersQuery.parse({ state: 'processed' }), limit: 5 })).total, 1);
    assertTalliesExact(store.db);
    // The stems of the order numbers there were, read by the migration, and of the one bought since, added by its trigger.
    assert.deepEqual(store.db.prepare('SELECT reseller_seq, stem FROM order_number_stems ORDER BY 1, 2').raw().all(), [[1, 'after-'], [1, 'old-']]);
    for (const [q, found] of [['OLD-', ['ord_old']], ['after', ['ord_after']]] as const) {
      assert.deepEqual((await store.searchOrders(resellerA.id, { ...OrdersQuery.parse({ q }), limit: 5 })).items.map((o) => o.id), found);
    }
    // The organizations in lower case, folded by the migration beyond ASCII as a search folds what it is given.
    for (const [q, found] of [['ärztekammer wien', ['cus_old_1']], ['weber it', ['cus_old_2']], ['example.com', ['cus_old_1', 'cus_old_2']]] as const) {
      assert.deepEqual((await store.customers(resellerA.id, q, 5)).map((c) => c.id), found, q);
    }
  });
});

describe('SqliteStore over a database whose order lists were kept as text WITHOUT ROWID', () => {
  let folder: string;
  let store: SqliteStore | undefined;
  /** Each list's orders, sorted, by customer and facet: from the text `,seq,…,` of the older schema, or from the bytes of the latest. */
  const listsOf = (db: Db) =>
    db
      .prepare<[], { customer_seq: number; facet: string; orders: string | Buffer }>('SELECT customer_seq, facet, orders FROM customer_orders')
      .all()
      .map(({ customer_seq, facet, orders }) => {
        const seqs = typeof orders === 'string' ? orders.slice(1, -1).split(',').map(Number) : listedOrders(orders);
        return JSON.stringify([customer_seq, facet, seqs.sort((a, b) => a - b)]);
      })
      .sort();
  const tableSql = (db: Db) => db.prepare<[], string>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'customer_orders'").pluck().get();

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'sqlite-lists-'));
  });
  after(async () => {
    await store?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  test('the migrations make every list anew as bytes, in a table with row numbers, whose triggers keep them exact', async () => {
    // A database of the schema before the two migrations of the lists, which touch nothing else,
    // and the four after them: seeded at the latest, with its lists then put back as they were,
    // text in a table WITHOUT ROWID, and the orders' triggers, the stems, the organizations in
    // lower case and the count of moved orders of the four after dropped.
    const path = join(folder, 'lists.db');
    const db = new Database(path);
    migrate(db);
    seedDatabase(db, world, { seed: 7 });
    for (const name of [...Object.keys(CUSTOMER_ORDERS_TRIGGERS), 'orders_keys_fixed', 'orders_kept', ...Object.keys(NUMBER_STEMS_TRIGGERS), 'order_facets_moved']) db.exec(`DROP TRIGGER ${name}`);
    db.exec(`
      DROP TABLE order_facet_moves;
      ALTER TABLE customers DROP COLUMN organization_lower;
      DROP TABLE order_number_stems;
      DROP TABLE customer_orders;
      CREATE TABLE customer_orders (customer_seq INTEGER NOT NULL, facet TEXT NOT NULL, orders TEXT NOT NULL, PRIMARY KEY (customer_seq, facet)) STRICT, WITHOUT ROWID;
      INSERT INTO customer_orders (customer_seq, facet, orders)
        SELECT customer_seq, facet, ',' || group_concat(order_seq, ',') || ',' FROM (
          SELECT DISTINCT l.customer_seq, CASE k.kind WHEN 0 THEN '' WHEN 1 THEN 'p:' || o.product_seq ELSE 'd:' || o.distributor_lower END AS facet, l.order_seq
          FROM licenses l JOIN orders o ON o.seq = l.order_seq
          JOIN (SELECT 0 AS kind UNION ALL SELECT 1 UNION ALL SELECT 2) k ON k.kind < 2 OR o.distributor_lower <> ''
          WHERE l.customer_seq IS NOT NULL)
        GROUP BY customer_seq, facet;`);
    db.pragma(`user_version = ${SCHEMA_VERSION - 6}`);
    assert.match(tableSql(db) ?? '', /WITHOUT ROWID/);
    const before = listsOf(db);
    assert.ok(before.length > 0, 'the seed activated licenses');
    db.close();

    store = SqliteStore.open(path);
    assert.equal(store.db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
    assert.doesNotMatch(tableSql(store.db) ?? '', /WITHOUT ROWID/);
    assert.match(tableSql(store.db) ?? '', /orders BLOB/);
    assert.deepEqual(listsOf(store.db), before);
    assert.throws(() => store?.db.exec("INSERT INTO customer_orders (customer_seq, facet, orders) SELECT customer_seq, facet, x'80000001' FROM customer_orders LIMIT 1"), /UNIQUE/);

    // A license handed to another customer, one taken back and one given: the triggers follow each.
    const held = store.db.prepare<[], { seq: number; customer_seq: number }>('SELECT seq, customer_seq FROM licenses WHERE customer_seq IS NOT NULL ORDER BY seq LIMIT 2').all();
    const free = store.db.prepare<[], number>('SELECT seq FROM licenses WHERE customer_seq IS NULL ORDER BY seq LIMIT 1').pluck().get();
    const customers = store.db.prepare<[], number>('SELECT seq FROM customers WHERE reseller_seq = 1 ORDER BY seq DESC LIMIT 1').pluck().get();
    assert.ok(held.length === 2 && free !== undefined && customers !== undefined);
    store.db.prepare('UPDATE licenses SET customer_seq = ? WHERE seq = ?').run(customers, held[0]!.seq);
    store.db.prepare('UPDATE licenses SET customer_seq = NULL, activated_at = NULL WHERE seq = ?').run(held[1]!.seq);
    store.db.prepare('UPDATE licenses SET customer_seq = ?, activated_at = 1781517600000 WHERE seq = ?').run(held[1]!.customer_seq, free);
    assert.notDeepEqual(listsOf(store.db), before);
    assertTalliesExact(store.db);
  });
});

describe('SqliteStore: the start that every order number shares', () => {
  test('finds every order, as the search without it, until an order of another numbering is bought (searches on a reader thread)', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'sqlite-stems-'));
    const store = SqliteStore.open(join(folder, 'stems.db'), { readers: 1 });
    try {
      await store.seed(world, { seed: 7 });
      const stems = store.db.prepare<[string], string>('SELECT stem FROM order_number_stems WHERE reseller_seq = (SELECT seq FROM resellers WHERE id = ?) ORDER BY stem').pluck().all(resellerA.id);
      assert.deepEqual(stems, stemsOf(ordersOf(resellerA.id).map((e) => e.order.orderNumber)), 'the stems the seed read');
      const product = world.products.find((p) => !p.name.toLowerCase().includes('ord'))!;
      const licenses = [{ id: 'lic_inv', activationCode: 'INVC-5K2M-0042', validFrom: '2026-06-15', validTo: '2027-06-15', distributionCompany: null }];
      await assertSharedNumberStart(store, resellerA.id, {
        order: { id: 'ord_inv', orderNumber: 'INV-4711-0042', purchasedAt: '2026-06-15T10:25:00Z', user: 'Dana Weber', productId: product.id, quantity: 1, amount: { value: 4_900, currency: resellerA.currency }, paymentType: 'credit_card', distributionCompany: null },
        licenses,
      }, '4711-0');
    } finally {
      await store.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
