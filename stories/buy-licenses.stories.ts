import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { LicensesParameters } from '../.storybook/licenses.js';
import { buyLicensesMessages } from '../src/locales/buy-licenses.js';
import { translator } from '../src/locales/index.js';
import { failingClient, pendingClient } from './support/clients.js';
import { BuyLicensesHarness } from './support/buy-licenses.harness.js';
import { find } from './support/play.js';
import { onAPhone } from './support/phone.js';

const t = (locale: unknown) => translator(buyLicensesMessages, String(locale ?? 'en'));

/** Where the buy page links a new order. */
export const ORDER_URL = 'https://shop.example.com/orders?number={orderNumber}';

/** What the buy page's template is given: its attributes. */
export interface BuyLicensesProps {
  productId?: string;
  orderUrl?: string;
}

/** The buy page as its stories render it (and its tests mount it), with listeners by event name. */
export function buyLicenses(props: BuyLicensesProps, on: Partial<Record<string, (event: Event) => void>> = {}) {
  return html`<buy-licenses
    product-id=${props.productId ?? ''}
    order-url=${ifDefined(props.orderUrl)}
    @order-created=${on['order-created']}
    @licenses-error=${on['licenses-error']}
  ></buy-licenses>`;
}

const meta: Meta = {
  title: 'Elements/buy-licenses',
  component: 'buy-licenses',
  // The fixtures the browser tests import (worlds, templates, clients) are not stories.
  excludeStories: /^[a-z]|^[A-Z_]+$/,
  argTypes: { productId: { control: false }, orderUrl: { control: false } },
  parameters: {
    licenses: { load: async (m) => ({ productId: (await m.getCatalog()).items[1]?.id ?? '' }) } satisfies LicensesParameters,
  },
  render: (args, { loaded }) =>
    buyLicenses(
      { productId: String(loaded.productId ?? ''), orderUrl: ORDER_URL },
      { 'order-created': args.onOrderCreated, 'licenses-error': args.onLicensesError },
    ),
};
export default meta;
type Story = StoryObj;

/** The catalog with the product of Buy More preselected, the balance and the total. */
export const Form: Story = {
  play: async ({ canvasElement }) => void (await find(canvasElement, 'buy-licenses')),
};

/** While the catalog loads (here it never arrives). */
export const CatalogLoading: Story = {
  parameters: { licenses: { client: pendingClient } satisfies LicensesParameters },
};

/** The catalog could not be loaded: Retry. */
export const CatalogError: Story = {
  parameters: { licenses: { client: (m) => failingClient(m, ['getCatalog']) } satisfies LicensesParameters },
};

/** More than the CSS balance: refused, with the balance shown and the form kept. */
export const InsufficientBalance: Story = {
  play: async ({ canvasElement, globals }) => {
    const page = await (await BuyLicensesHarness.find(canvasElement)).ready(10_000);
    page.type('quantity', '10000');
    await page.buy(t(globals.locale)('submit'));
  },
};

/** Bought: the new order, with a link to it. */
export const Bought: Story = {
  play: async ({ canvasElement, globals }) => {
    const page = await (await BuyLicensesHarness.find(canvasElement)).ready(10_000);
    page.type('quantity', '2');
    await page.buy(t(globals.locale)('submit'));
    await page.find('[part="done"]');
  },
};

/** On a phone (390 px): the same form, one column. */
export const OnAPhone: Story = {
  render: (args, { loaded }) =>
    onAPhone(buyLicenses({ productId: String(loaded.productId ?? '') }, { 'order-created': args.onOrderCreated })),
  play: async ({ canvasElement }) => void (await find(canvasElement, 'buy-licenses')),
};
