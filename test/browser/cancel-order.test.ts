import { expect, oneEvent } from '@open-wc/testing';
import type { LicensesApi } from '../../src/api/client.js';
import type { OrderSummary } from '../../src/api/contract/schemas.js';
import '../../src/elements/order-tile/order-tile.js';
import type { OrderTileElement } from '../../src/elements/order-tile/order-tile.component.js';
import type { OrderCancelledEvent } from '../../src/events/index.js';
import { newOrder, refusedOrder } from '../../stories/cancel-order-dialog.stories.js';
import { orderTile } from '../../stories/order-tile.stories.js';
import { demoClient, proxyClient } from '../../stories/support/clients.js';
import { OrderTileHarness } from '../../stories/support/order-tile.harness.js';
import { providedFixture, until } from './helpers.js';

/** The tile of `order`, open, once its codes are there. */
async function mount(client: LicensesApi, order: OrderSummary) {
  const { el } = await providedFixture<OrderTileElement>(client, orderTile({ order, open: true }));
  const tile = new OrderTileHarness(el);
  await tile.find('[part="codes-table"]', 3000);
  return { el, tile };
}

describe('cancelling an order from its tile', () => {
  it('asks first, cancels, then shows the tile Refunded with void codes, and fires order-cancelled', async () => {
    const client = proxyClient(demoClient({ orders: 10 }));
    const { order } = await newOrder(client);
    const { el, tile } = await mount(client, order);
    tile.press('Cancel');
    const dialog = await tile.openedDialog('cancel-order-dialog', 2000);
    expect(dialog.text('form')).to.contain(`Cancel order ${order.orderNumber} of 3 licenses`);
    await expect(dialog.element).to.be.accessible();
    const fired = oneEvent(el, 'order-cancelled') as Promise<OrderCancelledEvent>;
    dialog.press('Cancel order');
    expect((await fired).detail.order.state).to.equal('refunded');
    await until(() => tile.state() === 'Refunded', 3000, 'Refunded');
    await until(() => tile.codesVoid() !== '', 3000, 'the void note');
    expect(tile.button('Resend Email')).to.equal(undefined);
    expect(tile.button('Download Activation Code')).to.equal(undefined);
    await until(() => tile.text('[part="codes-table"] tbody').includes('Void'), 3000, 'void codes');
    expect(tile.codeLinks()).to.have.length(0);
    expect(client.calls.filter((c) => c.method === 'cancelOrder')).to.have.length(1);
  });

  it('shows Cancel disabled with the reason when the order can no longer be cancelled', async () => {
    const client = demoClient({ orders: 30 });
    const { order } = await refusedOrder(client);
    const { el, tile } = await mount(client, order);
    const cancel = tile.cancel();
    expect(cancel.button!.disabled).to.equal(true);
    expect(cancel.reason).to.match(/^Cancel is not available: .+/);
    await expect(el).to.be.accessible();
  });
});
