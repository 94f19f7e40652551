import { aTimeout, expect, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { LicensesApi } from '../../src/api/client.js';
import { ApiError } from '../../src/api/contract/errors.js';
import type { OrdersQuery, OrderSummary } from '../../src/api/contract/schemas.js';
import { loadPapaparse } from '../../src/csv/index.js';
import '../../src/elements/licenses-search/licenses-search.js';
import type { LicensesSearchElement } from '../../src/elements/licenses-search/licenses-search.component.js';
import type { ExportFinishedEvent, LicensesErrorEvent, LicensesSearchEvent } from '../../src/events/index.js';
import { nextDay, startOfDay, todayIn } from '../../src/format/index.js';
import { providedFixture, until } from './helpers.js';
import { demoClient, proxyClient } from '../../stories/support/clients.js';
import { licensesSearch } from '../../stories/licenses-search.stories.js';
import { LicensesSearchHarness } from '../../stories/support/licenses-search.harness.js';
import { catchDownloads } from './spies.js';

const ALL_TIME = { from: '', to: '' };

interface MountOptions {
  syncUrl?: boolean;
  locale?: string;
  timeZone?: string;
  /** Listeners by event name, there before the first search. */
  on?: Partial<Record<string, (event: Event) => void>>;
}

async function mount(client: LicensesApi, options: MountOptions = {}) {
  const { el } = await providedFixture<LicensesSearchElement>(client, licensesSearch({ syncUrl: options.syncUrl ?? false }, options.on), {
    locale: options.locale ?? 'en',
    timeZone: options.timeZone ?? 'UTC',
  });
  const search = new LicensesSearchHarness(el);
  await search.settled();
  return { el, search };
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
    const client = demoClient({ orders: 60, bigOrderLicenses: 20 });
    const expected = await allOrders(client, todayQuery());
    expect(expected.length).to.be.greaterThan(2);
    const { el, search } = await mount(client);
    expect(search.orderNumbers()).to.deep.equal(expected.slice(0, 25).map((o) => o.orderNumber));
    expect(search.total()).to.equal(`${expected.length} orders`);
    expect(search.control('from').value).to.equal(todayIn('UTC'));
    expect(search.control('to').value).to.equal(todayIn('UTC'));
    await expect(el).to.be.accessible();
  });

  it("sends the reseller's local day as instants", async () => {
    const client = demoClient({ orders: 40, bigOrderLicenses: 10 });
    const events: LicensesSearchEvent[] = [];
    await mount(client, { timeZone: 'Pacific/Auckland', on: { 'licenses-search': (e) => events.push(e as LicensesSearchEvent) } });
    const expected = await allOrders(client, todayQuery('Pacific/Auckland'));
    expect(events.map((e) => e.detail)).to.deep.equal([{ query: todayQuery('Pacific/Auckland'), total: expected.length }]);
  });

  it('labels every search field and offers Search, Reset and Export', async () => {
    const { search } = await mount(demoClient({ orders: 30, bigOrderLicenses: 10 }));
    expect(search.legend()).to.equal('Purchase date');
    const labels = search.labels();
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
    for (const [, id] of labels) expect(search.control(id!)).to.exist;
    for (const name of ['Search', 'Reset', 'Export']) expect(search.button(name), name).to.exist;
  });

  it('lays the form out in one column on a phone and in several on a desktop', async () => {
    const { el, search } = await mount(demoClient({ orders: 30, bigOrderLicenses: 10 }));
    const page = el.parentElement!.parentElement!;
    const columns = async (width: string) => {
      page.style.width = width;
      await el.updateComplete;
      return getComputedStyle(search.form).gridTemplateColumns.split(' ').length;
    };
    expect(await columns('390px')).to.equal(1);
    expect(await columns('1280px')).to.be.at.least(4);
  });

  it('offers the products the reseller bought as Product choices', async () => {
    const client = demoClient({ orders: 30, bigOrderLicenses: 10 });
    const { search } = await mount(client);
    const { items } = await client.listProducts();
    await until(() => search.control<HTMLSelectElement>('productId').options.length === items.length + 1, 2000, 'products');
    const options = Array.from(search.control<HTMLSelectElement>('productId').options).map((o) => o.textContent!.trim());
    expect(options).to.deep.equal(['All products', ...items.map((p) => p.name)]);
  });

  it('searches when Enter is pressed in the order number field', async () => {
    const client = demoClient({ orders: 60, bigOrderLicenses: 10 });
    const { el, search } = await mount(client);
    const [wanted] = await allOrders(client, { state: 'refunded' });
    search.set({ ...ALL_TIME, orderNumber: wanted!.orderNumber.toLowerCase() });
    search.control('orderNumber').focus();
    const searched = oneEvent(el, 'licenses-search') as Promise<LicensesSearchEvent>;
    await sendKeys({ press: 'Enter' });
    expect((await searched).detail.query).to.deep.equal({ orderNumber: wanted!.orderNumber.toLowerCase() });
    await search.settled();
    expect(search.orderNumbers()).to.deep.equal([wanted!.orderNumber]);
    expect(search.total()).to.equal('1 order');
  });

  it('searches when Enter is pressed on a choice', async () => {
    const { el, search } = await mount(demoClient({ orders: 40, bigOrderLicenses: 10 }));
    search.set({ ...ALL_TIME, state: 'refunded' });
    search.control('state').focus();
    const searched = oneEvent(el, 'licenses-search') as Promise<LicensesSearchEvent>;
    await sendKeys({ press: 'Enter' });
    expect((await searched).detail.query).to.deep.equal({ state: 'refunded' });
  });

  it('filters by product, state, payment type, activation code and customer email', async () => {
    const client = demoClient({ orders: 80, bigOrderLicenses: 10 });
    const { search } = await mount(client);
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
    await until(() => search.control<HTMLSelectElement>('productId').options.length > 1, 2000, 'products');
    const cases: [Record<string, string>, OrdersQuery][] = [
      [{ productId: sample.product.id }, { productId: sample.product.id }],
      [{ productId: '', state: 'refunded' }, { state: 'refunded' }],
      [{ state: '', paymentType: 'credit_card' }, { paymentType: 'credit_card' }],
      [{ paymentType: '', activationCode: code }, { activationCode: code }],
      [{ activationCode: '', customerEmail }, { customerEmail }],
    ];
    for (const [fields, query] of cases) {
      await search.search({ ...ALL_TIME, ...fields });
      const expected = (await client.searchOrders({ ...query, limit: 25 })).items.map((o) => o.orderNumber);
      expect(expected.length, JSON.stringify(query)).to.be.greaterThan(0);
      expect(search.orderNumbers(), JSON.stringify(query)).to.deep.equal(expected);
    }
    expect(search.orderNumbers().length).to.be.lessThan(every.length);
  });

  it('finds orders by a fragment of what the reseller knows of them, whatever its case', async () => {
    const client = demoClient({ orders: 80, bigOrderLicenses: 10 });
    const { search } = await mount(client);
    const every = await allOrders(client, {});
    const sample = every[11]!;
    const { items: licenses } = await client.listLicenses(sample.id, {});
    const fragments = [sample.orderNumber.slice(-4), licenses[0]!.activationCode.slice(5, 9).toLowerCase()];
    for (const q of fragments) {
      await search.search({ ...ALL_TIME, q });
      const expected = (await client.searchOrders({ q, limit: 25 })).items.map((o) => o.orderNumber);
      expect(search.orderNumbers(), q).to.include(sample.orderNumber);
      expect(search.orderNumbers(), q).to.deep.equal(expected);
    }
    expect(search.orderNumbers().length).to.be.lessThan(every.length);
  });

  it('asks for 3 characters or more before searching by a fragment, and says so at the field', async () => {
    const { el, search } = await mount(demoClient({ orders: 30, bigOrderLicenses: 10 }));
    let searches = 0;
    el.addEventListener('licenses-search', () => (searches += 1));
    await search.search({ q: ' ab ' });
    const q = search.control('q');
    expect(q.getAttribute('aria-invalid')).to.equal('true');
    expect(q.getAttribute('aria-describedby')).to.equal('q-hint q-error');
    expect(search.fieldError('q')).to.equal('Type at least 3 characters.');
    expect(search.focused()).to.equal(q);
    expect(searches).to.equal(0);
    search.set({ q: 'abc' });
    await el.updateComplete;
    expect(q.getAttribute('aria-invalid')).to.equal('false');
    expect(search.fieldError('q')).to.equal(null);
  });

  it('refuses an end date before the start date and says so', async () => {
    const { el, search } = await mount(demoClient({ orders: 30, bigOrderLicenses: 10 }));
    let searches = 0;
    el.addEventListener('licenses-search', () => (searches += 1));
    await search.search({ from: '2026-03-10', to: '2026-03-01' });
    const to = search.control('to');
    expect(to.getAttribute('aria-invalid')).to.equal('true');
    expect(search.fieldError('dates')).to.equal('The end date lies before the start date.');
    expect(searches).to.equal(0);
  });

  it("Reset returns to today's orders", async () => {
    const client = demoClient({ orders: 60, bigOrderLicenses: 10 });
    const { el, search } = await mount(client);
    const today = search.orderNumbers();
    await search.search({ ...ALL_TIME, state: 'refunded', orderNumber: 'ORD' });
    expect(search.orderNumbers()).to.deep.equal([]);
    const searched = oneEvent(el, 'licenses-search') as Promise<LicensesSearchEvent>;
    search.press('Reset');
    expect((await searched).detail.query).to.deep.equal(todayQuery());
    await search.settled();
    expect(search.orderNumbers()).to.deep.equal(today);
    expect(search.control('from').value).to.equal(todayIn('UTC'));
    expect(search.control('state').value).to.equal('');
    expect(search.control('orderNumber').value).to.equal('');
  });

  it('loads more orders on demand until all are shown, without repeating any', async () => {
    const client = demoClient({ orders: 60, bigOrderLicenses: 10 });
    const { search } = await mount(client);
    await search.search(ALL_TIME);
    const every = (await allOrders(client, {})).map((o) => o.orderNumber);
    expect(search.orderNumbers()).to.deep.equal(every.slice(0, 25));
    expect(search.total()).to.equal(`${every.length} orders`);
    while (search.button('Load more')) {
      search.press('Load more');
      await search.settled();
    }
    expect(search.orderNumbers()).to.deep.equal(every);
    expect(search.more()).to.equal(`Showing ${every.length} of ${every.length}`);
  });

  it('lets a newer search cancel an older one', async () => {
    const memory = demoClient({ orders: 60, bigOrderLicenses: 10, latencyMs: 60 });
    const signals: AbortSignal[] = [];
    const client = proxyClient(memory, {
      searchOrders: (query, options) => {
        if (options?.signal) signals.push(options.signal);
        return memory.searchOrders(query, options);
      },
    });
    const { el, search } = await mount(client);
    const events: LicensesSearchEvent[] = [];
    el.addEventListener('licenses-search', (e) => events.push(e));
    search.set({ ...ALL_TIME, state: 'refunded' });
    search.press('Search');
    await el.updateComplete;
    search.set({ state: 'processed' });
    search.press('Search');
    await search.settled();
    expect(signals.at(-2)!.aborted).to.equal(true);
    expect(signals.at(-1)!.aborted).to.equal(false);
    expect(events.map((e) => e.detail.query)).to.deep.equal([{ state: 'processed' }]);
    expect(search.tiles().every((t) => t.order!.state === 'processed')).to.equal(true);
  });

  it('keeps the previous results in place, marked busy, while a search runs', async () => {
    const { el, search } = await mount(demoClient({ orders: 60, bigOrderLicenses: 10, latencyMs: 80 }));
    const before = search.orderNumbers();
    search.press('Search');
    await el.updateComplete;
    const results = search.results()!;
    expect(results.getAttribute('aria-busy')).to.equal('true');
    expect(search.orderNumbers()).to.deep.equal(before);
    expect(search.total()).to.equal('Searching…');
    await search.settled();
  });

  it('says clearly when nothing matches', async () => {
    const { el, search } = await mount(demoClient({ orders: 30, bigOrderLicenses: 10 }));
    await search.search({ ...ALL_TIME, orderNumber: 'ORD-1999-424242' });
    expect(search.empty()).to.contain('No orders found');
    expect(search.empty()).to.contain('No orders match this search.');
    expect(search.total()).to.equal('0 orders');
    await expect(el).to.be.accessible();
  });

  it('offers to search all dates when nothing matches within the purchase dates', async () => {
    const client = demoClient({ orders: 60, bigOrderLicenses: 10 });
    const [old] = (await allOrders(client, { purchasedTo: todayQuery().purchasedFrom })).slice(-1);
    const { el, search } = await mount(client);
    await search.search({ orderNumber: old!.orderNumber });
    expect(search.orderNumbers()).to.deep.equal([]);
    const searched = oneEvent(el, 'licenses-search') as Promise<LicensesSearchEvent>;
    search.press('Search all dates');
    expect((await searched).detail.query).to.deep.equal({ orderNumber: old!.orderNumber });
    await search.settled();
    expect(search.orderNumbers()).to.deep.equal([old!.orderNumber]);
    expect(search.control('from').value).to.equal('');
    expect(search.button('Search all dates')).to.equal(undefined);
  });

  it('puts focus on the orders found after Search all dates, not on the page', async () => {
    const client = demoClient({ orders: 60, bigOrderLicenses: 10 });
    const [old] = (await allOrders(client, { purchasedTo: todayQuery().purchasedFrom })).slice(-1);
    const { el, search } = await mount(client);
    await search.search({ orderNumber: old!.orderNumber });
    const button = search.button('Search all dates')!;
    button.focus();
    button.click();
    await search.settled();
    await until(() => document.activeElement !== document.body, 2000, 'focus to land');
    expect(document.activeElement).to.equal(el);
    expect(search.root.activeElement).to.equal(search.tiles()[0]);
  });

  it('shows the reversed-dates error under To, the field it marks', async () => {
    const { search } = await mount(demoClient({ orders: 30, bigOrderLicenses: 10 }));
    await search.search({ from: '2026-12-10', to: '2026-12-01' });
    const to = search.control('to').getBoundingClientRect();
    const from = search.control('from').getBoundingClientRect();
    const error = search.root.querySelector('#dates-error')!.getBoundingClientRect();
    expect(search.control('to').getAttribute('aria-invalid')).to.equal('true');
    expect(search.control('from').getAttribute('aria-invalid')).to.not.equal('true');
    expect(error.top, 'below To').to.be.at.least(to.bottom);
    expect(error.left, 'in the column of To').to.be.at.least(to.left - 1);
    expect(error.left, 'not in the column of From').to.be.at.least(from.right);
  });

  it('says what failed and searches again on Retry', async () => {
    const memory = demoClient({ orders: 30, bigOrderLicenses: 10 });
    let failures = 1;
    const client = proxyClient(memory, {
      searchOrders: (query, options) => {
        if (failures-- > 0) return Promise.reject(new ApiError({ status: 503, code: 'internal_error', detail: 'The service is down for a moment.' }));
        return memory.searchOrders(query, options);
      },
    });
    const errors: LicensesErrorEvent[] = [];
    const { el, search } = await mount(client, { on: { 'licenses-error': (e) => errors.push(e as LicensesErrorEvent) } });
    expect(search.alert()).to.contain('The orders could not be loaded.');
    expect(search.alert()).to.contain('The service is down for a moment.');
    expect(errors.map((e) => [e.detail.operation, e.detail.code, e.detail.status])).to.deep.equal([['searchOrders', 'internal_error', 503]]);
    await expect(el).to.be.accessible();
    search.press('Retry');
    await search.settled();
    expect(search.alert()).to.equal(null);
    expect(search.tiles().length).to.be.greaterThan(0);
  });

  it('exports every matching order, walking all pages, as orders-all-dates.csv for a search over all dates', async () => {
    const memory = demoClient({ orders: 450, bigOrderLicenses: 5 });
    const limits: number[] = [];
    const client = proxyClient(memory, {
      searchOrders: (query, options) => {
        limits.push(Number(query.limit));
        return memory.searchOrders(query, options);
      },
    });
    const downloads = catchDownloads();
    try {
      const { el, search } = await mount(client);
      await search.search({ ...ALL_TIME, paymentType: 'css_balance' });
      const expected = await allOrders(memory, { paymentType: 'css_balance' });
      expect(expected.length).to.be.greaterThan(200);
      limits.length = 0;
      const finished = oneEvent(el, 'export-finished') as Promise<ExportFinishedEvent>;
      const file = downloads.next();
      search.press('Export');
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
      expect(search.exportNote()).to.contain(`Saved ${expected.length} orders as ${fileName}.`);
    } finally {
      downloads.restore();
    }
  });

  it('exports orders as the screen shows them, in a file named after the searched purchase dates', async () => {
    const client = demoClient({ orders: 60, bigOrderLicenses: 5 });
    const timeZone = 'America/New_York';
    const to = todayIn(timeZone);
    const from = new Date(Date.parse(`${to}T00:00:00Z`) - 20 * 86_400_000).toISOString().slice(0, 10);
    const downloads = catchDownloads();
    try {
      const { search } = await mount(client, { timeZone });
      await search.search({ from, to });
      const expected = await allOrders(client, { purchasedFrom: startOfDay(from, timeZone), purchasedTo: startOfDay(nextDay(to), timeZone) });
      expect(expected.length).to.be.greaterThan(1);
      const file = downloads.next();
      search.press('Export');
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
    const client = demoClient({ orders: 40, bigOrderLicenses: 5 });
    const [one] = await allOrders(client, {});
    const downloads = catchDownloads();
    try {
      const { el, search } = await mount(client);
      await search.search({ ...ALL_TIME, orderNumber: one!.orderNumber });
      const file = downloads.next();
      search.press('Export');
      const { fileName } = await file;
      await el.updateComplete;
      expect(search.exportNote()).to.equal(`Saved 1 order as ${fileName}.`);
      await search.search({ orderNumber: '' });
      expect(search.exportNote()).to.equal(null);
    } finally {
      downloads.restore();
    }
  });

  it('shows export progress and stops, saving nothing, on Cancel', async () => {
    const memory = demoClient({ orders: 450, bigOrderLicenses: 5 });
    const { el, search } = await mount(memory);
    await search.search(ALL_TIME);
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
    await search.settled();
    const downloads = catchDownloads();
    let finished = 0;
    el.addEventListener('export-finished', () => (finished += 1));
    try {
      calls = 0;
      search.press('Export');
      await until(() => search.exportProgress()?.value === 200, 3000, 'the first page written');
      // The second page was asked for as soon as the first one's cursor was known.
      expect(calls).to.equal(2);
      const progress = search.exportProgress()!;
      expect(progress.value).to.equal(200);
      expect(progress.max).to.equal(450);
      expect(progress.text).to.contain('Exporting orders… 200 of 450');
      await expect(el).to.be.accessible();
      search.press('Cancel export');
      await aTimeout(400);
      expect(calls).to.equal(2);
      expect(downloads.files).to.deep.equal([]);
      expect(finished).to.equal(0);
      expect(search.exportNote()).to.contain('The export was canceled');
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
      const client = demoClient({ orders: 60, bigOrderLicenses: 10 });
      const [refunded] = await allOrders(client, { state: 'refunded' });
      const { el, search } = await mount(client, { syncUrl: true });
      expect(window.location.href).to.equal(original);

      await search.search({ ...ALL_TIME, orderNumber: refunded!.orderNumber });
      const first = new URL(window.location.href);
      expect(first.searchParams.get('ld-order')).to.equal(refunded!.orderNumber);
      expect(first.searchParams.get('ld-from')).to.equal('');
      expect(new URL(original).searchParams.toString()).to.equal(
        (() => {
          for (const k of [...first.searchParams.keys()].filter((k) => k.startsWith('ld-'))) first.searchParams.delete(k);
          return first.searchParams.toString();
        })(),
      );

      await search.search({ orderNumber: '', state: 'refunded' });
      expect(new URL(window.location.href).searchParams.get('ld-state')).to.equal('refunded');
      expect(new URL(window.location.href).searchParams.has('ld-order')).to.equal(false);

      const popped = oneEvent(window, 'popstate');
      window.history.back();
      await popped;
      await search.settled();
      expect(search.control('orderNumber').value).to.equal(refunded!.orderNumber);
      expect(search.control('state').value).to.equal('');
      expect(search.orderNumbers()).to.deep.equal([refunded!.orderNumber]);

      const shared = window.location.href;
      el.parentElement!.remove();
      window.history.replaceState(null, '', shared);
      const { search: restored } = await mount(client, { syncUrl: true });
      expect(restored.control('orderNumber').value).to.equal(refunded!.orderNumber);
      expect(restored.control('from').value).to.equal('');
      expect(restored.orderNumbers()).to.deep.equal([refunded!.orderNumber]);
    });

    it('Reset takes the search out of the URL', async () => {
      const { search } = await mount(demoClient({ orders: 30, bigOrderLicenses: 10 }), { syncUrl: true });
      await search.search({ state: 'processed' });
      expect(new URL(window.location.href).searchParams.get('ld-state')).to.equal('processed');
      search.press('Reset');
      await search.settled();
      expect(window.location.href).to.equal(original);
    });
  });

  it('speaks German when the provider says so', async () => {
    const { search } = await mount(demoClient({ orders: 30, bigOrderLicenses: 10 }), { locale: 'de-DE' });
    expect(search.legend()).to.equal('Kaufdatum');
    const labels = search.labels().map(([text]) => text);
    expect(labels).to.deep.equal(['Finden', 'Von', 'Bis', 'Bestellnummer', 'Produkt', 'Status', 'Zahlungsart', 'Aktivierungscode', 'Kunden-E-Mail']);
    for (const name of ['Suchen', 'Zurücksetzen', 'Exportieren']) expect(search.button(name), name).to.exist;
    expect(search.total()).to.match(/^\d+ Bestellung(en)?$/);
  });
});
