/**
 * What only shows on the wire: status codes, headers, problem+json, the body limit and the
 * OpenAPI document. Runs for targets that say where their HTTP API lives.
 */
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { ZodMiniType } from 'zod/mini';
import { HttpLicensesClient } from '../../src/api/http/http-client.js';
import { OPERATIONS, type Operation } from '../../src/api/contract/operations.js';
import { ActivationInfo, ConfirmationEmailResult, Job, License, LIMITS, OrderPage, Problem } from '../../src/api/contract/schemas.js';
import { expectProblem, key, newCustomer, type ConformanceTarget, type Need } from './support.js';
import type { FixtureGetter } from './suite.js';

type Wire = NonNullable<ConformanceTarget['http']>;

interface Reply {
  response: Response;
  body: unknown;
}

async function call(wire: Wire, path: string, init: RequestInit & { token?: string | null } = {}): Promise<Reply> {
  const { token = wire.token, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (token !== null) headers.set('Authorization', `Bearer ${token}`);
  const response = await fetch(`${wire.apiBase.replace(/\/+$/, '')}${path}`, { ...rest, headers });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    assert.fail(`${init.method ?? 'GET'} ${path} answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`);
  }
  return { response, body };
}

function parsed<T>(schema: ZodMiniType<T>, reply: Reply): T {
  const result = schema.safeParse(reply.body);
  assert.ok(result.success, `the answer breaks the contract: ${JSON.stringify(result.error?.issues.slice(0, 3))}`);
  return result.data;
}

/** Asserts an RFC 9457 problem with the right status, code and content type. */
function assertProblem(reply: Reply, status: number, code: string): void {
  assert.equal(reply.response.status, status);
  assert.match(reply.response.headers.get('Content-Type') ?? '', /^application\/problem\+json/);
  const problem = parsed(Problem, reply);
  assert.equal(problem.status, status, 'the body repeats the status');
  assert.equal(problem.code, code);
}

const json = (body: unknown, idempotencyKey = key()) => ({
  body: typeof body === 'string' ? body : JSON.stringify(body),
  headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
});

export function defineHttpTests(fixture: FixtureGetter): void {
  describe('on the wire', () => {
    const wire = (t: TestContext, need?: Need): Wire | undefined => {
      const http = fixture().target.http;
      if (!http) t.skip('not an HTTP target');
      else if (need && !fixture().needs(t, need)) return undefined;
      return http;
    };

    test('without a token every route of the operations table is 401 with WWW-Authenticate: Bearer', async (t) => {
      const w = wire(t, 'requests without a token');
      if (!w) return;
      const license = await fixture().availableLicense();
      const ids: Record<string, string> = { orderId: license.orderId, licenseId: license.id };
      const rows = Object.values(OPERATIONS as Record<string, Operation>).filter((row) => !row.public);
      assert.ok(rows.length >= 10, 'the table lists the guarded routes');
      for (const row of rows) {
        const path = row.path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? 'unknown');
        const init: RequestInit = row.method === 'GET' ? {} : { method: row.method, ...json(row.body === 'ActivationRequest' ? { customer: newCustomer() } : {}) };
        for (const token of [null, 'not-a-token']) {
          const reply = await call(w, path, { ...init, token });
          assertProblem(reply, 401, 'unauthorized');
          assert.match(reply.response.headers.get('WWW-Authenticate') ?? '', /^Bearer/, `${row.method} ${row.path}`);
        }
      }
      assert.equal((await fixture().api.getLicense(license.id)).status, 'available');
    });

    test('a client with a wrong token hears unauthorized', async (t) => {
      const w = wire(t, 'requests without a token');
      if (!w) return;
      const client = new HttpLicensesClient({ baseUrl: w.apiBase, token: 'not-a-token' });
      await expectProblem(client.getMe(), 'unauthorized');
    });

    test('answers are JSON that follows the contract', async (t) => {
      const w = wire(t);
      if (!w) return;
      const reply = await call(w, '/orders?limit=5&sort=amount:desc');
      assert.equal(reply.response.status, 200);
      assert.match(reply.response.headers.get('Content-Type') ?? '', /^application\/json/);
      assert.ok(parsed(OrderPage, reply).items.length <= 5);
    });

    test('errors are problem details with the status and code', async (t) => {
      const w = wire(t);
      if (!w) return;
      assertProblem(await call(w, '/orders/ord_does_not_exist'), 404, 'not_found');
      assertProblem(await call(w, '/no-such-route'), 404, 'not_found');
      const invalid = await call(w, '/orders?limit=abc&sort=sideways');
      assertProblem(invalid, 400, 'validation_failed');
      const paths = parsed(Problem, invalid).errors?.map((e) => e.path) ?? [];
      assert.ok(paths.includes('limit') && paths.includes('sort'), `each field is named: ${paths.join(', ')}`);
    });

    test('a body that is not JSON, or not declared as JSON, is refused with a problem', async (t) => {
      const w = wire(t);
      if (!w) return;
      const license = await fixture().availableLicense();
      const path = `/licenses/${license.id}/activation`;
      assertProblem(await call(w, path, { method: 'POST', ...json('{"customer": ') }), 400, 'validation_failed');
      const body = JSON.stringify({ customer: newCustomer() });
      const headers = { 'Content-Type': 'text/plain', 'Idempotency-Key': key() };
      assertProblem(await call(w, path, { method: 'POST', body, headers }), 415, 'unsupported_media_type');
      assert.equal((await fixture().api.getLicense(license.id)).status, 'available');
    });

    test('a body over 64 KiB is refused with 413 payload_too_large', async (t) => {
      const w = wire(t);
      if (!w) return;
      const license = await fixture().availableLicense();
      const huge = { customer: { ...newCustomer(), organization: 'x'.repeat(LIMITS.bodyBytes + 1024) } };
      const reply = await call(w, `/licenses/${license.id}/activation`, { method: 'POST', ...json(huge) });
      assertProblem(reply, 413, 'payload_too_large');
      assert.equal((await fixture().api.getLicense(license.id)).status, 'available');
    });

    test('POST /jobs takes bodies up to 4 MiB: a job of 150 KiB is queued, one over 4 MiB is 413', async (t) => {
      const w = wire(t);
      if (!w) return;
      const licenseIds = Array.from({ length: 2000 }, (_, i) => `lic_${String(i).padStart(70, '0')}`);
      const queued = await call(w, '/jobs', { method: 'POST', ...json({ kind: 'billing_change', licenseIds, recurrent: true }) });
      assert.equal(queued.response.status, 202);
      assert.equal(parsed(Job, queued).total, licenseIds.length);
      const huge = { kind: 'confirmation_email', orderIds: ['x'.repeat(LIMITS.jobBodyBytes)] };
      assertProblem(await call(w, '/jobs', { method: 'POST', ...json(huge) }), 413, 'payload_too_large');
    });

    test('a replayed change answers the same with Idempotent-Replayed: true', async (t) => {
      const w = wire(t);
      if (!w) return;
      const license = await fixture().availableLicense();
      const request = { method: 'POST', ...json({ customer: newCustomer('wire') }) };
      const first = await call(w, `/licenses/${license.id}/activation`, request);
      const again = await call(w, `/licenses/${license.id}/activation`, request);
      assert.equal(first.response.status, 200);
      assert.notEqual(first.response.headers.get('Idempotent-Replayed'), 'true');
      assert.equal(again.response.status, 200);
      assert.equal(again.response.headers.get('Idempotent-Replayed'), 'true');
      assert.deepEqual(parsed(License, again), parsed(License, first));
    });

    test('a reused key is 422 and a resend is 202, then 429 with Retry-After', async (t) => {
      const w = wire(t);
      if (!w) return;
      const resend = (orderId: string, idempotencyKey: string) =>
        call(w, `/orders/${orderId}/confirmation-email`, { method: 'POST', headers: { 'Idempotency-Key': idempotencyKey } });
      const first = await fixture().firstResend(async (orderId, idempotencyKey) => {
        const reply = await resend(orderId, idempotencyKey);
        return reply.response.status === 429 ? null : reply;
      });
      const { sent, key: sharedKey } = first;
      assert.equal(sent.response.status, 202);
      parsed(ConfirmationEmailResult, sent);
      const license = await fixture().availableLicense();
      const reuse = { method: 'POST', ...json({ customer: newCustomer() }, sharedKey) };
      assertProblem(await call(w, `/licenses/${license.id}/activation`, reuse), 422, 'idempotency_key_reused');
      let reply = sent;
      for (let i = 0; i < 50 && reply.response.status === 202; i += 1) {
        reply = await resend(first.orderId, key());
      }
      assertProblem(reply, 429, 'rate_limited');
      assert.match(reply.response.headers.get('Retry-After') ?? '', /^[1-9]\d*$/, 'Retry-After in seconds');
    });

    test('a page on an origin nobody allowed cannot read the answers', async (t) => {
      const w = wire(t);
      if (!w) return;
      const origin = 'https://intruder.example.invalid';
      const reply = await call(w, '/me', { headers: { Origin: origin } });
      const allowed = reply.response.headers.get('Access-Control-Allow-Origin');
      assert.ok(allowed !== origin && allowed !== '*', `Access-Control-Allow-Origin: ${allowed}`);
      const base = w.apiBase.replace(/\/+$/, '');
      const preflight = await fetch(`${base}/me`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
      });
      await preflight.body?.cancel();
      const preflightAllowed = preflight.headers.get('Access-Control-Allow-Origin');
      assert.ok(preflightAllowed !== origin && preflightAllowed !== '*', `preflight allows ${preflightAllowed}`);
    });

    test('the OpenAPI document is served without a token', async (t) => {
      const w = wire(t, 'requests without a token');
      if (!w) return;
      const reply = await call(w, '/openapi.json', { token: null });
      assert.equal(reply.response.status, 200);
      assert.match(String((reply.body as { openapi?: unknown }).openapi), /^3\.1\./);
    });

    test("the customer's activation page is served without a token, and one address is held to a rate limit", async (t) => {
      const w = wire(t, 'requests without a token');
      if (!w) return;
      const license = await fixture().availableLicense();
      const path = `/activations/${encodeURIComponent(license.activationCode)}`;
      const first = await call(w, path, { token: null });
      assert.equal(first.response.status, 200);
      assert.equal(first.response.headers.get('Cache-Control'), 'no-store');
      assert.equal(parsed(ActivationInfo, first).status, 'available');
      let limited: Reply | undefined;
      for (let i = 0; i < 500 && !limited; i += 1) {
        const reply = await call(w, path, { token: null });
        if (reply.response.status === 429) limited = reply;
        else assert.equal(reply.response.status, 200);
      }
      assert.ok(limited, 'at most 500 requests of one address are answered');
      assertProblem(limited, 429, 'rate_limited');
      const wait = Number(limited.response.headers.get('Retry-After'));
      assert.ok(Number.isInteger(wait) && wait >= 1, `Retry-After ${String(wait)}`);
      // The reseller's own API is not held to the customer side's limit.
      assert.equal((await call(w, `/licenses/${license.id}`)).response.status, 200);
      // After the wait it names, the address is served again.
      await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 100));
      assert.equal((await call(w, path, { token: null })).response.status, 200);
    });
  });
}
