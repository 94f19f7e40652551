/**
 * The React components of `license-desk/react`, rendered by React 19: properties reach the
 * elements as properties, and the elements' events arrive as typed `on…` props.
 */
import './react/node-env.js';
import { expect } from '@open-wc/testing';
// Default imports: React is CommonJS, whose exports arrive here as the default export.
import React, { type ReactNode } from 'react';
import ReactDOMClient, { type Root } from 'react-dom/client';
import { demoClient } from '../../stories/support/clients.js';
import type { License } from '../../src/api/contract/schemas.js';
import type { ActivateDialogElement } from '../../src/elements/activate-dialog/activate-dialog.component.js';
import type { LicensesSearchElement } from '../../src/elements/licenses-search/licenses-search.component.js';
import { ActivateDialog, LicensesProvider, LicensesSearch, OrderTile } from '../../src/react/index.js';
import type { BuyMoreEvent, LicenseActivatedEvent, LicensesSearchEvent } from '../../src/react/index.js';
import type { OrderTileElement } from '../../src/elements/order-tile/order-tile.component.js';
import { DialogHarness } from '../../stories/support/harness.js';
import { LicensesSearchHarness } from '../../stories/support/licenses-search.harness.js';
import { OrderTileHarness } from '../../stories/support/order-tile.harness.js';
import { findLicense, isAvailable } from './dialog-fixtures.js';
import { until } from './helpers.js';

/** A demo world around the real present, so that the default search (today's orders) finds some. */
const client = () => demoClient({ orders: 24 });

let container: HTMLElement;
let root: Root;

function render(node: ReactNode): void {
  root.render(React.createElement(LicensesProvider, { client: currentClient, locale: 'en', timeZone: 'UTC' }, node));
}

let currentClient = client();

beforeEach(() => {
  currentClient = client();
  container = document.createElement('div');
  document.body.append(container);
  root = ReactDOMClient.createRoot(container);
});

afterEach(() => {
  root.unmount();
  container.remove();
});

describe('React components', () => {
  it("renders the search inside the provider and hears each search's total through onLicensesSearch", async () => {
    const totals: number[] = [];
    const onLicensesSearch = (e: LicensesSearchEvent) => totals.push(e.detail.total);
    render(React.createElement(LicensesSearch, { onLicensesSearch, pageSize: 5 }));
    await until(() => totals.length > 0, 5000, 'the first search');
    expect(totals[0]).to.be.greaterThan(0);
    const search = container.querySelector('licenses-search') as LicensesSearchElement;
    expect(search.pageSize).to.equal(5);
    const harness = new LicensesSearchHarness(search);
    await until(() => harness.tiles().length > 0, 5000, 'the tiles');
    expect(harness.tiles().length).to.equal(Math.min(5, totals[0]!));
  });

  it('gives an order object to OrderTile as a property, and onBuyMore may handle Buy More itself', async () => {
    const order = (await currentClient.searchOrders({ limit: 1 })).items[0]!;
    const asked: BuyMoreEvent[] = [];
    const onBuyMore = (e: BuyMoreEvent) => {
      e.preventDefault();
      asked.push(e);
    };
    const opened: unknown[] = [];
    const open = window.open;
    window.open = (...args: unknown[]) => (opened.push(args), null);
    try {
      render(React.createElement(OrderTile, { order, open: true, onBuyMore }));
      const tile = new OrderTileHarness((await waitForElement('order-tile')) as OrderTileElement);
      await tile.click('Buy More', 3000);
      await until(() => asked.length === 1, 3000, 'the buy-more event');
    } finally {
      window.open = open;
    }
    expect(asked[0]!.detail.order.id).to.equal(order.id);
    expect(opened).to.deep.equal([]);
  });

  it('opens ActivateDialog through a ref, and onLicenseActivated receives the activated license', async () => {
    const license: License = await findLicense(currentClient, isAvailable);
    const email = (await currentClient.searchCustomers('')).items[0]!.email;
    const activated: LicenseActivatedEvent[] = [];
    const ref = React.createRef<ActivateDialogElement>();
    render(React.createElement(ActivateDialog, { ref, onLicenseActivated: (e) => activated.push(e) }));
    await until(() => ref.current !== null, 3000, 'the dialog element');
    const dialog = ref.current!;
    await dialog.updateComplete;
    dialog.open(license);
    const ui = new DialogHarness(dialog);
    await until(() => ui.isOpen, 3000, 'the dialog to open');
    ui.fill('Email', email);
    await dialog.updateComplete;
    ui.press('Activate');
    await until(() => activated.length === 1, 5000, 'license-activated');
    expect(activated[0]!.detail.license.id).to.equal(license.id);
    expect(activated[0]!.detail.license.status).to.equal('active');
    dialog.close();
  });

  it('types the event props: a handler reading a field the detail lacks does not compile', () => {
    // @ts-expect-error: a licenses-search detail has `query` and `total`, no `orders`.
    const wrong = React.createElement(LicensesSearch, { onLicensesSearch: (e) => e.detail.orders });
    expect(wrong.type).to.equal(LicensesSearch);
  });
});

async function waitForElement(tag: string): Promise<HTMLElement> {
  await until(() => container.querySelector(tag) !== null, 3000, `<${tag}>`);
  const el = container.querySelector(tag) as HTMLElement & { updateComplete?: Promise<unknown> };
  await el.updateComplete;
  return el;
}
