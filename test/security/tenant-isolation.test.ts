/**
 * Tenant isolation, exhaustively: with reseller B's token, every route over reseller A's
 * ids is a 404 `not_found` (changes included) and changes nothing, and no search, export
 * walk or customer suggestion ever holds one of A's ids.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { digest, type ReadOnlyDb, resellerSeq, useBackend } from './support/backend.js';
import { assertAnswer, problem } from './support/expect.js';
import { send } from './support/http.js';

interface Tenant {
  orders: { id: string; number: string; productId: string; product: string; distributor: string | null }[];
  licenses: { id: string; code: string }[];
  customers: { id: string; email: string; organization: string; firstName: string; lastName: string }[];
}

describe('tenant isolation', () => {
  const backend = useBackend({ orders: 320, bigOrderLicenses: 60 });

  test("reseller B gets not_found on every route over reseller A's ids, and changes nothing", async (t) => {
    const { server, db } = backend();
    const a = tenant(db, 'A');
    const [bLicense] = tenant(db, 'B', "o.state = 'processed' AND l.activated_at IS NULL").licenses;
    assert.ok(bLicense && a.orders.length >= 300 && a.licenses.length >= 300, 'enough data of A to try');
    const before = digest(db, ['idempotency_keys']);
    const b = caller(server.url, server.tokens.b);
    let n = 0;
    const calls: [string, string, unknown?][] = [];
    for (const { id } of a.orders) {
      calls.push(['GET', `/orders/${id}`], ['GET', `/orders/${id}/licenses`], ['GET', `/orders/${id}/licenses?status=available&limit=5`]);
      calls.push(['POST', `/orders/${id}/confirmation-email`]);
    }
    for (const { id } of a.licenses) {
      calls.push(['GET', `/licenses/${id}`], ['GET', `/licenses/${id}/history`], ['PUT', `/licenses/${id}/billing-state`, { recurrent: true }]);
      calls.push(['POST', `/licenses/${id}/activation`, { customer: { kind: 'new', email: `intruder${(n += 1)}@b.example`, organization: 'B', firstName: 'I', lastName: 'N', country: 'DE' } }]);
      calls.push(['POST', `/licenses/${id}/activation`, { customer: { kind: 'existing', email: a.customers[n % a.customers.length]?.email } }]);
    }
    await inParallel(calls, 4, async ([method, path, body]) => assertAnswer(await b(method, path, body), problem('not_found'), `B: ${method} ${path}`));
    // A's customers are not B's: activating one of B's licenses for them finds no such customer.
    await inParallel(a.customers, 4, async (c) =>
      assertAnswer(await b('POST', `/licenses/${bLicense.id}/activation`, { customer: { kind: 'existing', email: c.email } }), problem('customer_not_found'), `B activates for ${c.email}`),
    );

    assert.deepEqual(digest(db, ['idempotency_keys']), before, "B's attempts changed data");
    const keysOfA = db.prepare('SELECT count(*) AS n FROM idempotency_keys WHERE reseller_seq != ?').get(resellerSeq(db, 'B'));
    assert.deepEqual(keysOfA, { n: 0 });
    t.diagnostic(`${calls.length + a.customers.length} requests of B over ${a.orders.length} orders, ${a.licenses.length} licenses and ${a.customers.length} customers of A`);
  });

  test("no search, export walk or suggestion of reseller B ever holds reseller A's data", async (t) => {
    const { server, db } = backend();
    const a = tenant(db, 'A');
    const aIds = new Set([...a.orders.map((o) => o.id), ...a.licenses.map((l) => l.id), ...a.customers.map((c) => c.id)]);
    const b = caller(server.url, server.tokens.b);
    let requests = 0;
    const read = async (path: string) => {
      requests += 1;
      const res = await b('GET', path);
      assert.equal(res.status, 200, `B: GET ${path} → ${res.text.slice(0, 200)}`);
      const page = JSON.parse(res.text) as { items: { id: string }[]; nextCursor?: string | null };
      const leaked = page.items.filter((item) => aIds.has(item.id));
      assert.deepEqual(leaked, [], `B: GET ${path} shows A's data`);
      return page;
    };
    const walk = async (path: string) => {
      let cursor: string | null | undefined = null;
      let pages = 0;
      const seen: string[] = [];
      do {
        const page = await read(cursor ? `${path}&cursor=${encodeURIComponent(cursor)}` : path);
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor && pages < 500);
      return seen;
    };
    const filters = [
      ...a.orders.map((o) => `orderNumber=${encodeURIComponent(o.number)}`),
      ...a.licenses.map((l) => `activationCode=${encodeURIComponent(l.code)}`),
      ...a.customers.map((c) => `customerEmail=${encodeURIComponent(c.email)}`),
      ...unique(a.orders.map((o) => `productId=${encodeURIComponent(o.productId)}`)),
      ...unique(a.orders.map((o) => `productName=${encodeURIComponent(o.product)}`)),
      ...unique(a.orders.flatMap((o) => (o.distributor ? [`distributionCompany=${encodeURIComponent(o.distributor)}`] : []))),
      'state=refunded', 'state=processed', 'paymentType=css_balance', 'paymentType=credit_card',
    ];
    await inParallel(filters, 4, (filter) => walk(`/orders?limit=200&${filter}`));
    const bOrders = db.prepare<[number], { id: string }>('SELECT id FROM orders WHERE reseller_seq = ?').all(resellerSeq(db, 'B')).map((o) => o.id);
    for (const sort of ['purchasedAt:desc', 'purchasedAt:asc', 'amount:desc', 'amount:asc', 'orderNumber:asc']) {
      for (const limit of [200, 7]) assert.deepEqual((await walk(`/orders?sort=${sort}&limit=${limit}`)).sort(), [...bOrders].sort(), `B's export by ${sort}`);
    }
    await inParallel(bOrders, 4, (id) => walk(`/orders/${id}/licenses?limit=10`));
    const suggestions = a.customers.flatMap((c) => [c.email, c.email.slice(0, 3), c.organization, c.firstName, c.lastName, c.email.split('@')[1] ?? '']);
    await inParallel(unique(['', ...suggestions]), 4, (q) => read(`/customers?q=${encodeURIComponent(q)}`));
    await read('/products').then((p) => assert.ok(p.items.length > 0));
    t.diagnostic(`${requests} reads of B (${filters.length} filters walked to their end, exports in 5 sorts, suggestions for all ${a.customers.length} customers of A)`);
  });
});

function tenant(db: ReadOnlyDb, label: 'A' | 'B', licenseFilter = '1'): Tenant {
  const seq = resellerSeq(db, label);
  return {
    orders: db
      .prepare<[number], Tenant['orders'][number]>(
        `SELECT o.id, o.order_number AS number, p.id AS productId, p.name AS product, o.distribution_company AS distributor
         FROM orders o JOIN products p ON p.seq = o.product_seq WHERE o.reseller_seq = ?`,
      )
      .all(seq),
    // Every third license: a few hundred, of every status.
    licenses: db
      .prepare<[number], Tenant['licenses'][number]>(
        `SELECT l.id, l.activation_code AS code FROM licenses l JOIN orders o ON o.seq = l.order_seq
         WHERE l.reseller_seq = ? AND ${licenseFilter} AND l.seq % 3 = 0`,
      )
      .all(seq),
    customers: db
      .prepare<[number], Tenant['customers'][number]>('SELECT id, email, organization, first_name AS firstName, last_name AS lastName FROM customers WHERE reseller_seq = ?')
      .all(seq),
  };
}

/** Calls the API with `token`; changes carry a fresh Idempotency-Key. */
function caller(url: string, token: string) {
  let key = 0;
  return (method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
    if (method !== 'GET') headers['Idempotency-Key'] = `isolation-${(key += 1)}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return send(url, { method, path: `/api/v1${path}`, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  };
}

/** Runs `run` over `items`, at most `width` at a time. */
async function inParallel<T>(items: readonly T[], width: number, run: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++] as T);
  };
  await Promise.all(Array.from({ length: width }, worker));
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
