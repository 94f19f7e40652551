/**
 * End to end: the storefront demo page served by `npm start`'s server, in headless
 * Chromium, found by role and label as a person would: search an order, open it, activate
 * a license for a new customer, see the email, enable auto-renewal, export the keys.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import Papa from 'papaparse';
import { chromium, type Browser, type Page } from 'playwright-core';
import { fillNewCustomer } from '../support/new-customer.js';
import { launchOptions, watchedPage } from './browser.js';
import { readApi, startDemo, type RunningDemo } from './server.js';

interface ApiLicense {
  id: string;
  activationCode: string;
  status: string;
  recurrent: boolean;
  autoRenew: boolean;
}
interface ApiOrder {
  id: string;
  orderNumber: string;
  quantity: number;
  availableCount: number;
  activeCount: number;
}

let demo: RunningDemo;
let browser: Browser;
let page: Page;
const problems: string[] = [];

const api = <T>(path: string): Promise<T> => readApi<T>(demo, path);

/** A processed order of a few licenses with an available one that does not renew yet. */
async function pickOrder(): Promise<{ order: ApiOrder; license: ApiLicense }> {
  const { items } = await api<{ items: ApiOrder[] }>('/orders?state=processed&limit=200');
  for (const order of items) {
    if (order.quantity > 12 || order.availableCount === 0) continue;
    const licenses = await api<{ items: ApiLicense[] }>(`/orders/${order.id}/licenses`);
    const license = licenses.items.find((l) => l.status === 'available' && !l.recurrent);
    if (license) return { order, license };
  }
  throw new Error('The demo data holds no small processed order with an available, non-recurrent license');
}

describe('the storefront demo', () => {
  before(async () => {
    demo = await startDemo();
    browser = await chromium.launch(await launchOptions());
    page = await watchedPage(browser, problems);
  });

  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  test('a reseller activates a license for a new customer, enables auto-renew and exports the keys', async () => {
    const { order, license } = await pickOrder();
    await page.goto(`${demo.url}/`);

    // Search by the order number.
    await page.getByLabel('Order number').fill(order.orderNumber);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const tile = page.locator('order-tile');
    await assert.doesNotReject(tile.first().waitFor());
    await page.waitForFunction(() => document.querySelector('licenses-search')?.shadowRoot?.querySelectorAll('order-tile').length === 1);

    // Expand the tile and show its license keys.
    await page.getByRole('button', { name: `Show details of order ${order.orderNumber}` }).click();
    await page.getByRole('button', { name: 'Show License Keys' }).click();
    const row = page.locator('license-keys-table tr', { hasText: license.activationCode });
    await row.waitFor();

    // Activate for a new customer.
    const email = `e2e-${Date.now()}@customer.example`;
    await row.getByRole('button', { name: /^Actions for/ }).click();
    await page.getByRole('menuitem', { name: 'Activate', exact: true }).click();
    const activate = page.locator('activate-dialog');
    await fillNewCustomer(activate, 'New customer', { organization: 'Contoso Testing Ltd', firstName: 'Ada', lastName: 'Lovelace', email });
    await activate.getByRole('button', { name: 'Activate', exact: true }).click();
    await activate.getByText(`We emailed the activation details to ${email}`).waitFor();
    await activate.getByRole('button', { name: 'OK' }).click();

    // The activation email is in the outbox.
    const outbox = (await (await fetch(`${demo.url}/outbox.json`, { headers: { authorization: `Bearer ${demo.tokenA}` } })).json()) as {
      items: { to: string; text: string }[];
    };
    const mails = outbox.items.filter((m) => m.to === email);
    assert.equal(mails.length, 1, 'exactly one activation email to the new customer');
    assert.ok(mails[0]?.text.includes(license.activationCode), 'the email holds the activation code');

    // Enable auto-renewal; Auto Renew turns Yes.
    await row.getByRole('button', { name: /^Actions for/ }).click();
    await page.getByRole('menuitem', { name: /^Change Billing State/ }).click();
    const billing = page.locator('billing-state-dialog');
    await billing.getByRole('radio', { name: 'Enable auto-renew' }).check();
    await billing.getByRole('button', { name: 'Submit' }).click();
    await billing.getByText('Auto-renew is enabled for the license').waitFor();
    await billing.getByRole('button', { name: 'OK' }).click();
    const autoRenewIndex = await columnIndex(page, 'Auto Renew');
    await page.waitForFunction(
      ([code, index]) => {
        const table = document
          .querySelector('licenses-search')
          ?.shadowRoot?.querySelector('order-tile')
          ?.shadowRoot?.querySelector('license-keys-table')?.shadowRoot;
        const tr = Array.from(table?.querySelectorAll('tbody tr') ?? []).find((r) => r.textContent?.includes(code as string));
        return tr?.querySelectorAll('td, th')[index as number]?.textContent?.trim() === 'Yes';
      },
      [license.activationCode, autoRenewIndex] as const,
    );
    const after = await api<ApiLicense>(`/licenses/${license.id}`);
    assert.equal(after.status, 'active');
    assert.equal(after.autoRenew, true);

    // Export the keys and compare the file with the API.
    const downloadPromise = page.waitForEvent('download');
    await page.locator('license-keys-table').getByRole('button', { name: 'Export' }).click();
    const download = await downloadPromise;
    const file = readFileSync(await download.path(), 'utf8');
    assert.ok(file.startsWith('\uFEFF'), 'the CSV starts with a byte-order mark');
    const parsed = Papa.parse<Record<string, string>>(file.slice(1), { header: true, skipEmptyLines: true });
    const apiLicenses = await api<{ items: ApiLicense[] }>(`/orders/${order.id}/licenses`);
    assert.deepEqual(
      parsed.data.map((r) => r['Activation Code']).sort(),
      apiLicenses.items.map((l) => l.activationCode).sort(),
    );
    const exported = parsed.data.find((r) => r['Activation Code'] === license.activationCode);
    assert.equal(exported?.['Auto Renew'], 'true');
    assert.equal(exported?.['Customer Email'], email);

    assert.deepEqual(problems, [], 'no console errors, page errors or CSP violations');
  });

  test("the German strings load from the bundle's chunks only when the page turns German", async () => {
    const requested: string[] = [];
    const onRequest = (request: { url(): string }) => requested.push(new URL(request.url()).pathname);
    page.on('request', onRequest);
    try {
      await page.goto(`${demo.url}/`);
      await page.getByLabel('Order number').waitFor();
      await page.locator('order-tile').first().waitFor();
      assert.deepEqual(requested.filter((path) => /\/chunks\/de-/.test(path)), [], 'an English page fetches no German');

      await page.evaluate(() => {
        const provider = document.querySelector('licenses-provider') as (Element & { locale: string | null }) | null;
        if (provider) provider.locale = 'de-DE';
      });
      await page.getByLabel('Bestellnummer').waitFor();
      await page.getByRole('button', { name: 'Suchen', exact: true }).waitFor();
      assert.equal(requested.filter((path) => /^\/cdn\/chunks\/de-[\w-]+\.js$/.test(path)).length, 1, 'one German chunk');
      assert.deepEqual(problems, [], 'no console errors, page errors or CSP violations');
    } finally {
      page.off('request', onRequest);
    }
  });

  test('the storefront switches to German from its language menu, and keeps German on the next visit', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const visitor = await context.newPage();
    visitor.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    try {
      await visitor.goto(`${demo.url}/`);
      await visitor.getByLabel('Order number').waitFor();
      await visitor.getByLabel('Language').selectOption({ label: 'Deutsch' });
      await visitor.getByLabel('Bestellnummer').waitFor();
      assert.equal(await visitor.evaluate(() => document.documentElement.lang), 'de-DE');
      await visitor.reload();
      await visitor.getByLabel('Bestellnummer').waitFor();
      assert.equal(await visitor.getByLabel('Language').inputValue(), 'de-DE', 'the menu shows the remembered language');
      await visitor.getByLabel('Language').selectOption({ label: 'English' });
      await visitor.getByLabel('Order number').waitFor();
      assert.deepEqual(problems, [], 'no console errors, page errors or CSP violations');
    } finally {
      await context.close();
    }
  });
});

/** The position of a column header in the license keys table. */
async function columnIndex(page: Page, header: string): Promise<number> {
  const headers = await page.locator('license-keys-table thead th').allTextContents();
  const index = headers.findIndex((h) => h.trim().startsWith(header));
  assert.ok(index >= 0, `column ${header} in ${headers.join(' | ')}`);
  return index;
}
