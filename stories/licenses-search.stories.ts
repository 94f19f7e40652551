import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { LicensesParameters } from '../.storybook/licenses.js';
import { common } from '../src/locales/common.js';
import { translator } from '../src/locales/index.js';
import { failingClient, pendingClient, stallingClient } from './support/clients.js';
import { HandmadeWorld, licenses, todayAt } from './support/handmade.js';
import { LicensesSearchHarness } from './support/licenses-search.harness.js';
import { find, loaded } from './support/play.js';

const PRODUCTS = ['Sentinel Endpoint Protection', 'Aegis Next-Gen Firewall', 'MailGuard Email Security', 'Lumen Identity & MFA'];

/** Story data: `count` orders placed today, of several products, some refunded. */
function ordersToday(count: number): LicensesParameters {
  return {
    memory: () => {
      const world = new HandmadeWorld();
      for (let i = 0; i < count; i++) {
        world.addOrder({
          productName: PRODUCTS[i % PRODUCTS.length],
          purchasedAt: todayAt((count - i) / (count + 1)),
          state: i % 11 === 5 ? 'refunded' : 'processed',
          paymentType: i % 3 === 0 ? 'css_balance' : 'credit_card',
          licenses: licenses(1 + (i % 4), i % 3, 2),
        });
      }
      return world.client();
    },
  };
}

/** What the search's template is given: its attributes. */
export interface LicensesSearchProps {
  syncUrl?: boolean;
  noHeading?: boolean;
  pageSize?: number;
}

/** The search as its stories render it (and its tests mount it), with listeners by event name. */
export function licensesSearch(props: LicensesSearchProps = {}, on: Partial<Record<string, (event: Event) => void>> = {}) {
  return html`<licenses-search
    ?sync-url=${props.syncUrl ?? false}
    ?no-heading=${props.noHeading ?? false}
    page-size=${ifDefined(props.pageSize)}
    @licenses-search=${on['licenses-search']}
    @export-finished=${on['export-finished']}
    @licenses-error=${on['licenses-error']}
  ></licenses-search>`;
}

const meta: Meta = {
  title: 'Elements/licenses-search',
  component: 'licenses-search',
  // The fixtures the browser tests import (worlds, templates, clients) are not stories.
  excludeStories: /^[a-z]|^[A-Z_]+$/,
  args: { 'sync-url': false, 'no-heading': false, 'page-size': 25 },
  argTypes: {
    syncUrl: { control: false },
    noHeading: { control: false },
    pageSize: { control: false },
    'page-size': { control: { type: 'number', min: 1, max: 200 } },
  },
  render: (args) =>
    licensesSearch(
      { syncUrl: args['sync-url'] as boolean, noHeading: args['no-heading'] as boolean, pageSize: args['page-size'] as number },
      { 'licenses-search': args.onLicensesSearch, 'export-finished': args.onExportFinished, 'licenses-error': args.onLicensesError },
    ),
};
export default meta;
type Story = StoryObj;

/** Today's orders, the default search, on the demo world. */
export const TodaysOrders: Story = {
  play: async ({ canvasElement }) => loaded(canvasElement),
};

/** One order found. */
export const OneOrder: Story = {
  parameters: { licenses: ordersToday(1) },
  play: async ({ canvasElement }) => loaded(canvasElement),
};

/** Hundreds of orders today: the total, the first page of tiles, and Load more. */
export const HundredsOfOrders: Story = {
  parameters: { licenses: ordersToday(300) },
  play: async ({ canvasElement }) => loaded(canvasElement),
};

/** Nothing matches: a clear empty state, with a way to search every date. */
export const Empty: Story = {
  parameters: { licenses: { memory: () => new HandmadeWorld().client() } satisfies LicensesParameters },
  play: async ({ canvasElement }) => {
    await find(canvasElement, '[part="empty"]');
  },
};

/** While the search runs (here it never answers). */
export const Loading: Story = {
  parameters: { licenses: { client: pendingClient } satisfies LicensesParameters },
};

/** The search failed: what failed, and Retry (which works here). */
export const SearchError: Story = {
  parameters: { licenses: { client: (m) => failingClient(m, ['searchOrders']) } satisfies LicensesParameters },
  play: async ({ canvasElement, globals }) => {
    await find(canvasElement, 'button', translator(common, String(globals.locale ?? 'en'))('retry'));
  },
};

/** Export of every matching order, with its progress and Cancel (here the second page never arrives). */
export const ExportInProgress: Story = {
  args: { 'page-size': 10 },
  parameters: {
    licenses: { ...ordersToday(300), client: (m) => stallingClient(m, 'searchOrders', 2) } satisfies LicensesParameters,
  },
  play: async ({ canvasElement }) => {
    const search = await (await LicensesSearchHarness.find(canvasElement)).settled(10_000);
    (await search.find<HTMLButtonElement>('[part~="export-button"]')).click();
    await search.find('[part~="export-progress"]');
  },
};
