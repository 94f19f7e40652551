import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { LicensesParameters } from '../.storybook/licenses.js';
import type { License } from '../src/api/contract/schemas.js';
import { createMemoryClient, type MemoryLicensesClient } from '../src/api/memory/memory-client.js';
import { common } from '../src/locales/common.js';
import { translator } from '../src/locales/index.js';
import { failingClient, pendingClient } from './support/clients.js';
import { HandmadeWorld, licenses, type LicenseSpec } from './support/handmade.js';
import { hostileOrder } from './support/hostile.js';
import { find, loaded } from './support/play.js';

/** One order holding every kind of license the table tells apart. */
const MIXED: LicenseSpec[] = [
  { activated: true, recurrent: true, distributionCompany: 'Ingram Micro' },
  { activated: true, recurrent: false, distributionCompany: 'Ingram Micro' },
  { activated: false, recurrent: true, distributionCompany: null },
  { activated: false, recurrent: false, distributionCompany: null },
  { activated: true, recurrent: true, distributionCompany: 'TD SYNNEX' },
  { activated: false, recurrent: false, distributionCompany: 'TD SYNNEX' },
];

/** Story data of one hand-made order. */
function oneOrder(spec: { licenses: LicenseSpec[]; state?: 'processed' | 'refunded' }): LicensesParameters {
  return {
    memory: () => {
      const world = new HandmadeWorld();
      world.addOrder({ productName: 'Aegis Next-Gen Firewall', distributionCompany: 'Ingram Micro', ...spec });
      return world.client();
    },
    load: firstOrder,
  };
}

async function firstOrder(memory: MemoryLicensesClient) {
  const order = (await memory.searchOrders({ limit: 1 })).items[0];
  return { orderId: order?.id, orderNumber: order?.orderNumber };
}

const meta: Meta = {
  title: 'Elements/license-keys-table',
  component: 'license-keys-table',
  argTypes: {
    licenses: { control: false },
    orderId: { control: false },
    'order-id': { control: false },
    orderNumber: { control: false },
    'order-number': { control: false },
  },
  parameters: { licenses: oneOrder({ licenses: MIXED }) },
  render: (args, { loaded: data }) => html`<license-keys-table
    order-id=${ifDefined(data.orderId as string | undefined)}
    order-number=${ifDefined(data.orderNumber as string | undefined)}
    @export-finished=${args.onExportFinished}
    @licenses-error=${args.onLicensesError}
    @license-activated=${args.onLicenseActivated}
    @billing-state-changed=${args.onBillingStateChanged}
  ></license-keys-table>`,
};
export default meta;
type Story = StoryObj;

/**
 * Activated and available licenses, with and without recurrence: Auto Renew reads True
 * only for an activated, recurrent one; an empty distribution company stays blank.
 */
export const ActivatedAvailableRecurrent: Story = {
  play: async ({ canvasElement }) => loaded(canvasElement),
};

/** The Actions menu of the first row: Activation Link, Activate, Change Billing State as the license allows. */
export const ActionsMenu: Story = {
  play: async ({ canvasElement }) => {
    await loaded(canvasElement);
    const button = await find<HTMLButtonElement>(canvasElement, '[part~="actions-button"]');
    button.click();
    await find(canvasElement, '[role="menu"]');
  },
};

/** An order of 5,000 keys (the demo world's big order): only the visible rows are rendered. */
export const FiveThousandKeys: Story = {
  parameters: {
    licenses: {
      memory: () => createMemoryClient({ orders: 12, bigOrderLicenses: 5_000 }),
      load: async (memory) => {
        const orders = await memory.searchOrders({ limit: 200 });
        const big = orders.items.find((o) => o.quantity === 5_000);
        if (!big) throw new Error('The demo world holds no order of 5,000 keys');
        return { orderId: big.id, orderNumber: big.orderNumber };
      },
    } satisfies LicensesParameters,
  },
  play: async ({ canvasElement }) => loaded(canvasElement, 20_000),
};

/** A refunded order: every license is refunded; nothing can be activated or renewed. */
export const Refunded: Story = {
  parameters: { licenses: oneOrder({ licenses: licenses(6, 3, 2), state: 'refunded' }) },
  play: async ({ canvasElement }) => loaded(canvasElement),
};

/** Licenses given as the `licenses` property: nothing is requested. */
export const GivenLicenses: Story = {
  parameters: {
    licenses: {
      ...oneOrder({ licenses: MIXED }),
      load: async (memory) => {
        const { orderId } = await firstOrder(memory);
        return { licenses: (await memory.listLicenses(orderId ?? '', {})).items };
      },
    } satisfies LicensesParameters,
  },
  render: (_args, { loaded: data }) => html`<license-keys-table .licenses=${data.licenses as License[]}></license-keys-table>`,
};

/** While the first page of keys loads (here it never arrives). */
export const Loading: Story = {
  parameters: { licenses: { ...oneOrder({ licenses: MIXED }), client: pendingClient } satisfies LicensesParameters },
};

/** The keys could not be loaded: what failed, and Retry (which works here). */
export const LoadError: Story = {
  parameters: {
    licenses: { ...oneOrder({ licenses: MIXED }), client: (m) => failingClient(m, ['listLicenses']) } satisfies LicensesParameters,
  },
  play: async ({ canvasElement, globals }) => {
    await find(canvasElement, 'button', translator(common, String(globals.locale ?? 'en'))('retry'));
  },
};

/** Markup, right-to-left text, formulas and very long codes stay text and wrap. */
export const HostileStrings: Story = {
  parameters: { licenses: hostileOrder() },
  play: async ({ canvasElement }) => loaded(canvasElement),
};
