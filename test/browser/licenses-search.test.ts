import { aTimeout, expect, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { LicensesApi } from '../../src/api/client.js';
import { ApiError } from '../../src/api/contract/errors.js';
import { createMemoryClient } from '../../src/api/memory/memory-client.js';
import type { OrdersQuery, OrderSummary } from '../../src/api/contract/schemas.js';
import { loadPapaparse } from '../../src/csv/index.js';
import '../../src/elements/licenses-search/licenses-search.js';
import type { LicensesSearchElement } from '../../src/elements/licenses-search/licenses-search.component.js';
import type { OrderTileElement } from '../../src/elements/order-tile/order-tile.component.js';
import type { ExportFinishedEvent, LicensesErrorEvent, LicensesSearchEvent } from '../../src/events/index.js';
import { nextDay, startOfDay, todayIn } from '../../src/format/index.js';
import { buttonByText, providedFixture, until } from './helpers.js';
import { proxyClient } from '../../stories/support/clients.js';
import { catchDownloads } from './spies.js';

const ALL_TIME = { from: '', to: '' };

interface MountOptions {
  syncUrl?: boolean;
  locale?: string;
  timeZone?: string;
}

async function mount(client: LicensesApi, options: MountOptions = {}): Promise<LicensesSearchElement> {
  const { el } = await providedFixture<LicensesSearchElement>(
    client,
    html`<licenses-search ?sync-url=${options.syncUrl ?? false}></licenses-search>`,
    { locale: options.locale ?? 'en', timeZone: options.timeZone ?? 'UTC' },
  );
  await settled(el);
  return el;
}

function root(el: LicensesSearchElement): ShadowRoot {
  return el.shadowRoot!;
}

/** Waits until no search or page load is running and the results are drawn. */
async function settled(el: LicensesSearchElement): Promise<void> {
  await el.updateComplete;
  await until(() => {
    const results = root(el).querySelector('.results');
    return results !== null && results.getAttribute('aria-busy') === 'false' && results.querySelector('.placeholder') === null;
  }, 4000, 'the search to settle');
}

function tiles(el: LicensesSearchElement): OrderTileElement[] {
  return Array.from(root(el).querySelectorAll('order-tile'));
}

function shownNumbers(el: LicensesSearchElement): string[] {
  return tiles(el).map((t) => t.order!.orderNumber);
}

function control(el: LicensesSearchElement, id: string): HTMLInputElement | HTMLSelectElement {
  const found = root(el).querySelector<HTMLInputElement | HTMLSelectElement>(`#${id}`);
  if (!found) throw new Error(`No field #${id}`);
  return found;
}

/** Types into fields the way a person does: the value changes, then input and change fire. */
function fill(el: LicensesSearchElement, fields: Record<string, string>): void {
  for (const [id, value] of Object.entries(fields)) {
    const field = control(el, id);
    field.value = value;
    field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    field.dispatchEvent(new Event('change', { bubbles: true }));
  }
}

async function searchFor(el: LicensesSearchElement, fields: Record<string, string>): Promise<void> {
  fill(el, fields);
  buttonByText(root(el), 'Search')!.click();
  await settled(el);
}

function totalText(el: LicensesSearchElement): string {
  return root(el).querySelector('[part="total"]')!.textContent!.trim();
}

/** Every order the API answers for `query`, walking all its pages. */
async function allOrders(client: LicensesApi, query: OrdersQuery): Promise<OrderSummary[]> {
  const out: OrderSummary[] = [];
  let cursor: string | null = null;
  do {
    const page = await client.searchOrders({ ...query, limit: 200, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return out;
}

function todayQuery(timeZone = 'UTC'): OrdersQuery {
  const today = todayIn(timeZone);
  return { purchasedFrom: startOfDay(today, timeZone), purchasedTo: startOfDay(nextDay(today), timeZone) };
}

describe('<licenses-search>', () => {
  it("shows today's orders by default, newest first, with the total found", async () => {
    const client = createMemoryClient({ orders: 60, bigOrderLicenses: 20 });
    const expected = await allOrders(client, todayQuery());
    expect(expected.length).to.be.greaterThan(2);
    const el = await mount(client);
    expect(shownNumbers(el)).to.deep.equal(expected.slice(0, 25).map((o) => o.orderNumber));
    expect(totalText(el)).to.equal(`${expected.length} orders`);
    expect((control(el, 'from') as HTMLInputElement).value).to.equal(todayIn('UTC'));
    expect((control(el, 'to') as HTMLInputElement).value).to.equal(todayIn('UTC'));
    await expect(el).to.be.accessible();
  });

  it("sends the reseller's local day as instants", async () => {
    const client = createMemoryClient({ orders: 40, bigOrderLicenses: 10 });
    const events: LicensesSearchEvent[] = [];
    const { el } = await providedFixture<LicensesSearchElement>(
      client,
      html`<licenses-search @licenses-search=${(e: LicensesSearchEvent) => events.push(e)}></licenses-search>`,
      { timeZone: 'Pacific/Auckland' },
    );
    await settled(el);
    const expected = await allOrders(client, todayQuery('Pacific/Auckland'));
    expect(events.map((e) => e.detail)).to.deep.equal([{ query: todayQuery('Pacific/Auckland'), total: expected.length }]);
  });

  it('labels every search field and offers Search, Reset and Export', async () => {
    const el = await mount(createMemoryClient({ orders: 30, bigOrderLicenses: 10 }));
    expect(root(el).querySelector('legend')!.textContent!.trim()).to.equal('Purchase date');
    const labels = Array.from(root(el).querySelectorAll('label')).map((l) => [l.textContent!.trim(), l.htmlFor]);
    expect(labels).to.deep.equal([
      ['Find', 'q'],
      ['From', 'from'],
      ['To', 'to'],
      ['Order number', 'orderNumber'],
      ['Product', 'productId'],
      ['State', 'state'],
      ['Payment type', 'paymentType'],
      ['Activation code', 'activationCode'],
      ['Customer email', 'customerEmail'],
    ]);
    for (const [, id] of labels) expect(control(el, id!)).to.exist;
    for (const name of ['Search', 'Reset', 'Export']) expect(buttonByText(root(el), name), name).to.exist;
  });

  it('lays the form out in one column on a phone and in several on a desktop', async () => {
    const el = await mount(createMemoryClient({ orders: 30, bigOrderLicenses: 10 }));
    const page = el.parentElement!.parentElement!;
    const columns = async (width: string) => {
      page.style.width = width;
      await el.updateComplete;
      return getComputedStyle(root(el).querySelector('form')!).gridTemplateColumns.split(' ').length;
    };
    expect(await columns('390px')).to.equal(1);
    expect(await columns('1280px')).to.be.at.least(4);
  });

  it('offers the products the reseller bought as Product choices', async () => {
    const client = createMemoryClient({ orders: 30, bigOrderLicenses: 10 });
    const el = await mount(client);
    const { items } = await client.listProducts();
    await until(() => (control(el, 'productId') as HTMLSelectElement).options.length === items.length + 1, 2000, 'products');
    const options = Array.from((control(el, 'productId') as HTMLSelectElement).options).map((o) => o.textContent!.trim());
    expect(options).to.deep.equal(['All products', ...items.map((p) => p.name)]);
  });

  it('searches when Enter is pressed in the order number field', async () => {
    const client = createMemoryClient({ orders: 60, bigOrderLicenses: 10 });
    const el = await mount(client);
    const [wanted] = await allOrders(client, { state: 'refunded' });
    fill(el, { ...ALL_TIME, orderNumber: wanted!.orderNumber.toLowerCase() });
    control(el, 'orderNumber').focus();
    const searched = oneEvent(el, 'licenses-search') as Promise<LicensesSearchEvent>;
    await sendKeys({ press: 'Enter' });
    expect((await searched).detail.query).to.deep.equal({ orderNumber: wanted!.orderNumber.toLowerCase() });
    await settled(el);
    expect(shownNumbers(el)).to.deep.equal([wanted!.orderNumber]);
    expect(totalText(el)).to.equal('1 order');
  });

  it('searches when Enter is pressed on a choice', async () => {
    const el = await mount(createMemoryClient({ orders: 40, bigOrderLicenses: 10 }));
    fill(el, { ...ALL_TIME, state: 'refunded' });
    control(el, 'state').focus();
    const searched = oneEvent(el, 'licenses-search') as Promise<LicensesSearchEvent>;
    await sendKeys({ press: 'Enter' });
    expect((await searched).detail.query).to.deep.equal({ state: 'refunded' });
  });

  it('filters by product, state, payment type, activation code and customer email', async () => {
    const client = createMemoryClient({ orders: 80, bigOrderLicenses: 10 });
    const el = await mount(client);
    const every = await allOrders(client, {});
    const sample = every[7]!;
    const { items: licenses } = await client.listLicenses(sample.id, {});
    const code = licenses[0]!.activationCode;
    let customerEmail = '';
    for (const order of every) {
      const active = (await client.listLicenses(order.id, { status: 'active' })).items[0];
      if (active?.customer) {
        customerEmail = active.customer.email;
        break;
      }
    }
    await until(() => (control(el, 'productId') as HTMLSelectElement).options.length > 1, 2000, 'products');
    const cases: [Record<string, string>, OrdersQuery][] = [
      [{ productId: sample.product.id }, { productId: sample.product.id }],
      [{ productId: '', state: 'refunded' }, { state: 'refunded' }],
      [{ state: '', paymentType: 'credit_card' }, { paymentType: 'credit_card' }],
      [{ paymentType: '', activationCode: code }, { activationCode: code }],
      [{ activationCode: '', customerEmail }, { customerEmail }],
    ];
    for (const [fields, query] of cases) {
      await searchFor(el, { ...ALL_TIME, ...fields });
      const expected = (await client.searchOrders({ ...query, limit: 25 })).items.map((o) => o.orderNumber);
      expect(expected.length, JSON.stringify(query)).to.be.greaterThan(0);
      expect(shownNumbers(el), JSON.stringify(query)).to.deep.equal(expected);
    }
    expect(shownNumbers(el).length).to.be.lessThan(every.length);
  });

  it('finds orders by a fragment of what the reseller knows of them, whatever its case', async () => {
    const client = createMemoryClient({ orders: 80, bigOrderLicenses: 10 });
    const el = await mount(client);
    const every = await allOrders(client, {});
    const sample = every[11]!;
    const { items: licenses } = await client.listLicenses(sample.id, {});
    const fragments = [sample.orderNumber.slice(-4), licenses[0]!.activationCode.slice(5, 9).toLowerCase()];
    for (const q of fragments) {
      await searchFor(el, { ...ALL_TIME, q });
      const expected = (await client.searchOrders({ q, limit: 25 })).items.map((o) => o.orderNumber);
      expect(shownNumbers(el), q).to.include(sample.orderNumber);
      expect(shownNumbers(el), q).to.deep.equal(expected);
    }
    expect(shownNumbers(el).length).to.be.lessThan(every.length);
  });

  it('asks for 3 characters or more before searching by a fragment, and says so at the field', async () => {
    const el = await mount(createMemoryClient({ orders: 30, bigOrderLicenses: 10 }));
    let searches = 0;
    el.addEventListener('licenses-search', () => (searches += 1));
    await searchFor(el, { q: ' ab ' });
    const q = control(el, 'q');
    expect(q.getAttribute('aria-invalid')).to.equal('true');
    expect(q.getAttribute('aria-describedby')).to.equal('q-hint q-error');
    expect(root(el).querySelector('#q-error')!.hasAttribute('hidden')).to.equal(false);
    expect(root(el).querySelector('#q-error')!.textContent!.trim()).to.equal('Type at least 3 characters.');
    expect(root(el).activeElement).to.equal(q);
    expect(searches).to.equal(0);
    fill(el, { q: 'abc' });
    await el.updateComplete;
    expect(q.getAttribute('aria-invalid')).to.equal('false');
    expect(root(el).querySelector('#q-error')!.hasAttribute('hidden')).to.equal(true);
  });

  it('refuses an end date before the start date and says so', async () => {
    const el = await mount(createMemoryClient({ orders: 30, bigOrderLicenses: 10 }));
    let searches = 0;
    el.addEventListener('licenses-search', () => (searches += 1));
    await searchFor(el, { from: '2026-03-10', to: '2026-03-01' });
    const to = control(el, 'to');
    expect(to.getAttribute('aria-invalid')).to.equal('true');
    expect(root(el).querySelector('#dates-error')!.hasAttribute('hidden')).to.equal(false);
    expect(root(el).querySelector('#dates-error')!.textContent!.trim()).to.equal('The end date lies before the start date.');
    expect(searches).to.equal(0);
  });

  it("Reset returns to today's orders", async () => {
    const client = createMemoryClient({ orders: 60, bigOrderLicenses: 10 });
    const el = await mount(client);
    const today = shownNumbers(el);
    await searchFor(el, { ...ALL_TIME, state: 'refunded', orderNumber: 'ORD' });
    expect(shownNumbers(el)).to.deep.equal([]);
    const searched = oneEvent(el, 'licenses-search') as Promise<LicensesSearchEvent>;
    buttonByText(root(el), 'Reset')!.click();
    expect((await searched).detail.query).to.deep.equal(todayQuery());
    await settled(el);
    expect(shownNumbers(el)).to.deep.equal(today);
    expect((control(el, 'from') as HTMLInputElement).value).to.equal(todayIn('UTC'));
    expect(control(el, 'state').value).to.equal('');
    expect(control(el, 'orderNumber').value).to.equal('');
  });

  it('loads more orders on demand until all are shown, without repeating any', async () => {
    const client = createMemoryClient({ orders: 60, bigOrderLicenses: 10 });
    const el = await mount(client);
    await searchFor(el, ALL_TIME);
    const every = (await allOrders(client, {})).map((o) => o.orderNumber);
    expect(shownNumbers(el)).to.deep.equal(every.slice(0, 25));
    expect(totalText(el)).to.equal(`${every.length} orders`);
    while (buttonByText(root(el), 'Load more')) {
      buttonByText(root(el), 'Load more')!.click();
      await settled(el);
    }
    expect(shownNumbers(el)).to.deep.equal(every);
    expect(root(el).querySelector('.more')!.textContent!.trim()).to.equal(`Showing ${every.length} of ${every.length}`);
  });

  it('lets a newer search cancel an older one', async () => {
    const memory = createMemoryClient({ orders: 60, bigOrderLicenses: 10, latencyMs: 60 });
    const signals: AbortSignal[] = [];
    const client = proxyClient(memory, {
      searchOrders: (query, options) => {
        if (options?.signal) signals.push(options.signal);
        return memory.searchOrders(query, options);
      },
    });
    const el = await mount(client);
    const events: LicensesSearchEvent[] = [];
    el.addEventListener('licenses-search', (e) => events.push(e));
    fill(el, { ...ALL_TIME, state: 'refunded' });
    buttonByText(root(el), 'Search')!.click();
    await el.updateComplete;
    fill(el, { state: 'processed' });
    buttonByText(root(el), 'Search')!.click();
    await settled(el);
    expect(signals.at(-2)!.aborted).to.equal(true);
    expect(signals.at(-1)!.aborted).to.equal(false);
    expect(events.map((e) => e.detail.query)).to.deep.equal([{ state: 'processed' }]);
    expect(tiles(el).every((t) => t.order!.state === 'processed')).to.equal(true);
  });

  it('keeps the previous results in place, marked busy, while a search runs', async () => {
    const el = await mount(createMemoryClient({ orders: 60, bigOrderLicenses: 10, latencyMs: 80 }));
    const before = shownNumbers(el);
    buttonByText(root(el), 'Search')!.click();
    await el.updateComplete;
    const results = root(el).querySelector('.results')!;
    expect(results.getAttribute('aria-busy')).to.equal('true');
    expect(shownNumbers(el)).to.deep.equal(before);
    expect(totalText(el)).to.equal('Searching…');
    await settled(el);
  });

  it('says clearly when nothing matches', async () => {
    const el = await mount(createMemoryClient({ orders: 30, bigOrderLicenses: 10 }));
    await searchFor(el, { ...ALL_TIME, orderNumber: 'ORD-1999-424242' });
    const empty = root(el).querySelector('[part="empty"]')!;
    expect(empty.textContent).to.contain('No orders found');
    expect(empty.textContent).to.contain('No orders match this search.');
    expect(totalText(el)).to.equal('0 orders');
    await expect(el).to.be.accessible();
  });

  it('offers to search all dates when nothing matches within the purchase dates', async () => {
    const client = createMemoryClient({ orders: 60, bigOrderLicenses: 10 });
    const [old] = (await allOrders(client, { purchasedTo: todayQuery().purchasedFrom })).slice(-1);
    const el = await mount(client);
    await searchFor(el, { orderNumber: old!.orderNumber });
    expect(shownNumbers(el)).to.deep.equal([]);
    const searched = oneEvent(el, 'licenses-search') as Promise<LicensesSearchEvent>;
    buttonByText(root(el), 'Search all dates')!.click();
    expect((await searched).detail.query).to.deep.equal({ orderNumber: old!.orderNumber });
    await settled(el);
    expect(shownNumbers(el)).to.deep.equal([old!.orderNumber]);
    expect((control(el, 'from') as HTMLInputElement).value).to.equal('');
    expect(buttonByText(root(el), 'Search all dates')).to.equal(undefined);
  });

  it('puts focus on the orders found after Search all dates, not on the page', async () => {
    const client = createMemoryClient({ orders: 60, bigOrderLicenses: 10 });
    const [old] = (await allOrders(client, { purchasedTo: todayQuery().purchasedFrom })).slice(-1);
    const el = await mount(client);
    await searchFor(el, { orderNumber: old!.orderNumber });
    const button = buttonByText(root(el), 'Search all dates')!;
    button.focus();
    button.click();
    await settled(el);
    await until(() => document.activeElement !== document.body, 2000, 'focus to land');
    expect(document.activeElement).to.equal(el);
    expect(root(el).activeElement).to.equal(tiles(el)[0]);
  });

  it('shows the reversed-dates error under To, the field it marks', async () => {
    const el = await mount(createMemoryClient({ orders: 30, bigOrderLicenses: 10 }));
    await searchFor(el, { from: '2026-12-10', to: '2026-12-01' });
    const to = control(el, 'to').getBoundingClientRect();
    const from = control(el, 'from').getBoundingClientRect();
    const error = root(el).querySelector('#dates-error')!.getBoundingClientRect();
    expect(control(el, 'to').getAttribute('aria-invalid')).to.equal('true');
    expect(control(el, 'from').getAttribute('aria-invalid')).to.not.equal('true');
    expect(error.top, 'below To').to.be.at.least(to.bottom);
    expect(error.left, 'in the column of To').to.be.at.least(to.left - 1);
    expect(error.left, 'not in the column of From').to.be.at.least(from.right);
  });

  it('says what failed and searches again on Retry', async () => {
    const memory = createMemoryClient({ orders: 30, bigOrderLicenses: 10 });
    let failures = 1;
    const client = proxyClient(memory, {
      searchOrders: (query, options) => {
        if (failures-- > 0) return Promise.reject(new ApiError({ status: 503, code: 'internal_error', detail: 'The service is down for a moment.' }));
        return memory.searchOrders(query, options);
      },
    });
    const errors: LicensesErrorEvent[] = [];
    const { el } = await providedFixture<LicensesSearchElement>(client, html`<licenses-search @licenses-error=${(e: LicensesErrorEvent) => errors.push(e)}></licenses-search>`);
    await settled(el);
    const alert = root(el).querySelector('[role="alert"]')!;
    expect(alert.textContent).to.contain('The orders could not be loaded.');
    expect(alert.textContent).to.contain('The service is down for a moment.');
    expect(errors.map((e) => [e.detail.operation, e.detail.code, e.detail.status])).to.deep.equal([['searchOrders', 'internal_error', 503]]);
    await expect(el).to.be.accessible();
    buttonByText(root(el), 'Retry')!.click();
    await settled(el);
    expect(root(el).querySelector('[role="alert"]')).to.equal(null);
    expect(tiles(el).length).to.be.greaterThan(0);
  });

  it('exports every matching order, walking all pages, as orders-all-dates.csv for a search over all dates', async () => {
    const memory = createMemoryClient({ orders: 450, bigOrderLicenses: 5 });
    const limits: number[] = [];
    const client = proxyClient(memory, {
      searchOrders: (query, options) => {
        limits.push(Number(query.limit));
        return memory.searchOrders(query, options);
      },
    });
    const downloads = catchDownloads();
    try {
      const el = await mount(client);
      await searchFor(el, { ...ALL_TIME, paymentType: 'css_balance' });
      const expected = await allOrders(memory, { paymentType: 'css_balance' });
      expect(expected.length).to.be.greaterThan(200);
      limits.length = 0;
      const finished = oneEvent(el, 'export-finished') as Promise<ExportFinishedEvent>;
      const file = downloads.next();
      buttonByText(root(el), 'Export')!.click();
      const { detail } = await finished;
      const { fileName, text } = await file;
      expect(fileName).to.equal('orders-all-dates.csv');
      expect(detail).to.deep.equal({ kind: 'orders', fileName, rows: expected.length });
      expect(limits).to.deep.equal([200, 200]);
      expect(text.startsWith('\uFEFFOrder Number,Date,Product')).to.equal(true);
      const Papa = await loadPapaparse();
      const rows = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data.slice(1);
      expect(rows.map((r) => r[0])).to.deep.equal(expected.map((o) => o.orderNumber));
      await el.updateComplete;
      expect(root(el).querySelector('.export-note')!.textContent).to.contain(`Saved ${expected.length} orders as ${fileName}.`);
    } finally {
      downloads.restore();
    }
  });

  it('exports orders as the screen shows them, in a file named after the searched purchase dates', async () => {
    const client = createMemoryClient({ orders: 60, bigOrderLicenses: 5 });
    const timeZone = 'America/New_York';
    const to = todayIn(timeZone);
    const from = new Date(Date.parse(`${to}T00:00:00Z`) - 20 * 86_400_000).toISOString().slice(0, 10);
    const downloads = catchDownloads();
    try {
      const el = await mount(client, { timeZone });
      await searchFor(el, { from, to });
      const expected = await allOrders(client, { purchasedFrom: startOfDay(from, timeZone), purchasedTo: startOfDay(nextDay(to), timeZone) });
      expect(expected.length).to.be.greaterThan(1);
      const file = downloads.next();
      buttonByText(root(el), 'Export')!.click();
      const { fileName, text } = await file;
      expect(fileName).to.equal(`orders-${from}_${to}.csv`);
      const Papa = await loadPapaparse();
      const rows = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true }).data;
      const labels = { css_balance: 'CSS balance', credit_card: 'Credit card', processed: 'Processed', refunded: 'Refunded' };
      const local = (iso: string) => {
        const parts = Object.fromEntries(
          new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
            .formatToParts(new Date(iso))
            .map((p) => [p.type, p.value]),
        );
        return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
      };
      expect(rows.map((r) => [r['Order Number'], r['Date'], r['Payment Type'], r['State']])).to.deep.equal(
        expected.map((o) => [o.orderNumber, local(o.purchasedAt), labels[o.paymentType], labels[o.state]]),
      );
    } finally {
      downloads.restore();
    }
  });

  it('says "Saved 1 order" for one order, and the note goes when a new search runs', async () => {
    const client = createMemoryClient({ orders: 40, bigOrderLicenses: 5 });
    const [one] = await allOrders(client, {});
    const downloads = catchDownloads();
    try {
      const el = await mount(client);
      await searchFor(el, { ...ALL_TIME, orderNumber: one!.orderNumber });
      const file = downloads.next();
      buttonByText(root(el), 'Export')!.click();
      const { fileName } = await file;
      await el.updateComplete;
      expect(root(el).querySelector('.export-note')!.textContent!.trim()).to.equal(`Saved 1 order as ${fileName}.`);
      await searchFor(el, { orderNumber: '' });
      expect(root(el).querySelector('.export-note')).to.equal(null);
    } finally {
      downloads.restore();
    }
  });

  it('shows export progress and stops, saving nothing, on Cancel', async () => {
    const memory = createMemoryClient({ orders: 450, bigOrderLicenses: 5 });
    const el = await mount(memory);
    await searchFor(el, ALL_TIME);
    let calls = 0;
    // Later pages answer only when canceled, so the export is caught after its first page.
    const slow = proxyClient(memory, {
      searchOrders: async (query, options) => {
        calls += 1;
        if (query.cursor !== undefined) {
          await new Promise((_, reject) => options?.signal?.addEventListener('abort', () => reject(options.signal!.reason)));
        }
        return memory.searchOrders(query, options);
      },
    });
    (el.parentElement as HTMLElement & { client: LicensesApi }).client = slow;
    await settled(el);
    const downloads = catchDownloads();
    let finished = 0;
    el.addEventListener('export-finished', () => (finished += 1));
    try {
      calls = 0;
      buttonByText(root(el), 'Export')!.click();
      await until(() => calls === 2, 3000, 'the second page');
      const progress = root(el).querySelector<HTMLProgressElement>('[part="export-progress"] progress')!;
      expect(progress.value).to.equal(200);
      expect(progress.max).to.equal(450);
      expect(root(el).querySelector('[part="export-progress"]')!.textContent).to.contain('Exporting orders… 200 of 450');
      await expect(el).to.be.accessible();
      buttonByText(root(el), 'Cancel export')!.click();
      await aTimeout(400);
      expect(calls).to.equal(2);
      expect(downloads.files).to.deep.equal([]);
      expect(finished).to.equal(0);
      expect(root(el).querySelector('.export-note')!.textContent).to.contain('The export was canceled');
    } finally {
      downloads.restore();
    }
  });

  describe('with sync-url', () => {
    let original = '';
    beforeEach(() => {
      original = window.location.href;
    });
    afterEach(() => {
      window.history.replaceState(null, '', original);
    });

    it('puts the search in the URL and restores it on Back and on load', async () => {
      const client = createMemoryClient({ orders: 60, bigOrderLicenses: 10 });
      const [refunded] = await allOrders(client, { state: 'refunded' });
      const el = await mount(client, { syncUrl: true });
      expect(window.location.href).to.equal(original);

      await searchFor(el, { ...ALL_TIME, orderNumber: refunded!.orderNumber });
      const first = new URL(window.location.href);
      expect(first.searchParams.get('ld-order')).to.equal(refunded!.orderNumber);
      expect(first.searchParams.get('ld-from')).to.equal('');
      expect(new URL(original).searchParams.toString()).to.equal(
        (() => {
          for (const k of [...first.searchParams.keys()].filter((k) => k.startsWith('ld-'))) first.searchParams.delete(k);
          return first.searchParams.toString();
        })(),
      );

      await searchFor(el, { orderNumber: '', state: 'refunded' });
      expect(new URL(window.location.href).searchParams.get('ld-state')).to.equal('refunded');
      expect(new URL(window.location.href).searchParams.has('ld-order')).to.equal(false);

      const popped = oneEvent(window, 'popstate');
      window.history.back();
      await popped;
      await settled(el);
      expect(control(el, 'orderNumber').value).to.equal(refunded!.orderNumber);
      expect(control(el, 'state').value).to.equal('');
      expect(shownNumbers(el)).to.deep.equal([refunded!.orderNumber]);

      const shared = window.location.href;
      el.parentElement!.remove();
      window.history.replaceState(null, '', shared);
      const restored = await mount(client, { syncUrl: true });
      expect(control(restored, 'orderNumber').value).to.equal(refunded!.orderNumber);
      expect((control(restored, 'from') as HTMLInputElement).value).to.equal('');
      expect(shownNumbers(restored)).to.deep.equal([refunded!.orderNumber]);
    });

    it('Reset takes the search out of the URL', async () => {
      const el = await mount(createMemoryClient({ orders: 30, bigOrderLicenses: 10 }), { syncUrl: true });
      await searchFor(el, { state: 'processed' });
      expect(new URL(window.location.href).searchParams.get('ld-state')).to.equal('processed');
      buttonByText(root(el), 'Reset')!.click();
      await settled(el);
      expect(window.location.href).to.equal(original);
    });
  });

  it('speaks German when the provider says so', async () => {
    const el = await mount(createMemoryClient({ orders: 30, bigOrderLicenses: 10 }), { locale: 'de-DE' });
    expect(root(el).querySelector('legend')!.textContent!.trim()).to.equal('Kaufdatum');
    const labels = Array.from(root(el).querySelectorAll('label')).map((l) => l.textContent!.trim());
    expect(labels).to.deep.equal(['Finden', 'Von', 'Bis', 'Bestellnummer', 'Produkt', 'Status', 'Zahlungsart', 'Aktivierungscode', 'Kunden-E-Mail']);
    for (const name of ['Suchen', 'Zurücksetzen', 'Exportieren']) expect(buttonByText(root(el), name), name).to.exist;
    expect(totalText(el)).to.match(/^\d+ Bestellung(en)?$/);
  });
});
