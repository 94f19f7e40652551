/**
 * The PostgreSQL store against a real server (a throwaway cluster, or PGlite where no
 * PostgreSQL is installed): every search filter and sort against brute force over the demo
 * world, paging, reseller isolation, transactions and their retries, the writes of the port.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { OrderSort, ParsedOrdersQuery } from '../../../src/api/contract/schemas.js';
import { createDemoWorld, type DemoLicenseRecord, type DemoOrderRecord } from '../../../src/api/memory/demo-data.js';
import { BadCursorError, type OrderRecord, type StoreTx } from '../../../src/service/store.js';
import { openPostgresStore, type PostgresStore } from '../../../demo/server/store/postgres/postgres-store.js';
import { MIGRATIONS } from '../../../demo/server/store/postgres/schema.js';
import { startPostgres, type TestPostgres } from '../../support/postgres.js';

const world = createDemoWorld({ seed: 7, orders: 120, bigOrderLicenses: 300, today: new Date('2026-11-27T15:30:00Z') });
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

/** Every page of a search, checking that totals agree and no order comes twice. */
async function walk(resellerId: string, q: ParsedOrdersQuery, limit: number): Promise<{ ids: string[]; items: OrderRecord[] }> {
  const items: OrderRecord[] = [];
  let cursor: string | undefined;
  let total: number | undefined;
  for (let pages = 0; pages < 1000; pages += 1) {
    const page = await store.searchOrders(resellerId, { ...q, limit, ...(cursor === undefined ? {} : { cursor }) });
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
            const active = o.state === 'refunded' ? 0 : entry.licenses.filter((l) => l.activatedAt !== null).length;
            assert.deepEqual(item, {
              id: o.id,
              orderNumber: o.orderNumber,
              purchasedAt: o.purchasedAt,
              user: o.user,
              product: { id: o.productId, name: productNames.get(o.productId) },
              quantity: entry.licenses.length,
              activeCount: active,
              availableCount: o.state === 'refunded' ? 0 : entry.licenses.length - active,
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

  test("another reseller's ids find nothing", async () => {
    const entryA = entries.find((e) => e.order.resellerId === resellerA && e.licenses.length > 0)!;
    const license = entryA.licenses[0]!;
    assert.equal(await store.order(resellerB, entryA.order.id), null);
    assert.equal(await store.license(resellerB, license.id), null);
    assert.deepEqual(await store.activationCodes(resellerB, entryA.order.id), []);
    assert.deepEqual(await store.history(resellerB, license.id), []);
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
        await tx.addHistory(resellerA, { orderId: entry.order.id, licenseId: license.id, at: '2026-11-27T16:00:00Z', actor: 'x', kind: 'billing_state_changed', detail: 'd' });
        await tx.setOrderCounts(resellerA, entry.order.id, { activeCount: 99, availableCount: 0 });
        throw new Error('changed my mind');
      }),
      /changed my mind/,
    );
    assert.equal((await store.license(resellerA, license.id))?.recurrent, license.recurrent);
    assert.deepEqual(await store.history(resellerA, license.id), []);
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
      await tx.addHistory(resellerA, { orderId: entry.order.id, licenseId: null, at: '2026-11-27T16:03:00Z', actor: 'Order', kind: 'email_sent', detail: 'to all' });
      await tx.addHistory(resellerA, { orderId: entry.order.id, licenseId: license.id, at: '2026-11-27T16:02:00Z', actor: 'Dana', kind: 'billing_state_changed', detail: 'off' });
      await tx.addHistory(resellerA, { orderId: entry.order.id, licenseId: other.id, at: '2026-11-27T16:02:30Z', actor: 'Dana', kind: 'billing_state_changed', detail: 'other' });
      await tx.queueMail(resellerA, { id: 'msg_1', kind: 'activation', to: customer.email, subject: 'S', text: 'T', at: '2026-11-27T16:01:00Z', orderId: entry.order.id, licenseId: license.id });
      await tx.queueMail(resellerA, { id: 'msg_2', kind: 'confirmation', to: customer.email, subject: 'S2', text: 'T2', at: '2026-11-27T16:04:00Z', orderId: entry.order.id, licenseId: null });
    });
    const stored = await store.license(resellerA, license.id);
    assert.equal(stored?.activatedAt, '2026-11-27T16:01:00Z');
    assert.deepEqual(stored?.customer, { id: customer.id, email: customer.email, organization: 'Org' });
    assert.equal(stored?.recurrent, !license.recurrent);
    const order = await store.order(resellerA, entry.order.id);
    assert.deepEqual([order?.activeCount, order?.availableCount], [41, 42]);
    const history = await store.history(resellerA, license.id);
    assert.deepEqual(history.map((h) => [h.at, h.actor, h.kind, h.detail]), [
      ['2026-11-27T16:02:00Z', 'Dana', 'billing_state_changed', 'off'],
      ['2026-11-27T16:03:00Z', 'Order', 'email_sent', 'to all'],
    ]);
    assert.equal(new Set(history.map((h) => h.id)).size, 2);
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
});
