import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { LicensesParameters } from '../.storybook/licenses.js';
import type { License } from '../src/api/contract/schemas.js';
import type { MemoryLicensesClient } from '../src/api/memory/memory-client.js';
import '../src/elements/license-history-dialog/license-history-dialog.js';
import { translator } from '../src/locales/index.js';
import { licenseDialogs } from '../src/locales/license-dialogs.js';
import { failingClient } from './support/clients.js';
import { dialogDefaults, isActive, licenseWhere, openStoryDialog } from './support/dialogs.js';
import { HandmadeWorld } from './support/handmade.js';

const TAG = 'license-history-dialog';
const t = (locale: unknown) => translator(licenseDialogs, String(locale ?? 'en'));

/** A world of one order with one active license, `BUSY-HIST-0001-AAAA`. */
export function busyWorld(): { world: HandmadeWorld; orderId: string; client: MemoryLicensesClient } {
  const world = new HandmadeWorld();
  const orderId = world.addOrder({
    productName: 'Office Suite',
    purchasedAt: new Date('2026-01-05T09:00:00Z'),
    licenses: [{ activated: true, customerEmail: 'ada@customer.example', activationCode: 'BUSY-HIST-0001-AAAA' }],
  });
  return { world, orderId, client: world.client() };
}

/**
 * Switches the auto-renewal of the world's license `changes` times, a minute apart, in its
 * history: the purchase, the activation and those changes, many pages long. Answers the license.
 */
export async function withBillingChanges(busy: ReturnType<typeof busyWorld>, changes: number): Promise<License> {
  const { world, orderId, client } = busy;
  const license = (await client.listLicenses(orderId, {})).items[0]!;
  const start = Date.parse('2026-02-01T08:00:00Z');
  for (let i = 0; i < changes; i++) {
    await world.store.addHistory(world.resellerId, {
      orderId,
      licenseId: license.id,
      at: new Date(start + i * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      actor: i % 10 === 9 ? { kind: 'system', name: 'Renewals' } : { kind: 'reseller', name: 'Dana Weber' },
      kind: 'billing_state_changed',
      detail: `Change ${i + 1}: auto-renew ${i % 2 === 0 ? 'enabled' : 'disabled'}`,
    });
  }
  return license;
}

let busy: ReturnType<typeof busyWorld> | undefined;
const MANY: LicensesParameters = {
  memory: () => (busy = busyWorld()).client,
  load: async () => ({ license: await withBillingChanges(busy!, 1_100) }),
};

const meta: Meta = {
  title: 'Elements/license-history-dialog',
  component: 'license-history-dialog',
  ...dialogDefaults(TAG, (m) => licenseWhere(m, isActive)),
};
export default meta;
type Story = StoryObj;

/** An active license's history: purchase, activation, emails and billing changes, oldest first. */
export const Open: Story = {
  play: async ({ canvasElement }) => {
    const dialog = await openStoryDialog(canvasElement, TAG);
    await dialog.find('tbody tr');
  },
};

/** A history of 1,100 billing changes: a page at a time, with Load more (here twice). */
export const ManyPages: Story = {
  parameters: { licenses: MANY },
  play: async ({ canvasElement, globals }) => {
    const dialog = await openStoryDialog(canvasElement, TAG);
    const loadMore = t(globals.locale)('history.loadMore');
    await dialog.click(loadMore);
    await dialog.click(loadMore);
    await dialog.find('[part="load-more"]');
  },
};

/** The history could not be loaded: what failed, and Retry (which works here). */
export const LoadError: Story = {
  parameters: {
    licenses: {
      load: (m) => licenseWhere(m, isActive),
      client: (m) => failingClient(m, ['getLicenseHistory']),
    } satisfies LicensesParameters,
  },
  play: async ({ canvasElement }) => {
    const dialog = await openStoryDialog(canvasElement, TAG);
    await dialog.find('[part="error"]');
  },
};
