import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpLicensesClient, parseRetryAfter } from '../../../src/api/http/http-client.js';
import { ApiError } from '../../../src/api/contract/errors.js';
import { json, license, me, order, problem, scriptedFetch, type Step } from './fixtures.js';
import { rejection } from './rejection.js';

const BASE = 'https://api.example/api/v1';

function client(...steps: Step[]) {
  const scripted = scriptedFetch(...steps);
  const api = new HttpLicensesClient({ baseUrl: `${BASE}/`, token: 'tok', fetch: scripted.fetch, retryBaseMs: 1 });
  return { api, requests: scripted.requests };
}


const page = (items: unknown[], extra: Record<string, unknown> = {}) => json({ items, nextCursor: null, total: items.length, ...extra });

describe('HTTP client: answers are checked against the contract', () => {
  test('resolves with a valid answer', async () => {
    const { api } = client(json(me));
    assert.deepEqual(await api.getMe(), me);
  });

  test('an answer of the wrong type is invalid_response naming the field', async () => {
    const { api } = client(json({ ...me, currency: 42 }));
    const error = await rejection(api.getMe());
    assert.equal(error.code, 'invalid_response');
    assert.equal(error.status, 200);
    assert.deepEqual(error.errors.map((e) => e.path), ['currency']);
  });

  test('an answer missing a field is invalid_response naming the field', async () => {
    const { product: _dropped, ...rest } = order();
    const error = await rejection(client(json(rest)).api.getOrder('o1'));
    assert.equal(error.code, 'invalid_response');
    assert.ok(error.errors.some((e) => e.path === 'product'));
  });

  test('an order with a negative count is refused', async () => {
    const error = await rejection(client(page([order({ activeCount: -1, availableCount: 4 })])).api.searchOrders({}));
    assert.equal(error.code, 'invalid_response');
    assert.ok(error.errors.some((e) => e.path === 'items.0.activeCount'));
  });

  test('a long page of licenses (checked by quickParse) resolves as sent, and one broken license in it is refused by name', async () => {
    const items = Array.from({ length: 500 }, (_, i) => license({ id: `l${i}`, activationCode: `CODE-${i}` }));
    assert.ok(JSON.stringify(items).length > 65_536, 'long enough for the quick check');
    assert.deepEqual(await client(page(items)).api.listLicenses('o1', {}), { items, nextCursor: null, total: 500 });
    const broken = items.map((l, i) => (i === 321 ? { ...l, autoRenew: !l.autoRenew, extra: '=1+1' } : l));
    const error = await rejection(client(page(broken)).api.listLicenses('o1', {}));
    assert.equal(error.code, 'invalid_response');
    assert.deepEqual(error.errors.map((e) => e.path), ['items.321.autoRenew']);
    const extra = items.map((l, i) => (i === 7 ? { ...l, extra: '=1+1' } : l));
    assert.deepEqual((await client(page(extra)).api.listLicenses('o1', {})).items[7], items[7], 'unknown keys are dropped');
  });

  test('a page longer than the contract allows is refused', async () => {
    const items = Array.from({ length: 201 }, (_, i) => order({ id: `o${i}` }));
    const error = await rejection(client(page(items)).api.searchOrders({}));
    assert.equal(error.code, 'invalid_response');
    assert.ok(error.errors.some((e) => e.path === 'items'));
  });

  test('an activation link that is not https never reaches the caller', async () => {
    const hostile = license({ activationLink: 'javascript:alert(1)' });
    const error = await rejection(client(page([hostile])).api.listLicenses('o1', {}));
    assert.equal(error.code, 'invalid_response');
    assert.ok(error.errors.some((e) => e.path === 'items.0.activationLink'));
  });

  test('a license whose Auto Renew contradicts its status is refused', async () => {
    const error = await rejection(client(json(license({ autoRenew: true }))).api.getLicense('l1'));
    assert.equal(error.code, 'invalid_response');
    assert.ok(error.errors.some((e) => e.path === 'autoRenew'));
  });

  test('an answer that is not JSON is invalid_response', async () => {
    const error = await rejection(client(new Response('<html>proxy login</html>', { status: 200 })).api.getMe());
    assert.equal(error.code, 'invalid_response');
    assert.deepEqual(error.errors.map((e) => e.path), ['']);
  });
});

describe('HTTP client: errors', () => {
  test('problem details become an ApiError with every field', async () => {
    const errors = [{ path: 'customer.email', message: 'Enter an email' }];
    const { api } = client(problem(400, 'validation_failed', { errors }));
    const error = await rejection(api.activateLicense('l1', { customer: { kind: 'existing', email: 'x' } }, { idempotencyKey: 'k1' }));
    assert.equal(error.status, 400);
    assert.equal(error.code, 'validation_failed');
    assert.equal(error.title, 'Title of validation_failed');
    assert.equal(error.detail, 'Detail of validation_failed');
    assert.deepEqual(error.errors, errors);
    assert.equal(error.fieldErrors('customer.').get('email'), 'Enter an email');
  });

  test('a rate limit carries the wait from Retry-After', async () => {
    const { api } = client(problem(429, 'rate_limited', {}, { 'Retry-After': '120' }));
    const error = await rejection(api.resendConfirmationEmail('o1', { idempotencyKey: 'k1' }));
    assert.equal(error.code, 'rate_limited');
    assert.equal(error.retryAfter, 120);
  });

  for (const [status, code] of [
    [401, 'unauthorized'],
    [404, 'not_found'],
    [500, 'internal_error'],
    [418, 'http_error'],
  ] as const) {
    test(`an error page without problem details (${status}) becomes ${code}`, async () => {
      const { api } = client(new Response('<h1>Oops</h1>', { status, headers: { 'Content-Type': 'text/html' } }));
      const error = await rejection(api.getOrder('o1'));
      assert.equal(error.status, status);
      assert.equal(error.code, code);
      assert.ok(error.detail.length > 0);
    });
  }

  test('a problem with a malformed errors list keeps its code and drops the list', async () => {
    const { api } = client(problem(409, 'license_already_active', { errors: 'nope' }));
    const error = await rejection(api.activateLicense('l1', { customer: { kind: 'existing', email: 'a@b.example' } }, { idempotencyKey: 'k' }));
    assert.equal(error.code, 'license_already_active');
    assert.deepEqual(error.errors, []);
  });
});

describe('HTTP client: requests', () => {
  test('builds the query from the filters that are set and encodes ids', async () => {
    const { api, requests } = client(page([]), page([]));
    await api.searchOrders({ state: 'refunded', orderNumber: '', productId: undefined, limit: 50, productName: 'a&b=c' });
    await api.listLicenses('order/../1?x', { q: 'ABC', limit: '10' });
    const first = new URL(requests[0]!.url);
    assert.equal(first.origin + first.pathname, `${BASE}/orders`);
    assert.deepEqual([...first.searchParams], [['state', 'refunded'], ['limit', '50'], ['productName', 'a&b=c']]);
    assert.equal(requests[1]!.url, `${BASE}/orders/order%2F..%2F1%3Fx/licenses?q=ABC&limit=10`);
  });

  test('an empty customer search asks for all customers', async () => {
    const { api, requests } = client(json({ items: [] }));
    await api.searchCustomers('');
    assert.equal(requests[0]!.url, `${BASE}/customers`);
  });

  test('sends the token, Accept and the caller headers', async () => {
    const scripted = scriptedFetch(json(me));
    const api = new HttpLicensesClient({ baseUrl: BASE, token: 'tok', headers: { 'X-Shop': 'one' }, fetch: scripted.fetch });
    await api.getMe();
    const { headers } = scripted.requests[0]!;
    assert.equal(headers.get('Authorization'), 'Bearer tok');
    assert.equal(headers.get('Accept'), 'application/json');
    assert.equal(headers.get('X-Shop'), 'one');
    assert.equal(headers.get('Idempotency-Key'), null);
  });

  test('a cookie-session proxy gets credentials and no Authorization header', async () => {
    let seen: RequestInit | undefined;
    const fetchImpl = (async (_url: RequestInfo | URL, init?: RequestInit) => {
      seen = init;
      return json(me);
    }) as typeof fetch;
    const api = new HttpLicensesClient({ baseUrl: BASE, credentials: 'include', fetch: fetchImpl });
    await api.getMe();
    assert.equal(seen?.credentials, 'include');
    assert.equal(new Headers(seen?.headers).get('Authorization'), null);
  });

  test('changes send JSON with their idempotency key', async () => {
    const { api, requests } = client(json(license({ recurrent: false })));
    const answer = await api.setBillingState('l1', { recurrent: false }, { idempotencyKey: 'key-1' });
    assert.equal(answer.recurrent, false);
    const request = requests[0]!;
    assert.equal(request.method, 'PUT');
    assert.equal(request.url, `${BASE}/licenses/l1/billing-state`);
    assert.equal(request.headers.get('Content-Type'), 'application/json');
    assert.equal(request.headers.get('Idempotency-Key'), 'key-1');
    assert.deepEqual(await request.json(), { recurrent: false });
  });
});

describe('Retry-After', () => {
  test('reads seconds and HTTP dates, and ignores nonsense', () => {
    const now = Date.parse('2026-11-27T09:00:00Z');
    assert.equal(parseRetryAfter('30', now), 30);
    assert.equal(parseRetryAfter('Fri, 27 Nov 2026 09:01:30 GMT', now), 90);
    assert.equal(parseRetryAfter('Fri, 27 Nov 2026 08:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), null);
    assert.equal(parseRetryAfter(null, now), null);
  });
});
