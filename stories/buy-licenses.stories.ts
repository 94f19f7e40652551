import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { LicensesParameters } from '../.storybook/licenses.js';
import { buyLicensesMessages } from '../src/locales/buy-licenses.js';
import { translator } from '../src/locales/index.js';
import { failingClient, pendingClient } from './support/clients.js';
import { clickButton, fill, find } from './support/play.js';

const t = (locale: unknown) => translator(buyLicensesMessages, String(locale ?? 'en'));

const meta: Meta = {
  title: 'Elements/buy-licenses',
  component: 'buy-licenses',
  argTypes: { productId: { control: false }, orderUrl: { control: false } },
  parameters: {
    licenses: { load: async (m) => ({ productId: (await m.getCatalog()).items[1]?.id ?? '' }) } satisfies LicensesParameters,
  },
  render: (args, { loaded }) => html`<buy-licenses
    product-id=${String(loaded.productId ?? '')}
    order-url="https://shop.example.com/orders?number={orderNumber}"
    @order-created=${args.onOrderCreated}
    @licenses-error=${args.onLicensesError}
  ></buy-licenses>`,
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
    const el = await find(canvasElement, 'buy-licenses');
    const root = el.shadowRoot!;
    fill(await find<HTMLInputElement>(root, '#quantity'), '10000');
    await clickButton(root, t(globals.locale)('submit'));
    await find(root, '[part="error"]');
  },
};

/** Bought: the new order, with a link to it. */
export const Bought: Story = {
  play: async ({ canvasElement, globals }) => {
    const el = await find(canvasElement, 'buy-licenses');
    const root = el.shadowRoot!;
    fill(await find<HTMLInputElement>(root, '#quantity'), '2');
    await clickButton(root, t(globals.locale)('submit'));
    await find(root, '[part="done"]');
  },
};

/** On a phone (390 px): the same form, one column. */
export const OnAPhone: Story = {
  render: (args, { loaded }) => html`<div style="width: 390px">
    <buy-licenses product-id=${String(loaded.productId ?? '')} @order-created=${args.onOrderCreated}></buy-licenses>
  </div>`,
  play: async ({ canvasElement }) => void (await find(canvasElement, 'buy-licenses')),
};
