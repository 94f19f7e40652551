import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { LicensesParameters } from '../.storybook/licenses.js';
import '../src/elements/deactivate-dialog/deactivate-dialog.js';
import { translator } from '../src/locales/index.js';
import { licenseDialogs } from '../src/locales/license-dialogs.js';
import { failingClient } from './support/clients.js';
import { dialogDefaults, isActive, isAvailable, licenseWhere, openStoryDialog } from './support/dialogs.js';

const TAG = 'deactivate-dialog';
const t = (locale: unknown) => translator(licenseDialogs, String(locale ?? 'en'));

const meta: Meta = {
  title: 'Elements/deactivate-dialog',
  component: 'deactivate-dialog',
  ...dialogDefaults(TAG, (m) => licenseWhere(m, isActive)),
};
export default meta;
type Story = StoryObj;

/** An active license: the dialog says what deactivating does, and asks to confirm. */
export const Confirm: Story = {
  play: async ({ canvasElement }) => {
    await openStoryDialog(canvasElement, TAG);
  },
};

/** After Deactivate: the license is available again and its customer was emailed. */
export const Deactivated: Story = {
  play: async ({ canvasElement, globals }) => {
    const dialog = await openStoryDialog(canvasElement, TAG);
    await dialog.click(t(globals.locale)('deactivate.submit'));
    await dialog.find('[part="ok-button"]');
  },
};

/** The server failed: the dialog says so, and that trying again is safe. */
export const ServerFailure: Story = {
  parameters: {
    licenses: {
      load: (m) => licenseWhere(m, isActive),
      client: (m) => failingClient(m, ['deactivateLicense']),
    } satisfies LicensesParameters,
  },
  play: async ({ canvasElement, globals }) => {
    const dialog = await openStoryDialog(canvasElement, TAG);
    await dialog.click(t(globals.locale)('deactivate.submit'));
    await dialog.find('[part="error"]');
  },
};

/** An available license has nobody to deactivate it for: the dialog says why. */
export const NotActive: Story = {
  parameters: { licenses: { load: (m) => licenseWhere(m, isAvailable) } satisfies LicensesParameters },
  play: async ({ canvasElement }) => {
    const dialog = await openStoryDialog(canvasElement, TAG);
    await dialog.find('[part="reason"]');
  },
};
