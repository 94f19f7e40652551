import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createApp } from '../../../demo/server/http/app.js';
import { SqliteStore } from '../../../demo/server/store/sqlite/sqlite-store.js';
import { LicensesService } from '../../../src/service/service.js';
import { availableLicenseId, callApi, jsonInit, useServer } from './fixture.js';

const PROBLEM = 'application/problem+json; charset=utf-8';

describe('errors over HTTP', () => {
  const server = useServer();

  test('a request without a token is 401 with WWW-Authenticate: Bearer', async () => {
    const res = await fetch(`${server().apiBase}/orders`);
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('Content-Type'), PROBLEM);
    assert.match(res.headers.get('WWW-Authenticate') ?? '', /^Bearer\b/);
    assert.doesNotMatch(res.headers.get('WWW-Authenticate') ?? '', /invalid_token/);
    const problem = (await res.json()) as { code: string; status: number; title: string; detail: string };
    assert.equal(problem.code, 'unauthorized');
    assert.equal(problem.status, 401);
  });

  test('an unknown token is 401 with error="invalid_token", and neither token nor header is echoed', async () => {
    const token = 'ld_not_a_token_0123456789';
    const res = await callApi(server(), '/me', { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(res.status, 401);
    assert.match(res.headers.get('WWW-Authenticate') ?? '', /error="invalid_token"/);
    const text = await res.text();
    assert.ok(!text.includes(token) && !/authorization/i.test(text), text);
  });

  test('the OpenAPI document is served without a token', async () => {
    const res = await fetch(`${server().apiBase}/openapi.json`);
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { openapi: string }).openapi, '3.1.0');
  });

  test('unknown routes are 404 not_found problems, inside and outside the API', async () => {
    for (const res of [await callApi(server(), '/no/such/route'), await fetch(`${server().url}/no-such-page`)]) {
      assert.equal(res.status, 404);
      assert.equal(res.headers.get('Content-Type'), PROBLEM);
      assert.equal(((await res.json()) as { code: string }).code, 'not_found');
    }
  });

  test('an id of another shape is simply not found', async () => {
    const res = await callApi(server(), `/orders/${'x'.repeat(500)}`);
    assert.equal(res.status, 404);
  });

  test('a wrong method is 405 with Allow', async () => {
    const res = await callApi(server(), '/orders', { method: 'DELETE' });
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('Allow'), 'GET, POST, HEAD', 'searching and buying');
    assert.equal(((await res.json()) as { code: string }).code, 'method_not_allowed');
    const page = await fetch(`${server().url}/outbox`, { method: 'POST' });
    assert.equal(page.status, 405);
  });

  test('a body over 64 KiB is 413, whether its Content-Length says so or it is streamed', async () => {
    const licenseId = await availableLicenseId(server());
    const big = JSON.stringify({ customer: { kind: 'existing', email: `${'a'.repeat(70 * 1024)}@x.example` } });
    const declared = await callApi(server(), `/licenses/${licenseId}/activation`, jsonInit('POST', JSON.parse(big)));
    assert.equal(declared.status, 413);
    assert.equal(((await declared.json()) as { code: string }).code, 'payload_too_large');
    const chunks = [big.slice(0, 40_000), big.slice(40_000)];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
    });
    const streamed = await callApi(server(), `/licenses/${licenseId}/activation`, {
      method: 'POST',
      body: stream,
      headers: { 'Content-Type': 'application/json' },
      duplex: 'half',
    } as RequestInit);
    assert.equal(streamed.status, 413);
  });

  test('a body not declared as JSON is 415, and malformed JSON is 400 validation_failed', async () => {
    const licenseId = await availableLicenseId(server());
    const path = `/licenses/${licenseId}/activation`;
    const plain = await callApi(server(), path, { method: 'POST', body: '{}', headers: { 'Content-Type': 'text/plain' } });
    assert.equal(plain.status, 415);
    assert.equal(((await plain.json()) as { code: string }).code, 'unsupported_media_type');
    const broken = await callApi(server(), path, { method: 'POST', body: '{"customer":', headers: { 'Content-Type': 'application/json' } });
    assert.equal(broken.status, 400);
    const problem = (await broken.json()) as { code: string; errors: { path: string }[] };
    assert.equal(problem.code, 'validation_failed');
    assert.equal(problem.errors[0]?.path, '');
  });

  test('a deeply nested body is a 400, never a 500', async () => {
    const orders = (await (await callApi(server(), '/orders?limit=1')).json()) as { items: { id: string }[] };
    const deep = `${'['.repeat(30_000)}${']'.repeat(30_000)}`;
    for (const path of [`/orders/${orders.items[0]?.id}/confirmation-email`, '/licenses/x/activation']) {
      const res = await callApi(server(), path, { method: 'POST', body: deep, headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'deep' } });
      assert.equal(res.status, 400, path);
    }
  });

  test('a body that breaks the schema names each failing field', async () => {
    const licenseId = await availableLicenseId(server());
    const res = await callApi(server(), `/licenses/${licenseId}/activation`, jsonInit('POST', { customer: { kind: 'existing', email: 'nope' } }));
    assert.equal(res.status, 400);
    const problem = (await res.json()) as { errors: { path: string; message: string }[] };
    assert.deepEqual(problem.errors.map((e) => e.path), ['customer.email']);
  });

  test('a bad query or Idempotency-Key is 400 with the field named', async () => {
    const query = await callApi(server(), '/orders?limit=0&sort=sideways&state=processed&state=refunded');
    assert.equal(query.status, 400);
    const fields = ((await query.json()) as { errors: { path: string }[] }).errors.map((e) => e.path);
    assert.ok(fields.includes('state'), fields.join());
    const orders = (await (await callApi(server(), '/orders?limit=1')).json()) as { items: { id: string }[] };
    const key = await callApi(server(), `/orders/${orders.items[0]?.id}/confirmation-email`, {
      method: 'POST',
      headers: { 'Idempotency-Key': 'with space' },
    });
    assert.equal(key.status, 400);
    assert.equal(((await key.json()) as { errors: { path: string }[] }).errors[0]?.path, 'Idempotency-Key');
  });
});

test('an unexpected failure is a 500 internal_error problem without a stack trace', async () => {
  const store = await SqliteStore.open(':memory:');
  const logged: unknown[] = [];
  const app = createApp({ store, service: new LicensesService({ store }), allowedOrigins: [], logError: (e) => logged.push(e) });
  await store.close();
  const res = await app.request('/outbox.json', { headers: { Authorization: 'Bearer some-token' } });
  assert.equal(res.status, 500);
  assert.equal(res.headers.get('Content-Type'), PROBLEM);
  const text = await res.text();
  assert.equal((JSON.parse(text) as { code: string }).code, 'internal_error');
  assert.doesNotMatch(text, /\bat \w|\.ts:|database/i);
  assert.equal(logged.length, 1);
});
