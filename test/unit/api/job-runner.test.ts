/**
 * The job runner: resellers take turns, so a small job queued after another reseller's big
 * ones finishes early; and two runners over one PostgreSQL database (two processes) run a
 * job's rows exactly once between them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDemoWorld } from '../../../src/api/memory/demo-data.js';
import { MemoryStore } from '../../../src/api/memory/memory-store.js';
import { JobRunner, LicensesService } from '../../../src/service/service.js';
import type { Job } from '../../../src/api/contract/schemas.js';
import type { ServerStore } from '../../../demo/server/store/server-store.js';
import { openStore } from '../../../demo/server/store/open.js';
import { newOrderForJob } from '../../support/activation-job.js';
import { startPostgres } from '../../support/postgres.js';

const world = createDemoWorld({ seed: 5, orders: 30, bigOrderLicenses: 0, today: new Date('2026-11-27T12:00:00Z') });
const [resellerA, resellerB] = world.resellers.map((r) => r.id) as [string, string];

async function until(done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await done())) {
    assert.ok(Date.now() < deadline, 'the jobs did not finish within a minute');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

test("a reseller's small job does not wait for another reseller's big ones", async () => {
  const service = new LicensesService({ store: MemoryStore.fromWorld(world) });
  const [a, b] = [await service.caller(resellerA), await service.caller(resellerB)];
  const licenseIds = (n: number) => Array.from({ length: n }, (_, i) => `lic_missing_${i}`);
  const big: Job[] = [];
  for (let i = 0; i < 3; i += 1) big.push(await service.createJob(a, { kind: 'billing_change', licenseIds: licenseIds(50), recurrent: true }));
  const small = await service.createJob(b, { kind: 'billing_change', licenseIds: licenseIds(10), recurrent: true });
  const runner = new JobRunner(service, { concurrency: 1, rowsPerBatch: 10, pollMs: null });
  runner.wake();
  await until(async () => (await service.getJob(b, small.id)).status === 'done');
  const doneOfA = (await Promise.all(big.map((job) => service.getJob(a, job.id)))).reduce((sum, job) => sum + job.done, 0);
  assert.ok(doneOfA <= 20, `reseller B's job finished after ${doneOfA} of reseller A's 150 rows`);
  await until(async () => (await Promise.all(big.map((job) => service.getJob(a, job.id)))).every((job) => job.status === 'done'));
  await runner.stop();
});

test('two runners on one PostgreSQL database run every row of a job exactly once between them', { timeout: 120_000 }, async () => {
  const postgres = await startPostgres();
  const stores: ServerStore[] = [];
  try {
    const first = await openStore(postgres.url, { reset: true, poolSize: postgres.poolSize });
    stores.push(first);
    await first.seed(world, { seed: 5 });
    const second = await openStore(postgres.url, { reset: false, poolSize: postgres.poolSize });
    stores.push(second);
    const batches = [0, 0];
    const services = stores.map((store, i) => new LicensesService({ store, afterChange: () => (batches[i]! += 1) }));
    const service = services[0]!;
    const caller = await service.caller(resellerA);
    const { order, licenses, rows } = await newOrderForJob(service, caller, 120, 'Twin');
    const job = await service.createJob(caller, { kind: 'activation', rows });
    const runners = services.map((s) => new JobRunner(s, { concurrency: 1, rowsPerBatch: 5, pollMs: 5 }));
    for (const runner of runners) runner.wake();
    await until(async () => (await service.getJob(caller, job.id)).status === 'done');
    await Promise.all(runners.map((runner) => runner.stop()));

    const finished = await service.getJob(caller, job.id);
    assert.deepEqual([finished.done, finished.succeeded, finished.failed], [120, 120, 0]);
    const results = await service.getJobResults(caller, job.id, { limit: 1000 });
    assert.deepEqual(results.items.map((r) => r.row), rows.map((_, i) => i + 1));
    assert.equal((await service.getOrder(caller, order.id)).activeCount, 120);
    const history = await Promise.all(licenses.map((l) => service.getLicenseHistory(caller, l.id)));
    assert.ok(history.every((h) => h.items.filter((e) => e.kind === 'activated').length === 1), 'each license activated once');
    assert.ok(batches.every((n) => n > 0), `both runners worked on the job (batches: ${batches.join(', ')})`);
  } finally {
    for (const store of stores) await store.close();
    await postgres.stop();
  }
});
