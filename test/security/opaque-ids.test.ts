/**
 * Cursors and history ids say nothing about the database, on SQLite and on PostgreSQL: a
 * cursor decodes to no number the database holds, one reseller's cursor is refused for
 * another, and history ids share no counter across resellers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type DemoServerOptions, startDemoServer, type StartedDemoServer } from '../../demo/server/start.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';

const WORLD = { orders: 60, bigOrderLicenses: 120 };

type Page = { items: { id: string }[]; nextCursor: string | null };

for (const backend of ['SQLite', 'PostgreSQL'] as const) {
  describe(`opaque cursors and ids (${backend})`, () => {
    let server: StartedDemoServer | undefined;
    let postgres: TestPostgres | undefined;
    before(async () => {
      let options: DemoServerOptions = { databasePath: ':memory:' };
      if (backend === 'PostgreSQL') {
        postgres = await startPostgres();
        options = { databaseUrl: postgres.url, ...(postgres.poolSize ? { databasePoolSize: postgres.poolSize } : {}) };
      }
      server = await startDemoServer({ ...WORLD, ...options });
    });
    after(async () => {
      await server?.close();
      await postgres?.stop();
    });
    const get = async <T>(path: string, reseller: 'a' | 'b' = 'a'): Promise<{ status: number; body: T }> => {
      const res = await fetch(server!.apiBase + path, { headers: { Authorization: `Bearer ${server!.tokens[reseller]}` } });
      return { status: res.status, body: (await res.json()) as T };
    };
    const firstOrder = async (reseller: 'a' | 'b') => (await get<Page>('/orders?limit=1&sort=amount:asc', reseller)).body;
    const bigOrder = async () => (await get<{ items: { id: string; quantity: number }[] }>('/orders?limit=200')).body.items.sort((x, y) => y.quantity - x.quantity)[0]!;

    test('a cursor decodes to no number from the database, and no text of the query', async () => {
      const pages = [(await firstOrder('a')).nextCursor, (await firstOrder('b')).nextCursor, (await get<Page>(`/orders/${(await bigOrder()).id}/licenses?limit=5`)).body.nextCursor];
      for (const cursor of pages) {
        assert.ok(cursor !== null);
        assert.match(cursor, /^[A-Za-z0-9_-]+$/);
        const decoded = Buffer.from(cursor, 'base64url').toString('latin1');
        assert.throws(() => JSON.parse(decoded), SyntaxError, `the cursor reads ${JSON.stringify(decoded)}`);
        // Random bytes hold a run of five digits about once in 100,000 cursors; a row number or amount always.
        // A JSON array of a sort name starts `["` and letters: random bytes hold `["` alone once in some 1,600 cursors.
        assert.doesNotMatch(decoded, /\d{5,}|amount|ord_|lic_|purchasedAt|\["[A-Za-z]{3}/, `the cursor reads ${JSON.stringify(decoded)}`);
        assert.ok(cursor.length >= 40, 'a nonce, a sealed body and a tag');
      }
      const again = (await firstOrder('a')).nextCursor;
      assert.notEqual(again, pages[0], 'the same page gives a new cursor every time');
    });

    test("one reseller's cursor given to another is a 400 on cursor", async () => {
      const ofB = (await firstOrder('b')).nextCursor!;
      const asA = await get<{ code: string; errors: { path: string }[] }>(`/orders?limit=1&sort=amount:asc&cursor=${encodeURIComponent(ofB)}`, 'a');
      assert.equal(asA.status, 400);
      assert.equal(asA.body.code, 'validation_failed');
      assert.equal(asA.body.errors[0]?.path, 'cursor');
      const asB = await get<Page>(`/orders?limit=1&sort=amount:asc&cursor=${encodeURIComponent(ofB)}`, 'b');
      assert.equal(asB.status, 200, 'the cursor still works for its own reseller');
      const tampered = `${ofB.slice(0, -2)}${ofB.endsWith('AA') ? 'AB' : 'AA'}`;
      assert.equal((await get(`/orders?limit=1&sort=amount:asc&cursor=${tampered}`, 'b')).status, 400, 'a changed cursor');
    });

    test('history ids of A and B reveal no shared counter', async () => {
      // Interleaved changes of A and B: with a shared counter, their ids would alternate.
      const historyIds = async (reseller: 'a' | 'b', orderId: string) => {
        const licenseId = (await get<Page>(`/orders/${orderId}/licenses?limit=1`, reseller)).body.items[0]!.id;
        const ids = (await get<Page>(`/licenses/${licenseId}/history`, reseller)).body.items.map((h) => h.id);
        // The service names the purchase and the activation after the license; what the store recorded is `his_`.
        return { licenseId, recorded: ids.filter((id) => !id.startsWith(`${licenseId}.`)) };
      };
      const orderA = (await firstOrder('a')).items[0]!.id;
      const orderB = (await firstOrder('b')).items[0]!.id;
      for (let i = 0; i < 2; i += 1) {
        for (const [reseller, orderId] of [['a', orderA], ['b', orderB]] as const) {
          const res = await fetch(`${server!.apiBase}/orders/${orderId}/confirmation-email`, { method: 'POST', headers: { Authorization: `Bearer ${server!.tokens[reseller]}` } });
          assert.equal(res.status, 202);
        }
      }
      const ofA = await historyIds('a', orderA);
      const ofB = await historyIds('b', orderB);
      const ids = [...ofA.recorded, ...ofB.recorded];
      assert.ok(ofA.recorded.length >= 2 && ofB.recorded.length >= 2, ids.join());
      for (const id of ids) {
        assert.match(id, /^his_[A-Za-z0-9_-]{22}$/);
        assert.doesNotMatch(id, /^his_[0-9a-z]{1,8}$/, 'an id is not a row number');
      }
      assert.equal(new Set(ids).size, ids.length);
      const again = await historyIds('a', orderA);
      assert.deepEqual(again.recorded, ofA.recorded, 'an entry keeps its id');
    });
  });
}
