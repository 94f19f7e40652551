/**
 * The SQLite store's reader threads (readers.ts): over a database file, the searches run on
 * worker threads with connections of their own, and answer as the store's own connection
 * does, see what was committed before them, and fail as it does.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LicenseCountsQuery, LicenseSearchQuery, OrdersQuery } from '../../../src/api/contract/schemas.js';
import { createDemoWorld } from '../../../src/api/memory/demo-data.js';
import { BadCursorError } from '../../../src/service/store.js';
import { asError, ReaderPool } from '../../../demo/server/store/sqlite/readers.js';
import { SqliteStore } from '../../../demo/server/store/sqlite/sqlite-store.js';

const world = createDemoWorld({ seed: 11, today: new Date('2026-06-15T10:20:30Z'), orders: 150, bigOrderLicenses: 200 });
const reseller = world.resellers[0]!;
const orders = (query: Record<string, string>, limit = 7) => ({ ...OrdersQuery.parse(query), limit });

describe('SqliteStore over a file: searches on reader threads', () => {
  const folder = mkdtempSync(join(tmpdir(), 'ld-readers-'));
  const path = join(folder, 'store.sqlite');
  let pooled: SqliteStore;
  let inThread: SqliteStore;

  before(async () => {
    pooled = SqliteStore.open(path, { readers: 2 });
    await pooled.seed(world, { seed: 11 });
    inThread = SqliteStore.open(path, { readers: 0 });
  });
  after(async () => {
    await pooled.close();
    await inThread.close();
    rmSync(folder, { recursive: true, force: true });
  });

  test('each search answers as the store\'s own connection does, page after page', async () => {
    const queries: Record<string, string>[] = [{}, { q: '026' }, { q: 'ord' }, { q: 'example' }, { state: 'refunded' }, { sort: 'amount:desc' }, { q: 'zzzz-nothing' }];
    for (const query of queries) {
      let cursor: string | undefined;
      for (let page = 0; page < 3; page += 1) {
        const parsed = orders({ ...query, ...(cursor === undefined ? {} : { cursor }) });
        const [fromThreads, fromStore] = await Promise.all([pooled.searchOrders(reseller.id, parsed), inThread.searchOrders(reseller.id, parsed)]);
        assert.deepEqual(fromThreads, fromStore, `${JSON.stringify(query)}, page ${page + 1}`);
        if (fromThreads.nextCursor === null) break;
        cursor = fromThreads.nextCursor;
      }
    }
    const licenses = { ...LicenseSearchQuery.parse({ status: 'active' }), limit: 20 };
    assert.deepEqual(await pooled.searchLicenses(reseller.id, licenses), await inThread.searchLicenses(reseller.id, licenses));
    const counts = LicenseCountsQuery.parse({});
    assert.deepEqual(await pooled.countLicensesByProduct(reseller.id, counts), await inThread.countLicensesByProduct(reseller.id, counts));
  });

  test('searches asked together answer alike, and find what was committed before them, not what is not committed yet', async () => {
    const found = await Promise.all(Array.from({ length: 6 }, () => pooled.searchOrders(reseller.id, orders({ q: 'ord' }))));
    assert.equal(new Set(found.map((page) => JSON.stringify(page))).size, 1);

    const email = 'written.just.now@readers-test.example';
    const before = await pooled.searchOrders(reseller.id, orders({ q: 'readers-test' }));
    assert.equal(before.total, 0);
    const license = pooled.db
      .prepare<[string], { id: string; order_id: string }>(
        `SELECT l.id, o.id AS order_id FROM licenses l JOIN orders o ON o.seq = l.order_seq JOIN resellers r ON r.seq = l.reseller_seq
         WHERE r.id = ? AND l.customer_seq IS NULL ORDER BY l.seq LIMIT 1`,
      )
      .get(reseller.id)!;
    await pooled.transaction(async (tx) => {
      await tx.addCustomer(reseller.id, { id: 'cus_readers1', email, organization: 'Readers', firstName: 'Rea', lastName: 'Der', phone: null, country: 'DE' });
      await tx.activate(reseller.id, license.id, 'cus_readers1', '2026-06-15T11:00:00.000Z');
      const uncommitted = await pooled.searchOrders(reseller.id, orders({ q: 'readers-test' }));
      assert.equal(uncommitted.total, 0, 'a search outside the transaction, on a thread, does not see what it has not committed yet');
    });
    const afterWrite = await pooled.searchOrders(reseller.id, orders({ q: 'readers-test' }));
    assert.deepEqual(afterWrite.items.map((order) => order.id), [license.order_id]);
    assert.equal(afterWrite.total, 1);
  });

  test('a cursor the search did not hand out fails as a bad cursor, from a thread too', async () => {
    const bad = orders({ cursor: 'bm90LWEtY3Vyc29y' });
    await assert.rejects(inThread.searchOrders(reseller.id, bad), BadCursorError);
    await assert.rejects(pooled.searchOrders(reseller.id, bad), BadCursorError);
    assert.ok(asError({ name: 'TypeError', message: 'x' }) instanceof Error);
    assert.ok(!(asError({ name: 'TypeError', message: 'x' }) instanceof BadCursorError));
  });
});

describe('ReaderPool', () => {
  const folder = mkdtempSync(join(tmpdir(), 'ld-pool-'));
  const path = join(folder, 'pool.sqlite');
  let resellerId: string;

  before(async () => {
    const store = SqliteStore.open(path, { readers: 0 });
    await store.seed(createDemoWorld({ seed: 3, today: new Date('2026-06-15T10:20:30Z'), orders: 20, bigOrderLicenses: 20 }), { seed: 3 });
    resellerId = (await store.resellerIds())[0]!;
    await store.close();
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  test('starts threads as reads wait, up to its size, waits for reads under way when closed, then takes none', async () => {
    const pool = new ReaderPool(path, 2);
    assert.equal(pool.threads, 0);
    const one = await pool.run('searchOrders', resellerId, orders({}));
    assert.equal(pool.threads, 1, 'one read needs one thread');
    const many = Promise.all(Array.from({ length: 5 }, () => pool.run('searchOrders', resellerId, orders({}))));
    assert.equal(pool.threads, 2, 'reads waiting together start threads up to the pool\'s size');
    const closed = pool.close();
    assert.deepEqual(await many, Array.from({ length: 5 }, () => one), 'reads under way are answered before the threads end');
    await closed;
    await assert.rejects(pool.run('searchOrders', resellerId, orders({})), /closed/);
  });

  test('a store in memory has no reader threads, and a pool needs at least one', () => {
    assert.throws(() => new ReaderPool(path, 0), RangeError);
    const memory = SqliteStore.open(':memory:');
    assert.throws(() => new SqliteStore(memory.db, 2), /in memory/);
    return memory.close();
  });
});
