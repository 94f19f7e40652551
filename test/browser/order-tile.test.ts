import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { LicensesApi } from '../../src/api/client.js';
import { announceLicenseChange, type LicensesContextValue } from '../../src/api/context.js';
import { ApiError } from '../../src/api/contract/errors.js';
import { createMemoryClient, type MemoryLicensesClient } from '../../src/api/memory/memory-client.js';
import type { OrderSummary } from '../../src/api/contract/schemas.js';
import { loadPapaparse } from '../../src/csv/index.js';
import '../../src/elements/licenses-provider/licenses-provider.js';
import type { LicensesProviderElement } from '../../src/elements/licenses-provider/licenses-provider.component.js';
import '../../src/elements/order-tile/order-tile.js';
import type { OrderTileElement } from '../../src/elements/order-tile/order-tile.component.js';
import type { BuyMoreEvent, ConfirmationEmailSentEvent, ExportFinishedEvent } from '../../src/events/index.js';
import { formatInstant, formatMoney } from '../../src/format/index.js';
import { providedFixture, until } from './helpers.js';
import { demoClient, proxyClient } from '../../stories/support/clients.js';
import { orderTile, type OrderTileProps } from '../../stories/order-tile.stories.js';
import { OrderTileHarness } from '../../stories/support/order-tile.harness.js';
import { catchDownloads, catchWindowOpen } from './spies.js';

/** The stories' demo world, with an order of 30 licenses. */
function newClient(): MemoryLicensesClient {
  return demoClient({ bigOrderLicenses: 30 });
}

async function orders(client: LicensesApi): Promise<OrderSummary[]> {
  return (await client.searchOrders({ limit: 200 })).items;
}

/** An order of the client that matches `test`. */
async function anOrder(client: LicensesApi, test: (o: OrderSummary) => boolean): Promise<OrderSummary> {
  const found = (await orders(client)).find(test);
  if (!found) throw new Error('The demo world has no such order');
  return found;
}

async function mount(client: LicensesApi, props: OrderTileProps, settings: { locale?: string; buyUrl?: string; timeZone?: string } = {}) {
  const { el } = await providedFixture<OrderTileElement>(client, orderTile(props), settings);
  return { el, tile: new OrderTileHarness(el) };
}

/** Mounts the tile of `order` and waits until it shows. */
async function shown(client: LicensesApi, order: OrderSummary, settings: { locale?: string; buyUrl?: string; timeZone?: string } = {}) {
  const mounted = await mount(client, { order }, settings);
  await mounted.tile.ready();
  return mounted;
}

describe('<order-tile>', () => {
  it('shows product, order number, date, counts and state when collapsed', async () => {
    const client = newClient();
    const order = await anOrder(client, (o) => o.state === 'processed' && o.activeCount > 0 && o.availableCount > 0);
    const { el, tile } = await shown(client, order);
    expect(tile.product()).to.equal(order.product.name);
    expect(tile.facts()).to.deep.equal({
      Order: order.orderNumber,
      Purchased: formatInstant(order.purchasedAt, 'en', 'UTC'),
      Active: String(order.activeCount),
      'Available for resale': String(order.availableCount),
      State: 'Processed',
    });
    expect(tile.toggle.getAttribute('aria-label')).to.equal(`Show details of order ${order.orderNumber}`);
    expect(tile.toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(tile.detailsHidden()).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('marks a refunded order as Refunded, and Buy More still works for it', async () => {
    const client = newClient();
    const order = await anOrder(client, (o) => o.state === 'refunded');
    const { el, tile } = await shown(client, order);
    expect(tile.state()).to.equal('Refunded');
    expect(tile.tile.classList.contains('refunded')).to.equal(true);
    await tile.expand();
    const opened = catchWindowOpen();
    try {
      tile.press('Buy More');
      await until(() => opened.calls.length === 1, 2000, 'the buy page');
    } finally {
      opened.restore();
    }
    await expect(el).to.be.accessible();
  });

  it('expands and collapses with Enter and Space on the arrow', async () => {
    const client = newClient();
    const { el, tile } = await shown(client, (await orders(client))[0]!);
    el.focus();
    expect(tile.root.activeElement).to.equal(tile.toggle);
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(tile.toggle.getAttribute('aria-expanded')).to.equal('true');
    expect(tile.toggle.getAttribute('aria-controls')).to.equal('details');
    expect(tile.detailsHidden()).to.equal(false);
    expect(tile.button('Buy More')!).to.exist;
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(tile.toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(tile.detailsHidden()).to.equal(true);
  });

  it('shows the Orders facts: User, Order Number, Date, Product, Amount, Payment Type, State', async () => {
    const client = newClient();
    for (const paymentType of ['css_balance', 'credit_card'] as const) {
      const order = await anOrder(client, (o) => o.paymentType === paymentType);
      const { el, tile } = await shown(client, order);
      await tile.expand();
      expect(tile.orders().title).to.equal('Orders');
      expect(tile.orders().facts).to.deep.equal({
        User: order.user,
        'Order Number': order.orderNumber,
        Date: formatInstant(order.purchasedAt, 'en', 'UTC'),
        Product: order.product.name,
        Amount: formatMoney(order.amount, 'en'),
        'Payment Type': paymentType === 'css_balance' ? 'CSS balance' : 'Credit card',
        State: order.state === 'processed' ? 'Processed' : 'Refunded',
      });
      await expect(el).to.be.accessible();
    }
  });

  it('lists the first activation codes with Recurrent and a safe Activation Code Link', async () => {
    const client = newClient();
    const order = await anOrder(client, (o) => o.quantity === 30);
    const { tile } = await shown(client, order);
    await tile.expand();
    const { items } = await client.listLicenses(order.id, { limit: 10 });
    expect(tile.codesCount()).to.equal('Showing 10 of 30 activation codes');
    const headers = tile.codeHeaders();
    expect(headers).to.deep.equal(['Activation Code', 'Recurrent', 'Activation Code Link']);
    const rows = tile.codeRows();
    expect(rows.map((r) => r.querySelector('code')!.textContent!.trim())).to.deep.equal(items.map((l) => l.activationCode));
    expect(rows.map((r) => r.querySelectorAll('td')[1]!.textContent!.trim())).to.deep.equal(items.map((l) => (l.recurrent ? 'Yes' : 'No')));
    const link = rows[0]!.querySelector('a')!;
    expect(link.getAttribute('href')).to.equal(items[0]!.activationLink);
    expect(link.target).to.equal('_blank');
    expect(link.rel).to.equal('noopener noreferrer');
    expect(rows[0]!.querySelector('button')!.getAttribute('aria-label')).to.equal(`Copy activation code ${items[0]!.activationCode}`);
  });

  it('copies an activation code and says so', async () => {
    const client = newClient();
    const { tile } = await shown(client, (await orders(client))[0]!);
    await tile.expand();
    const copied: string[] = [];
    const original = Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard');
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (t: string) => void copied.push(t) } });
    try {
      const code = tile.codes()[0]!;
      tile.press(`Copy activation code ${code}`);
      await until(() => copied.length === 1, 2000, 'the copy');
      expect(copied).to.deep.equal([code]);
      const said = () => tile.codesAnnouncement();
      await until(() => said() !== '', 2000, 'the confirmation');
      expect(said()).to.equal(`Activation code ${code} copied`);
    } finally {
      delete (navigator as unknown as Record<string, unknown>).clipboard;
      if (original) Object.defineProperty(Navigator.prototype, 'clipboard', original);
    }
  });

  it("Download Activation Code and Export save all of the order's codes as CSV", async () => {
    const client = newClient();
    const order = await anOrder(client, (o) => o.quantity === 30);
    const { el, tile } = await shown(client, order);
    await tile.expand();
    const all = (await client.listLicenses(order.id, { limit: 500 })).items;
    const downloads = catchDownloads();
    try {
      for (const name of ['Download Activation Code', 'Export']) {
        const finished = oneEvent(el, 'export-finished') as Promise<ExportFinishedEvent>;
        const file = downloads.next();
        tile.press(name);
        const { fileName, text } = await file;
        expect(fileName).to.equal(`${order.orderNumber}-activation-codes.csv`);
        expect((await finished).detail).to.deep.equal({ kind: 'activation-codes', fileName, rows: 30 });
        const Papa = await loadPapaparse();
        const rows = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
        expect(rows[0]).to.deep.equal(['Activation Code', 'Recurrent', 'Activation Code Link']);
        expect(rows.slice(1)).to.deep.equal(all.map((l) => [l.activationCode, String(l.recurrent), l.activationLink]));
      }
    } finally {
      downloads.restore();
    }
  });

  it('Buy More fires buy-more, then opens the filled buy page in a new tab', async () => {
    const client = newClient();
    const order = (await orders(client))[0]!;
    const { el, tile } = await shown(client, order, { buyUrl: 'https://shop.example.com/buy/{productId}?ref=desk' });
    await tile.expand();
    const opened = catchWindowOpen();
    try {
      const event = oneEvent(el, 'buy-more') as Promise<BuyMoreEvent>;
      tile.press('Buy More');
      const { detail, cancelable } = await event;
      const url = `https://shop.example.com/buy/${encodeURIComponent(order.product.id)}?ref=desk`;
      expect(cancelable).to.equal(true);
      expect(detail.url).to.equal(url);
      expect(detail.order.id).to.equal(order.id);
      await until(() => opened.calls.length === 1, 2000, 'the buy page');
      expect(opened.calls[0]).to.deep.equal([url, '_blank', 'noopener,noreferrer']);
    } finally {
      opened.restore();
    }
  });

  it('Buy More leaves the page to the host when the host cancels buy-more', async () => {
    const client = newClient();
    const { el, tile } = await shown(client, (await orders(client))[0]!);
    await tile.expand();
    const opened = catchWindowOpen();
    let heard = 0;
    el.addEventListener('buy-more', (e) => {
      heard += 1;
      e.preventDefault();
    });
    try {
      tile.press('Buy More');
      await until(() => heard === 1, 2000, 'buy-more');
      await el.updateComplete;
      expect(opened.calls).to.deep.equal([]);
    } finally {
      opened.restore();
    }
  });

  it("Buy More uses the API's buy page when the provider names none", async () => {
    const memory = newClient();
    const client = proxyClient(memory, { getMe: async () => ({ ...(await memory.getMe()), buyUrl: 'https://vendor.example.com/store?p={productId}' }) });
    const order = (await orders(memory))[0]!;
    const provider = await fixture<LicensesProviderElement>(
      html`<licenses-provider .client=${client} locale="en" time-zone="UTC">${orderTile({ order, open: true })}</licenses-provider>`,
    );
    const tile = new OrderTileHarness(provider.querySelector('order-tile')!);
    await until(() => tile.button('Buy More') !== undefined, 2000, 'Buy More');
    const opened = catchWindowOpen();
    try {
      tile.press('Buy More');
      await until(() => opened.calls.length === 1, 2000, 'the buy page');
      expect(opened.calls[0]![0]).to.equal(`https://vendor.example.com/store?p=${encodeURIComponent(order.product.id)}`);
    } finally {
      opened.restore();
    }
  });

  it('Buy More never opens an unsafe buy page and says why', async () => {
    const client = newClient();
    const { el, tile } = await shown(client, (await orders(client))[0]!, { buyUrl: 'javascript:alert(1)//{productId}' });
    await tile.expand();
    const opened = catchWindowOpen();
    try {
      const event = oneEvent(el, 'buy-more') as Promise<BuyMoreEvent>;
      tile.press('Buy More');
      expect((await event).detail.url).to.equal(null);
      await until(() => tile.status() !== '', 2000, 'the message');
      expect(tile.status()).to.equal('No buy page is set up, so Buy More cannot open it.');
      expect(opened.calls).to.deep.equal([]);
    } finally {
      opened.restore();
    }
  });

  it('Resend Email says when the confirmation was sent, in the provider\'s time zone, so a second click reads as new', async () => {
    const memory = newClient();
    const order = (await orders(memory))[0]!;
    const { el, tile } = await mount(memory, { order }, { timeZone: 'Asia/Tokyo' });
    await tile.expand();
    const tokyo = (at: number) => new Date(at).toLocaleTimeString('en', { timeStyle: 'medium', timeZone: 'Asia/Tokyo' });
    const send = async () => {
      const before = Date.now();
      const sent = oneEvent(el, 'confirmation-email-sent');
      tile.press('Resend Email');
      await sent;
      await el.updateComplete;
      const after = Date.now();
      const said = tile.status();
      expect([tokyo(before), tokyo(after)].some((time) => said.endsWith(` at ${time}`)), said).to.equal(true);
      return said;
    };
    const first = await send();
    await aTimeout(1100);
    const second = await send();
    expect(second).to.not.equal(first);
  });

  it('Resend Email says where the confirmation went, with a new key for each click', async () => {
    const memory = newClient();
    const keys: string[] = [];
    const client = proxyClient(memory, {
      resendConfirmationEmail: (orderId, options) => {
        keys.push(options.idempotencyKey);
        return memory.resendConfirmationEmail(orderId, options);
      },
    });
    const order = (await orders(memory))[0]!;
    const me = await memory.getMe();
    const { el, tile } = await shown(client, order);
    await tile.expand();
    for (let i = 0; i < 2; i++) {
      const sent = oneEvent(el, 'confirmation-email-sent') as Promise<ConfirmationEmailSentEvent>;
      tile.press('Resend Email');
      const { detail } = await sent;
      expect(detail.orderId).to.equal(order.id);
      expect(detail.result.to).to.equal(me.user.email);
      await el.updateComplete;
      expect(tile.status()).to.match(new RegExp(`^Confirmation sent to ${me.user.email.replace(/[.+]/g, '\\$&')} at \\d{1,2}:\\d{2}:\\d{2}`));
    }
    expect(new Set(keys).size).to.equal(2);
    expect(memory.store.outbox.filter((m) => m.subject.includes(order.orderNumber))).to.have.length(2);
    await expect(el).to.be.accessible();
  });

  it('Resend Email says when it may be tried again after too many sends', async () => {
    const client = newClient();
    const { el, tile } = await shown(client, (await orders(client))[0]!);
    await tile.expand();
    for (let i = 0; i < 3; i++) {
      const sent = oneEvent(el, 'confirmation-email-sent');
      tile.press('Resend Email');
      await sent;
    }
    const failed = oneEvent(el, 'licenses-error');
    tile.press('Resend Email');
    expect((await failed).detail.code).to.equal('rate_limited');
    await el.updateComplete;
    expect(tile.alert()).to.match(/^The confirmation was sent several times just now\. It can be sent again in \d+ seconds, at .+\.$/);
    expect(tile.status()).to.equal('');
  });

  it('Resend Email reuses its key when retried after a network failure', async () => {
    const memory = newClient();
    const keys: string[] = [];
    let failures = 1;
    const client = proxyClient(memory, {
      resendConfirmationEmail: (orderId, options) => {
        keys.push(options.idempotencyKey);
        if (failures-- > 0) return Promise.reject(new ApiError({ status: 0, code: 'network_error', detail: 'offline' }));
        return memory.resendConfirmationEmail(orderId, options);
      },
    });
    const { el, tile } = await shown(client, (await orders(memory))[0]!);
    await tile.expand();
    tile.press('Resend Email');
    await until(() => tile.alert() !== '', 2000, 'the failure');
    expect(tile.alert()).to.contain('The confirmation could not be sent.');
    const sent = oneEvent(el, 'confirmation-email-sent');
    tile.press('Resend Email');
    await sent;
    expect(keys).to.have.length(2);
    expect(keys[1]).to.equal(keys[0]);
  });

  it('keeps its counts in sync when a license of the order is activated elsewhere', async () => {
    const client = newClient();
    const order = await anOrder(client, (o) => o.state === 'processed' && o.availableCount > 0);
    const { el, tile } = await shown(client, order);
    const available = (await client.listLicenses(order.id, { status: 'available' })).items[0]!;
    const [customer] = (await client.searchCustomers('')).items;
    const license = await client.activateLicense(
      available.id,
      { customer: { kind: 'existing', email: customer!.email } },
      { idempotencyKey: 'activate-in-test' },
    );
    announceLicenseChange((el as unknown as { api: { ctx: LicensesContextValue } }).api.ctx, license);
    const facts = () => tile.facts();
    await until(() => facts()['Active'] === String(order.activeCount + 1), 2000, 'the new counts');
    expect(facts()['Available for resale']).to.equal(String(order.availableCount - 1));
  });

  it('loads the order named by order-id, and says so with Retry when it cannot', async () => {
    const client = newClient();
    const order = (await orders(client))[3]!;
    const { tile } = await mount(client, { orderId: order.id });
    await tile.find('[part="facts"]', 2000);
    expect(tile.product()).to.equal(order.product.name);

    const missing = await mount(client, { orderId: 'ord_missing' });
    await until(() => missing.tile.loadError() !== '', 2000, 'the error');
    expect(missing.tile.loadError()).to.contain('The order could not be loaded.');
    expect(missing.tile.button('Retry')).to.exist;
    await expect(missing.el).to.be.accessible();
  });

  it("Show License Keys reveals the order's license keys table", async () => {
    const client = newClient();
    const order = (await orders(client))[0]!;
    const { el, tile } = await shown(client, order);
    await tile.expand();
    const keys = tile.button('Show License Keys')!;
    expect(keys.getAttribute('aria-expanded')).to.equal('false');
    expect(tile.keysTable()).to.equal(null);
    keys.click();
    await el.updateComplete;
    expect(keys.getAttribute('aria-expanded')).to.equal('true');
    // The table's module loads on the first click; the table shows once it is defined.
    await until(() => tile.keysTable() !== null, 3000, 'the keys table');
    const table = tile.root.querySelector(`#${keys.getAttribute('aria-controls')} license-keys-table`)!;
    expect(table.getAttribute('order-id')).to.equal(order.id);
    expect(table.shadowRoot, 'an upgraded table').to.not.equal(null);
  });

  it('renders hostile text as text, wrapping long strings', async () => {
    const client = newClient();
    const base = (await orders(client))[0]!;
    const name = `<img src=x onerror="alert(1)">\u202Egnol ${'x'.repeat(10_000)}`;
    const order: OrderSummary = { ...base, product: { ...base.product, name }, user: name };
    const { el, tile } = await shown(client, order);
    await tile.expand();
    const product = tile.root.querySelector('[part="product"]')!;
    expect(product.textContent!.trim()).to.equal(name);
    expect(product.classList.contains('wrap')).to.equal(true);
    expect(tile.root.querySelector('img')).to.equal(null);
    expect(el.getBoundingClientRect().width).to.be.at.most(document.documentElement.clientWidth);
    expect(tile.tile.scrollWidth).to.be.at.most(tile.tile.clientWidth + 1);
  });

  it('fits a 390 px wide page when expanded, laying the codes out as labelled lines', async () => {
    const client = newClient();
    const { el, tile } = await shown(client, await anOrder(client, (o) => o.quantity === 30));
    el.parentElement!.parentElement!.style.width = '390px';
    await tile.expand();
    expect(tile.tile.scrollWidth).to.be.at.most(tile.tile.clientWidth + 1);
    expect(el.getBoundingClientRect().width).to.be.at.most(390);
    const cell = tile.codeRows()[0]!.querySelector('td')!;
    expect(getComputedStyle(cell).display).to.equal('block');
    expect(cell.getAttribute('role')).to.equal('cell');
    await expect(el).to.be.accessible();
  });

  it('speaks German when the provider says so', async () => {
    const client = newClient();
    const order = await anOrder(client, (o) => o.state === 'processed' && o.paymentType === 'css_balance');
    const { tile } = await shown(client, order, { locale: 'de' });
    expect(Object.keys(tile.facts())).to.deep.equal([
      'Bestellung',
      'Gekauft',
      'Aktiv',
      'Für den Weiterverkauf verfügbar',
      'Status',
    ]);
    expect(tile.toggle.getAttribute('aria-label')).to.equal(`Details der Bestellung ${order.orderNumber} anzeigen`);
    await tile.expand();
    for (const name of ['Mehr kaufen', 'E-Mail erneut senden', 'Aktivierungscode herunterladen', 'Lizenzschlüssel anzeigen']) {
      expect(tile.button(name), name).to.exist;
    }
    const section = tile.orders().facts;
    expect(section['Zahlungsart']).to.equal('CSS-Guthaben');
    expect(section['Status']).to.equal('Verarbeitet');
  });
});
