import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CONFIRMATION_EMAIL_LIMIT } from '../../../src/rules/index.js';
import { availableLicenseId, callApi, callPage, jsonInit, useServer } from './fixture.js';

describe('changes over HTTP', () => {
  const server = useServer();

  test('the same request with the same key is replayed with Idempotent-Replayed: true and changes nothing', async () => {
    const licenseId = await availableLicenseId(server());
    const customers = (await (await callApi(server(), '/customers?q=')).json()) as { items: { email: string }[] };
    const body = { customer: { kind: 'existing', email: customers.items[0]?.email } };
    const key = { 'Idempotency-Key': `activate-${licenseId}` };
    const first = await callApi(server(), `/licenses/${licenseId}/activation`, jsonInit('POST', body, key));
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('Idempotent-Replayed'), null);
    const outboxBefore = ((await (await callPage(server(), '/outbox.json')).json()) as { items: unknown[] }).items.length;

    const again = await callApi(server(), `/licenses/${licenseId}/activation`, jsonInit('POST', body, key));
    assert.equal(again.status, 200);
    assert.equal(again.headers.get('Idempotent-Replayed'), 'true');
    assert.deepEqual(await again.json(), await first.json());
    const outboxAfter = ((await (await callPage(server(), '/outbox.json')).json()) as { items: unknown[] }).items.length;
    assert.equal(outboxAfter, outboxBefore, 'a replay sends no second email');

    const fresh = await callApi(server(), `/licenses/${licenseId}/activation`, jsonInit('POST', body, { 'Idempotency-Key': 'another' }));
    assert.equal(fresh.status, 409, 'without the key, a second activation is refused');
  });

  test('the same key with another request is 422 idempotency_key_reused', async () => {
    const licenseId = await availableLicenseId(server());
    const key = { 'Idempotency-Key': `reuse-${licenseId}` };
    const first = await callApi(server(), `/licenses/${licenseId}/billing-state`, jsonInit('PUT', { recurrent: true }, key));
    assert.equal(first.status, 409, 'an available license has no billing state to change');
    const replay = await callApi(server(), `/licenses/${licenseId}/billing-state`, jsonInit('PUT', { recurrent: true }, key));
    assert.equal(replay.status, 409);
    assert.equal(replay.headers.get('Idempotent-Replayed'), 'true');
    const other = await callApi(server(), `/licenses/${licenseId}/billing-state`, jsonInit('PUT', { recurrent: false }, key));
    assert.equal(other.status, 422);
    assert.equal(((await other.json()) as { code: string }).code, 'idempotency_key_reused');
  });

  test('resending a confirmation is 202 until the limit, then 429 with Retry-After', async () => {
    const orders = (await (await callApi(server(), '/orders?limit=1&sort=amount:asc')).json()) as { items: { id: string }[] };
    const path = `/orders/${orders.items[0]?.id}/confirmation-email`;
    for (let i = 0; i < CONFIRMATION_EMAIL_LIMIT.count; i += 1) {
      const res = await callApi(server(), path, { method: 'POST', headers: { 'Idempotency-Key': `resend-${i}` } });
      assert.equal(res.status, 202);
      const sent = (await res.json()) as { to: string; messageId: string };
      assert.equal(sent.to, 'dana.weber@northwind-software.example');
    }
    const limited = await callApi(server(), path, { method: 'POST', headers: { 'Idempotency-Key': 'resend-over' } });
    assert.equal(limited.status, 429);
    assert.equal(((await limited.json()) as { code: string }).code, 'rate_limited');
    const wait = Number(limited.headers.get('Retry-After'));
    assert.ok(Number.isInteger(wait) && wait >= 1 && wait <= CONFIRMATION_EMAIL_LIMIT.windowSeconds, `Retry-After ${wait}`);
    const retried = await callApi(server(), path, { method: 'POST', headers: { 'Idempotency-Key': 'resend-over' } });
    assert.equal(retried.status, 429, 'a 429 is not stored: the retry is judged again');
    assert.equal(retried.headers.get('Idempotent-Replayed'), null);
  });
});
