/**
 * Fuzzing the three changes (activation, billing state, confirmation email) with bodies
 * derived from the contract's schemas, edited into broken JSON, oversized, sent as other
 * content types, with bad idempotency keys, hostile ids, bad tokens and wrong methods.
 * The expected answer of each request follows from the contract and the data just before
 * it; afterwards exactly the answered changes are in the database, stored as sent.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  ActivationRequest,
  BillingStateRequest,
  ConfirmationEmailResult,
  Id,
  IdempotencyKey,
  License,
} from '../../src/api/contract/schemas.js';
import { CONFIRMATION_EMAIL_LIMIT, COUNTRY_CODES } from '../../src/rules/index.js';
import { effectiveOnRefusal } from '../../src/rules/renewals.js';
import { renewalDeadline } from '../../src/rules/licenses.js';
import { digest, licensesEmailedTwice, ordersWithWrongCounts, type ReadOnlyDb, resellerSeq, useBackend } from './support/backend.js';
import { type Body, bodiesFor, type ContentType, contentTypes, keys, readBody } from './support/bodies.js';
import { type Expected, assertAnswer, problem, success } from './support/expect.js';
import { percentEncode } from './support/hostile.js';
import { send } from './support/http.js';
import { type Auth, authFor, described, headersFor, pathIdFrom, secretOf, isListed } from './support/requests.js';

const SEED = 737_373;
const RUNS = 1_200;

const ROUTES = {
  activation: { method: 'POST', template: '/licenses/{licenseId}/activation', path: (id: string) => `/api/v1/licenses/${id}/activation` },
  'billing-state': { method: 'PUT', template: '/licenses/{licenseId}/billing-state', path: (id: string) => `/api/v1/licenses/${id}/billing-state` },
  'confirmation-email': { method: 'POST', template: '/orders/{orderId}/confirmation-email', path: (id: string) => `/api/v1/orders/${id}/confirmation-email` },
} as const;
type Route = keyof typeof ROUTES;

interface Case {
  route: Route;
  method: string;
  id: string;
  path: string;
  body: Body | null;
  type: ContentType;
  key: string | undefined;
  auth: Auth;
}

/** What a request must be answered with, and what it changes when it succeeds. */
interface Outcome {
  expected: Expected;
  rows?: { customers: number; outbox: number; history: number };
  activation?: { licenseId: string; customer: ActivationRequest['customer'] };
}

describe('fuzzing the changes', () => {
  const backend = useBackend();

  test('every generated change is answered as the contract says, and exactly the answered ones are made', async (t) => {
    const { server, db } = backend();
    const a = resellerSeq(db, 'A');
    const ids = (sql: string) => db.prepare<{ a: number }, { id: string }>(sql).all({ a }).map((r) => r.id);
    const licenses = ids('SELECT id FROM licenses WHERE reseller_seq = @a ORDER BY seq % 5, seq LIMIT 400');
    const available = ids(
      "SELECT l.id FROM licenses l JOIN orders o ON o.seq = l.order_seq WHERE l.reseller_seq = @a AND o.state = 'processed' AND l.activated_at IS NULL",
    );
    const registered = db.prepare<{ a: number }, { email: string }>('SELECT email FROM customers WHERE reseller_seq = @a').all({ a }).map((c) => c.email);
    const orders = ids('SELECT id FROM orders WHERE reseller_seq = @a');
    const theirs = ids('SELECT id FROM licenses WHERE reseller_seq != @a UNION ALL SELECT id FROM orders WHERE reseller_seq != @a');
    const untouchable = ['resellers', 'api_tokens', 'products', 'reseller_products', 'order_tally'];
    const fixedBefore = digest(db, allTablesBut(db, untouchable));
    const rowsBefore = rowCounts(db);
    const made = { customers: 0, outbox: 0, history: 0 };
    const activations: NonNullable<Outcome['activation']>[] = [];
    const tally = new Map<string, number>();
    const logged = t.mock.method(console, 'error', () => {});
    let sent = 0;

    await fc.assert(
      fc.asyncProperty(changeCase(server.tokens.a, { licenses, available, orders, theirs, registered }), async (c) => {
        sent += 1;
        const key = uniqueKey(c.key, sent);
        const outcome = outcomeOf(db, a, c, key);
        tally.set(String(outcome.expected.status), (tally.get(String(outcome.expected.status)) ?? 0) + 1);
        const headers = headersFor(c.auth, { ...(c.type.header === undefined ? {} : { 'Content-Type': c.type.header }), ...(key === undefined ? {} : { 'Idempotency-Key': key }) });
        const answer = await send(server.url, { method: c.method, path: c.path, headers, ...(c.body ? { body: c.body.bytes, chunked: c.body.chunked } : {}) });
        assertAnswer(answer, outcome.expected, `${c.method} ${c.path.slice(0, 200)} (${c.body?.bytes.length ?? 0} bytes, ${c.type.header}, key ${JSON.stringify(key)})`, secretOf(c.auth));
        if (outcome.rows) for (const table of ['customers', 'outbox', 'history'] as const) made[table] += outcome.rows[table];
        if (outcome.activation) activations.push(outcome.activation);
      }),
      { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: 60_000, markInterruptAsFailure: true },
    );

    assert.deepEqual(digest(db, allTablesBut(db, untouchable)), fixedBefore, 'a table that no change may touch changed');
    const rowsAfter = rowCounts(db);
    assert.deepEqual(rowsAfter, { ...rowsBefore, customers: rowsBefore.customers + made.customers, outbox: rowsBefore.outbox + made.outbox, history: rowsBefore.history + made.history });
    for (const { licenseId, customer } of activations) assertStoredAsSent(db, licenseId, customer);
    assert.deepEqual(ordersWithWrongCounts(db), []);
    assert.deepEqual(licensesEmailedTwice(db), []);
    assert.equal(logged.mock.callCount(), 0, 'the server logged an unexpected error');
    const statuses = [...tally].sort().map(([status, n]) => `${status}: ${n}`).join(', ');
    t.diagnostic(`${RUNS} generated change requests (seed ${SEED}), answered ${statuses}; ${activations.length} activations stored as sent`);
  });
});

interface Ids {
  licenses: string[];
  available: string[];
  orders: string[];
  theirs: string[];
  registered: string[];
}

function changeCase(token: string, ids: Ids): fc.Arbitrary<Case> {
  const route = fc.constantFrom<Route>('activation', 'activation', 'billing-state', 'confirmation-email');
  const hints = { country: fc.constantFrom(...COUNTRY_CODES), email: fc.oneof(fc.constantFrom(...ids.registered), fc.emailAddress()) };
  const bodies: Record<Route, fc.Arbitrary<Body | null>> = {
    activation: bodiesFor(ActivationRequest, hints),
    'billing-state': bodiesFor(BillingStateRequest),
    'confirmation-email': fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: bodiesFor(BillingStateRequest) }),
  };
  // A method the operations table lists at the path is another operation, not a wrong one.
  const wrongMethod = (r: Route) => fc.constantFrom(...['GET', 'POST', 'PUT', 'DELETE', 'PATCH'].filter((m) => !isListed(m, ROUTES[r].template)));
  // Activations go mostly to available licenses, so that many get through to the database.
  const pathIds: Record<Route, fc.Arbitrary<string>> = {
    activation: pathIdFrom(ids.available, [...ids.theirs, ...ids.licenses]),
    'billing-state': pathIdFrom(ids.licenses, ids.theirs),
    'confirmation-email': pathIdFrom(ids.orders, ids.theirs),
  };
  return route.chain((r) =>
    fc
      .tuple(
        fc.oneof({ weight: 12, arbitrary: fc.constant(ROUTES[r].method) }, { weight: 1, arbitrary: wrongMethod(r) }),
        pathIds[r],
        bodies[r],
        contentTypes,
        keys,
        authFor(token),
      )
      .map(([method, id, b, type, key, auth]) => {
        const right = method === ROUTES[r].method;
        return described({ route: r, method, id, path: ROUTES[r].path(percentEncode(id)), body: right ? b : null, type, key, auth });
      }),
  );
}

/** The answer the contract requires, in the order the server checks: size, token, method, id shape, body, key, data. */
function outcomeOf(db: ReadOnlyDb, a: number, c: Case, key: string | undefined): Outcome {
  const fail = (code: Parameters<typeof problem>[0]): Outcome => ({ expected: problem(code) });
  const body = c.body === null ? null : readBody(c.body);
  if (body?.tooLarge) return fail('payload_too_large');
  if (!c.auth.valid) return fail('unauthorized');
  if (c.method !== ROUTES[c.route].method) return fail('method_not_allowed');
  if (!Id.safeParse(c.id).success) return fail('not_found');
  if (c.route === 'confirmation-email') {
    if (body !== null && !body.empty) {
      if (!c.type.json) return fail('unsupported_media_type');
      if (body.json === null || !isEmptyObject(body.json.value)) return fail('validation_failed');
    }
  } else {
    // No body at all is a body that is missing (whatever its type), not one of the wrong type.
    if (body === null || body.empty) return fail('validation_failed');
    if (!c.type.json) return fail('unsupported_media_type');
    const schema = c.route === 'activation' ? ActivationRequest : BillingStateRequest;
    if (body?.json === null || !schema.safeParse(body?.json.value).success) return fail('validation_failed');
  }
  if (key !== undefined && !IdempotencyKey.safeParse(withoutPadding(key)).success) return fail('validation_failed');
  if (c.route === 'confirmation-email') return confirmationOutcome(db, a, c.id);
  const license = db
    .prepare<[string, number], { state: string; activated: number; recurrent: number; expired: number; validTo: string; scheduled: number }>(
      `SELECT o.state, l.activated_at IS NOT NULL AS activated, l.recurrent, l.expired_at IS NOT NULL AS expired, l.valid_to AS validTo,
         l.scheduled_on IS NOT NULL AS scheduled
       FROM licenses l JOIN orders o ON o.seq = l.order_seq WHERE l.id = ? AND l.reseller_seq = ?`,
    )
    .get(c.id, a);
  if (!license) return fail('not_found');
  const status = license.state === 'refunded' ? 'refunded' : license.expired ? 'expired' : license.activated ? 'active' : 'available';
  if (c.route === 'billing-state') {
    if (status === 'refunded') return fail('order_refunded');
    if (status === 'expired') return fail('license_expired');
    if (status === 'available') return fail('license_not_active');
    const { recurrent, effectiveOn } = BillingStateRequest.parse(body?.json?.value);
    if (effectiveOn !== undefined) {
      // A change on a later day: from tomorrow (the server's UTC day) up to the renewal deadline; one history entry.
      const today = new Date().toISOString().slice(0, 10);
      if (effectiveOnRefusal(effectiveOn, today, renewalDeadline('active', license.validTo)) !== null) return fail('validation_failed');
      return { expected: success(License), rows: { customers: 0, outbox: 0, history: 1 } };
    }
    // A change now cancels a scheduled one (an entry) and records itself when it changes something (another).
    const history = (license.scheduled ? 1 : 0) + (recurrent === (license.recurrent === 1) ? 0 : 1);
    return { expected: success(License), rows: { customers: 0, outbox: 0, history } };
  }
  if (status === 'refunded') return fail('order_refunded');
  if (status === 'expired') return fail('license_expired');
  if (status === 'active') return fail('license_already_active');
  const { customer } = ActivationRequest.parse(body?.json?.value);
  const registered = db.prepare('SELECT 1 FROM customers WHERE reseller_seq = ? AND email_lower = ?').get(a, customer.email.toLowerCase()) !== undefined;
  if (customer.kind === 'existing' && !registered) return fail('customer_not_found');
  if (customer.kind === 'new' && registered) return fail('customer_exists');
  // An activation records itself and its email in the history.
  return { expected: success(License), rows: { customers: customer.kind === 'new' ? 1 : 0, outbox: 1, history: 2 }, activation: { licenseId: c.id, customer } };
}

/** A key that HTTP would carry as a valid one is made unique to the request, so that none is replayed. */
function uniqueKey(key: string | undefined, n: number): string | undefined {
  if (key === undefined) return undefined;
  const core = withoutPadding(key);
  return IdempotencyKey.safeParse(core).success ? key.replace(core, `${n}-${core}`.slice(0, 255)) : key;
}

/** Header values lose their leading and trailing spaces and tabs on the way. */
function withoutPadding(value: string): string {
  return value.replace(/^[ \t]+|[ \t]+$/g, '');
}

function confirmationOutcome(db: ReadOnlyDb, a: number, orderId: string): Outcome {
  const order = db.prepare<[string, number], { seq: number }>('SELECT seq FROM orders WHERE id = ? AND reseller_seq = ?').get(orderId, a);
  if (!order) return { expected: problem('not_found') };
  const since = Date.now() - CONFIRMATION_EMAIL_LIMIT.windowSeconds * 1000 + 5_000;
  const recent = db.prepare<[number, number], { n: number }>("SELECT count(*) AS n FROM outbox WHERE order_seq = ? AND kind = 'confirmation' AND at > ?").get(order.seq, since);
  if ((recent?.n ?? 0) >= CONFIRMATION_EMAIL_LIMIT.count) return { expected: problem('rate_limited') };
  return { expected: success(ConfirmationEmailResult, 202), rows: { customers: 0, outbox: 1, history: 1 } };
}

/** The activated license holds the customer as sent (SQL fragments and all); text that UTF-8 cannot hold comes back well-formed. */
function assertStoredAsSent(db: ReadOnlyDb, licenseId: string, sent: ActivationRequest['customer']): void {
  const stored = db
    .prepare<[string], { email: string; organization: string; first_name: string; last_name: string; emails: number }>(
      `SELECT c.email, c.organization, c.first_name, c.last_name,
         (SELECT count(*) FROM outbox m WHERE m.license_seq = l.seq AND m.kind = 'activation') AS emails
       FROM licenses l JOIN customers c ON c.seq = l.customer_seq WHERE l.id = ?`,
    )
    .get(licenseId);
  assert.ok(stored, `license ${licenseId} was answered as activated but has no customer`);
  assert.equal(stored.emails, 1, `activation emails of ${licenseId}`);
  assert.equal(stored.email.toLowerCase(), sent.email.toLowerCase());
  if (sent.kind === 'new') {
    const asSent = [sent.email, sent.organization, sent.firstName, sent.lastName].map((s) => Buffer.from(s, 'utf8').toString('utf8'));
    assert.deepEqual([stored.email, stored.organization, stored.first_name, stored.last_name], asSent);
  }
}

function rowCounts(db: ReadOnlyDb): { orders: number; licenses: number; customers: number; outbox: number; history: number } {
  const count = (table: string) => db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()?.n ?? 0;
  return { orders: count('orders'), licenses: count('licenses'), customers: count('customers'), outbox: count('outbox'), history: count('history') };
}

function allTablesBut(db: ReadOnlyDb, keep: readonly string[]): string[] {
  return db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
    .all()
    .map((t) => t.name)
    .filter((name) => !keep.includes(name));
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}
