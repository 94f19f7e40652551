import { expect, html, oneEvent } from '@open-wc/testing';
import type { OrderSummary } from '../../src/api/contract/schemas.js';
import { createMemoryClient } from '../../src/api/memory/memory-client.js';
import '../../src/elements/order-tile/order-tile.js';
import type { OrderTileElement } from '../../src/elements/order-tile/order-tile.component.js';
import type { OrderCancelledEvent } from '../../src/events/index.js';
import { proxyClient } from '../../stories/support/clients.js';
import { buttonByText, clean, deepQueryAll, providedFixture, until } from './helpers.js';

async function newOrder(): Promise<{ client: ReturnType<typeof proxyClient>; order: OrderSummary }> {
  const client = proxyClient(createMemoryClient({ orders: 10, bigOrderLicenses: 0 }));
  const product = (await client.getCatalog()).items[0]!;
  const order = await client.createOrder(
    { productId: product.id, quantity: 2, paymentType: 'credit_card', distributionCompany: null },
    { idempotencyKey: 'test-order' },
  );
  return { client, order };
}

async function mount(client: ReturnType<typeof proxyClient>, order: OrderSummary): Promise<OrderTileElement> {
  const { el } = await providedFixture<OrderTileElement>(client, html`<order-tile .order=${order} open></order-tile>`);
  await until(() => el.shadowRoot!.querySelector('[part="codes-table"]') !== null, 3000, 'the codes');
  return el;
}

describe('cancelling an order from its tile', () => {
  it('asks first, cancels, then shows the tile Refunded with void codes, and fires order-cancelled', async () => {
    const { client, order } = await newOrder();
    const el = await mount(client, order);
    buttonByText(el.shadowRoot!, 'Cancel')!.click();
    const dialog = el.shadowRoot!.querySelector('cancel-order-dialog')!;
    await until(() => dialog.shadowRoot?.querySelector('dialog[open]') != null, 2000, 'the dialog');
    expect(clean(dialog.shadowRoot!.querySelector('form')!.textContent)).to.contain(`Cancel order ${order.orderNumber} of 2 licenses`);
    await expect(dialog).to.be.accessible();
    const fired = oneEvent(el, 'order-cancelled') as Promise<OrderCancelledEvent>;
    buttonByText(dialog.shadowRoot!, 'Cancel order')!.click();
    expect((await fired).detail.order.state).to.equal('refunded');
    await until(() => clean(el.shadowRoot!.querySelector('[part="state"]')!.textContent) === 'Refunded', 3000, 'Refunded');
    await until(() => el.shadowRoot!.querySelector('[part="codes-void"]') !== null, 3000, 'the void note');
    expect(buttonByText(el.shadowRoot!, 'Resend Email')).to.equal(undefined);
    expect(buttonByText(el.shadowRoot!, 'Download Activation Code')).to.equal(undefined);
    await until(() => clean(el.shadowRoot!.querySelector('[part="codes-table"] tbody')?.textContent).includes('Void'), 3000, 'void codes');
    expect(deepQueryAll(el.shadowRoot!, '[part="codes-table"] a[href]')).to.have.length(0);
    expect(client.calls.filter((c) => c.method === 'cancelOrder')).to.have.length(1);
  });

  it('shows Cancel disabled with the reason when the order can no longer be cancelled', async () => {
    const client = proxyClient(createMemoryClient({ orders: 30, bigOrderLicenses: 0 }));
    const order = (await client.searchOrders({ state: 'processed', limit: 200 })).items.find((o) => !o.actions.cancel.allowed && o.actions.cancel.reason !== null)!;
    const el = await mount(client, order);
    const cancel = el.shadowRoot!.querySelector<HTMLButtonElement>('[part="cancel-order"]')!;
    expect(cancel.disabled).to.equal(true);
    const reason = el.shadowRoot!.getElementById(cancel.getAttribute('aria-describedby')!)!;
    expect(clean(reason.textContent)).to.match(/^Cancel is not available: .+/);
    await expect(el).to.be.accessible();
  });
});
