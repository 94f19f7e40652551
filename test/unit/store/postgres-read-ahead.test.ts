/**
 * The PostgreSQL store's read-ahead (StoreTx.readAhead) and deferred writes against a real
 * server: what a transaction read ahead answers exactly as the reads would, without a
 * statement each; it follows the transaction's own deferred writes, which the database then
 * holds as they were answered; and any other statement forgets it. An activation job thus
 * takes fewer statements than it has rows. Its results, written with the other deferred
 * writes, are still recorded once per row; and a job that doubles the customers has their
 * statistics gathered at once (table-growth.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import type { ActivationJobRow, Job } from '../../../src/api/contract/schemas.js';
import { createDemoWorld, type DemoLicenseRecord } from '../../../src/api/memory/demo-data.js';
import { JobRunner, LicensesService } from '../../../src/service/service.js';
import type { ResellerRecord, StoreTx } from '../../../src/service/store.js';
import { openPostgresStore, type PostgresStore } from '../../../demo/server/store/postgres/postgres-store.js';
import { newOrderForJob } from '../../support/activation-job.js';
import { startPostgres, type TestPostgres } from '../../support/postgres.js';

const world = createDemoWorld({ seed: 11, orders: 40, bigOrderLicenses: 0, today: new Date('2026-11-27T15:30:00Z') });
const entries = [...world.orders()];
const resellerA = world.resellers[0]!.id;
const resellerB = world.resellers[1]!.id;

/** Unused available licenses of reseller A's processed orders, each handed out once. */
const available = entries
  .filter((e) => e.order.resellerId === resellerA && e.order.state === 'processed')
  .flatMap((e) => e.licenses.filter((l) => l.activatedAt === null));
const availableLicense = (): DemoLicenseRecord => {
  const license = available.shift();
  assert.ok(license, 'the world has an available license left');
  return license;
};
const activeA = entries.flatMap((e) => e.licenses).find((l) => l.resellerId === resellerA && l.customerId !== null)!;
const licenseB = entries.flatMap((e) => e.licenses).find((l) => l.resellerId === resellerB)!;
const customerA = world.customers.find((c) => c.resellerId === resellerA)!;

let db: TestPostgres;
let store: PostgresStore;
/** Statements sent to the server so far, by any client. */
let statements = 0;
const query = pg.Client.prototype.query;

before(async () => {
  db = await startPostgres();
  store = await openPostgresStore({ connectionString: db.url, max: db.poolSize ?? 10 });
  await store.seed(world, { seed: 11 });
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    statements += 1;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
});

after(async () => {
  pg.Client.prototype.query = query;
  await store?.close();
  await db?.stop();
});

/** How many statements `run` sends. */
async function counting<T>(run: () => Promise<T>): Promise<{ value: T; statements: number }> {
  const before = statements;
  const value = await run();
  return { value, statements: statements - before };
}

/** Rolls the transaction back after `work`. */
async function rolledBack(work: (tx: StoreTx) => Promise<void>): Promise<void> {
  await assert.rejects(
    store.transaction(async (tx) => {
      await work(tx);
      throw new Error('rolled back');
    }),
    /rolled back/,
  );
}

describe('PostgresStore: reading ahead', () => {
  test('what was read ahead answers as each read would, codes in any case, unknown codes and emails, without a statement', async () => {
    const license = availableLicense();
    const codes = [license.activationCode.toLowerCase(), activeA.activationCode, licenseB.activationCode.toUpperCase(), 'NO-SUCH-CODE'];
    const emails = [customerA.email.toUpperCase(), 'nobody.at.all@example.test'];
    await rolledBack(async (tx) => {
      const ask = async () => ({
        byCode: await sequence(codes, (code) => tx.licenseByCode(code)),
        licenses: await sequence([license.id, activeA.id], (id) => tx.license(resellerA, id)),
        orders: await sequence([license.orderId, activeA.orderId], (id) => tx.order(resellerA, id)),
        customers: await sequence(emails, (email) => tx.customerByEmail(resellerA, email)),
      });
      const plain = await ask();
      assert.equal(plain.byCode[2]?.resellerId, resellerB, "another reseller's code is found as licenseByCode finds it");
      assert.deepEqual([plain.byCode[3], plain.customers[1]], [null, null]);
      await tx.readAhead(resellerA, { activationCodes: codes, customerEmails: emails });
      const ahead = await counting(ask);
      assert.deepEqual(ahead.value, plain);
      assert.equal(ahead.statements, 0, 'every answer came from what was read ahead');
      assert.equal(await tx.license(resellerA, licenseB.id), null, "what was not read ahead goes to the database: not A's license");
    });
  });

  test("what was read ahead follows the transaction's writes, and the database holds them as they were answered", async () => {
    const license = availableLicense();
    const newcomer = { id: 'cus_ahead_1', email: 'New.Reader@Example.test', organization: 'Readers', firstName: 'New', lastName: 'Reader', phone: null, country: 'DE' };
    const at = '2026-11-27T16:10:00Z';
    let written: unknown;
    await store.transaction(async (tx) => {
      await tx.readAhead(resellerA, { activationCodes: [license.activationCode], customerEmails: ['new.reader@example.test'] });
      assert.equal(await tx.customerByEmail(resellerA, newcomer.email), null);
      const order = (await tx.order(resellerA, license.orderId))!;
      const writes = await counting(async () => {
        await tx.addCustomer(resellerA, newcomer);
        await tx.activate(resellerA, license.id, newcomer.id, at);
        await tx.setOrderCounts(resellerA, order.id, { activeCount: order.activeCount + 1, availableCount: order.availableCount - 1 });
      });
      assert.equal(writes.statements, 0, 'the writes wait');
      const ask = async () => [
        await tx.licenseByCode(license.activationCode),
        await tx.license(resellerA, license.id),
        await tx.order(resellerA, license.orderId),
        await tx.customerByEmail(resellerA, 'NEW.READER@example.test'),
      ];
      const ahead = await counting(ask);
      assert.equal(ahead.statements, 0);
      const [byCode, , counted, customer] = ahead.value as [{ license: { activatedAt: string; customer: unknown } }, unknown, { activeCount: number }, { id: string }];
      assert.deepEqual([byCode.license.activatedAt, byCode.license.customer], [at, { id: newcomer.id, email: newcomer.email, organization: 'Readers' }]);
      assert.deepEqual([counted.activeCount, customer.id], [order.activeCount + 1, newcomer.id]);
      // Any other statement writes what waits first and forgets what was read ahead.
      assert.equal((await tx.customer(resellerA, newcomer.id))?.email, newcomer.email);
      const fromDatabase = await counting(ask);
      assert.ok(fromDatabase.statements >= 4, 'read from the database');
      assert.deepEqual(fromDatabase.value, ahead.value, 'the database answers as the read-ahead did');
      written = ahead.value;
    });
    assert.deepEqual(
      [await store.licenseByCode(license.activationCode), await store.license(resellerA, license.id), await store.order(resellerA, license.orderId), await store.customerByEmail(resellerA, newcomer.email)],
      written,
      'committed as answered',
    );
  });

  test('a write the read-ahead does not follow, and any read of the database, make the transaction forget it', async () => {
    const license = availableLicense();
    await rolledBack(async (tx) => {
      await tx.readAhead(resellerA, { activationCodes: [license.activationCode], customerEmails: [] });
      await tx.setRecurrent(resellerA, license.id, !license.recurrent);
      assert.equal((await tx.licenseByCode(license.activationCode))?.license.recurrent, !license.recurrent);
      await tx.readAhead(resellerA, { activationCodes: [license.activationCode], customerEmails: [customerA.email] });
      await tx.reseller(resellerA);
      const after = await counting(() => tx.customerByEmail(resellerA, customerA.email));
      assert.equal(after.statements, 1, 'a read after another statement goes to the database');
      assert.equal(after.value?.id, customerA.id);
    });
  });
});

describe('PostgresStore: an activation job', () => {
  test('a 100-row activation job with a new customer per row runs in fewer statements than it has rows', async () => {
    const service = new LicensesService({ store });
    const caller = await service.caller(resellerA);
    const { order, rows } = await newOrderForJob(service, caller, 100, 'Bulk');
    let polls = 0;
    const ran = await counting(async () => {
      polls = await runJob(service, caller, rows);
    });
    assert.equal((await service.getOrder(caller, order.id)).activeCount, 100);
    const statements = ran.statements - polls;
    assert.ok(statements < rows.length, `${statements} statements for ${rows.length} rows`);
  });

  test('a job that doubles the customers gathers their statistics at once (not a minute later), and a small one does not', async () => {
    const service = new LicensesService({ store });
    const caller = await service.caller(resellerA);
    const estimate = async () =>
      (await store.pool.query<{ n: number }>("SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'customers'::regclass")).rows[0]!.n;
    await store.pool.query('ANALYZE customers');
    const before = await estimate();
    await runJob(service, caller, (await newOrderForJob(service, caller, 10, 'Few')).rows);
    assert.equal(await estimate(), before, 'ten more customers leave the statistics as they were');
    // Gathered once the job has added as many as there were (at least 100), in the batch that got there.
    const doubled = Math.max(before, 100);
    await runJob(service, caller, (await newOrderForJob(service, caller, doubled + 20, 'Many')).rows);
    const after = await estimate();
    assert.ok(after >= before + doubled && after <= before + 10 + doubled + 20, `${before} customers, then ${after}`);
  });
  test("a row that has a result already is not recorded again: the transaction fails and the job's progress stays", async () => {
    const service = new LicensesService({ store });
    const caller = await service.caller(resellerA);
    const job = await service.createJob(caller, { kind: 'activation', rows: (await newOrderForJob(service, caller, 2, 'Twice')).rows });
    const record = (failed: number) =>
      store.transaction(async (tx) => {
        const claimed = await tx.claimJob(resellerA, job.id, 1);
        const row = claimed!.rows[0]!;
        const result = { row: 1, target: row.target, ok: false, code: 'internal_error' as const, detail: 'Failed.', licenseId: null };
        await tx.saveJobResults(resellerA, job.id, [result], { status: 'running', done: failed, succeeded: 0, failed, finishedAt: null });
      });
    await record(1);
    await assert.rejects(record(2), /results already/);
    assert.equal((await service.getJob(caller, job.id)).failed, 1);
    assert.deepEqual((await service.getJobResults(caller, job.id, {})).items.map((r) => r.row), [1]);
  });
});

/** Runs an activation job of `rows` to its end, every row succeeding; answers how many times it asked for the job's progress. */
async function runJob(service: LicensesService, caller: ResellerRecord, rows: ActivationJobRow[]): Promise<number> {
  const job = await service.createJob(caller, { kind: 'activation', rows });
  const runner = new JobRunner(service, { concurrency: 1, rowsPerBatch: 25, pollMs: null });
  let polls = 0;
  let progress: Job;
  runner.wake();
  do {
    await new Promise((resolve) => setTimeout(resolve, 20));
    polls += 1;
    progress = await service.getJob(caller, job.id);
  } while (progress.status !== 'done');
  await runner.stop();
  assert.equal(progress.succeeded, rows.length);
  return polls;
}

async function sequence<T, R>(items: T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (const item of items) out.push(await run(item));
  return out;
}
