/** What an attacker or a careless setup meets at the demo backend's edges. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createApp } from '../../../demo/server/http/app.js';
import { ROOT } from '../../../demo/server/paths.js';
import { SqliteStore } from '../../../demo/server/store/sqlite/sqlite-store.js';
import { createDemoWorld } from '../../../src/api/memory/demo-data.js';
import { LicensesService } from '../../../src/service/service.js';
import { availableLicenseId, callApi, jsonInit, useServer } from './fixture.js';

describe('hardening at the edges', () => {
  const server = useServer();

  test('every error answer says Cache-Control: no-store, whatever the status', async () => {
    const license = await availableLicenseId(server());
    const answers = [
      await callApi(server(), '/orders?limit=nope'),
      await callApi(server(), '/me', { headers: { Authorization: 'Bearer wrong' } }),
      await callApi(server(), '/orders/ord_missing'),
      await fetch(`${server().url}/no-such-page`),
      await callApi(server(), '/me', { method: 'DELETE' }),
      await callApi(server(), `/licenses/${license}/activation`, { method: 'POST', body: 'x', headers: { 'Content-Type': 'text/plain' } }),
      await callApi(server(), `/licenses/${license}/billing-state`, jsonInit('PUT', { recurrent: true })),
    ];
    assert.deepEqual(answers.map((a) => a.status), [400, 401, 404, 404, 405, 415, 409]);
    for (const answer of answers) assert.equal(answer.headers.get('Cache-Control'), 'no-store', `${answer.status} ${answer.url}`);
  });

  test('pages may not be framed anywhere: X-Frame-Options agrees with frame-ancestors', async () => {
    const page = await fetch(`${server().url}/`);
    assert.match(page.headers.get('Content-Security-Policy') ?? '', /frame-ancestors 'none'/);
    assert.equal(page.headers.get('X-Frame-Options'), 'DENY');
  });

  test('a confirmation asked for with no body and again with {} under one key is one request', async () => {
    const orders = (await (await callApi(server(), '/orders?limit=1')).json()) as { items: { id: string }[] };
    const path = `/orders/${orders.items[0]!.id}/confirmation-email`;
    const first = await callApi(server(), path, { method: 'POST', headers: { 'Idempotency-Key': 'empty-body-once' } });
    const again = await callApi(server(), path, jsonInit('POST', {}, { 'Idempotency-Key': 'empty-body-once' }));
    assert.equal(first.status, 202);
    assert.equal(again.status, 202);
    assert.equal(again.headers.get('Idempotent-Replayed'), 'true');
    assert.deepEqual(await again.json(), await first.json());
  });

  test('malformed JSON is refused without quoting what was sent', async () => {
    const license = await availableLicenseId(server());
    const secret = 'SECRET-BYTES-9f2c';
    const answer = await callApi(server(), `/licenses/${license}/activation`, {
      method: 'POST',
      body: `{"customer": ${secret}`,
      headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(answer.status, 400);
    assert.doesNotMatch(await answer.text(), new RegExp(secret));
  });
});

describe('the request log', () => {
  test('a line cannot be forged through the path: each request is one JSON line', async () => {
    const store = SqliteStore.open(':memory:');
    const lines: string[] = [];
    const app = createApp({ store, service: new LicensesService({ store }), allowedOrigins: [], log: (line) => lines.push(line) });
    await app.request('/api/v1/x%0d%0aGET%20/api/v1/me%20200%201.0%20ms');
    await app.request('/api/v1/x\r\nGET /api/v1/me 200');
    await store.close();
    assert.equal(lines.length, 2);
    for (const line of lines) {
      assert.doesNotMatch(line, /[\r\n]/, 'no line break inside a line');
      const entry = JSON.parse(line) as { method: string; path: string; status: number };
      assert.equal(entry.method, 'GET');
      assert.equal(entry.status, 401);
      assert.match(entry.path, /^\/api\/v1\/x/);
    }
  });
});

describe('idempotency storage', () => {
  async function seeded(): Promise<{ store: SqliteStore; keys: () => number }> {
    const store = SqliteStore.open(':memory:');
    await store.seed(createDemoWorld({ seed: 3, orders: 40, bigOrderLicenses: 20 }), { seed: 3 });
    const keys = () => (store.db.prepare('SELECT count(*) AS n FROM idempotency_keys').get() as { n: number }).n;
    return { store, keys };
  }

  test('changes asked of licenses that do not exist leave no keys behind', async () => {
    const { store, keys } = await seeded();
    const service = new LicensesService({ store });
    const caller = await firstReseller(store);
    for (let i = 0; i < 50; i += 1) {
      await assert.rejects(service.setBillingState(caller, `lic_missing_${i}`, { recurrent: true }, { idempotencyKey: `fresh-${i}` }), { code: 'not_found' });
    }
    assert.equal(keys(), 0);
    await store.close();
  });

  test('each reseller keeps only its newest keys, the oldest dropped first', async () => {
    const { store, keys } = await seeded();
    let tick = Date.parse('2026-12-01T00:00:00Z');
    const service = new LicensesService({ store, idempotencyKeysPerReseller: 5, clock: { now: () => new Date((tick += 1000)) } });
    const caller = await firstReseller(store);
    const orders = await store.searchOrders(caller.id, { limit: 1 });
    const orderId = orders.items[0]!.id;
    for (let i = 0; i < 3; i += 1) await service.resendConfirmationEmail(caller, orderId, undefined, { idempotencyKey: `k${i}` });
    tick += 10 * 60 * 1000; // past the confirmation rate limit's window
    for (let i = 3; i < 6; i += 1) await service.resendConfirmationEmail(caller, orderId, undefined, { idempotencyKey: `k${i}` });
    assert.equal(keys(), 5);
    assert.equal(await store.idempotency(caller.id, 'k0'), null, 'the oldest key is gone');
    assert.notEqual(await store.idempotency(caller.id, 'k5'), null, 'the newest key is kept');
    await store.close();
  });
});

describe('npm start with a database it cannot use', () => {
  for (const [what, path] of [
    ['a path below a file', '/etc/hostname/demo.sqlite'],
    ['a file that is not a database', 'garbage'],
  ] as const) {
    test(`${what} stops it with one sentence naming the database`, () => {
      const folder = mkdtempSync(join(tmpdir(), 'ld-start-'));
      const target = path === 'garbage' ? join(folder, 'garbage.sqlite') : path;
      if (path === 'garbage') writeFileSync(target, 'this is not SQLite, just some text that is long enough to be read as a header');
      try {
        const run = spawnSync(process.execPath, ['--import', 'tsx', 'demo/server/cli/main.ts'], {
          cwd: ROOT,
          env: { ...process.env, DATABASE_PATH: target, PORT: '0' },
          encoding: 'utf8',
          timeout: 30_000,
        });
        assert.equal(run.status, 2, run.stderr);
        const lines = run.stderr.trim().split('\n');
        assert.equal(lines.length, 1, run.stderr);
        assert.match(lines[0]!, new RegExp(`^Cannot open the database ${target.replaceAll('.', '\\.')}`));
        assert.doesNotMatch(run.stderr, /\n\s+at /);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });
  }
});

async function firstReseller(store: SqliteStore) {
  const { id } = store.db.prepare('SELECT id FROM resellers ORDER BY seq LIMIT 1').get() as { id: string };
  const reseller = await store.reseller(id);
  if (!reseller) throw new Error('no reseller');
  return reseller;
}
