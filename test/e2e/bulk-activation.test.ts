/**
 * End to end: bulk activation on the storefront demo served by `npm start`'s server, in
 * headless Chromium. A reseller chooses a CSV file with good rows and bad ones, sees the
 * preview flag the bad rows with why, starts the job for the good rows, watches its progress
 * bar fill, reads each row's result, and downloads the results as CSV; the API then shows
 * the licenses active.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import Papa from 'papaparse';
import { chromium, type Browser, type Page } from 'playwright-core';
import { activationCsv, BAD_ROWS } from '../../stories/support/activation-csv.js';
import { launchOptions, watchedPage } from './browser.js';
import { readApi, startDemo, type RunningDemo } from './server.js';

interface ApiLicense {
  id: string;
  activationCode: string;
  status: string;
  customer: { email: string } | null;
}
interface ApiOrder {
  id: string;
  availableCount: number;
}

let demo: RunningDemo;
let browser: Browser;
let page: Page;
const problems: string[] = [];

const api = <T>(path: string): Promise<T> => readApi<T>(demo, path);

/** `count` available activation codes of processed orders, and the email of a registered customer. */
async function codesAndCustomer(count: number): Promise<{ codes: string[]; email: string }> {
  const codes: string[] = [];
  let email: string | null = null;
  const { items } = await api<{ items: ApiOrder[] }>('/orders?state=processed&limit=200');
  for (const order of items) {
    const licenses = await api<{ items: ApiLicense[] }>(`/orders/${order.id}/licenses?limit=500`);
    for (const license of licenses.items) {
      if (license.status === 'available' && codes.length < count) codes.push(license.activationCode);
      email ??= license.customer?.email ?? null;
    }
    if (codes.length >= count && email !== null) break;
  }
  assert.ok(codes.length >= count && email !== null, 'the demo data holds enough available codes and a customer');
  return { codes, email };
}

describe('bulk activation on the storefront demo', () => {
  before(async () => {
    demo = await startDemo();
    browser = await chromium.launch(await launchOptions());
    page = await watchedPage(browser, problems);
  });

  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  test('a CSV with good and bad rows: the bad ones flagged, the good ones activated as a job, the results as CSV', async () => {
    const good = 30;
    const bad = BAD_ROWS.length * 2;
    const { codes, email } = await codesAndCustomer(good);
    const csv = activationCsv(codes, email, { good, bad, delimiter: ';', german: true, bom: true, tag: `e2e${Date.now()}` });

    await page.goto(`${demo.url}/#bulk-activation`);
    const bulk = page.locator('bulk-jobs');
    await bulk.getByLabel('CSV file of activations').setInputFiles({ name: 'activations.csv', mimeType: 'text/csv', buffer: Buffer.from(csv.text) });

    // The preview flags every bad row with why, before anything is sent.
    await bulk.getByText(`${good + bad} rows: ${good} can be sent, ${bad} have problems.`).waitFor();
    const flagged = bulk.locator('[part="flagged-row"]');
    assert.equal(await flagged.count(), bad);
    const reasons = new Set(await flagged.locator('td.check').allTextContents());
    assert.deepEqual([...reasons].map((r) => r.trim()).sort(), [
      'Activation code missing or too long',
      'Country must be a two-letter code such as DE',
      'Email is not a valid address',
      'Organization missing',
      'The same activation code is in an earlier row',
    ]);

    // The job runs with a progress bar, then each row's result shows.
    await bulk.getByRole('button', { name: `Activate ${good} valid rows` }).click();
    await bulk.getByRole('progressbar').waitFor();
    await bulk.getByText(`Activations: done. ${good} succeeded, 0 failed.`).waitFor({ timeout: 60_000 });
    const results = bulk.locator('[part="results-table"] tbody tr');
    await results.first().waitFor();
    assert.equal(await results.count(), good);
    assert.deepEqual(new Set(await results.locator('td:last-child').allTextContents()), new Set(['Activated']));

    // The results as CSV, one line per row sent.
    const downloadPromise = page.waitForEvent('download');
    await bulk.getByRole('button', { name: 'Download results' }).click();
    const file = readFileSync(await (await downloadPromise).path(), 'utf8');
    const parsed = Papa.parse<Record<string, string>>(file.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
    assert.equal(parsed.data.length, good);
    assert.deepEqual(parsed.data.map((r) => r['Target']), csv.codes);
    assert.ok(parsed.data.every((r) => r['OK'] === 'Yes'));

    // The API shows every good row's license active.
    const licenseIds = parsed.data.map((r) => r['License ID']);
    for (const id of licenseIds) assert.equal((await api<ApiLicense>(`/licenses/${id}`)).status, 'active');
    assert.deepEqual(problems, []);
  });
});
