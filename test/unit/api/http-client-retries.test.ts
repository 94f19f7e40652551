import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpLicensesClient, type HttpClientOptions } from '../../../src/api/http/http-client.js';
import { ApiError, isAbortError } from '../../../src/api/contract/errors.js';
import { json, license, me, problem, scriptedFetch, type Step } from './fixtures.js';

const activation = { customer: { kind: 'existing', email: 'eve@customer.example' } } as const;

function client(steps: Step[], options: Partial<HttpClientOptions> = {}) {
  const scripted = scriptedFetch(...steps);
  const api = new HttpLicensesClient({ baseUrl: 'https://api.example/v1', token: 'tok', fetch: scripted.fetch, retryBaseMs: 1, ...options });
  return { api, requests: scripted.requests };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected the call to fail');
}

async function apiFailure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await failure(promise);
  assert.ok(error instanceof ApiError, `expected an ApiError, got ${String(error)}`);
  return error;
}

const gatewayDown = () => new Response('bad gateway', { status: 502 });

describe('HTTP client: reading searches again after transient failures', () => {
  test('a dropped connection is tried again and the answer arrives', async () => {
    const { api, requests } = client(['network', 'network', json(me)]);
    assert.deepEqual(await api.getMe(), me);
    assert.equal(requests.length, 3);
  });

  test('gives up after three tries with network_error', async () => {
    const { api, requests } = client(['network']);
    const error = await apiFailure(api.getMe());
    assert.equal(error.code, 'network_error');
    assert.equal(error.status, 0);
    assert.equal(requests.length, 3);
  });

  for (const status of [502, 503, 504]) {
    test(`a ${status} from the gateway is tried again`, async () => {
      const { api, requests } = client([new Response('', { status }), json(me)]);
      assert.deepEqual(await api.getMe(), me);
      assert.equal(requests.length, 2);
    });
  }

  test('a 500 and a 404 are final', async () => {
    const broken = client([problem(500, 'internal_error'), json(me)]);
    assert.equal((await apiFailure(broken.api.getMe())).code, 'internal_error');
    assert.equal(broken.requests.length, 1);
    const missing = client([problem(404, 'not_found'), json(me)]);
    assert.equal((await apiFailure(missing.api.getOrder('o1'))).code, 'not_found');
    assert.equal(missing.requests.length, 1);
  });

  test('maxTries bounds the tries', async () => {
    const { api, requests } = client([gatewayDown()], { maxTries: 5 });
    assert.equal((await apiFailure(api.getMe())).status, 502);
    assert.equal(requests.length, 5);
  });

  test('a 429 waits as long as Retry-After says', async () => {
    const { api, requests } = client([problem(429, 'rate_limited', {}, { 'Retry-After': '1' }), json(me)]);
    const started = performance.now();
    assert.deepEqual(await api.getMe(), me);
    assert.ok(performance.now() - started >= 990, 'waited at least one second');
    assert.equal(requests.length, 2);
  });

  test('a 429 with a Retry-After date in the past is tried again at once', async () => {
    const past = new Date(Date.now() - 60_000).toUTCString();
    const { api, requests } = client([problem(429, 'rate_limited', {}, { 'Retry-After': past }), json(me)]);
    assert.deepEqual(await api.getMe(), me);
    assert.equal(requests.length, 2);
  });

  test('a 429 asking for a long wait fails at once and says how long', async () => {
    const { api, requests } = client([problem(429, 'rate_limited', {}, { 'Retry-After': '3600' }), json(me)]);
    const error = await apiFailure(api.getMe());
    assert.equal(error.code, 'rate_limited');
    assert.equal(error.retryAfter, 3600);
    assert.equal(requests.length, 1);
  });
});

describe('HTTP client: timeouts', () => {
  test('a hanging search ends as timeout after one try, so Retry can be offered', async () => {
    const { api, requests } = client(['hang', json(me)], { timeoutMs: 20 });
    const started = performance.now();
    const error = await apiFailure(api.getMe());
    assert.equal(error.code, 'timeout');
    assert.equal(error.status, 0);
    assert.equal(requests.length, 1);
    assert.ok(performance.now() - started < 1000);
  });

  test('a change that keeps hanging ends as timeout after every try', async () => {
    const { api, requests } = client(['hang'], { timeoutMs: 20 });
    const error = await apiFailure(api.setBillingState('l1', { recurrent: true }, { idempotencyKey: 'k' }));
    assert.equal(error.code, 'timeout');
    assert.equal(requests.length, 3);
  });

  test('a fetch that ignores its signal still times out', async () => {
    const deaf = (() => new Promise<Response>(() => undefined)) as typeof fetch;
    const api = new HttpLicensesClient({ baseUrl: 'https://api.example', fetch: deaf, timeoutMs: 20, maxTries: 1 });
    assert.equal((await apiFailure(api.getMe())).code, 'timeout');
  });

  test('a slow body counts against the timeout', async () => {
    const slowBody = () => new Response(new ReadableStream({ start() {} }), { status: 200 });
    const { api } = client([slowBody], { timeoutMs: 20, maxTries: 1 });
    assert.equal((await apiFailure(api.getMe())).code, 'timeout');
  });
});

describe('HTTP client: changes are repeated only under the same idempotency key', () => {
  test('an activation interrupted by the network is sent again with the same key', async () => {
    const { api, requests } = client(['network', gatewayDown(), json(license({ id: 'l9' }))]);
    const answer = await api.activateLicense('l9', activation, { idempotencyKey: 'act-1' });
    assert.equal(answer.id, 'l9');
    assert.equal(requests.length, 3);
    for (const request of requests) {
      assert.equal(request.method, 'POST');
      assert.equal(request.headers.get('Idempotency-Key'), 'act-1');
      assert.deepEqual(await request.json(), activation);
    }
  });

  test('an activation that timed out is sent again with the same key', async () => {
    const { api, requests } = client(['hang', json(license())], { timeoutMs: 20 });
    await api.activateLicense('l1', activation, { idempotencyKey: 'act-2' });
    assert.deepEqual(requests.map((r) => r.headers.get('Idempotency-Key')), ['act-2', 'act-2']);
  });

  test('a refused resend (429) and a failed change (500) are not repeated', async () => {
    const limited = client([problem(429, 'rate_limited', {}, { 'Retry-After': '1' }), json({ to: 'a@b.example', messageId: 'm' })]);
    assert.equal((await apiFailure(limited.api.resendConfirmationEmail('o1', { idempotencyKey: 'k' }))).code, 'rate_limited');
    assert.equal(limited.requests.length, 1);
    const broken = client([problem(500, 'internal_error'), json(license())]);
    assert.equal((await apiFailure(broken.api.setBillingState('l1', { recurrent: true }, { idempotencyKey: 'k' }))).status, 500);
    assert.equal(broken.requests.length, 1);
  });

  test('a change without a key is never repeated', async () => {
    const { api, requests } = client(['network', json(license())]);
    assert.equal((await apiFailure(api.activateLicense('l1', activation, { idempotencyKey: '' }))).code, 'network_error');
    assert.equal(requests.length, 1);
  });
});

describe('HTTP client: cancelling', () => {
  test('aborting during the request rejects with the abort reason at once', async () => {
    const { api, requests } = client(['hang']);
    const controller = new AbortController();
    const call = api.getMe({ signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    const error = await failure(call);
    assert.ok(isAbortError(error), `expected an AbortError, got ${String(error)}`);
    assert.equal(requests.length, 1);
  });

  test('aborting during the backoff rejects at once and sends nothing more', async () => {
    const { api, requests } = client([gatewayDown(), json(me)], { retryBaseMs: 10_000 });
    const controller = new AbortController();
    const started = performance.now();
    const call = api.getMe({ signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    assert.ok(isAbortError(await failure(call)));
    assert.ok(performance.now() - started < 1000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(requests.length, 1);
  });

  test('a signal aborted before the call sends nothing and keeps its own reason', async () => {
    const { api, requests } = client([json(me)]);
    const reason = new DOMException('left the page', 'AbortError');
    assert.equal(await failure(api.getMe({ signal: AbortSignal.abort(reason) })), reason);
    assert.equal(requests.length, 0);
  });
});

describe('HTTP client: expired sessions', () => {
  test('a 401 asks getToken once more and repeats the call with the fresh token', async () => {
    const tokens = ['old', 'fresh'];
    let asked = 0;
    const getToken = async () => tokens[asked++];
    const { api, requests } = client([problem(401, 'unauthorized'), json(me)], { token: undefined, getToken });
    assert.deepEqual(await api.getMe(), me);
    assert.equal(asked, 2);
    assert.deepEqual(requests.map((r) => r.headers.get('Authorization')), ['Bearer old', 'Bearer fresh']);
  });

  test('a second 401 gives up with unauthorized', async () => {
    let asked = 0;
    const getToken = async () => `t${++asked}`;
    const { api, requests } = client([problem(401, 'unauthorized')], { getToken });
    assert.equal((await apiFailure(api.getMe())).code, 'unauthorized');
    assert.equal(asked, 2);
    assert.equal(requests.length, 2);
  });

  test('without getToken a 401 is final', async () => {
    const { api, requests } = client([problem(401, 'unauthorized'), json(me)]);
    assert.equal((await apiFailure(api.getMe())).code, 'unauthorized');
    assert.equal(requests.length, 1);
  });
});
