import { expect, html, oneEvent } from '@open-wc/testing';
import type { LicensesApi } from '../../src/api/client.js';
import { createMemoryClient } from '../../src/api/memory/memory-client.js';
import '../../src/elements/buy-licenses/buy-licenses.js';
import type { BuyLicensesElement } from '../../src/elements/buy-licenses/buy-licenses.component.js';
import type { OrderCreatedEvent } from '../../src/events/index.js';
import { formatMoney } from '../../src/format/index.js';
import { failingClient, proxyClient } from '../../stories/support/clients.js';
import { buttonByText, clean, providedFixture, until } from './helpers.js';

async function mount(client: LicensesApi, productId = '', locale = 'en'): Promise<BuyLicensesElement> {
  const { el } = await providedFixture<BuyLicensesElement>(
    client,
    html`<buy-licenses product-id=${productId} order-url="https://shop.example.com/orders?number={orderNumber}"></buy-licenses>`,
    { locale },
  );
  await until(() => el.shadowRoot!.querySelector('form, [part="error"]') !== null, 3000, 'the catalog');
  return el;
}

const q = (el: BuyLicensesElement, selector: string) => el.shadowRoot!.querySelector(selector);

function type(el: BuyLicensesElement, id: string, value: string): void {
  const field = q(el, `#${id}`) as HTMLInputElement;
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

function choose(el: BuyLicensesElement, label: string): void {
  const option = Array.from(el.shadowRoot!.querySelectorAll('label.choice')).find((l) => clean(l.textContent) === label);
  (option!.querySelector('input') as HTMLInputElement).click();
}

async function buy(el: BuyLicensesElement): Promise<void> {
  buttonByText(el.shadowRoot!, 'Buy')!.click();
  await until(() => q(el, '[part="error"], [part="done"]') !== null, 3000, 'the answer');
  await el.updateComplete;
}

describe('<buy-licenses>', () => {
  it('lists the catalog with unit prices, preselects the product of product-id and shows the balance', async () => {
    const client = createMemoryClient({ orders: 10, bigOrderLicenses: 0 });
    const { items } = await client.getCatalog();
    const wanted = items[1] ?? items[0]!;
    const me = await client.getMe();
    const el = await mount(client, wanted.id);
    const select = q(el, '#productId') as HTMLSelectElement;
    expect(select.value).to.equal(wanted.id);
    expect(clean(select.selectedOptions[0]!.textContent)).to.contain(clean(formatMoney(wanted.unitPrice, 'en')));
    expect(clean(q(el, '[part="balance"]')!.textContent)).to.equal(`Balance: ${formatMoney(me.balance, 'en')}`);
    type(el, 'quantity', '3');
    await el.updateComplete;
    const total = formatMoney({ value: wanted.unitPrice.value * 3, currency: wanted.unitPrice.currency }, 'en');
    expect(clean(q(el, '[part="total"]')!.textContent)).to.equal(`Total ${total}`);
    await expect(el).to.be.accessible();
  });

  it('buys by credit card, shows the new order with a link to it and fires order-created', async () => {
    const client = proxyClient(createMemoryClient({ orders: 10, bigOrderLicenses: 0 }));
    const el = await mount(client);
    type(el, 'quantity', '2');
    choose(el, 'Credit card');
    type(el, 'distributor', 'Northwind');
    const fired = oneEvent(el, 'order-created') as Promise<OrderCreatedEvent>;
    buttonByText(el.shadowRoot!, 'Buy')!.click();
    const { detail } = await fired;
    await el.updateComplete;
    expect(detail.order.quantity).to.equal(2);
    expect(detail.order.paymentType).to.equal('credit_card');
    expect(detail.order.distributionCompany).to.equal('Northwind');
    expect(clean(q(el, '[part="status"]')!.textContent)).to.contain(`Order ${detail.order.orderNumber} was placed: 2 licenses of`);
    const link = q(el, '[part="order-link"]') as HTMLAnchorElement;
    expect(link.href).to.equal(`https://shop.example.com/orders?number=${encodeURIComponent(detail.order.orderNumber)}`);
    await expect(el).to.be.accessible();
  });

  it('refuses an order above the CSS balance, showing the balance, and keeps the form', async () => {
    const client = proxyClient(createMemoryClient({ orders: 10, bigOrderLicenses: 0 }));
    const me = await client.getMe();
    const el = await mount(client);
    type(el, 'quantity', '10000');
    await buy(el);
    const error = clean(q(el, '[part="error"]')!.textContent);
    expect(error).to.contain(`more than your CSS balance of ${formatMoney(me.balance, 'en')}`);
    expect((q(el, '#quantity') as HTMLInputElement).value).to.equal('10000');
    expect(client.calls.filter((c) => c.method === 'createOrder')).to.have.length(1);
  });

  it('marks a quantity outside 1 to 10,000 without sending anything', async () => {
    const client = proxyClient(createMemoryClient({ orders: 10, bigOrderLicenses: 0 }));
    const el = await mount(client);
    type(el, 'quantity', '0');
    buttonByText(el.shadowRoot!, 'Buy')!.click();
    await el.updateComplete;
    expect(q(el, '#quantity')!.getAttribute('aria-invalid')).to.equal('true');
    expect(clean(q(el, '#quantity-error')!.textContent)).to.equal('Enter a whole number from 1 to 10,000.');
    expect(client.calls.some((c) => c.method === 'createOrder')).to.equal(false);
  });

  it('sends the same idempotency key when Buy is tried again after a server failure, and keeps what was typed', async () => {
    const memory = createMemoryClient({ orders: 10, bigOrderLicenses: 0 });
    const client = proxyClient(failingClient(memory, ['createOrder']));
    const el = await mount(client);
    type(el, 'quantity', '4');
    choose(el, 'Credit card');
    await buy(el);
    expect(q(el, '[part="error"]')).to.exist;
    expect((q(el, '#quantity') as HTMLInputElement).value).to.equal('4');
    const fired = oneEvent(el, 'order-created');
    buttonByText(el.shadowRoot!, 'Buy')!.click();
    await fired;
    const keys = client.calls.filter((c) => c.method === 'createOrder').map((c) => (c.args[1] as { idempotencyKey: string }).idempotencyKey);
    expect(keys).to.have.length(2);
    expect(keys[0]).to.equal(keys[1]);
  });

  it('says the catalog could not be loaded, with Retry that works', async () => {
    const client = failingClient(createMemoryClient({ orders: 10, bigOrderLicenses: 0 }), ['getCatalog']);
    const el = await mount(client);
    expect(clean(q(el, '[part="error"]')!.textContent)).to.contain('The catalog could not be loaded.');
    buttonByText(el.shadowRoot!, 'Retry')!.click();
    await until(() => q(el, 'form') !== null, 3000, 'the form');
  });

  it('speaks German with prices in the provider’s locale', async () => {
    const client = createMemoryClient({ orders: 10, bigOrderLicenses: 0 });
    const first = (await client.getCatalog()).items[0]!;
    const el = await mount(client, first.id, 'de-DE');
    expect(clean(q(el, '[part="heading"]')!.textContent)).to.equal('Lizenzen kaufen');
    expect(clean((q(el, '#productId') as HTMLSelectElement).selectedOptions[0]!.textContent)).to.contain(clean(formatMoney(first.unitPrice, 'de-DE')));
  });
});
