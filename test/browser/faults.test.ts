/**
 * Faults between the elements and a server, injected into the HTTP client's fetch: a server
 * that is down, a request that hangs, a failed activation, a connection lost after the
 * server acted, a session that expires, too many confirmation emails. Nothing typed is
 * lost, nothing happens twice, and the reseller is told what to do.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { createMemoryClient } from '../../src/api/memory/memory-client.js';
import '../../src/elements/activate-dialog/activate-dialog.js';
import '../../src/elements/licenses-search/licenses-search.js';
import type { LicensesSearchElement } from '../../src/elements/licenses-search/licenses-search.component.js';
import '../../src/elements/order-tile/order-tile.js';
import type { OrderTileElement } from '../../src/elements/order-tile/order-tile.component.js';
import type { LicenseDialog } from '../../src/elements/shared/dialog-controller.js';
import type { LicensesErrorEvent } from '../../src/events/index.js';
import { field, fillNewCustomer, findLicense, openDialog } from './dialog-fixtures.js';
import { API_BASE, droppedAfterCommit, FaultyApi, hang, problem, unreachable } from './fault-api.js';
import { buttonByText, clean, providedFixture, until } from './helpers.js';

function newApi(): FaultyApi {
  return new FaultyApi(createMemoryClient({ orders: 24, bigOrderLicenses: 0 }));
}

function collectErrors(target: EventTarget): LicensesErrorEvent['detail'][] {
  const seen: LicensesErrorEvent['detail'][] = [];
  target.addEventListener('licenses-error', (e) => seen.push((e as LicensesErrorEvent).detail));
  return seen;
}

const errorText = (root: ParentNode) => clean(root.querySelector('[part="error"]')?.textContent);
/** 'N orders' once a search has found its orders (none, today, is an answer too). */
const searchTotal = (search: LicensesSearchElement) => /^\d+ orders?$/.exec(clean(search.shadowRoot!.querySelector('[part="total"]')?.textContent));

/** The search of today's orders. */
async function mountSearch(client: ReturnType<FaultyApi['client']>): Promise<LicensesSearchElement> {
  const { el } = await providedFixture<LicensesSearchElement>(client, html`<licenses-search></licenses-search>`);
  return el;
}

/** The values of every field of the activate dialog's new-customer form. */
function formValues(el: Element): string[] {
  return ['Organization', 'First name', 'Last name', 'Email', 'Phone (optional)', 'Country'].map((label) => field(el, label).value);
}

describe('faults between the elements and the server', () => {
  it('says the server cannot be reached when it is down at load, and shows the orders on Retry once it is back', async () => {
    const api = newApi().when(/^GET \/orders$/, unreachable);
    const search = await mountSearch(api.client());
    await until(() => errorText(search.shadowRoot!) !== '', 3000, 'the error');
    expect(errorText(search.shadowRoot!)).to.equal(
      'The orders could not be loaded. The server could not be reached. Check the connection and try again. Retry',
    );
    expect(api.exchanges.filter((e) => e.path === '/orders').length, 'tried three times').to.equal(3);
    api.heal();
    buttonByText(search.shadowRoot!, 'Retry')!.click();
    await until(() => searchTotal(search) !== null, 3000, 'the orders');
    expect(errorText(search.shadowRoot!)).to.equal('');
  });

  it("says the server took too long when a request hangs, after the provider's timeout, and loads on Retry", async () => {
    const api = newApi().when(/^GET \/orders$/, hang);
    const original = window.fetch;
    window.fetch = (input, init) => (String(input).startsWith(API_BASE) ? api.fetch(input, init) : original(input, init));
    try {
      const started = performance.now();
      const provider = await fixture(html`<licenses-provider api-base=${API_BASE} timeout="300" locale="en" time-zone="UTC">
        <licenses-search></licenses-search>
      </licenses-provider>`);
      const search = provider.querySelector('licenses-search')!;
      const errors = collectErrors(search);
      await until(() => errorText(search.shadowRoot!) !== '', 3000, 'the timeout');
      expect(performance.now() - started).to.be.below(2000);
      expect(errorText(search.shadowRoot!)).to.equal('The orders could not be loaded. The server took too long to answer. Retry');
      expect(errors).to.deep.include({ code: 'timeout', status: 0, detail: 'The server took too long to answer.', operation: 'searchOrders', errors: [] });
      api.heal();
      buttonByText(search.shadowRoot!, 'Retry')!.click();
      await until(() => searchTotal(search as LicensesSearchElement) !== null, 3000, 'the orders');
      expect(errorText(search.shadowRoot!)).to.equal('');
    } finally {
      window.fetch = original;
    }
  });

  it('keeps every field when the activation fails with 500, and Activate again reuses the idempotency key', async () => {
    const api = newApi().when(/^POST \/licenses\/[^/]+\/activation$/, problem(500, 'internal_error'), 1);
    const license = await findLicense(api.memory, (l) => l.status === 'available');
    const { el } = await openDialog<LicenseDialog>('activate-dialog', api.client(), license);
    await fillNewCustomer(el, { Email: 'fault-500@customer.example' });
    const typed = formValues(el);
    buttonByText(el.shadowRoot!, 'Activate')!.click();
    await until(() => errorText(el.shadowRoot!) !== '', 3000, 'the failure');
    expect(errorText(el.shadowRoot!)).to.contain('Everything you entered is kept, and trying again is safe.');
    expect(formValues(el)).to.deep.equal(typed);
    buttonByText(el.shadowRoot!, 'Activate')!.click();
    await until(() => clean(el.shadowRoot!.querySelector('[part="status"]')?.textContent).startsWith('License activated'), 3000, 'the activation');
    const keys = api.exchanges.filter((e) => e.method === 'POST').map((e) => e.headers.get('Idempotency-Key'));
    expect(keys.length).to.equal(2);
    expect(keys[1]).to.equal(keys[0]);
    expect(api.memory.store.outbox.filter((m) => m.to === 'fault-500@customer.example').length).to.equal(1);
  });

  it('activates once and emails once when the connection drops after the server activated', async () => {
    const api = newApi().when(/^POST \/licenses\/[^/]+\/activation$/, droppedAfterCommit, 1);
    const license = await findLicense(api.memory, (l) => l.status === 'available');
    const { el } = await openDialog<LicenseDialog>('activate-dialog', api.client(), license);
    await fillNewCustomer(el, { Email: 'fault-drop@customer.example' });
    buttonByText(el.shadowRoot!, 'Activate')!.click();
    await until(() => clean(el.shadowRoot!.querySelector('[part="status"]')?.textContent).startsWith('License activated'), 3000, 'the activation');
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
    const { el } = await providedFixture<OrderTileElement>(client, html`<order-tile .order=${order} open></order-tile>`);
    await until(() => el.shadowRoot!.querySelector('[part="codes-table"]') !== null, 3000, 'the codes');
    const errors = collectErrors(el);
    const before = tokens;
    api.when(/./, problem(401, 'unauthorized', { 'WWW-Authenticate': 'Bearer' }));
    buttonByText(el.shadowRoot!, 'Show License Keys')!.click();
    const table = () => el.shadowRoot!.querySelector('license-keys-table')?.shadowRoot;
    await until(() => !!table() && errorText(table()!) !== '', 3000, 'the error');
    expect(errorText(table()!)).to.equal(
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
    const { el } = await providedFixture<OrderTileElement>(api.client(), html`<order-tile .order=${order} open></order-tile>`);
    const alert = () => clean(el.shadowRoot!.querySelector('.note[role="alert"]')?.textContent);
    const status = () => clean(el.shadowRoot!.querySelector('.note[role="status"]')?.textContent);
    for (let sent = 0; sent < 3; sent += 1) {
      buttonByText(el.shadowRoot!, 'Resend Email')!.click();
      await until(() => status().startsWith('Confirmation sent to'), 2000, 'the confirmation');
      await until(() => !buttonByText(el.shadowRoot!, 'Resend Email')!.hasAttribute('disabled'), 2000, 'the button');
    }
    buttonByText(el.shadowRoot!, 'Resend Email')!.click();
    await until(() => alert() !== '', 2000, 'the wait');
    expect(alert()).to.match(/^The confirmation was sent several times just now\. It can be sent again in \d+ seconds, at .+\.$/);
    const seconds = Number(/in (\d+) seconds/.exec(alert())![1]);
    expect(seconds).to.be.within(1, 600);
  });
});
