import { expect, oneEvent } from '@open-wc/testing';
import type { LicensesApi } from '../../src/api/client.js';
import '../../src/elements/buy-licenses/buy-licenses.js';
import type { BuyLicensesElement } from '../../src/elements/buy-licenses/buy-licenses.component.js';
import type { OrderCreatedEvent } from '../../src/events/index.js';
import { formatMoney } from '../../src/format/index.js';
import { demoClient, failingClient, proxyClient } from '../../stories/support/clients.js';
import { buyLicenses, ORDER_URL } from '../../stories/buy-licenses.stories.js';
import { BuyLicensesHarness } from '../../stories/support/buy-licenses.harness.js';
import { clean, providedFixture } from './helpers.js';

async function mount(client: LicensesApi, productId = '', locale = 'en') {
  const { el } = await providedFixture<BuyLicensesElement>(client, buyLicenses({ productId, orderUrl: ORDER_URL }), { locale });
  return { el, page: await new BuyLicensesHarness(el).ready() };
}

describe('<buy-licenses>', () => {
  it('lists the catalog with unit prices, preselects the product of product-id and shows the balance', async () => {
    const client = demoClient({ orders: 10 });
    const { items } = await client.getCatalog();
    const wanted = items[1] ?? items[0]!;
    const me = await client.getMe();
    const { el, page } = await mount(client, wanted.id);
    const select = page.control<HTMLSelectElement>('productId');
    expect(select.value).to.equal(wanted.id);
    expect(page.chosenProduct()).to.contain(clean(formatMoney(wanted.unitPrice, 'en')));
    expect(page.balance()).to.equal(`Balance: ${formatMoney(me.balance, 'en')}`);
    page.type('quantity', '3');
    await el.updateComplete;
    const total = formatMoney({ value: wanted.unitPrice.value * 3, currency: wanted.unitPrice.currency }, 'en');
    expect(page.total()).to.equal(`Total ${total}`);
    await expect(el).to.be.accessible();
  });

  it('buys by credit card, shows the new order with a link to it and fires order-created', async () => {
    const client = proxyClient(demoClient({ orders: 10 }));
    const { el, page } = await mount(client);
    page.type('quantity', '2');
    page.choose('Credit card');
    page.type('distributor', 'Northwind');
    const fired = oneEvent(el, 'order-created') as Promise<OrderCreatedEvent>;
    page.press('Buy');
    const { detail } = await fired;
    await el.updateComplete;
    expect(detail.order.quantity).to.equal(2);
    expect(detail.order.paymentType).to.equal('credit_card');
    expect(detail.order.distributionCompany).to.equal('Northwind');
    expect(page.status()).to.contain(`Order ${detail.order.orderNumber} was placed: 2 licenses of`);
    const link = page.orderLink()!;
    expect(link.href).to.equal(`https://shop.example.com/orders?number=${encodeURIComponent(detail.order.orderNumber)}`);
    await expect(el).to.be.accessible();
  });

  it('refuses an order above the CSS balance, showing the balance, and keeps the form', async () => {
    const client = proxyClient(demoClient({ orders: 10 }));
    const me = await client.getMe();
    const { page } = await mount(client);
    page.type('quantity', '10000');
    await page.buy();
    const error = page.error();
    expect(error).to.contain(`more than your CSS balance of ${formatMoney(me.balance, 'en')}`);
    expect(page.control('quantity').value).to.equal('10000');
    expect(client.calls.filter((c) => c.method === 'createOrder')).to.have.length(1);
  });

  it('marks a quantity outside 1 to 10,000 without sending anything', async () => {
    const client = proxyClient(demoClient({ orders: 10 }));
    const { el, page } = await mount(client);
    page.type('quantity', '0');
    page.press('Buy');
    await el.updateComplete;
    expect(page.control('quantity').getAttribute('aria-invalid')).to.equal('true');
    expect(page.fieldError('quantity')).to.equal('Enter a whole number from 1 to 10,000.');
    expect(client.calls.some((c) => c.method === 'createOrder')).to.equal(false);
  });

  it('sends the same idempotency key when Buy is tried again after a server failure, and keeps what was typed', async () => {
    const memory = demoClient({ orders: 10 });
    const client = proxyClient(failingClient(memory, ['createOrder']));
    const { el, page } = await mount(client);
    page.type('quantity', '4');
    page.choose('Credit card');
    await page.buy();
    expect(page.error()).not.to.equal('');
    expect(page.control('quantity').value).to.equal('4');
    const fired = oneEvent(el, 'order-created');
    page.press('Buy');
    await fired;
    const keys = client.calls.filter((c) => c.method === 'createOrder').map((c) => (c.args[1] as { idempotencyKey: string }).idempotencyKey);
    expect(keys).to.have.length(2);
    expect(keys[0]).to.equal(keys[1]);
  });

  it('says the catalog could not be loaded, with Retry that works', async () => {
    const client = failingClient(demoClient({ orders: 10 }), ['getCatalog']);
    const { page } = await mount(client);
    expect(page.error()).to.contain('The catalog could not be loaded.');
    page.press('Retry');
    await page.find('form', 3000);
  });

  it('speaks German with prices in the provider’s locale', async () => {
    const client = demoClient({ orders: 10 });
    const first = (await client.getCatalog()).items[0]!;
    const { page } = await mount(client, first.id, 'de-DE');
    expect(page.heading()).to.equal('Lizenzen kaufen');
    expect(page.chosenProduct()).to.contain(clean(formatMoney(first.unitPrice, 'de-DE')));
  });
});
