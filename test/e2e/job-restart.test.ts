/**
 * End to end: a 2,000-row activation job survives a crash of the demo served by `npm start`'s
 * server. 50 of its rows are bad in different ways (unknown code, malformed code, already
 * active, refunded, customers that do not exist, exist already or break the schema). The
 * server is killed with SIGKILL while the job runs and started again on the same database;
 * the job then finishes with exactly 1,950 activations, the 50 failures with their codes,
 * and exactly one activation email per activated license.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { assertDoneOnce, change, finished, type Job, prepareActivationJob } from './job-rows.js';
import { readApi, startDemo, type RunningDemo } from './server.js';

let demo: RunningDemo | undefined;
after(() => demo?.stop());

test('a 2,000-row activation job with 50 bad rows finishes exactly once after the server is killed mid-job', { timeout: 300_000 }, async () => {
  demo = await startDemo();
  const prepared = await prepareActivationJob(demo, { invalidEmails: true });
  const queued = await change<Job>(demo, 'POST', '/jobs', { kind: 'activation', rows: prepared.rows }, 202);
  assert.equal(queued.total, 2000);
  let progress = queued;
  while (progress.done === 0) progress = await readApi<Job>(demo, `/jobs/${queued.id}`);
  assert.ok(progress.done >= 1 && progress.done <= 1999, `the job is under way when the server is killed (${progress.done} done)`);
  await demo.kill();

  demo = await startDemo({ databasePath: demo.databasePath });
  await assertDoneOnce(demo, await finished(demo, queued.id), prepared);
});
