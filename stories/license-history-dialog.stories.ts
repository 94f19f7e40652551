import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { LicensesParameters } from '../.storybook/licenses.js';
import '../src/elements/license-history-dialog/license-history-dialog.js';
import { translator } from '../src/locales/index.js';
import { licenseDialogs } from '../src/locales/license-dialogs.js';
import { failingClient } from './support/clients.js';
import { dialogDefaults, isActive, licenseWhere, openStoryDialog } from './support/dialogs.js';
import { busyWorld, withBillingChanges } from './support/history.js';

const TAG = 'license-history-dialog';
const t = (locale: unknown) => translator(licenseDialogs, String(locale ?? 'en'));

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
