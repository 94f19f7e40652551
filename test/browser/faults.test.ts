/**
 * Faults between the elements and a server, injected into the HTTP client's fetch: a server
 * that is down, a request that hangs, a failed activation, a connection lost after the
 * server acted, a session that expires, too many confirmation emails. Nothing typed is
 * lost, nothing happens twice, and the reseller is told what to do.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { LicensesApi } from '../../src/api/client.js';
import type { OrderSummary } from '../../src/api/contract/schemas.js';
import '../../src/elements/activate-dialog/activate-dialog.js';
import '../../src/elements/licenses-search/licenses-search.js';
import '../../src/elements/order-tile/order-tile.js';
import type { LicenseKeysTableElement } from '../../src/elements/license-keys-table/license-keys-table.component.js';
import type { LicenseDialog } from '../../src/elements/shared/dialog-controller.js';
import type { LicensesErrorEvent } from '../../src/events/index.js';
import { licensesSearch } from '../../stories/licenses-search.stories.js';
import { orderTile } from '../../stories/order-tile.stories.js';
import { demoClient } from '../../stories/support/clients.js';
import type { DialogHarness } from '../../stories/support/harness.js';
import { LicenseKeysTableHarness } from '../../stories/support/license-keys-table.harness.js';
import { LicensesSearchHarness } from '../../stories/support/licenses-search.harness.js';
import { OrderTileHarness } from '../../stories/support/order-tile.harness.js';
import { findLicense, openDialog } from './dialog-fixtures.js';
import { API_BASE, droppedAfterCommit, FaultyApi, hang, problem, unreachable } from './fault-api.js';
import { mountHarness, until } from './helpers.js';

function newApi(): FaultyApi {
  return new FaultyApi(demoClient({ orders: 24 }));
}

function collectErrors(target: EventTarget): LicensesErrorEvent['detail'][] {
  const seen: LicensesErrorEvent['detail'][] = [];
  target.addEventListener('licenses-error', (e) => seen.push((e as LicensesErrorEvent).detail));
  return seen;
}

/** 'N orders' once a search has found its orders (none, today, is an answer too). */
const searchTotal = (search: LicensesSearchHarness) => /^\d+ orders?$/.exec(search.total());

/** The search of today's orders. */
const mountSearch = (client: LicensesApi) => mountHarness(LicensesSearchHarness, client, licensesSearch());

/** The tile of `order`, open. */
const mountTile = (client: LicensesApi, order: OrderSummary) => mountHarness(OrderTileHarness, client, orderTile({ order, open: true }));

/** The values of every field of the activate dialog's new-customer form. */
function formValues(dialog: DialogHarness): string[] {
  return ['Organization', 'First name', 'Last name', 'Email', 'Phone (optional)', 'Country'].map((label) => dialog.field(label).value);
}

describe('faults between the elements and the server', () => {
  it('says the server cannot be reached when it is down at load, and shows the orders on Retry once it is back', async () => {
    const api = newApi().when(/^GET \/orders$/, unreachable);
    const search = await mountSearch(api.client());
    await until(() => search.error() !== '', 3000, 'the error');
    expect(search.error()).to.equal(
      'The orders could not be loaded. The server could not be reached. Check the connection and try again. Retry',
    );
    expect(api.exchanges.filter((e) => e.path === '/orders').length, 'tried three times').to.equal(3);
    api.heal();
    search.press('Retry');
    await until(() => searchTotal(search) !== null, 3000, 'the orders');
    expect(search.error()).to.equal('');
  });

  it("says the server took too long when a request hangs, after the provider's timeout, and loads on Retry", async () => {
    const api = newApi().when(/^GET \/orders$/, hang);
    const original = window.fetch;
    window.fetch = (input, init) => (String(input).startsWith(API_BASE) ? api.fetch(input, init) : original(input, init));
    try {
      const started = performance.now();
      const provider = await fixture(html`<licenses-provider api-base=${API_BASE} timeout="300" locale="en" time-zone="UTC">
        ${licensesSearch()}
      </licenses-provider>`);
      const search = new LicensesSearchHarness(provider.querySelector('licenses-search')!);
      const errors = collectErrors(search.element);
      await until(() => search.error() !== '', 3000, 'the timeout');
      expect(performance.now() - started).to.be.below(2000);
      expect(search.error()).to.equal('The orders could not be loaded. The server took too long to answer. Retry');
      expect(errors).to.deep.include({ code: 'timeout', status: 0, detail: 'The server took too long to answer.', operation: 'searchOrders', errors: [] });
      api.heal();
      search.press('Retry');
      await until(() => searchTotal(search) !== null, 3000, 'the orders');
      expect(search.error()).to.equal('');
    } finally {
      window.fetch = original;
    }
  });

  it('keeps every field when the activation fails with 500, and Activate again reuses the idempotency key', async () => {
    const api = newApi().when(/^POST \/licenses\/[^/]+\/activation$/, problem(500, 'internal_error'), 1);
    const license = await findLicense(api.memory, (l) => l.status === 'available');
    const { ui } = await openDialog<LicenseDialog>('activate-dialog', api.client(), license);
    await ui.fillNewCustomer({ Email: 'fault-500@customer.example' });
    const typed = formValues(ui);
    ui.press('Activate');
    await until(() => ui.error() !== '', 3000, 'the failure');
    expect(ui.error()).to.contain('Everything you entered is kept, and trying again is safe.');
    expect(formValues(ui)).to.deep.equal(typed);
    ui.press('Activate');
    await until(() => ui.status().startsWith('License activated'), 3000, 'the activation');
    const keys = api.exchanges.filter((e) => e.method === 'POST').map((e) => e.headers.get('Idempotency-Key'));
    expect(keys.length).to.equal(2);
    expect(keys[1]).to.equal(keys[0]);
    expect(api.memory.store.outbox.filter((m) => m.to === 'fault-500@customer.example').length).to.equal(1);
  });

  it('activates once and emails once when the connection drops after the server activated', async () => {
    const api = newApi().when(/^POST \/licenses\/[^/]+\/activation$/, droppedAfterCommit, 1);
    const license = await findLicense(api.memory, (l) => l.status === 'available');
    const { ui } = await openDialog<LicenseDialog>('activate-dialog', api.client(), license);
    await ui.fillNewCustomer({ Email: 'fault-drop@customer.example' });
    ui.press('Activate');
    await until(() => ui.status().startsWith('License activated'), 3000, 'the activation');
    const posts = api.exchanges.filter((e) => e.method === 'POST');
    expect(posts.map((e) => e.headers.get('Idempotency-Key'))).to.deep.equal(Array(2).fill(posts[0]!.headers.get('Idempotency-Key')));
    expect(api.memory.store.outbox.filter((m) => m.to === 'fault-drop@customer.example').length).to.equal(1);
    const history = await api.memory.getLicenseHistory(license.id);
    expect(history.items.filter((h) => h.kind === 'activated').length).to.equal(1);
  });

  it('reports unauthorized when the session expires, after asking for a token once more', async () => {
    const api = newApi();
    let tokens = 0;
    const client = api.client({ getToken: async () => `token-${++tokens}` });
    const order = (await api.memory.searchOrders({ limit: 1 })).items[0]!;
    const tile = await mountTile(client, order);
    await tile.find('[part="codes-table"]', 3000);
    const errors = collectErrors(tile.element);
    const before = tokens;
    api.when(/./, problem(401, 'unauthorized', { 'WWW-Authenticate': 'Bearer' }));
    tile.press('Show License Keys');
    const table = new LicenseKeysTableHarness((await tile.find('license-keys-table')) as LicenseKeysTableElement);
    await until(() => table.error() !== '', 3000, 'the error');
    expect(table.error()).to.equal(
      'The license keys could not be loaded. Your session has expired or the access token is not valid. Retry',
    );
    expect(errors).to.deep.include({ code: 'unauthorized', status: 401, detail: 'Your session has expired or the access token is not valid.', operation: 'listLicenses', errors: [] });
    expect(tokens - before, 'a token for the request, and one more after the 401').to.equal(2);
    const sent = api.exchanges.slice(-2).map((e) => e.headers.get('Authorization'));
    expect(sent).to.deep.equal([`Bearer token-${before + 1}`, `Bearer token-${before + 2}`]);
  });

  it('shows how long to wait when the confirmation email was resent too often', async () => {
    const api = newApi();
    const order = (await api.memory.searchOrders({ limit: 1 })).items[0]!;
    const tile = await mountTile(api.client(), order);
    const alert = () => tile.alert();
    for (let sent = 0; sent < 3; sent += 1) {
      await tile.click('Resend Email', 2000);
      await until(() => tile.status().startsWith('Confirmation sent to'), 2000, 'the confirmation');
    }
    await tile.click('Resend Email', 2000);
    await until(() => alert() !== '', 2000, 'the wait');
    expect(alert()).to.match(/^The confirmation was sent several times just now\. It can be sent again in \d+ seconds, at .+\.$/);
    const seconds = Number(/in (\d+) seconds/.exec(alert())![1]);
    expect(seconds).to.be.within(1, 600);
  });
});
