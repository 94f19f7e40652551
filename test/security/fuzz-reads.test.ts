/**
 * Fuzzing every read endpoint with requests generated from the contract's schemas: wrong and
 * hostile query values, repeated and unknown parameters, hostile ids, tampered cursors, bad
 * tokens and wrong methods. Every answer is what the schema says it must be (never a 500),
 * and nothing in the database changes.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  CustomerList,
  CustomersQuery,
  HistoryList,
  License,
  LicensePage,
  LicensesQuery,
  Me,
  OrderPage,
  type OrderSort,
  OrdersQuery,
  OrderSummary,
  ProductList, HistoryQuery } from '../../src/api/contract/schemas.js';
import { digest, type ReadOnlyDb, resellerSeq, useBackend } from './support/backend.js';
import { type Expected, assertAnswer, problem, success } from './support/expect.js';
import { queryFor } from './support/from-schema.js';
import { hostileText, percentEncode } from './support/hostile.js';
import { send } from './support/http.js';
import { type Auth, authFor, described, headersFor, secretOf, withinHeaderLimit, pathIdFrom, QUERY_JUNK, queryOracle, queryString, isListed } from './support/requests.js';

const SEED = 424_242;
const RUNS = 2_000;
const SORTS: OrderSort[] = ['purchasedAt:desc', 'purchasedAt:asc', 'amount:desc', 'amount:asc', 'orderNumber:asc'];

interface World {
  token: string;
  orders: string[];
  licenses: string[];
  theirs: string[];
  products: string[];
  orderCursors: Map<OrderSort, string>;
  bigOrder: string;
  licenseCursor: string;
}

interface Case {
  method: string;
  path: string;
  auth: Auth;
  expected: Expected | readonly Expected[];
  tags: string[];
}

describe('fuzzing the read endpoints', () => {
  const backend = useBackend();

  test('every generated request to a read endpoint is answered as the contract says, never with a 500', async (t) => {
    const { server, db } = backend();
    const world = await readWorld(server.url, server.tokens.a, db);
    const before = digest(db);
    const logged = t.mock.method(console, 'error', () => {});
    const tally = new Map<string, number>();

    await fc.assert(
      fc.asyncProperty(readCase(world), async (c) => {
        for (const tag of c.tags) tally.set(tag, (tally.get(tag) ?? 0) + 1);
        const answer = await send(server.url, { method: c.method, path: c.path, headers: headersFor(c.auth) });
        assertAnswer(answer, c.expected, `${c.method} ${c.path}`, secretOf(c.auth));
      }),
      { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: 60_000, markInterruptAsFailure: true },
    );

    assert.deepEqual(digest(db), before, 'reads changed the data');
    assert.equal(logged.mock.callCount(), 0, 'the server logged an unexpected error');
    const tags = [...tally].sort().map(([tag, n]) => `${tag} ${n}`).join(', ');
    t.diagnostic(`${RUNS} generated read requests (seed ${SEED}): ${tags}`);
  });
});

/** Ids and cursors of the demo data: reseller A's own, and some of reseller B's. */
async function readWorld(url: string, token: string, db: ReadOnlyDb): Promise<World> {
  const a = resellerSeq(db, 'A');
  const ids = (sql: string, ...params: unknown[]) => db.prepare<unknown[], { id: string }>(sql).all(...params).map((r) => r.id);
  const get = async (path: string) => JSON.parse((await send(url, { path, headers: { Authorization: `Bearer ${token}` } })).text) as { nextCursor: string };
  const orderCursors = new Map<OrderSort, string>();
  for (const sort of SORTS) orderCursors.set(sort, (await get(`/api/v1/orders?limit=1&sort=${sort}`)).nextCursor);
  const [bigOrder = ''] = ids('SELECT id FROM orders WHERE reseller_seq = ? ORDER BY quantity DESC LIMIT 1', a);
  return {
    token,
    orders: ids('SELECT id FROM orders WHERE reseller_seq = ?', a),
    licenses: ids('SELECT id FROM licenses WHERE reseller_seq = ? ORDER BY seq % 7, seq LIMIT 300', a),
    theirs: ids('SELECT id FROM orders WHERE reseller_seq != ? UNION ALL SELECT id FROM licenses WHERE reseller_seq != ?', a, a),
    products: ids('SELECT p.id FROM products p JOIN reseller_products rp ON rp.product_seq = p.seq WHERE rp.reseller_seq = ?', a),
    orderCursors,
    bigOrder,
    licenseCursor: (await get(`/api/v1/orders/${bigOrder}/licenses?limit=1`)).nextCursor,
  };
}

/** Real cursors, the same cut short or with junk added, other JSON encoded like a cursor, and hostile text. */
function cursorsFrom(real: readonly string[]): fc.Arbitrary<string> {
  const encoded = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const forged = fc.oneof(
    fc.tuple(fc.constantFrom(...SORTS, 'x'), fc.constantFrom(1e308, -1, 1.5, 'x', null, 2 ** 53), fc.constantFrom(0, -1, 1.5, 2 ** 53, 'x')).map(encoded),
    fc.jsonValue({ maxDepth: 2 }).map(encoded),
  );
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...real) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...real), fc.nat(40)).map(([c, n]) => c.slice(0, n)) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...real), hostileText).map(([c, junk]) => c + junk) },
    { weight: 2, arbitrary: forged },
    { weight: 1, arbitrary: hostileText },
  );
}

function readCase(w: World): fc.Arbitrary<Case> {
  const id = (own: string[]) => pathIdFrom(own, w.theirs);
  const junkQuery = fc.tuple(fc.array(fc.tuple(hostileText, hostileText), { maxLength: 2 }), QUERY_JUNK).map(([p, j]) => queryString(p, j));
  const realOrderCursors = [...w.orderCursors.values()];
  const route = fc.oneof(
    fc.tuple(queryFor(OrdersQuery, { cursor: cursorsFrom(realOrderCursors), productId: fc.constantFrom(...w.products) }), QUERY_JUNK).map(([params, junk]) => {
      const search = queryString(params, junk);
      return { route: 'orders', template: '/orders', path: `/api/v1/orders${search}`, read: () => queryOracle(search, OrdersQuery, OrderPage, (q) => orderCursorOracle(w, q)) };
    }),
    fc.tuple(id([w.bigOrder, ...w.orders]), queryFor(LicensesQuery, { cursor: cursorsFrom([w.licenseCursor]) }), QUERY_JUNK).map(([orderId, params, junk]) => {
      const search = queryString(params, junk);
      const read = () => (w.orders.includes(orderId) ? queryOracle(search, LicensesQuery, LicensePage, (q) => licenseCursorOracle(w, orderId, q)) : problem('not_found'));
      return { route: 'licenses', template: '/orders/{orderId}/licenses', path: `/api/v1/orders/${percentEncode(orderId)}/licenses${search}`, read };
    }),
    fc.tuple(queryFor(CustomersQuery), QUERY_JUNK).map(([params, junk]) => {
      const search = queryString(params, junk);
      return { route: 'customers', template: '/customers', path: `/api/v1/customers${search}`, read: () => queryOracle(search, CustomersQuery, CustomerList) };
    }),
    fc.tuple(id(w.orders), junkQuery).map(([orderId, search]) => ({
      route: 'order',
      template: '/orders/{orderId}',
      path: `/api/v1/orders/${percentEncode(orderId)}${search}`,
      read: () => (w.orders.includes(orderId) ? success(OrderSummary) : problem('not_found')),
    })),
    fc.tuple(id(w.licenses), fc.boolean(), junkQuery).map(([licenseId, history, search]) => ({
      route: history ? 'history' : 'license',
      template: history ? '/licenses/{licenseId}/history' : '/licenses/{licenseId}',
      path: `/api/v1/licenses/${percentEncode(licenseId)}${history ? '/history' : ''}${search}`,
      // The history reads its page's limit and cursor from the query; one license reads nothing from it.
      read: () => (!w.licenses.includes(licenseId) ? problem('not_found') : history ? queryOracle(search, HistoryQuery, HistoryList) : success(License)),
    })),
    fc.tuple(fc.constantFrom(['me', Me], ['products', ProductList]), junkQuery).map(([[name, schema], search]) => ({
      route: name as string,
      template: `/${name as string}`,
      path: `/api/v1/${name as string}${search}`,
      read: () => success(schema as typeof Me),
    })),
    fc.tuple(fc.boolean(), fc.array(hostileText, { minLength: 4, maxLength: 4 })).map(([api, segments]) => ({
      route: 'unknown route',
      path: `${api ? '/api/v1' : ''}/x${segments.map(percentEncode).join('/')}`,
      read: () => problem('not_found'),
      open: !api,
    })),
  );
  const method = fc.oneof({ weight: 12, arbitrary: fc.constant('GET') }, { weight: 1, arbitrary: fc.constant('HEAD') }, { weight: 2, arbitrary: fc.constantFrom('POST', 'PUT', 'DELETE', 'PATCH', 'TRACE') });
  // A method the operations table lists at the path is another operation (buying, deactivating), not a wrong one.
  const listed = ([r, m]: readonly [object, string, unknown]) => 'template' in r && typeof r.template === 'string' && m !== 'GET' && isListed(m, r.template);
  return fc.tuple(route, method, authFor(w.token)).filter((c) => !listed(c)).map(([r, m, auth]) => {
    const open = 'open' in r && r.open === true;
    const tags = [r.route, ...(auth.valid ? [] : ['bad token']), ...(m === 'GET' || m === 'HEAD' ? [] : ['wrong method'])];
    let expected: Expected | readonly Expected[];
    if (!auth.valid && !open) expected = problem('unauthorized');
    else if (r.route === 'unknown route') expected = problem('not_found');
    else if (m !== 'GET' && m !== 'HEAD') expected = problem('method_not_allowed');
    else expected = r.read();
    const statuses = (Array.isArray(expected) ? expected : [expected]) as Expected[];
    if (statuses.every((e) => e.status === 400)) tags.push('invalid query');
    if (statuses.every((e) => e.status === 404) && r.route !== 'unknown route') tags.push('unknown id');
    return described({ method: m, path: r.path, auth, expected: withinHeaderLimit(r.path, expected), tags });
  });
}

/** A real cursor continues its own sort order only; any other cursor text is at most a 400 on `cursor`. */
function orderCursorOracle(w: World, query: { cursor?: string | undefined; sort?: OrderSort | undefined }): Expected | readonly Expected[] {
  if (query.cursor === undefined) return success(OrderPage);
  const sort = query.sort ?? 'purchasedAt:desc';
  const realSort = [...w.orderCursors].find(([, cursor]) => cursor === query.cursor)?.[0];
  if (realSort !== undefined) return realSort === sort ? success(OrderPage) : problem('validation_failed');
  return [success(OrderPage), problem('validation_failed')];
}

function licenseCursorOracle(w: World, orderId: string, query: { cursor?: string | undefined }): Expected | readonly Expected[] {
  if (query.cursor === undefined) return success(LicensePage);
  if (query.cursor === w.licenseCursor) return orderId === w.bigOrder ? success(LicensePage) : problem('validation_failed');
  return [success(LicensePage), problem('validation_failed')];
}
