import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { deriveDemoTokens } from '../../../demo/server/http/auth.js';
import { openDatabase } from '../../../demo/server/store/sqlite/database.js';
import { startDemoServer } from '../../../demo/server/start.js';
import { availableLicenseId, callApi, jsonInit } from './fixture.js';

const small = { orders: 30, bigOrderLicenses: 20 };

describe('starting the demo backend', () => {
  const dir = mkdtempSync(join(tmpdir(), 'license-desk-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('derives the same two tokens from the same seed, and other ones from another seed', () => {
    const [a, b] = deriveDemoTokens(1);
    assert.deepEqual(deriveDemoTokens(1), [a, b]);
    assert.notEqual(a, b);
    assert.match(a, /^ld_demo_a_[0-9a-f]{32}$/);
    assert.notDeepEqual(deriveDemoTokens(2), [a, b]);
  });

  test('a restart on the same file keeps the changes; a reset seeds afresh', async () => {
    const databasePath = join(dir, 'restart.sqlite');
    const first = await startDemoServer({ databasePath, ...small });
    assert.deepEqual(first.tokens, { a: deriveDemoTokens(1)[0], b: deriveDemoTokens(1)[1] });
    const licenseId = await availableLicenseId(first);
    const customer = { kind: 'new', email: 'keep@restart.example', organization: 'Keep', firstName: 'K', lastName: 'R', country: 'FR' };
    assert.equal((await callApi(first, `/licenses/${licenseId}/activation`, jsonInit('POST', { customer }))).status, 200);
    await first.close();

    const second = await startDemoServer({ databasePath, ...small, tokens: ['token-a-second', 'token-b-second'] });
    const kept = (await (await callApi(second, `/licenses/${licenseId}`)).json()) as { status: string };
    assert.equal(kept.status, 'active');
    const oldToken = await callApi(second, '/me', { headers: { Authorization: `Bearer ${first.tokens.a}` } });
    assert.equal(oldToken.status, 401, 'only the tokens of the running server are valid');
    await second.close();

    const third = await startDemoServer({ databasePath, ...small, reset: true });
    const fresh = (await (await callApi(third, `/licenses/${licenseId}`)).json()) as { status: string };
    assert.equal(fresh.status, 'available');
    await third.close();
  });

  test('closing answers the request under way before the database closes, and takes no new one', async () => {
    const databasePath = join(dir, 'drain.sqlite');
    const server = await startDemoServer({ databasePath, ...small });
    const licenseId = await availableLicenseId(server);
    const body = JSON.stringify({ customer: { kind: 'new', email: 'drain@close.example', organization: 'Drain', firstName: 'D', lastName: 'C', country: 'FR' } });
    let closing: Promise<void> | undefined;
    // The server's "100 Continue" says it took the request; it is closed before the body is sent.
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = httpRequest(`${server.apiBase}/licenses/${licenseId}/activation`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${server.tokens.a}`,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          Expect: '100-continue',
        },
      });
      request.once('continue', () => {
        closing = server.close();
        request.end(body);
      });
      request.once('response', (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        response.once('end', () => resolve({ status: response.statusCode ?? 0, text }));
      });
      request.once('error', reject);
      request.flushHeaders();
    });
    assert.equal(answer.status, 200, answer.text);
    await closing;
    await assert.rejects(callApi(server, '/me'), 'no new connection once closed');
    const again = await startDemoServer({ databasePath, ...small });
    const kept = (await (await callApi(again, `/licenses/${licenseId}`)).json()) as { status: string };
    assert.equal(kept.status, 'active', 'the activation answered while closing was written');
    await again.close();
  });

  test('a file whose seed never finished is replaced by a seeded one', async () => {
    const databasePath = join(dir, 'half.sqlite');
    const db = openDatabase(databasePath);
    db.prepare("INSERT INTO resellers (id, name, user_name, user_email, currency, token_label) VALUES ('r', 'Half', 'u', 'u@x.example', 'EUR', 'A')").run();
    db.close();
    const server = await startDemoServer({ databasePath, ...small });
    const me = (await (await callApi(server, '/me')).json()) as { reseller: { name: string } };
    assert.equal(me.reseller.name, 'Northwind Software GmbH');
    await server.close();
  });

  test('seeds the default world quickly and serves today\'s orders', async () => {
    const started = performance.now();
    const server = await startDemoServer({ databasePath: ':memory:' });
    const seconds = (performance.now() - started) / 1000;
    const midnight = new Date();
    midnight.setUTCHours(0, 0, 0, 0);
    const today = (await (await callApi(server, `/orders?purchasedFrom=${midnight.toISOString()}`)).json()) as { total: number };
    assert.ok(today.total >= 5, `${today.total} orders today`);
    const big = (await (await callApi(server, '/orders?sort=amount:desc&limit=1')).json()) as { items: { quantity: number }[] };
    assert.equal(big.items[0]?.quantity, 5000);
    await server.close();
    await server.close();
    assert.ok(seconds < 10, `started in ${seconds.toFixed(1)} s`);
  });
});
