/**
 * End to end: hostile records seeded into the demo backend's database, shown by the
 * storefront demo under the server's strict Content-Security-Policy, on a desktop and on a
 * phone. Every element and dialog is opened, a license is activated and its billing state
 * changed, the confirmation is resent and every CSV file exported. Nothing runs, nothing is
 * requested from elsewhere, nothing breaks the policy or the layout, and no formula
 * reaches a spreadsheet.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import Papa from 'papaparse';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { auditDom, auditLayout } from '../browser/dom-audit.js';
import { HOSTILE_STRINGS, HOSTILE_USER, hostileWorld, UNSAFE_LINKS } from '../../stories/support/hostile.js';
import { fillNewCustomer } from '../support/new-customer.js';
import { launchOptions } from './browser.js';
import { watchContext, type PageWatch } from './page-watch.js';
import { startSeededServer, type SeededServer } from './seeded-server.js';

let server: SeededServer;
let browser: Browser;
let context: BrowserContext;
let watch: PageWatch;

// An apostrophe before a formula start at the beginning of a cell, and after every character a
// spreadsheet may split cells on (, ; tab and line breaks), so that no reader sees a formula.
const neutralised = (text: string) =>
  text
    .split(/(?<=[,;\t\r\n])/)
    .map((piece) => (/^[=+\-@\t\r]/.test(piece) ? `'${piece}` : piece))
    .join('');

/** How many order tiles the search shows. */
async function tileCount(page: Page): Promise<number> {
  return page.evaluate(() => document.querySelector('licenses-search')?.shadowRoot?.querySelectorAll('order-tile').length ?? 0);
}

/** Opens the storefront and lists every order of the default search (today's). */
async function openStorefront(query = ''): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${server.url}/${query}`);
  await page.waitForFunction(() => (document.querySelector('licenses-search')?.shadowRoot?.querySelectorAll('order-tile').length ?? 0) > 0);
  const more = page.getByRole('button', { name: 'Load more' });
  while (await more.isVisible()) {
    const before = await tileCount(page);
    await more.click();
    await page.waitForFunction((n) => (document.querySelector('licenses-search')?.shadowRoot?.querySelectorAll('order-tile').length ?? 0) > n, before);
  }
  return page;
}

/** Expands every tile and shows its license keys; waits until each table has `rows` rows, or an error. */
async function expandEverything(page: Page): Promise<void> {
  const toggles = page.locator('order-tile [part="toggle"]');
  for (let i = 0; i < (await toggles.count()); i += 1) await toggles.nth(i).click();
  const keys = page.getByRole('button', { name: 'Show License Keys' });
  for (let i = 0; i < (await keys.count()); i += 1) await keys.nth(i).click();
  await page.waitForFunction(() =>
    Array.from(document.querySelector('licenses-search')!.shadowRoot!.querySelectorAll('order-tile')).every((tile) => {
      const table = tile.shadowRoot?.querySelector('license-keys-table')?.shadowRoot;
      const codesDone = tile.shadowRoot?.querySelector('[part="codes-table"], [part="codes"] [part="error"]');
      return codesDone && table && table.querySelector('tr[part="row"], [part="error"]');
    }),
  );
}

async function expectCleanDom(page: Page): Promise<void> {
  const audit = await page.evaluate(auditDom);
  assert.deepEqual(audit.injected, [], 'elements or handlers made from data');
  assert.deepEqual(audit.unsafeLinks, [], 'links that are not https');
}

async function expectLayoutHolds(page: Page, what: string): Promise<void> {
  const layout = await page.evaluate(auditLayout, 'licenses-search');
  assert.ok(layout.pageWidth <= layout.viewportWidth + 1, `${what}: the page is ${layout.pageWidth}px wide in a ${layout.viewportWidth}px viewport`);
  assert.deepEqual(layout.outside, [], `${what}: boxes out of place`);
  assert.deepEqual(layout.spills, [], `${what}: content spilling out of its box`);
}

async function download(page: Page, click: () => Promise<void>): Promise<Record<string, string>[]> {
  const next = page.waitForEvent('download');
  await click();
  const file = readFileSync(await (await next).path(), 'utf8');
  return Papa.parse<Record<string, string>>(file.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
}

/** Opens each of the three dialogs from the Actions menu of the row holding `code`. */
async function useEveryDialog(page: Page, code: string, activeCode: string): Promise<void> {
  const table = page.locator('license-keys-table').first();
  const menu = async (rowCode: string, item: string | RegExp) => {
    await table.locator('tr[part="row"]', { hasText: rowCode.slice(0, 40) }).getByRole('button', { name: /^Actions for/ }).click();
    await page.getByRole('menuitem', typeof item === 'string' ? { name: item, exact: true } : { name: item }).click();
  };
  await menu(code, 'Activation Link');
  await table.locator('activation-link-dialog').getByRole('button', { name: 'OK' }).click();

  await menu(code, 'Activate');
  const activate = table.locator('activate-dialog');
  await activate.getByLabel('Email').fill('.example');
  await activate.getByRole('option').first().waitFor();
  await expectCleanDom(page);
  await fillNewCustomer(activate, 'New customer', {
    organization: HOSTILE_STRINGS[0]!,
    firstName: HOSTILE_STRINGS[13]!,
    lastName: HOSTILE_STRINGS[16]!,
    email: 'hostile-new@customer.example',
  });
  await activate.getByRole('button', { name: 'Activate', exact: true }).click();
  await activate.getByText('We emailed the activation details to hostile-new@customer.example').waitFor();
  await activate.getByRole('button', { name: 'OK' }).click();

  await menu(activeCode, /^Change Billing State/);
  const billing = table.locator('billing-state-dialog');
  await billing.getByRole('button', { name: 'Submit' }).click();
  await billing.getByText(/Auto-renew is (enabled|disabled) for the license/).waitFor();
  await billing.getByRole('button', { name: 'OK' }).click();
}

/** Opens every dialog of every table for one of its licenses each, at once, as a host page may. */
async function openAllDialogs(page: Page): Promise<number> {
  const orders = await server.api<{ items: { id: string }[] }>('/orders?limit=200');
  const licenses = Object.fromEntries(
    await Promise.all(orders.items.map(async (o) => [o.id, (await server.api<{ items: { status: string }[] }>(`/orders/${o.id}/licenses`)).items] as const)),
  );
  return page.evaluate(async (byOrder) => {
    let opened = 0;
    for (const tile of Array.from(document.querySelector('licenses-search')!.shadowRoot!.querySelectorAll('order-tile'))) {
      const table = tile.shadowRoot!.querySelector('license-keys-table')!;
      const list = byOrder[table.getAttribute('order-id')!]!;
      const choices: [string, unknown][] = [
        ['activation-link-dialog', list[0]],
        ['activate-dialog', list.find((l) => l.status === 'available')],
        ['billing-state-dialog', list.find((l) => l.status === 'active')],
      ];
      for (const [tag, license] of choices) {
        (table.shadowRoot!.querySelector(tag) as unknown as { open(l: unknown): void }).open(license);
        opened += 1;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    return opened;
  }, licenses);
}

describe('hostile records on the storefront', () => {
  before(async () => {
    server = await startSeededServer(hostileWorld());
    browser = await chromium.launch(await launchOptions());
    context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 }, timezoneId: 'UTC' });
    watch = await watchContext(context, server.url);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('shows hostile orders, codes, customers and dialogs as text on a desktop and a phone, running and loading nothing', async () => {
    const page = await openStorefront();
    const products = await page.evaluate(() =>
      Array.from(document.querySelector('licenses-search')!.shadowRoot!.querySelectorAll('order-tile')).map(
        (tile) => tile.shadowRoot!.querySelector('[part="product"]')!.textContent,
      ),
    );
    assert.deepEqual(products.sort(), [...HOSTILE_STRINGS].sort(), 'every hostile product name, exactly');
    await expandEverything(page);
    await expectCleanDom(page);
    await expectLayoutHolds(page, 'desktop, expanded');

    const orderId = 'ord_hostile_0';
    const licenses = await server.api<{ items: { activationCode: string; status: string }[] }>(`/orders/${orderId}/licenses`);
    await useEveryDialog(page, licenses.items[2]!.activationCode, licenses.items[1]!.activationCode);

    await page.locator('order-tile').first().getByRole('button', { name: 'Resend Email' }).click();
    await page.locator('order-tile').first().getByText('Confirmation sent to').waitFor();
    const status = await page.locator('order-tile').first().locator('p.note[role="status"]').first().textContent();
    const sent = `Confirmation sent to ${HOSTILE_USER.email}`.trim();
    assert.ok(status?.trim().startsWith(`${sent} at `), status ?? '');
    assert.match(status?.trim().slice(sent.length) ?? '', /^ at \d{1,2}:\d{2}(:\d{2})?( [AP]M)?$/);

    assert.equal(await openAllDialogs(page), HOSTILE_STRINGS.length * 3);
    await expectCleanDom(page);
    await expectLayoutHolds(page, 'desktop, every dialog open');
    await page.reload();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForFunction(() => (document.querySelector('licenses-search')?.shadowRoot?.querySelectorAll('order-tile').length ?? 0) > 0);
    await expandEverything(page);
    await expectLayoutHolds(page, 'phone, expanded');
    await openAllDialogs(page);
    await expectLayoutHolds(page, 'phone, every dialog open');
    await expectCleanDom(page);
    assert.deepEqual(await watch.problems(page), [], 'no dialog, foreign request, CSP violation, console error or global');
    await page.close();
  });

  test('exports every hostile value to CSV with formulas neutralised', async () => {
    const page = await openStorefront();
    const orders = await download(page, () => page.locator('licenses-search [part="export-button"]').first().click());
    assert.deepEqual(orders.map((r) => r['Order Number']).sort(), HOSTILE_STRINGS.map(neutralised).sort());
    for (const row of orders) {
      assert.deepEqual([row['Product'], row['User'], row['Distribution Company']], Array(3).fill(row['Order Number']));
    }
    await page.locator('order-tile [part="toggle"]').first().click();
    const tile = page.locator('order-tile').first();
    const orderNumber = await tile.evaluate((el) => (el as unknown as { order: { orderNumber: string } }).order.orderNumber);
    const codes = await download(page, () => tile.getByRole('button', { name: 'Download Activation Code' }).click());
    assert.ok(codes.some((r) => r['Activation Code'] === neutralised(orderNumber)), 'the hostile code, neutralised');
    await tile.getByRole('button', { name: 'Show License Keys' }).click();
    await tile.locator('license-keys-table tr[part="row"]').first().waitFor();
    // The keys' file is the server's (held by the page to the file it would write itself).
    const file = page.waitForResponse((response) => /\/orders\/[^/]+\/licenses\.csv\?/.test(response.url()));
    const keys = await download(page, () => tile.locator('license-keys-table').getByRole('button', { name: 'Export' }).click());
    assert.equal((await file).status(), 200);
    assert.deepEqual(keys.map((r) => r['Distribution Company']), Array(3).fill(neutralised(orderNumber)));
    assert.ok(keys.some((r) => r['Customer Organization'] === neutralised(orderNumber)));
    assert.deepEqual(await watch.problems(page), []);
    await page.close();
  });

  test('never puts an activation link that is not https into an href: its order says it could not be loaded, with Retry', async () => {
    const page = await openStorefront('?reseller=b');
    assert.equal(await tileCount(page), UNSAFE_LINKS.length);
    await expandEverything(page);
    const errors = await page.evaluate(() =>
      Array.from(document.querySelector('licenses-search')!.shadowRoot!.querySelectorAll('order-tile')).map((tile) => [
        tile.shadowRoot!.querySelector<HTMLElement>('[part="codes"] [part="error"]')?.innerText.replace(/\s+/g, ' ').trim(),
        tile.shadowRoot!.querySelector('license-keys-table')!.shadowRoot!.querySelector<HTMLElement>('[part="error"]')?.innerText.replace(/\s+/g, ' ').trim(),
      ]),
    );
    const understood = 'The server sent an answer the kit could not understand. Retry';
    assert.deepEqual(errors, Array(UNSAFE_LINKS.length).fill([`The activation codes could not be loaded. ${understood}`, `The license keys could not be loaded. ${understood}`]));
    await expectCleanDom(page);
    assert.deepEqual(await watch.problems(page), []);
    await page.close();
  });
});
