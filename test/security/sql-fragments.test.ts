/**
 * SQL fragments are inert: in every search field they match only what holds them literally
 * (checked against the rows themselves), stored through an activation they come back
 * verbatim, and afterwards the schema and every row nobody changed are as they were.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { digest, openReadOnly, type ReadOnlyDb, resellerSeq, useBackend } from './support/backend.js';
import { SQL_FRAGMENTS } from './support/hostile.js';
import { send } from './support/http.js';

/** The fragments, and the wildcards of LIKE and GLOB, which must match only themselves too. */
const FRAGMENTS = [...SQL_FRAGMENTS, '%', '_', '%%', '*', '[a-z]', '\\'];

/**
 * What activating licenses for new customers writes: their rows, the text index of customers'
 * emails, the licenses' tally by status and the customers' order lists.
 */
const CHANGED_BY_ACTIVATIONS = [
  'licenses', 'orders', 'customers', 'customer_email_text', 'license_tally', 'customer_orders', 'outbox', 'history', 'idempotency_keys',
];

interface Rows {
  orders: { id: string; number: string; productId: string; product: string; distributor: string; codes: string[]; emails: string[] }[];
  customers: { id: string; email: string; name: string; organization: string }[];
  bigOrder: { id: string; licenses: { id: string; code: string; email: string }[] };
}

describe('SQL fragments', () => {
  const backend = useBackend();

  test('in every search field they match only what holds them literally, and change nothing', async (t) => {
    const { server, db } = backend();
    const before = digest(db);
    let searches = 0;
    for (const fragment of FRAGMENTS) searches += await checkSearches(server.url, server.tokens.a, readRows(db), fragment);
    assert.deepEqual(digest(db), before);
    t.diagnostic(`${FRAGMENTS.length} fragments in ${searches} search requests`);
  });

  test('stored as a customer they come back verbatim and are found as text', async (t) => {
    const { server, db } = backend();
    const untouched = digest(db, CHANGED_BY_ACTIVATIONS);
    const a = resellerSeq(db, 'A');
    const available = db
      .prepare<[number, number], { id: string }>(
        "SELECT l.id FROM licenses l JOIN orders o ON o.seq = l.order_seq WHERE l.reseller_seq = ? AND o.state = 'processed' AND l.activated_at IS NULL AND l.expired_at IS NULL LIMIT ?",
      )
      .all(a, FRAGMENTS.length)
      .map((l) => l.id);
    let searches = 0;
    for (const [i, fragment] of FRAGMENTS.entries()) {
      const licenseId = available[i] ?? '';
      const customer = { kind: 'new', organization: fragment, firstName: fragment, lastName: `${fragment} ${i}`, email: `drop'--${i}@sql.example`, country: 'DE' };
      const res = await send(server.url, {
        method: 'POST',
        path: `/api/v1/licenses/${licenseId}/activation`,
        headers: { Authorization: `Bearer ${server.tokens.a}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ customer }),
      });
      assert.equal(res.status, 200, res.text);
      const stored = db.prepare('SELECT organization, first_name, last_name, email FROM customers WHERE email = ?').get(customer.email);
      assert.deepEqual(stored, { organization: fragment, first_name: fragment, last_name: customer.lastName, email: customer.email });
      searches += await checkSearches(server.url, server.tokens.a, readRows(db), fragment);
      searches += await checkSearches(server.url, server.tokens.a, readRows(db), customer.email);
    }
    assert.deepEqual(digest(db, CHANGED_BY_ACTIVATIONS), untouched);
    // Checked on a connection of its own: this one read the text indexes before the server's
    // writes, and FTS5's integrity check trusts what such a connection holds of their structure.
    const fresh = openReadOnly(db.name);
    try {
      assert.equal(fresh.pragma('integrity_check', { simple: true }), 'ok');
    } finally {
      fresh.close();
    }
    t.diagnostic(`${FRAGMENTS.length} customers made of fragments, then ${searches} search requests`);
  });
});

function readRows(db: ReadOnlyDb): Rows {
  const a = resellerSeq(db, 'A');
  const orders = db
    .prepare<[number], { seq: number; id: string; number: string; productId: string; product: string; distributor: string }>(
      `SELECT o.seq, o.id, o.order_number AS number, p.id AS productId, p.name AS product, coalesce(o.distribution_company, '') AS distributor
       FROM orders o JOIN products p ON p.seq = o.product_seq WHERE o.reseller_seq = ?`,
    )
    .all(a);
  const licenses = db
    .prepare<[number], { order_seq: number; id: string; code: string; email: string }>(
      "SELECT l.order_seq, l.id, l.activation_code AS code, coalesce(c.email, '') AS email FROM licenses l LEFT JOIN customers c ON c.seq = l.customer_seq WHERE l.reseller_seq = ? ORDER BY l.seq",
    )
    .all(a);
  const byOrder = new Map<number, typeof licenses>();
  for (const l of licenses) byOrder.set(l.order_seq, [...(byOrder.get(l.order_seq) ?? []), l]);
  const big = orders.reduce((x, o) => ((byOrder.get(o.seq)?.length ?? 0) > (byOrder.get(x.seq)?.length ?? 0) ? o : x));
  return {
    orders: orders.map((o) => ({ ...o, codes: (byOrder.get(o.seq) ?? []).map((l) => l.code), emails: (byOrder.get(o.seq) ?? []).map((l) => l.email) })),
    customers: db
      .prepare<[number], Rows['customers'][number]>("SELECT id, email, first_name || ' ' || last_name AS name, organization FROM customers WHERE reseller_seq = ?")
      .all(a),
    bigOrder: { id: big.id, licenses: byOrder.get(big.seq) ?? [] },
  };
}

/** Searches every text field for `text` and compares the answers with the rows; returns how many requests it made. */
async function checkSearches(url: string, token: string, rows: Rows, text: string): Promise<number> {
  let requests = 0;
  const get = async (path: string) => {
    requests += 1;
    const res = await send(url, { path, headers: { Authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200, `${path}: ${res.text}`);
    return JSON.parse(res.text) as { items: { id: string }[]; nextCursor?: string | null; total?: number };
  };
  const walk = async (first: string) => {
    const ids: string[] = [];
    for (let path: string | null = first, pages = 0; path !== null && pages < 100; pages += 1) {
      const page = await get(path);
      ids.push(...page.items.map((i) => i.id));
      path = page.nextCursor ? `${first}&cursor=${encodeURIComponent(page.nextCursor)}` : null;
    }
    return ids.sort();
  };
  const lower = text.toLowerCase();
  const matching = <T extends { id: string }>(items: T[], test: (item: T) => boolean) => items.filter(test).map((i) => i.id).sort();
  const orderFields: [string, (o: Rows['orders'][number]) => boolean][] = [
    ['orderNumber', (o) => o.number.toLowerCase() === lower],
    ['productId', (o) => o.productId === text],
    ['productName', (o) => o.product.toLowerCase().includes(lower)],
    ['activationCode', (o) => o.codes.some((c) => c.toLowerCase() === lower)],
    ['customerEmail', (o) => o.emails.some((e) => e.toLowerCase() === lower)],
    ['distributionCompany', (o) => o.distributor.toLowerCase() === lower],
  ];
  for (const [field, test] of orderFields) {
    const found = await walk(`/api/v1/orders?limit=200&purchasedFrom=2000-01-01T00:00:00Z&${field}=${encodeURIComponent(text)}`);
    assert.deepEqual(found, matching(rows.orders, test), `orders by ${field} = ${JSON.stringify(text)}`);
  }
  const fragment = text.trim().toLowerCase();
  const ordersByFragment = `/api/v1/orders?limit=200&purchasedFrom=2000-01-01T00:00:00Z&q=${encodeURIComponent(text)}`;
  if (fragment.length >= 3) {
    const holds = (o: Rows['orders'][number]) =>
      [o.number, o.product, o.distributor, ...o.codes, ...o.emails].some((field) => field.toLowerCase().includes(fragment));
    assert.deepEqual(await walk(ordersByFragment), matching(rows.orders, holds), `orders by q = ${JSON.stringify(text)}`);
  } else {
    requests += 1;
    const res = await send(url, { path: ordersByFragment, headers: { Authorization: `Bearer ${token}` } });
    assert.equal(res.status, 400, `q = ${JSON.stringify(text)} is too short: ${res.text}`);
  }
  const licenses = await walk(`/api/v1/orders/${rows.bigOrder.id}/licenses?limit=500&q=${encodeURIComponent(text)}`);
  assert.deepEqual(licenses, matching(rows.bigOrder.licenses, (l) => l.code.toLowerCase().includes(lower) || l.email.toLowerCase().includes(lower)), `licenses q=${JSON.stringify(text)}`);
  const needle = text.trim().toLowerCase();
  const customers = (await get(`/api/v1/customers?q=${encodeURIComponent(text)}`)).items.map((c) => c.id).sort();
  const expected = matching(rows.customers, (c) => [c.email, c.name, c.organization].some((s) => s.toLowerCase().includes(needle)));
  assert.ok(customers.every((id) => expected.includes(id)), `customers q=${JSON.stringify(text)} offers one that does not hold it`);
  assert.equal(customers.length, Math.min(expected.length, 50), `customers q=${JSON.stringify(text)}`);
  return requests;
}
