/**
 * End to end: the life of an order in the demo served by `npm start`'s server, in headless
 * Chromium, found by role and label as a person would. The reseller buys licenses with Buy
 * More, hands an activation link to a customer, who activates the license on its own page
 * (another browser, no session); the order then cannot be cancelled until the reseller
 * deactivates the license from the keys table, and then it is cancelled. A second order is
 * bought and cancelled, and its activation code is void on the customer's page.
 * The API and the outbox are only read, to check what the pages did.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { formatMoney } from '../../src/format/index.js';
import { fillNewCustomer } from '../support/new-customer.js';
import { launchOptions } from './browser.js';
import { readApi, startDemo, type RunningDemo } from './server.js';

interface Money {
  value: number;
  currency: string;
}
interface ApiOrder {
  id: string;
  orderNumber: string;
  state: string;
  quantity: number;
  activeCount: number;
  availableCount: number;
  paymentType: string;
  product: { id: string; name: string };
  actions: { cancel: { allowed: boolean; reason: string | null } };
}
interface ApiLicense {
  id: string;
  activationCode: string;
  activationLink: string;
  status: string;
  customer: { email: string; organization: string } | null;
}

let demo: RunningDemo;
let browser: Browser;
/** The reseller's browser: the storefront's session cookie, the clipboard allowed. */
let reseller: BrowserContext;
let page: Page;
const problems: string[] = [];

const api = <T>(path: string): Promise<T> => readApi<T>(demo, path);

async function orderByNumber(orderNumber: string): Promise<ApiOrder> {
  const { items } = await api<{ items: ApiOrder[] }>(`/orders?orderNumber=${encodeURIComponent(orderNumber)}`);
  const order = items.find((o) => o.orderNumber === orderNumber);
  assert.ok(order, `order ${orderNumber} in the API`);
  return order;
}

/** Console errors and uncaught errors of every page of a context go to `problems`. */
function watch(context: BrowserContext, name: string): void {
  const onPage = (p: Page) => {
    p.on('console', (message) => {
      if (message.type() === 'error') problems.push(`${name} console: ${message.text()} (${message.location().url})`);
    });
    p.on('pageerror', (error) => problems.push(`${name} page error: ${error.message}`));
  };
  context.pages().forEach(onPage);
  context.on('page', onPage);
}

/** A browser of its own for the customer: no cookie of the reseller's. */
async function customerPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
  watch(context, 'customer');
  return context.newPage();
}

/** The tiles of the storefront's search, in order. */
const tiles = (p: Page) => p.locator('licenses-search').locator('order-tile');

/** The tile of one order. */
const tileOf = (p: Page, orderNumber: string) =>
  tiles(p).filter({ has: p.getByRole('button', { name: `Show details of order ${orderNumber}`, exact: true }) });

/** A fact of a collapsed tile (Active, Available for resale, State), by its term. */
const fact = (tile: Locator, term: string) => tile.locator('[part="facts"] > div').filter({ has: tile.page().getByRole('term').getByText(term, { exact: true }) }).getByRole('definition');

/** Waits until the locator's whole text is `text`. */
async function hasText(locator: Locator, text: string): Promise<void> {
  await locator.filter({ hasText: new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) }).waitFor();
}

/** The storefront as the reseller sees it first: today's orders. */
async function openStorefront(): Promise<void> {
  await page.goto(`${demo.url}/`);
  await tiles(page).first().waitFor();
}

/**
 * Buy More on a tile opens the buy page in a new tab; there the reseller buys `quantity`
 * licenses of the tile's product, paying with `payment`, and follows the link to the new
 * order. Returns the new order's number.
 */
async function buyMore(tile: Locator, productName: string, quantity: number, payment: 'CSS balance' | 'Credit card'): Promise<{ orderNumber: string; buyPage: Page; balanceShown: string }> {
  if ((await tile.getByRole('button', { name: 'Buy More' }).count()) === 0) {
    await tile.getByRole('button', { name: /^Show details of order/ }).click();
  }
  const opened = reseller.waitForEvent('page');
  await tile.getByRole('button', { name: 'Buy More' }).click();
  const buyPage = await opened;
  await buyPage.waitForURL(/\/buy\/[^/]+$/);
  const buy = buyPage.locator('buy-licenses');

  const product = buy.getByLabel('Product');
  await product.waitFor();
  assert.match(await product.locator('option:checked').textContent() ?? '', new RegExp(`^\\s*${productName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} ·`), 'the product of the tile is chosen');
  await buy.getByLabel('Quantity').fill(String(quantity));
  await buy.getByRole('radio', { name: payment }).check();
  const balanceShown = ((await buy.getByText(/^Balance: /).textContent()) ?? '').trim();
  await buy.getByRole('button', { name: 'Buy', exact: true }).click();

  const done = buy.getByRole('status').getByText(/^Order .+ was placed: /);
  await done.waitFor();
  const text = (await done.textContent()) ?? '';
  const match = /^Order (.+) was placed: (\d+) licenses of (.+)\.$/.exec(text.trim());
  assert.ok(match, `the confirmation: ${text}`);
  assert.equal(match[2], String(quantity));
  assert.equal(match[3], productName);
  const orderNumber = match[1]!;
  const link = buy.getByRole('link', { name: `View order ${orderNumber}` });
  assert.equal(new URL((await link.getAttribute('href'))!, demo.url).searchParams.get('orderNumber'), orderNumber);
  return { orderNumber, buyPage, balanceShown };
}

describe('the life of an order', () => {
  before(async () => {
    demo = await startDemo();
    browser = await chromium.launch(await launchOptions());
    reseller = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    await reseller.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: demo.url });
    watch(reseller, 'reseller');
    page = await reseller.newPage();
  });

  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  let first: ApiOrder;
  let license: ApiLicense;
  const email = `life-${Date.now()}@customer.example`;

  test('Buy More buys 3 licenses with the CSS balance; a customer activates one with the copied link', async () => {
    await openStorefront();
    const tile = tiles(page).first();
    const seen = await orderByNumber(
      ((await tile.getByRole('button', { name: /^Show details of order / }).getAttribute('aria-label')) ?? '').replace('Show details of order ', ''),
    );
    const unitPrice = (await api<{ items: { id: string; unitPrice: Money }[] }>('/catalog')).items.find((p) => p.id === seen.product.id)?.unitPrice;
    assert.ok(unitPrice, `the product of the first tile, ${seen.product.name}, is in the catalog`);
    const balance = (await api<{ balance: Money }>('/me')).balance;
    assert.ok(balance.value >= unitPrice.value * 3, 'the balance pays for 3 licenses');

    const { orderNumber, buyPage, balanceShown } = await buyMore(tile, seen.product.name, 3, 'CSS balance');
    assert.equal(balanceShown, `Balance: ${formatMoney(balance, 'en')}`, 'the buy page shows the CSS balance');
    assert.deepEqual((await api<{ balance: Money }>('/me')).balance, { ...balance, value: balance.value - unitPrice.value * 3 }, 'paid from the balance');
    first = await orderByNumber(orderNumber);
    assert.equal(first.quantity, 3);
    assert.equal(first.paymentType, 'css_balance');
    assert.equal(first.product.id, seen.product.id);

    // The link leads to the new order on the storefront.
    await buyPage.locator('buy-licenses').getByRole('link', { name: `View order ${orderNumber}` }).click();
    await tileOf(buyPage, orderNumber).waitFor();
    await buyPage.close();

    // Among today's orders on the storefront, the new one comes first.
    await openStorefront();
    await tiles(page).first().getByRole('button', { name: `Show details of order ${orderNumber}`, exact: true }).waitFor();
    const newTile = tileOf(page, orderNumber);
    await hasText(fact(newTile, 'Available for resale'), '3');
    await hasText(fact(newTile, 'Active'), '0');

    // Show License Keys → a row's Activation Link → Copy.
    await newTile.getByRole('button', { name: `Show details of order ${orderNumber}` }).click();
    await newTile.getByRole('button', { name: 'Show License Keys' }).click();
    const table = newTile.locator('license-keys-table');
    await table.getByRole('row').nth(3).waitFor();
    const licenses = (await api<{ items: ApiLicense[] }>(`/orders/${first.id}/licenses`)).items;
    assert.equal(licenses.length, 3);
    license = licenses[0]!;
    const row = table.getByRole('row').filter({ hasText: license.activationCode });
    await row.getByRole('button', { name: `Actions for ${license.activationCode}` }).click();
    await page.getByRole('menuitem', { name: 'Activation Link', exact: true }).click();
    const linkDialog = page.locator('activation-link-dialog').getByRole('dialog', { name: 'Activation link' });
    await linkDialog.waitFor();
    const shownLink = ((await linkDialog.getByRole('link').textContent()) ?? '').trim();
    await linkDialog.getByRole('button', { name: 'Copy', exact: true }).click();
    await linkDialog.getByRole('status').getByText('Copied', { exact: true }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, shownLink, 'the clipboard holds the link the dialog shows');
    assert.equal(copied, `${demo.url}/activate/${license.activationCode}`);
    await linkDialog.getByRole('button', { name: 'OK' }).click();
    await linkDialog.waitFor({ state: 'hidden' });

    // The customer opens the link in a browser of its own and signs up as a new customer.
    const customer = await customerPage();
    await customer.goto(copied);
    const activation = customer.locator('license-activation');
    await activation.getByText(license.activationCode, { exact: true }).waitFor();
    await fillNewCustomer(activation, 'I am a new customer', { organization: 'Fabrikam Research Ltd', firstName: 'Grace', lastName: 'Hopper', email });
    await activation.getByRole('button', { name: 'Activate', exact: true }).click();
    await activation.getByRole('status').getByText(`Your license of ${first.product.name} is active until`).waitFor();
    assert.equal(await activation.getByRole('button', { name: 'Activate', exact: true }).count(), 0, 'no form after the activation');
    await customer.context().close();

    assert.deepEqual(problems, [], 'no console errors or page errors');
  });

  test('the reseller sees the activation: the count, the customer, the email and the history', async () => {
    assert.ok(first && license, 'the first test bought and activated');
    await page.reload();
    await tiles(page).first().waitFor();
    const tile = tileOf(page, first.orderNumber);
    await hasText(fact(tile, 'Active'), '1');
    await hasText(fact(tile, 'Available for resale'), '2');

    // The keys table: filtered by the customer's email, the activated license is the one left.
    await tile.getByRole('button', { name: `Show details of order ${first.orderNumber}` }).click();
    await tile.getByRole('button', { name: 'Show License Keys' }).click();
    const table = tile.locator('license-keys-table');
    await table.getByRole('row').nth(3).waitFor();
    await table.getByLabel('Search').fill(email);
    await table.getByText('1 of 3 license keys').waitFor();
    const rows = table.locator('tbody').getByRole('row');
    assert.equal(await rows.count(), 1);
    await rows.first().getByText(license.activationCode, { exact: true }).waitFor();
    // Its menu says it is active: Activate is not available.
    await rows.first().getByRole('button', { name: `Actions for ${license.activationCode}` }).click();
    await page.getByRole('menuitem', { name: /^Activate/ }).getByText('The license is already active.').waitFor();
    assert.equal(await page.getByRole('menuitem', { name: /^Activate/ }).getAttribute('aria-disabled'), 'true');
    await page.keyboard.press('Escape');
    await page.getByRole('menu').waitFor({ state: 'hidden' });
    // The export of the keys holds the customer.
    const downloading = page.waitForEvent('download');
    await table.getByRole('button', { name: 'Export' }).click();
    const file = await (await downloading).path();
    const csv = readFileSync(file, 'utf8');
    const line = csv.split(/\r?\n/).find((l) => l.includes(license.activationCode));
    assert.ok(line?.includes(email) && line.includes('Fabrikam Research Ltd'), `the exported key holds the customer: ${line}`);

    const activeLicense = await api<ApiLicense>(`/licenses/${license.id}`);
    assert.equal(activeLicense.status, 'active');
    assert.equal(activeLicense.customer?.email, email);

    // The outbox, as the reseller opens it in the same browser.
    const outbox = await reseller.newPage();
    await outbox.goto(`${demo.url}/outbox`);
    const mail = outbox.getByRole('row').filter({ has: outbox.getByRole('cell', { name: email, exact: true }) });
    await mail.first().waitFor();
    assert.ok(((await mail.first().textContent()) ?? '').includes(license.activationCode), 'the email names the activation code');
    await outbox.close();
    const json = (await (await fetch(`${demo.url}/outbox.json`, { headers: { authorization: `Bearer ${demo.tokenA}` } })).json()) as {
      items: { to: string; text: string; licenseId: string | null }[];
    };
    assert.equal(json.items.filter((m) => m.to === email && m.licenseId === license.id).length, 1, 'one email to the customer');

    // The license's history holds the customer's activation.
    const history = await api<{ items: { kind: string; detail: string }[] }>(`/licenses/${license.id}/history`);
    const activated = history.items.filter((h) => h.kind === 'customer_activated');
    assert.equal(activated.length, 1, `customer_activated in ${history.items.map((h) => h.kind).join(', ')}`);
    assert.ok(activated[0]!.detail.includes(email));

    assert.deepEqual(problems, [], 'no console errors or page errors');
  });

  test('an order with an active license cannot be cancelled until the license is deactivated from the keys table', async () => {
    assert.ok(first && license, 'the first test bought and activated');
    await page.reload();
    const tile = tileOf(page, first.orderNumber);
    await tile.getByRole('button', { name: `Show details of order ${first.orderNumber}` }).click();
    const cancel = tile.getByRole('button', { name: 'Cancel', exact: true });
    await cancel.waitFor();
    assert.equal(await cancel.isDisabled(), true, 'Cancel is disabled');
    await tile.getByText("Cancel is not available: Deactivate the order's active licenses first.").waitFor();
    assert.equal(await cancel.getAttribute('aria-describedby'), 'cancel-reason');
    const order = await orderByNumber(first.orderNumber);
    assert.deepEqual(order.actions.cancel, { allowed: false, reason: 'order_has_active_licenses' });

    // The row menu's Deactivate, and its confirmation.
    await tile.getByRole('button', { name: 'Show License Keys' }).click();
    const row = tile.locator('license-keys-table').getByRole('row').filter({ hasText: license.activationCode });
    await row.getByRole('button', { name: `Actions for ${license.activationCode}` }).click();
    await page.getByRole('menuitem', { name: 'Deactivate', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Deactivate license' });
    await dialog.getByText(`The license becomes available again and ${email} no longer holds it.`).waitFor();
    await dialog.getByRole('button', { name: 'Deactivate', exact: true }).click();
    await dialog.getByText(`License deactivated: it is available again. We emailed ${email}.`).waitFor();
    await dialog.getByRole('button', { name: 'OK' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await hasText(fact(tile, 'Active'), '0');
    await hasText(fact(tile, 'Available for resale'), '3');

    // Cancel is offered now, and cancels.
    await page.waitForFunction((el) => !(el as HTMLButtonElement).disabled, await cancel.elementHandle());
    assert.equal(await cancel.isEnabled(), true, 'Cancel is enabled');
    assert.equal(await tile.getByText('Cancel is not available').count(), 0, 'no reason shown');
    await cancel.click();
    const cancelDialog = tile.locator('cancel-order-dialog').getByRole('dialog', { name: 'Cancel order' });
    await cancelDialog.getByText(`Cancel order ${first.orderNumber} of 3 licenses of ${first.product.name}?`).waitFor();
    await cancelDialog.getByRole('button', { name: 'Cancel order', exact: true }).click();
    await cancelDialog.getByText(`Order ${first.orderNumber} was cancelled and refunded.`).waitFor();
    await cancelDialog.getByRole('button', { name: 'OK' }).click();
    await cancelDialog.waitFor({ state: 'hidden' });
    await hasText(fact(tile, 'State'), 'Refunded');

    const refunded = await orderByNumber(first.orderNumber);
    assert.equal(refunded.state, 'refunded');
    assert.equal(refunded.activeCount, 0);
    const history = await api<{ items: { kind: string }[] }>(`/licenses/${license.id}/history`);
    const kinds = history.items.map((h) => h.kind);
    assert.ok(kinds.includes('deactivated'), `deactivated in ${kinds.join(', ')}`);
    assert.equal((await api<ApiLicense>(`/licenses/${license.id}`)).status, 'refunded');
    assert.deepEqual(problems, [], 'no console errors or page errors');
  });

  test('a second order, paid by credit card, is cancelled from its tile and its codes are void', async () => {
    assert.ok(first, 'the first test bought');
    await openStorefront();
    const from = tileOf(page, first.orderNumber);
    const { orderNumber, buyPage } = await buyMore(from, first.product.name, 2, 'Credit card');
    await buyPage.close();
    const second = await orderByNumber(orderNumber);
    assert.equal(second.paymentType, 'credit_card');
    assert.deepEqual(second.actions.cancel, { allowed: true, reason: null });

    await openStorefront();
    await tiles(page).first().getByRole('button', { name: `Show details of order ${orderNumber}`, exact: true }).waitFor();
    const tile = tileOf(page, orderNumber);
    await hasText(fact(tile, 'State'), 'Processed');
    await tile.getByRole('button', { name: `Show details of order ${orderNumber}` }).click();
    await tile.getByRole('button', { name: 'Cancel', exact: true }).click();
    const dialog = tile.locator('cancel-order-dialog').getByRole('dialog', { name: 'Cancel order' });
    await dialog.getByText(`Cancel order ${orderNumber} of 2 licenses of ${first.product.name}?`).waitFor();
    await dialog.getByRole('button', { name: 'Cancel order', exact: true }).click();
    await dialog.getByText(`Order ${orderNumber} was cancelled and refunded.`).waitFor();
    await dialog.getByRole('button', { name: 'OK' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await hasText(fact(tile, 'State'), 'Refunded');
    await tile.getByText('The order was refunded: its activation codes are void').waitFor();
    assert.equal(await tile.getByRole('button', { name: 'Cancel', exact: true }).count(), 0, 'no Cancel on a refunded order');
    assert.equal((await orderByNumber(orderNumber)).state, 'refunded');

    // A code of the cancelled order, opened on the customer's page: void, and no form.
    const [code] = (await api<{ items: ApiLicense[] }>(`/orders/${second.id}/licenses`)).items;
    assert.equal(code?.status, 'refunded');
    const customer = await customerPage();
    await customer.goto(`${demo.url}/activate/${encodeURIComponent(code.activationCode)}`);
    const activation = customer.locator('license-activation');
    await activation.getByRole('alert').getByText(`This activation code is void: the order of ${first.product.name} was cancelled.`).waitFor();
    assert.equal(await activation.locator('form').count(), 0, 'no form for a void code');
    assert.equal(await activation.getByRole('button', { name: 'Activate' }).count(), 0);
    assert.equal(await activation.getByRole('textbox').count(), 0);
    await customer.context().close();

    assert.deepEqual(problems, [], 'no console errors or page errors');
  });
});
