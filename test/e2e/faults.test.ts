/**
 * End to end: faults between the storefront demo and the demo backend, injected with
 * Playwright's request routing: the server down at load, a hanging request, a 500 on
 * activation, the connection lost after the server activated, a session that expires, and
 * too many confirmation emails. All under the server's Content-Security-Policy.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { fillNewCustomer } from '../support/new-customer.js';
import { launchOptions } from './browser.js';
import { watchContext, type PageWatch } from './page-watch.js';
import { startSeededServer, type SeededServer } from './seeded-server.js';

interface ApiOrder {
  id: string;
  orderNumber: string;
  quantity: number;
  availableCount: number;
}
interface ApiLicense {
  id: string;
  activationCode: string;
  status: string;
  customer: { email: string } | null;
}

let server: SeededServer;
let browser: Browser;
let context: BrowserContext;
let watch: PageWatch;
let page: Page;
const used = new Set<string>();

/** A small processed order with an available license not used by an earlier test. */
async function freshOrder(): Promise<{ order: ApiOrder; license: ApiLicense }> {
  const { items } = await server.api<{ items: ApiOrder[] }>('/orders?state=processed&limit=200');
  for (const order of items) {
    if (order.quantity > 12 || order.availableCount === 0 || used.has(order.id)) continue;
    const license = (await server.api<{ items: ApiLicense[] }>(`/orders/${order.id}/licenses`)).items.find((l) => l.status === 'available');
    if (!license) continue;
    used.add(order.id);
    return { order, license };
  }
  throw new Error('The demo data holds no more small processed orders with an available license');
}

/** Searches the order by its number and expands its tile. */
async function showOrder(order: ApiOrder): Promise<Locator> {
  await page.getByLabel('Order number').fill(order.orderNumber);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByRole('button', { name: `Show details of order ${order.orderNumber}` }).click();
  return page.locator('order-tile').first();
}

/** Opens the activate dialog for `license` and fills the new-customer form for `email`. */
async function startActivation(order: ApiOrder, license: ApiLicense, email: string): Promise<Locator> {
  const tile = await showOrder(order);
  await tile.getByRole('button', { name: 'Show License Keys' }).click();
  const row = tile.locator('license-keys-table tr', { hasText: license.activationCode });
  await row.getByRole('button', { name: /^Actions for/ }).click();
  await page.getByRole('menuitem', { name: 'Activate', exact: true }).click();
  const dialog = tile.locator('activate-dialog');
  await fillNewCustomer(dialog, 'New customer', { organization: 'Contoso Faults Ltd', firstName: 'Grace', lastName: 'Hopper', email, phone: '+44 20 7946 0000' });
  return dialog;
}

async function formValues(dialog: Locator): Promise<string[]> {
  const labels = ['Organization', 'First name', 'Last name', 'Email', 'Phone (optional)', 'Country'];
  return Promise.all(labels.map((label) => dialog.getByLabel(label).inputValue()));
}

/** The `licenses-error` events the page has seen. */
async function licensesErrors(): Promise<{ code: string; status: number; operation: string }[]> {
  return page.evaluate(() => (window as unknown as { __licensesErrors: never[] }).__licensesErrors);
}

const activationPath = /\/api\/v1\/licenses\/[^/]+\/activation$/;

describe('faults between the storefront and the server', () => {
  before(async () => {
    server = await startSeededServer();
    browser = await chromium.launch(await launchOptions());
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'UTC' });
    watch = await watchContext(context, server.url);
    // The errors a test causes on purpose are logged by the browser as failed loads.
    watch.expectConsoleErrors(/Failed to load resource|net::ERR_/);
    await context.addInitScript(() => {
      const seen: unknown[] = [];
      (window as unknown as { __licensesErrors: unknown[] }).__licensesErrors = seen;
      document.addEventListener('licenses-error', (e) => seen.push((e as CustomEvent).detail));
    });
  });

  beforeEach(async () => {
    await page?.close();
    page = await context.newPage();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('says the server cannot be reached when it is down at load, and Retry shows the orders once it is back', async () => {
    await page.route('**/api/v1/**', (route) => route.abort('connectionrefused'));
    await page.goto(`${server.url}/`);
    const results = page.locator('licenses-search [part="results"]');
    await results.getByText('The server could not be reached. Check the connection and try again.').waitFor();
    await results.getByText('The orders could not be loaded.').waitFor();
    await page.unroute('**/api/v1/**');
    await results.getByRole('button', { name: 'Retry' }).click();
    await results.locator('[part="total"]').getByText(/\d+ orders?/).waitFor();
    assert.deepEqual(await watch.problems(page), []);
  });

  test("says the server took too long when a request hangs, after the provider's timeout, and Retry works", async () => {
    await page.goto(`${server.url}/`);
    const results = page.locator('licenses-search [part="results"]');
    await results.locator('[part="total"]').getByText(/\d+ orders?/).waitFor();
    await page.evaluate(() => document.querySelector('licenses-provider')!.setAttribute('timeout', '500'));
    await results.locator('[part="total"]').getByText(/\d+ orders?/).waitFor();
    await page.route('**/api/v1/orders?**', () => undefined);
    const started = Date.now();
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await results.getByText('The server took too long to answer.').waitFor({ timeout: 5000 });
    assert.ok(Date.now() - started < 5000, 'the provider timeout was used');
    assert.ok((await licensesErrors()).some((e) => e.code === 'timeout' && e.operation === 'searchOrders'));
    await page.unroute('**/api/v1/orders?**');
    await results.getByRole('button', { name: 'Retry' }).click();
    await results.locator('[part="total"]').getByText(/\d+ orders?/).waitFor();
    assert.deepEqual(await watch.problems(page), []);
  });

  test('keeps every field when the activation fails with 500, and the retry sends the same idempotency key', async () => {
    await page.goto(`${server.url}/`);
    const { order, license } = await freshOrder();
    const email = `fault-500-${Date.now()}@customer.example`;
    const dialog = await startActivation(order, license, email);
    const typed = await formValues(dialog);
    const keys: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && activationPath.test(new URL(request.url()).pathname)) keys.push(request.headers()['idempotency-key'] ?? '');
    });
    await page.route(activationPath, (route) =>
      route.fulfill({
        status: 500,
        contentType: 'application/problem+json',
        body: JSON.stringify({ type: 'about:blank', title: 'Internal error', status: 500, code: 'internal_error', detail: 'Something broke.' }),
      }),
    );
    await dialog.getByRole('button', { name: 'Activate', exact: true }).click();
    await dialog.getByText('Everything you entered is kept, and trying again is safe.').waitFor();
    assert.deepEqual(await formValues(dialog), typed, 'every field kept');
    await page.unroute(activationPath);
    await dialog.getByRole('button', { name: 'Activate', exact: true }).click();
    await dialog.getByText(`We emailed the activation details to ${email}`).waitFor();
    assert.equal(keys.length, 2);
    assert.equal(keys[1], keys[0], 'the same Idempotency-Key on the retry');
    assert.equal((await server.api<ApiLicense>(`/licenses/${license.id}`)).customer?.email, email);
    assert.equal((await server.outbox()).filter((m) => m.to === email).length, 1);
    assert.deepEqual(await watch.problems(page), []);
  });

  test('activates once and emails once when the connection drops after the server activated', async () => {
    await page.goto(`${server.url}/`);
    const { order, license } = await freshOrder();
    const email = `fault-drop-${Date.now()}@customer.example`;
    const dialog = await startActivation(order, license, email);
    const answers: { key: string; status: number; replayed: string | undefined }[] = [];
    let dropped = false;
    await page.route(activationPath, async (route) => {
      const response = await route.fetch();
      answers.push({ key: route.request().headers()['idempotency-key'] ?? '', status: response.status(), replayed: response.headers()['idempotent-replayed'] });
      if (dropped) return route.fulfill({ response });
      dropped = true;
      return route.abort('connectionreset');
    });
    await dialog.getByRole('button', { name: 'Activate', exact: true }).click();
    await dialog.getByText(`We emailed the activation details to ${email}`).waitFor();
    assert.equal(answers.length, 2, 'the client tried again by itself');
    assert.equal(answers[1]!.key, answers[0]!.key);
    assert.deepEqual(answers.map((a) => [a.status, a.replayed]), [[200, undefined], [200, 'true']]);
    const history = await server.api<{ items: { kind: string }[] }>(`/licenses/${license.id}/history`);
    assert.equal(history.items.filter((h) => h.kind === 'activated').length, 1, 'one activation');
    assert.equal((await server.outbox()).filter((m) => m.to === email).length, 1, 'one email');
    assert.deepEqual(await watch.problems(page), []);
  });

  test('reports an expired session as unauthorized, and the page never sends a token', async () => {
    await page.goto(`${server.url}/`);
    const { order } = await freshOrder();
    const tile = await showOrder(order);
    await tile.getByRole('table').first().waitFor();
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/v1/')) sent.push(request.headers()['authorization'] ?? '');
    });
    // The session ends (the server restarted, or the cookie expired).
    await context.clearCookies();
    await tile.getByRole('button', { name: 'Show License Keys' }).click();
    await tile.locator('license-keys-table').getByText('Your session has expired or the access token is not valid.').waitFor();
    await tile.locator('license-keys-table').getByRole('button', { name: 'Retry' }).waitFor();
    assert.ok((await licensesErrors()).some((e) => e.code === 'unauthorized' && e.status === 401 && e.operation === 'listLicenses'));
    assert.ok(sent.length >= 1);
    assert.deepEqual(sent.filter((header) => header !== ''), [], 'no Authorization header from the page');
    assert.deepEqual(await watch.problems(page), []);
  });

  test('shows how long to wait when the confirmation was resent too often', async () => {
    await page.goto(`${server.url}/`);
    const { order } = await freshOrder();
    const tile = await showOrder(order);
    const resend = tile.getByRole('button', { name: 'Resend Email' });
    let retryAfter = '';
    page.on('response', (response) => {
      if (response.status() === 429) retryAfter = response.headers()['retry-after'] ?? '';
    });
    for (let sent = 0; sent < 4; sent += 1) {
      const answered = page.waitForResponse((response) => response.url().endsWith('/confirmation-email'));
      await resend.click();
      await answered;
    }
    const alert = tile.locator('p.note[role="alert"]').first();
    await alert.getByText('The confirmation was sent several times just now.').waitFor();
    const text = (await alert.textContent())!.trim();
    assert.match(text, /^The confirmation was sent several times just now\. It can be sent again in \d+ seconds, at \d{1,2}:\d{2}.*\.$/);
    assert.ok(Number(retryAfter) > 0, `Retry-After ${retryAfter}`);
    assert.ok(text.includes(`in ${Number(retryAfter).toLocaleString('en')} seconds`), `${text} names the server's ${retryAfter} s`);
    assert.deepEqual(await watch.problems(page), []);
  });
});
