/**
 * End to end: who holds each license, managed from the keys table of the storefront demo
 * served by `npm start`'s server, in headless Chromium, found by the names a screen reader
 * hears. A reseller activates a license for a new customer, transfers it to another, corrects
 * the holder's email from the Customer cell, reads the history and deactivates the license;
 * a narrow screen shows the keys as cards that do not scroll sideways. The API is only read,
 * to check what the page did.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { fillNewCustomer } from '../support/new-customer.js';
import { launchOptions, watchedPage } from './browser.js';
import { readApi, startDemo, type RunningDemo } from './server.js';

interface ApiLicense {
  id: string;
  activationCode: string;
  status: string;
  customer: { id: string; email: string; organization: string } | null;
}
interface ApiOrder {
  id: string;
  orderNumber: string;
  quantity: number;
  availableCount: number;
  activeCount: number;
}
interface ApiHistory {
  items: { kind: string; at: string; actor: { kind: string; name: string } }[];
}

let demo: RunningDemo;
let browser: Browser;
let page: Page;
const problems: string[] = [];

const api = <T>(path: string): Promise<T> => readApi<T>(demo, path);

/** A small processed order with an available license. */
async function pickOrder(): Promise<{ order: ApiOrder; license: ApiLicense }> {
  const { items } = await api<{ items: ApiOrder[] }>('/orders?state=processed&limit=200');
  for (const order of items) {
    if (order.quantity > 12 || order.availableCount === 0) continue;
    const licenses = await api<{ items: ApiLicense[] }>(`/orders/${order.id}/licenses`);
    const license = licenses.items.find((l) => l.status === 'available');
    if (license) return { order, license };
  }
  throw new Error('The demo data holds no small processed order with an available license');
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Waits until the locator's whole text is `text`. */
async function hasText(locator: Locator, text: string): Promise<void> {
  await locator.filter({ hasText: new RegExp(`^\\s*${escape(text)}\\s*$`) }).waitFor();
}

/** A fact of a tile (Active, Available for resale, State), by its term. */
const fact = (tile: Locator, term: string) =>
  tile.locator('[part="facts"] > div').filter({ has: tile.page().getByRole('term').getByText(term, { exact: true }) }).getByRole('definition');

/** The cell of a row under the column header `header`. */
async function cell(table: Locator, row: Locator, header: string): Promise<Locator> {
  const headers = (await table.getByRole('columnheader').allTextContents()).map((h) => h.trim());
  const index = headers.findIndex((h) => h.startsWith(header));
  assert.ok(index >= 0, `column ${header} in ${headers.join(' | ')}`);
  return row.locator(':scope > td, :scope > th').nth(index);
}

/** Opens the row menu of `code` and chooses `item`. */
async function menu(row: Locator, code: string, item: string): Promise<void> {
  await row.getByRole('button', { name: `Actions for ${code}` }).click();
  await page.getByRole('menuitem', { name: item, exact: true }).click();
}

describe('the holders of licenses, from the keys table', () => {
  before(async () => {
    demo = await startDemo();
    browser = await chromium.launch(await launchOptions());
    page = await watchedPage(browser, problems);
  });

  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  let order: ApiOrder;
  let license: ApiLicense;
  const stamp = Date.now();
  const first = `holder-a-${stamp}@customer.example`;
  const second = `holder-b-${stamp}@customer.example`;
  const corrected = `holder-c-${stamp}@customer.example`;

  /** The order's tile, expanded, with its keys table shown. */
  async function openKeys(): Promise<{ tile: Locator; table: Locator; row: Locator }> {
    await page.goto(`${demo.url}/`);
    await page.getByLabel('Order number').fill(order.orderNumber);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const tile = page.locator('order-tile').filter({ has: page.getByRole('button', { name: `Show details of order ${order.orderNumber}`, exact: true }) });
    await tile.getByRole('button', { name: `Show details of order ${order.orderNumber}` }).click();
    await tile.getByRole('button', { name: 'Show License Keys' }).click();
    const table = tile.locator('license-keys-table');
    const row = table.getByRole('row').filter({ has: page.getByRole('rowheader').getByText(license.activationCode, { exact: true }) });
    await row.waitFor();
    return { tile, table, row };
  }

  test('activate for a new customer: the row shows Active, the organization and the email', async () => {
    ({ order, license } = await pickOrder());
    const { table, row } = await openKeys();
    await hasText(await cell(table, row, 'Status'), 'Available');

    await menu(row, license.activationCode, 'Activate');
    const activate = page.getByRole('dialog', { name: 'Activate license' });
    await fillNewCustomer(activate, 'New customer', { organization: 'Northwind Holders Ltd', firstName: 'Ada', lastName: 'Lovelace', email: first });
    await activate.getByRole('button', { name: 'Activate', exact: true }).click();
    await activate.getByText(`We emailed the activation details to ${first}`).waitFor();
    await activate.getByRole('button', { name: 'OK' }).click();
    await activate.waitFor({ state: 'hidden' });

    await hasText(await cell(table, row, 'Status'), 'Active');
    const customer = await cell(table, row, 'Customer');
    await customer.getByText('Northwind Holders Ltd', { exact: true }).waitFor();
    await customer.getByText(first, { exact: true }).waitFor();
    await customer.getByRole('button', { name: `Correct customer ${first}` }).waitFor();
    assert.notEqual(((await (await cell(table, row, 'Activated')).textContent()) ?? '').trim(), '', 'the Activated column has the date');
    assert.equal((await api<ApiLicense>(`/licenses/${license.id}`)).customer?.email, first);
    assert.deepEqual(problems, [], 'no console errors or page errors');
  });

  test('Transfer to another new customer: the row shows the new email', async () => {
    assert.ok(license, 'the first test activated');
    const { table, row } = await openKeys();
    await menu(row, license.activationCode, 'Transfer');
    const transfer = page.getByRole('dialog', { name: 'Transfer license' });
    await transfer.getByText(`Held now by ${first}.`).waitFor();
    await fillNewCustomer(transfer, 'New customer', { organization: 'Tailspin Holders GmbH', firstName: 'Grace', lastName: 'Hopper', email: second, country: 'DE' });
    await transfer.getByRole('button', { name: 'Transfer', exact: true }).click();
    await transfer.getByText(`License transferred. We emailed the activation details to ${second}.`).waitFor();
    await transfer.getByRole('button', { name: 'OK' }).click();
    await transfer.waitFor({ state: 'hidden' });

    const customer = await cell(table, row, 'Customer');
    await customer.getByText(second, { exact: true }).waitFor();
    await customer.getByText('Tailspin Holders GmbH', { exact: true }).waitFor();
    assert.equal(await customer.getByText(first).count(), 0, 'the former holder is gone from the row');
    await hasText(await cell(table, row, 'Status'), 'Active');

    assert.equal((await api<ApiLicense>(`/licenses/${license.id}`)).customer?.email, second);
    const kinds = (await api<ApiHistory>(`/licenses/${license.id}/history`)).items.map((h) => h.kind);
    assert.ok(kinds.includes('transferred'), `transferred in ${kinds.join(', ')}`);
    assert.deepEqual(problems, [], 'no console errors or page errors');
  });

  test("the Customer cell's button corrects the email; an email taken by another customer is refused", async () => {
    assert.ok(license, 'the first test activated');
    const { table, row } = await openKeys();
    await (await cell(table, row, 'Customer')).getByRole('button', { name: `Correct customer ${second}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Correct customer' });
    const email = dialog.getByLabel('Email');
    await hasText(dialog.getByText('The correction applies to every license this customer holds.'), 'The correction applies to every license this customer holds.');
    await page.waitForFunction((el) => (el as HTMLInputElement).value !== '', await email.elementHandle());
    assert.equal(await email.inputValue(), second);

    // The first holder is still a registered customer: the email is taken.
    await email.fill(first);
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForFunction((el) => (el as HTMLElement).getAttribute('aria-invalid') === 'true', await email.elementHandle());
    const describedBy = await email.getAttribute('aria-describedby');
    assert.ok(describedBy, 'the email field is described by its error');
    const error = dialog.locator(`[id="${describedBy}"]`);
    await hasText(error, 'Another customer is already registered with this email.');
    // The refusal is the server's 409, which the browser logs; nothing else may be logged.
    const refused = problems.findIndex((p) => /status of 409 \(Conflict\)/.test(p));
    assert.ok(refused >= 0, `the 409 in ${problems.join(' | ')}`);
    problems.splice(refused, 1);
    assert.equal((await api<ApiLicense>(`/licenses/${license.id}`)).customer?.email, second, 'nothing changed');

    await email.fill(corrected);
    assert.equal(await email.getAttribute('aria-invalid'), null, 'typing clears the error');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await dialog.getByText('The customer’s details are saved.').waitFor();
    await dialog.getByRole('button', { name: 'OK' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const customer = await cell(table, row, 'Customer');
    await customer.getByText(corrected, { exact: true }).waitFor();
    await customer.getByRole('button', { name: `Correct customer ${corrected}` }).waitFor();
    assert.equal((await api<ApiLicense>(`/licenses/${license.id}`)).customer?.email, corrected);
    assert.deepEqual(problems, [], 'no console errors or page errors');
  });

  test('History lists the entries oldest first, with who did each', async () => {
    assert.ok(license, 'the first test activated');
    const { row } = await openKeys();
    await menu(row, license.activationCode, 'History');
    const dialog = page.getByRole('dialog', { name: 'License history' });
    const entries = dialog.getByRole('table', { name: 'History of the license' });
    await entries.waitFor();
    await dialog.locator('span').filter({ hasText: /^All \d+ entries$/ }).waitFor();
    const rows = entries.locator('tbody').getByRole('row');
    const shown = await rows.evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => (td.textContent ?? '').replace(/\s+/g, ' ').trim())),
    );
    const what = shown.map((r) => r[2]);
    assert.equal(what[0], 'Purchased', `Purchased first in ${what.join(', ')}`);
    const order = ['Purchased', 'Activated', 'Transferred', 'Customer corrected'].map((w) => what.indexOf(w));
    assert.ok(order.every((i) => i >= 0), `each step in ${what.join(', ')}`);
    assert.deepEqual([...order].sort((a, b) => a - b), order, `oldest first: ${what.join(', ')}`);
    for (const [when, who] of shown) {
      assert.ok(when, 'each entry has its time');
      assert.match(who ?? '', /\((Reseller|Customer|System)\)$/, `each entry names its actor: ${who}`);
    }
    assert.match(shown[what.indexOf('Transferred')]![1]!, /\(Reseller\)$/, 'the reseller transferred');

    // The same entries as the API, in order of time.
    const history = (await api<ApiHistory>(`/licenses/${license.id}/history`)).items;
    assert.equal(shown.length, history.length);
    const times = [...history].map((h) => Date.parse(h.at));
    const sorted = [...times].sort((a, b) => a - b);
    assert.ok(times.join() === sorted.join() || times.join() === [...sorted].reverse().join(), 'the API lists by time');

    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.deepEqual(problems, [], 'no console errors or page errors');
  });

  test("Deactivate: the row shows Available with no customer, and the order's Active count drops", async () => {
    assert.ok(license, 'the first test activated');
    const { tile, table, row } = await openKeys();
    const before = (await api<ApiOrder>(`/orders/${order.id}`)).activeCount;
    await hasText(fact(tile, 'Active'), String(before));

    await menu(row, license.activationCode, 'Deactivate');
    const dialog = page.getByRole('dialog', { name: 'Deactivate license' });
    await dialog.getByText(`The license becomes available again and ${corrected} no longer holds it.`).waitFor();
    await dialog.getByRole('button', { name: 'Deactivate', exact: true }).click();
    await dialog.getByText(`License deactivated: it is available again. We emailed ${corrected}.`).waitFor();
    await dialog.getByRole('button', { name: 'OK' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await hasText(await cell(table, row, 'Status'), 'Available');
    const customer = await cell(table, row, 'Customer');
    assert.equal(((await customer.textContent()) ?? '').trim(), '', 'no customer');
    assert.equal(await customer.getByRole('button').count(), 0, 'nothing to correct');
    await hasText(fact(tile, 'Active'), String(before - 1));

    const after = await api<ApiLicense>(`/licenses/${license.id}`);
    assert.equal(after.status, 'available');
    assert.equal(after.customer, null);
    assert.equal((await api<ApiOrder>(`/orders/${order.id}`)).activeCount, before - 1);
    const kinds = (await api<ApiHistory>(`/licenses/${license.id}/history`)).items.map((h) => h.kind);
    assert.ok(kinds.includes('deactivated'), `deactivated in ${kinds.join(', ')}`);
    assert.deepEqual(problems, [], 'no console errors or page errors');
  });

  test('at 390 px the keys are cards that do not scroll sideways', async () => {
    assert.ok(license, 'the first test picked an order');
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      const { table, row } = await openKeys();
      const scroller = table.getByRole('region', { name: 'License keys' });
      await scroller.waitFor();
      // A card: the header row is hidden and the row is a block of one line per column.
      await page.waitForFunction((el) => getComputedStyle(el as Element).display === 'block', await row.elementHandle());
      assert.equal(await table.locator('thead').isVisible(), false, 'no header row on cards');
      await row.getByRole('button', { name: `Actions for ${license.activationCode}` }).waitFor();
      const widths = await scroller.evaluate((el) => {
        const host = (el.getRootNode() as ShadowRoot).host as HTMLElement;
        return { scroller: [el.scrollWidth, el.clientWidth], host: [host.scrollWidth, host.clientWidth], page: [document.documentElement.scrollWidth, document.documentElement.clientWidth] };
      });
      assert.ok(widths.scroller[0]! <= widths.scroller[1]!, `the scroller does not scroll sideways: ${JSON.stringify(widths)}`);
      assert.ok(widths.host[0]! <= widths.host[1]!, `the table does not scroll sideways: ${JSON.stringify(widths)}`);
      assert.ok(widths.page[0]! <= widths.page[1]!, `the page does not scroll sideways: ${JSON.stringify(widths)}`);
      assert.deepEqual(problems, [], 'no console errors or page errors');
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });
});
