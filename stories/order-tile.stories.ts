import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { LicensesParameters } from '../.storybook/licenses.js';
import type { OrderSummary } from '../src/api/contract/schemas.js';
import type { MemoryLicensesClient } from '../src/api/memory/memory-client.js';
import { common } from '../src/locales/common.js';
import { translator } from '../src/locales/index.js';
import { orderTileMessages } from '../src/locales/order-tile.js';
import { failingClient, pendingClient } from './support/clients.js';
import { HandmadeWorld, licenses } from './support/handmade.js';
import { hostileOrder } from './support/hostile.js';
import { LicenseKeysTableHarness } from './support/license-keys-table.harness.js';
import { OrderTileHarness } from './support/order-tile.harness.js';
import { find, loaded } from './support/play.js';

/** The id of the reseller's latest order of `state`. */
async function latest(memory: MemoryLicensesClient, state: 'processed' | 'refunded') {
  const page = await memory.searchOrders({ state, limit: 1 });
  const order = page.items[0];
  if (!order) throw new Error(`The demo world holds no ${state} order`);
  return { orderId: order.id };
}

/** What the tile's template is given: the order itself, or its id to load it by. */
export interface OrderTileProps {
  order?: OrderSummary;
  orderId?: string;
  open?: boolean;
}

/** The tile as its stories render it (and its tests mount it), with listeners by event name. */
export function orderTile(props: OrderTileProps, on: Partial<Record<string, (event: Event) => void>> = {}) {
  return html`<order-tile
    .order=${props.order ?? null}
    order-id=${ifDefined(props.orderId)}
    ?open=${props.open ?? false}
    @buy-more=${on['buy-more']}
    @confirmation-email-sent=${on['confirmation-email-sent']}
    @export-finished=${on['export-finished']}
    @licenses-error=${on['licenses-error']}
  ></order-tile>`;
}

const meta: Meta = {
  title: 'Elements/order-tile',
  component: 'order-tile',
  // The fixtures the browser tests import (worlds, templates, clients) are not stories.
  excludeStories: /^[a-z]|^[A-Z_]+$/,
  args: { open: false },
  argTypes: {
    order: { control: false },
    orderId: { control: false },
    'order-id': { control: false },
  },
  parameters: { licenses: { load: (m) => latest(m, 'processed') } satisfies LicensesParameters },
  render: (args, { loaded: data }) =>
    orderTile({ orderId: data.orderId as string | undefined, open: args.open as boolean }, {
      'buy-more': args.onBuyMore,
      'confirmation-email-sent': args.onConfirmationEmailSent,
      'export-finished': args.onExportFinished,
      'licenses-error': args.onLicensesError,
    }),
};
export default meta;
type Story = StoryObj;

const t = (locale: unknown) => translator(orderTileMessages, String(locale ?? 'en'));

/** A processed order, collapsed: product, number, date, counts and state. */
export const Processed: Story = {
  play: async ({ canvasElement }) => loaded(canvasElement),
};

/** The same order expanded by its arrow: the actions, 'Orders' and the activation codes. */
export const Expanded: Story = {
  args: { open: true },
  play: async ({ canvasElement }) => loaded(canvasElement),
};

/** 'Show License Keys' reveals the order's `<license-keys-table>`. */
export const WithLicenseKeys: Story = {
  args: { open: true },
  play: async ({ canvasElement, globals }) => {
    const tile = await (await OrderTileHarness.find(canvasElement)).ready(10_000);
    await tile.click(t(globals.locale)('showKeys'));
    await (await LicenseKeysTableHarness.find(tile.root)).loaded();
  },
};

/** A refunded order: its licenses can no longer be activated or renewed. */
export const Refunded: Story = {
  args: { open: true },
  parameters: { licenses: { load: (m) => latest(m, 'refunded') } satisfies LicensesParameters },
  play: async ({ canvasElement }) => loaded(canvasElement),
};

/** An order none of whose licenses is activated yet: everything is available for resale. */
export const NotActivated: Story = {
  args: { open: true },
  parameters: {
    licenses: {
      memory: () => {
        const world = new HandmadeWorld();
        world.addOrder({ productName: 'Lumen Identity & MFA', licenses: licenses(10) });
        return world.client();
      },
      load: async (m) => ({ orderId: (await m.searchOrders({ limit: 1 })).items[0]?.id }),
    } satisfies LicensesParameters,
  },
  play: async ({ canvasElement }) => loaded(canvasElement),
};

/** While the order loads (here it never arrives). */
export const Loading: Story = {
  parameters: { licenses: { load: (m) => latest(m, 'processed'), client: pendingClient } satisfies LicensesParameters },
};

/** The order could not be loaded: what failed, and Retry (which works here). */
export const LoadError: Story = {
  parameters: {
    licenses: {
      load: (m) => latest(m, 'processed'),
      client: (m) => failingClient(m, ['getOrder']),
    } satisfies LicensesParameters,
  },
  play: async ({ canvasElement, globals }) => {
    await find(canvasElement, 'button', translator(common, String(globals.locale ?? 'en'))('retry'));
  },
};

/** Markup, right-to-left text, formula-like and very long strings are shown as text. */
export const HostileStrings: Story = {
  args: { open: true },
  parameters: { licenses: hostileOrder() },
  play: async ({ canvasElement }) => loaded(canvasElement),
};

/** A refunded order expanded: its activation codes are void, with no link to hand out. */
export const RefundedVoidCodes: Story = {
  args: { open: true },
  parameters: {
    licenses: {
      load: async (m) => {
        const product = (await m.getCatalog()).items[0]!;
        const order = await m.createOrder({ productId: product.id, quantity: 3, paymentType: 'credit_card', distributionCompany: null }, { idempotencyKey: 'story-void' });
        await m.cancelOrder(order.id, { idempotencyKey: 'story-void-cancel' });
        return { orderId: order.id };
      },
    } satisfies LicensesParameters,
  },
  play: async ({ canvasElement }) => {
    await loaded(canvasElement);
    await find(canvasElement, 'order-tile');
  },
};

/** A new order, expanded: Cancel is offered. */
export const Cancellable: Story = {
  args: { open: true },
  parameters: {
    licenses: {
      load: async (m) => {
        const product = (await m.getCatalog()).items[0]!;
        const order = await m.createOrder({ productId: product.id, quantity: 2, paymentType: 'credit_card', distributionCompany: null }, { idempotencyKey: 'story-cancel' });
        return { orderId: order.id };
      },
    } satisfies LicensesParameters,
  },
  play: async ({ canvasElement }) => loaded(canvasElement),
};
