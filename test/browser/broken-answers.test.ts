/**
 * Answers that break the contract (wrong types, missing fields, oversized lists, negative
 * or impossible counts, text that is not JSON, an HTML error page) from a server behind
 * the HTTP client: every element shows what failed with Retry and fires `licenses-error`
 * with `invalid_response`; nothing crashes and no tile is drawn half.
 */
import { expect } from '@open-wc/testing';
import type { LicensesApi } from '../../src/api/client.js';
import { License, LIMITS, OrderSummary } from '../../src/api/contract/schemas.js';
import '../../src/elements/activate-dialog/activate-dialog.js';
import '../../src/elements/billing-state-dialog/billing-state-dialog.js';
import '../../src/elements/licenses-search/licenses-search.js';
import '../../src/elements/order-tile/order-tile.js';
import type { LicenseKeysTableElement } from '../../src/elements/license-keys-table/license-keys-table.component.js';
import type { LicenseDialog } from '../../src/elements/shared/dialog-controller.js';
import type { LicensesErrorEvent } from '../../src/events/index.js';
import { order } from '../unit/api/fixtures.js';
import { orderTile, type OrderTileProps } from '../../stories/order-tile.stories.js';
import { licensesSearch } from '../../stories/licenses-search.stories.js';
import { LicenseKeysTableHarness } from '../../stories/support/license-keys-table.harness.js';
import { LicensesSearchHarness } from '../../stories/support/licenses-search.harness.js';
import { OrderTileHarness } from '../../stories/support/order-tile.harness.js';
import { dialogWorld, findLicense, openDialog } from './dialog-fixtures.js';
import { answer, doctored, FaultyApi, type Fault } from './fault-api.js';
import { mountHarness, until } from './helpers.js';
import { watchScripts, type ScriptWatch } from './script-watch.js';

type Case = [name: string, fault: Fault];
type Change<T> = [name: string, change: (value: T) => unknown];

const UNREADABLE: Case[] = [
  ['text that is not JSON', answer(200, '{"items": [{"id": "ord_')],
  ['an HTML error page', answer(200, '<!doctype html><h1>Bad gateway</h1><script>window.__pwned=1</script>', { 'Content-Type': 'text/html' })],
  ['JSON null', answer(200, 'null')],
  ['an empty body', answer(200, '')],
];

const BAD_ORDERS: Change<OrderSummary>[] = [
  ['a count of the wrong type', (o) => ({ ...o, quantity: String(o.quantity) })],
  ['a missing product', ({ product: _product, ...o }) => o],
  ['a negative count', (o) => ({ ...o, activeCount: -1 })],
  ['counts exceeding the quantity', (o) => ({ ...o, availableCount: o.quantity + 1 })],
  ['an unknown state', (o) => ({ ...o, state: 'pending' })],
  ['a purchase date that is no date', (o) => ({ ...o, purchasedAt: 'yesterday' })],
  ['a product name beyond the size limit', (o) => ({ ...o, product: { ...o.product, name: 'x'.repeat(LIMITS.text + 1) } })],
];

const BAD_LICENSES: Change<License>[] = [
  ['a flag of the wrong type', (l) => ({ ...l, recurrent: 'yes' })],
  ['missing actions', ({ actions: _actions, ...l }) => l],
  ['Auto Renew that contradicts Recurrent', (l) => ({ ...l, autoRenew: !l.autoRenew })],
  ['a javascript: activation link', (l) => ({ ...l, activationLink: 'javascript:alert(1)' })],
  ['a customer email of the wrong type', (l) => ({ ...l, customer: { id: 'cus_x', email: 42, organization: 'Contoso' } })],
];

/** A valid order, for a page that happens to be empty (today's orders, just after midnight). */
const SAMPLE_ORDER: OrderSummary = order();

type Page = { items: unknown[]; total: number; nextCursor: string | null };
const BAD_PAGES = (limit: number): Change<Page>[] => [
  ['more items than a page may hold', (p) => ({ ...p, items: Array.from({ length: limit + 1 }, () => p.items[0] ?? SAMPLE_ORDER) })],
  ['a negative total', (p) => ({ ...p, total: -1 })],
  ['items that are not a list', (p) => ({ ...p, items: { 0: p.items[0] ?? SAMPLE_ORDER } })],
];

/** Every broken answer for a list: unreadable ones, broken pages, and a broken first item. */
function brokenLists<T>(items: Change<T>[], limit: number, sample?: T): Case[] {
  const first = (p: Page) => (p.items[0] ?? sample) as T;
  return [
    ...UNREADABLE,
    ...BAD_PAGES(limit).map(([name, change]): Case => [name, doctored(change)]),
    ...items.map(([name, change]): Case => [`${name} in the first item`, doctored((p: Page) => ({ ...p, items: [change(first(p)), ...p.items.slice(1)] }))]),
  ];
}

/** Every broken answer for one resource. */
function brokenResources<T>(items: Change<T>[]): Case[] {
  return [...UNREADABLE, ...items.map(([name, change]): Case => [name, doctored(change)])];
}

function newApi(): FaultyApi {
  return new FaultyApi(dialogWorld());
}

async function anOrder(api: FaultyApi): Promise<OrderSummary> {
  const page = await api.memory.searchOrders({ state: 'processed', limit: 200 });
  return page.items.find((o) => o.availableCount > 0 && o.activeCount > 0)!;
}

type ErrorSummary = Omit<LicensesErrorEvent['detail'], 'errors'>;

/** The `licenses-error` events fired below `target`; their answer paths go to `paths`. */
function collectErrors(target: EventTarget, paths: string[] = []): ErrorSummary[] {
  const seen: ErrorSummary[] = [];
  target.addEventListener('licenses-error', (e) => {
    const { errors, ...summary } = (e as LicensesErrorEvent).detail;
    seen.push(summary);
    paths.push(...errors.map((error) => error.path));
  });
  return seen;
}

const NOT_UNDERSTOOD = 'The server sent an answer the kit could not understand.';

/** The search of today's orders. */
const mountSearch = (client: LicensesApi) => mountHarness(LicensesSearchHarness, client, licensesSearch());

/** The tile of an order, given or by its id. */
const mountTile = (client: LicensesApi, props: OrderTileProps) => mountHarness(OrderTileHarness, client, orderTile(props));

describe('answers that break the contract', () => {
  let watch: ScriptWatch;
  beforeEach(() => {
    watch = watchScripts();
  });
  afterEach(() => {
    expect(watch.report(), 'nothing crashed and nothing ran').to.deep.equal({ dialogs: [], pwned: false, errors: [], foreignRequests: [] });
    watch.restore();
  });

  it('starts from valid orders and licenses, each broken in one way', async () => {
    const license = await findLicense(newApi().memory, (l) => l.customer !== null);
    expect([OrderSummary.safeParse(SAMPLE_ORDER).success, License.safeParse(license).success]).to.deep.equal([true, true]);
    for (const [name, change] of BAD_ORDERS) expect(OrderSummary.safeParse(change(SAMPLE_ORDER)).success, name).to.equal(false);
    for (const [name, change] of BAD_LICENSES) expect(License.safeParse(change(license)).success, name).to.equal(false);
  });

  describe('to a search', () => {

    for (const [name, fault] of brokenLists(BAD_ORDERS, LIMITS.ordersPage, SAMPLE_ORDER)) {
      it(`says the orders could not be loaded, with Retry, for ${name}`, async () => {
        const api = newApi().when(/^GET \/orders$/, fault);
        const search = await mountSearch(api.client());
        const paths: string[] = [];
        const errors = collectErrors(search.element, paths);
        await until(() => search.error() !== '', 3000, 'the error');
        expect(search.error()).to.equal(`The orders could not be loaded. ${NOT_UNDERSTOOD} Retry`);
        expect(search.tiles().length, 'no tile').to.equal(0);
        expect(errors).to.deep.include({ code: 'invalid_response', status: 200, detail: NOT_UNDERSTOOD, operation: 'searchOrders' });
        if (name.endsWith('in the first item')) {
          expect(paths.some((path) => path.startsWith('items.0')), `the event names the order at fault: ${paths.join(', ')}`).to.equal(true);
        }
        api.heal();
        search.retry();
        await until(() => /^\d+ orders?$/.test(search.total()), 3000, 'the orders after Retry');
        expect(search.error()).to.equal('');
      });
    }

    const brokenProducts: Case[] = [
      ...UNREADABLE,
      ['more products than the list may hold', doctored((p: Page) => ({ items: Array.from({ length: LIMITS.products + 1 }, () => p.items[0]) }))],
      ['a product without a name', doctored(() => ({ items: [{ id: 'prod_x' }] }))],
    ];
    for (const [name, fault] of brokenProducts) {
      it(`says the product list could not be loaded, with Retry, for ${name}`, async () => {
        const api = newApi().when(/^GET \/products$/, fault);
        const search = await mountSearch(api.client());
        const errors = collectErrors(search.element);
        await until(() => search.productsError() !== '', 3000, 'the error');
        expect(search.productsError()).to.equal('The product list could not be loaded. Retry');
        await until(() => errors.length > 0, 1000, 'licenses-error');
        expect(errors[0]).to.include({ code: 'invalid_response', operation: 'listProducts' });
      });
    }
  });

  describe('to an order tile', () => {
    for (const [name, fault] of brokenResources(BAD_ORDERS)) {
      it(`says the order could not be loaded, with Retry and no half-drawn tile, for ${name}`, async () => {
        const api = newApi();
        const order = await anOrder(api);
        api.when(/^GET \/orders\/[^/]+$/, fault);
        const tile = await mountTile(api.client(), { orderId: order.id });
        const errors = collectErrors(tile.element);
        await until(() => tile.error() !== '', 3000, 'the error');
        expect(tile.error()).to.equal(`The order could not be loaded. ${NOT_UNDERSTOOD} Retry`);
        expect(tile.root.querySelector('[part="tile"]'), 'no tile').to.equal(null);
        expect(errors).to.deep.include({ code: 'invalid_response', status: 200, detail: NOT_UNDERSTOOD, operation: 'getOrder' });
        api.heal();
        tile.retry();
        await tile.find('[part="tile"]', 3000);
      });
    }

    for (const [name, fault] of brokenLists(BAD_LICENSES, LIMITS.licensesPage)) {
      it(`says the activation codes and the license keys could not be loaded, with Retry, for ${name}`, async () => {
        const api = newApi();
        const order = await anOrder(api);
        api.when(/^GET \/orders\/[^/]+\/licenses$/, fault);
        const tile = await mountTile(api.client(), { order, open: true });
        const errors = collectErrors(tile.element);
        await tile.click('Show License Keys');
        const table = new LicenseKeysTableHarness((await tile.find('license-keys-table')) as LicenseKeysTableElement);
        await until(() => tile.error() !== '' && table.error() !== '', 3000, 'the errors');
        expect(tile.error()).to.equal(`The activation codes could not be loaded. ${NOT_UNDERSTOOD} Retry`);
        expect(table.error()).to.equal(`The license keys could not be loaded. ${NOT_UNDERSTOOD} Retry`);
        expect(tile.root.querySelector('[part="codes-table"]'), 'no half-drawn codes').to.equal(null);
        expect(table.rows().length, 'no half-drawn keys').to.equal(0);
        expect(errors.map((e) => [e.code, e.operation]).sort()).to.deep.equal([
          ['invalid_response', 'listLicenses'],
          ['invalid_response', 'listLicenses'],
        ]);
        api.heal();
        table.retry();
        await until(() => table.rows().length === order.quantity, 3000, 'the keys after Retry');
      });
    }

    for (const [name, fault] of brokenResources<{ to: string; messageId: string }>([['a missing address', ({ messageId }) => ({ messageId })]])) {
      it(`says the confirmation could not be sent for ${name}`, async () => {
        const api = newApi();
        const order = await anOrder(api);
        api.when(/^POST \/orders\/[^/]+\/confirmation-email$/, fault);
        const tile = await mountTile(api.client(), { order, open: true });
        const errors = collectErrors(tile.element);
        await tile.click('Resend Email');
        await until(() => tile.alert() !== '', 3000, 'the alert');
        expect(tile.alert()).to.equal(`The confirmation could not be sent. ${NOT_UNDERSTOOD}`);
        expect(errors[0]).to.include({ code: 'invalid_response', detail: NOT_UNDERSTOOD, operation: 'resendConfirmationEmail' });
      });
    }
  });

  describe('to an activation or a billing change', () => {
    for (const [name, fault] of brokenResources(BAD_LICENSES)) {
      it(`the activate dialog keeps every field and says the answer was not understood, for ${name}`, async () => {
        const api = newApi().when(/^POST \/licenses\/[^/]+\/activation$/, fault);
        const license = await findLicense(api.memory, (l) => l.status === 'available');
        const { el, ui } = await openDialog<LicenseDialog>('activate-dialog', api.client(), license);
        const errors = collectErrors(el);
        const customer = (await api.memory.searchCustomers('')).items[0]!;
        ui.fill('Email', customer.email);
        ui.press('Activate');
        await until(() => ui.error() !== '', 3000, 'the problem');
        expect(ui.error()).to.contain(NOT_UNDERSTOOD);
        expect(ui.field('Email').value).to.equal(customer.email);
        expect(ui.root.querySelectorAll('[aria-invalid="true"]').length, 'no field blamed').to.equal(0);
        expect(errors).to.deep.include({ code: 'invalid_response', status: 200, detail: NOT_UNDERSTOOD, operation: 'activateLicense' });
      });
    }

    for (const [name, fault] of brokenResources(BAD_LICENSES)) {
      it(`the billing state dialog stays open and says the answer was not understood, for ${name}`, async () => {
        const api = newApi().when(/^PUT \/licenses\/[^/]+\/billing-state$/, fault);
        const license = await findLicense(api.memory, (l) => l.status === 'active');
        const { el, ui } = await openDialog<LicenseDialog>('billing-state-dialog', api.client(), license);
        const errors = collectErrors(el);
        ui.press('Submit');
        await until(() => ui.error() !== '', 3000, 'the problem');
        expect(ui.error()).to.contain(NOT_UNDERSTOOD);
        expect(ui.isOpen).to.equal(true);
        expect(errors).to.deep.include({ code: 'invalid_response', status: 200, detail: NOT_UNDERSTOOD, operation: 'setBillingState' });
      });
    }
  });
});
