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
import { LicenseKeysTableHarness } from './support/license-keys-table.harness.js';
import { find, loaded } from './support/play.js';
import { onAPhone } from './support/phone.js';

const PURCHASED = new Date('2026-03-01T09:00:00Z');
const CUSTOMER = 'ada@customer.example';

/** The codes of `tableWorld()`'s order: one license of each kind the table tells apart. */
export const TABLE_CODES = {
  /** Activated, recurrent: Auto Renew Yes; distribution company 'Northwind Distribution'. */
  activeRecurrent: 'ACTV-RECU-0001-AAAA',
  /** Activated, not recurrent: Auto Renew False. */
  activeOnce: 'ACTV-ONCE-0002-BBBB',
  /** Available, recurrent: Auto Renew False; no distribution company. */
  available: 'AVAI-LABL-0003-CCCC',
  /** Available, not recurrent, customer-less. */
  availableOnce: 'AVAI-ONCE-0004-DDDD',
  /** The one license of a refunded order. */
  refunded: 'REFU-NDED-0005-EEEE',
};

/** The world of the table's stories and tests: its order, a refunded one, and orders of any size. */
export interface TableWorld {
  client: MemoryLicensesClient;
  world: HandmadeWorld;
  /** The order of four licenses, one of each kind of `codes`. */
  orderId: string;
  orderNumber: string;
  /** A refunded order of one license. */
  refundedOrderId: string;
  codes: typeof TABLE_CODES;
  /** Adds an order of `count` licenses; answers its id. */
  addOrder(count: number, options?: { orderNumber?: string }): string;
}

/** One order holding every kind of license the table tells apart, and a refunded one. */
export function tableWorld(options: { latencyMs?: number } = {}): TableWorld {
  const world = new HandmadeWorld();
  const codes = TABLE_CODES;
  const active = { activated: true, customerEmail: CUSTOMER };
  const orderNumber = 'ORD-2026-000777';
  const orderId = world.addOrder({
    productName: 'Office Suite',
    orderNumber,
    purchasedAt: PURCHASED,
    licenses: [
      { ...active, activationCode: codes.activeRecurrent, recurrent: true, distributionCompany: 'Northwind Distribution', validTo: '2027-05-31' },
      { ...active, activationCode: codes.activeOnce, recurrent: false, distributionCompany: 'Contoso Partners', validTo: '2026-12-31' },
      { activationCode: codes.available, recurrent: true, distributionCompany: null, validTo: '2027-02-28' },
      { activationCode: codes.availableOnce, recurrent: false, distributionCompany: 'Adatum', validTo: '2026-09-30' },
    ],
  });
  const refundedOrderId = world.addOrder({
    productName: 'Office Suite',
    purchasedAt: new Date(PURCHASED.getTime() - 60_000),
    state: 'refunded',
    licenses: [{ activationCode: codes.refunded, recurrent: true }],
  });
  const addOrder = (count: number, o: { orderNumber?: string } = {}) =>
    world.addOrder({ productName: 'Office Suite', purchasedAt: PURCHASED, licenses: licenses(count), ...o });
  return { client: world.client(options), world, orderId, orderNumber, refundedOrderId, codes, addOrder };
}

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

/** Story data of `tableWorld()`, showing its order. */
const TABLE: LicensesParameters = { memory: () => tableWorld().client, load: firstOrder };

async function firstOrder(memory: MemoryLicensesClient) {
  const order = (await memory.searchOrders({ limit: 1 })).items[0];
  return { orderId: order?.id, orderNumber: order?.orderNumber };
}

/** What the table's template is given: the attributes a host sets, or the licenses themselves. */
export interface KeysTableProps {
  orderId?: string;
  orderNumber?: string;
  purchasedAt?: string;
  columns?: string;
  licenses?: License[];
}

/** The table as its stories render it (and its tests mount it), with listeners by event name. */
export function keysTable(props: KeysTableProps, on: Partial<Record<string, (event: Event) => void>> = {}) {
  return html`<license-keys-table
    order-id=${ifDefined(props.orderId)}
    order-number=${ifDefined(props.orderNumber)}
    purchased-at=${ifDefined(props.purchasedAt)}
    columns=${ifDefined(props.columns)}
    .licenses=${props.licenses ?? null}
    @export-finished=${on['export-finished']}
    @licenses-error=${on['licenses-error']}
    @license-activated=${on['license-activated']}
    @billing-state-changed=${on['billing-state-changed']}
  ></license-keys-table>`;
}

const meta: Meta = {
  title: 'Elements/license-keys-table',
  component: 'license-keys-table',
  // The fixtures the browser tests import (worlds, templates, clients) are not stories.
  excludeStories: /^[a-z]|^[A-Z_]+$/,
  argTypes: {
    licenses: { control: false },
    orderId: { control: false },
    'order-id': { control: false },
    orderNumber: { control: false },
    'order-number': { control: false },
  },
  parameters: { licenses: TABLE },
  render: (args, { loaded: data }) =>
    keysTable(data as KeysTableProps, {
      'export-finished': args.onExportFinished,
      'licenses-error': args.onLicensesError,
      'license-activated': args.onLicenseActivated,
      'billing-state-changed': args.onBillingStateChanged,
    }),
};
export default meta;
type Story = StoryObj;

/**
 * Activated and available licenses, with and without recurrence: Auto Renew reads Yes
 * only for an activated, recurrent one; an empty distribution company stays blank.
 */
export const ActivatedAvailableRecurrent: Story = {
  play: async ({ canvasElement }) => loaded(canvasElement),
};

/** The Actions menu of the first row: Activation Link, Activate, Change Billing State as the license allows. */
export const ActionsMenu: Story = {
  play: async ({ canvasElement }) => openMenuOfRow(canvasElement, 0),
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
      ...TABLE,
      load: async (memory) => {
        const { orderId } = await firstOrder(memory);
        return { licenses: (await memory.listLicenses(orderId ?? '', {})).items };
      },
    } satisfies LicensesParameters,
  },
  render: (_args, { loaded: data }) => keysTable({ licenses: data.licenses as License[] }),
};

/** While the first page of keys loads (here it never arrives). */
export const Loading: Story = {
  parameters: { licenses: { ...TABLE, client: pendingClient } satisfies LicensesParameters },
};

/** The keys could not be loaded: what failed, and Retry (which works here). */
export const LoadError: Story = {
  parameters: {
    licenses: { ...TABLE, client: (m) => failingClient(m, ['listLicenses']) } satisfies LicensesParameters,
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

/** The columns a host chose with `columns="code,from,to,status,customer"`. */
export const ChosenColumns: Story = {
  render: (_args, { loaded: data }) => keysTable({ orderId: data.orderId as string | undefined, columns: 'code,from,to,status,customer' }),
  play: async ({ canvasElement }) => loaded(canvasElement),
};

/** On a phone (390 px): each license is a card, every column a line of it; nothing scrolls sideways. */
export const CardsOnAPhone: Story = {
  render: (_args, { loaded: data }) => onAPhone(keysTable({ orderId: data.orderId as string | undefined })),
  play: async ({ canvasElement }) => loaded(canvasElement),
};

/** The Actions menu of an active license: Transfer, Deactivate and History are offered, Activate is not. */
export const ActiveLicenseActions: Story = {
  play: async ({ canvasElement }) => openMenuOfRow(canvasElement, 0),
};

/** The Actions menu of an available license: Transfer and Deactivate are refused, each with why. */
export const AvailableLicenseRefusals: Story = {
  play: async ({ canvasElement }) => openMenuOfRow(canvasElement, 2),
};

/** Opens the Actions menu of the table's row `index` (in `tableWorld()`'s order: two active, two available). */
async function openMenuOfRow(root: HTMLElement, index: number): Promise<void> {
  const table = await (await LicenseKeysTableHarness.find(root)).loaded();
  await table.openMenu(table.codes()[index]!);
}

/**
 * A license with a billing change scheduled (its Auto Renew cell says which and when; the
 * link opens the dialog that cancels it), and two rows selected: the bulk form switches
 * auto-renewal of the selection now or on a date, or resends the order's confirmation.
 */
export const PendingChangeAndSelection: Story = {
  parameters: {
    licenses: {
      memory: () => createMemoryClient({ orders: 24, bigOrderLicenses: 0 }),
      load: async (memory) => {
        const soon = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
        const { items } = await memory.searchLicenses({ status: 'active', expiringFrom: soon, limit: 50 });
        const license = items.find((l) => l.renewalDeadline !== null && l.renewalDeadline >= soon);
        if (!license) throw new Error('The demo data holds no license whose change can be scheduled');
        await memory.setBillingState(license.id, { recurrent: !license.recurrent, effectiveOn: license.renewalDeadline! }, { idempotencyKey: 'story-pending' });
        return { orderId: license.orderId };
      },
    } satisfies LicensesParameters,
  },
  play: async ({ canvasElement }) => {
    await find(canvasElement, '[part~="pending-button"]');
    const table = await LicenseKeysTableHarness.find(canvasElement);
    for (const code of table.codes().slice(0, 2)) table.select(code);
    await find(canvasElement, '[part~="bulk-form"]');
  },
};
