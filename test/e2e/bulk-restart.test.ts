/**
 * End to end: a 2,000-row activation CSV uploaded on the storefront demo, in headless
 * Chromium, survives a crash of the server. 50 of its rows are bad in ways only the server can
 * tell (unknown and malformed codes, licenses already active or refunded, customers that do
 * not exist or exist already), so the preview sends all 2,000. The server is SIGKILLed while
 * the job runs and started again on the same database and port; the page, reloaded, shows the
 * job finishing on its own, and it ends with exactly 1,950 activations, the 50 failures with
 * their codes and 1,950 customer emails.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import Papa from 'papaparse';
import { chromium, type Browser } from 'playwright-core';
import { launchOptions, watchedPage } from './browser.js';
import { assertDoneOnce, finished, type Job, type PreparedJob, prepareActivationJob } from './job-rows.js';
import { readApi, startDemo, type RunningDemo } from './server.js';

let demo: RunningDemo | undefined;
let browser: Browser | undefined;
after(async () => {
  await browser?.close();
  await demo?.stop();
});

/** The job's rows as the CSV a reseller would upload: an existing customer by email alone, a new one with every column. */
function csvOf(prepared: PreparedJob): string {
  const rows = prepared.rows.map(({ activationCode, customer }) =>
    customer.kind === 'existing'
      ? { 'Activation code': activationCode, Email: customer.email, Organization: '', 'First name': '', 'Last name': '', Country: '' }
      : {
          'Activation code': activationCode,
          Email: customer.email,
          Organization: customer.organization,
          'First name': customer.firstName,
          'Last name': customer.lastName,
          Country: customer.country,
        },
  );
  return Papa.unparse(rows);
}

test('a 2,000-row CSV uploaded in the browser finishes exactly once after the server is killed mid-job', { timeout: 300_000 }, async () => {
  demo = await startDemo();
  const port = Number(new URL(demo.url).port);
  const prepared = await prepareActivationJob(demo, { invalidEmails: false });
  const problems: string[] = [];
  browser = await chromium.launch(await launchOptions());
  const page = await watchedPage(browser, problems);

  await page.goto(`${demo.url}/#bulk-activation`);
  const bulk = page.locator('bulk-jobs');
  await bulk.getByLabel('CSV file of activations').setInputFiles({ name: 'activations.csv', mimeType: 'text/csv', buffer: Buffer.from(csvOf(prepared)) });
  const start = bulk.getByRole('button', { name: /^Activate 2,?000 valid rows$/ });
  await start.waitFor({ timeout: 30_000 });
  assert.equal(await bulk.locator('[part="flagged-row"]').count(), 0, 'the preview flags none of the rows: only the server can tell what is wrong with them');
  const posted = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith('/jobs'));
  await start.click();
  const queued = (await (await posted).json()) as Job;
  assert.equal(queued.total, 2000);
  await bulk.getByRole('progressbar').waitFor();

  let progress = queued;
  while (progress.done === 0) progress = await readApi<Job>(demo, `/jobs/${queued.id}`);
  assert.ok(progress.done >= 1 && progress.done <= 1999, `the job is under way when the server is killed (${progress.done} done)`);
  await demo.kill();

  demo = await startDemo({ databasePath: demo.databasePath, port });
  // Back on the page: it finds the job it started and follows it to the end.
  await page.reload();
  await bulk.getByText(/^Activations: done\. 1,?950 succeeded, 50 failed\.$/).waitFor({ timeout: 240_000 });
  await assertDoneOnce(demo, await finished(demo, queued.id), prepared);
  assert.deepEqual(problems.filter((p) => !/net::ERR_CONNECTION_REFUSED|Failed to load resource/.test(p)), []);
});
