import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { LicensesParameters } from '../.storybook/licenses.js';
import { dialogDefaults, isAvailable, licenseWhere, openStoryDialog } from './support/dialogs.js';

const TAG = 'activation-link-dialog';

const meta: Meta = {
  title: 'Elements/activation-link-dialog',
  component: 'activation-link-dialog',
  ...dialogDefaults(TAG, (m) => licenseWhere(m, isAvailable)),
};
export default meta;
type Story = StoryObj;

/** The link the customer opens to activate the license, with Copy and OK. */
export const Open: Story = {
  play: async ({ canvasElement }) => {
    await openStoryDialog(canvasElement, TAG);
  },
};

/** It needs no API, so it works without a `<licenses-provider>` too. */
export const WithoutProvider: Story = {
  parameters: { licenses: { load: (m) => licenseWhere(m, isAvailable), provider: false } satisfies LicensesParameters },
  play: async ({ canvasElement }) => {
    await openStoryDialog(canvasElement, TAG);
  },
};

/**
 * A link that is not safe to open (here `javascript:`, which no server of the contract
 * sends) is not rendered as a link, and Copy is disabled.
 */
export const UnsafeLink: Story = {
  parameters: {
    licenses: {
      load: async (m) => {
        const { license } = await licenseWhere(m, isAvailable);
        return { license: { ...license, activationLink: 'javascript:alert(document.cookie)' } };
      },
    } satisfies LicensesParameters,
  },
  play: async ({ canvasElement }) => {
    const dialog = await openStoryDialog(canvasElement, TAG);
    await dialog.find('[role="alert"]');
  },
};
