import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { LicensesParameters } from '../.storybook/licenses.js';
import type { License } from '../src/api/contract/schemas.js';
import type { MemoryLicensesClient } from '../src/api/memory/memory-client.js';
import '../src/elements/customer-dialog/customer-dialog.js';
import { dialogs } from '../src/locales/dialogs.js';
import { translator } from '../src/locales/index.js';
import { licenseDialogs } from '../src/locales/license-dialogs.js';
import { dialogDefaults, isActive, isAvailable, licenseWhere, openStoryDialog } from './support/dialogs.js';
import { fill } from './support/play.js';

const TAG = 'customer-dialog';
const t = (locale: unknown) => translator(licenseDialogs, String(locale ?? 'en'));
const td = (locale: unknown) => translator(dialogs, String(locale ?? 'en'));

/** An active license, and the email of another customer of the reseller (for the clash). */
async function heldLicense(memory: MemoryLicensesClient): Promise<{ license: License; otherEmail: string }> {
  const { license } = await licenseWhere(memory, isActive);
  const other = (await memory.searchCustomers('')).items.find((c) => c.id !== license.customer?.id);
  if (other === undefined) throw new Error('The demo data holds one customer only');
  return { license, otherEmail: other.email };
}

const meta: Meta = {
  title: 'Elements/customer-dialog',
  component: 'customer-dialog',
  ...dialogDefaults(TAG, heldLicense),
};
export default meta;
type Story = StoryObj;

/** The customer of an active license: email, organization and names, ready to correct. */
export const Open: Story = {
  play: async ({ canvasElement }) => {
    await openStoryDialog(canvasElement, TAG);
  },
};

/** An email another customer is registered with: `customer_exists`, said on the email field. */
export const EmailTaken: Story = {
  play: async ({ canvasElement, globals, loaded }) => {
    const dialog = await openStoryDialog(canvasElement, TAG);
    fill(await dialog.findField(td(globals.locale)('field.email')), loaded.otherEmail as string);
    await dialog.click(t(globals.locale)('customer.submit'));
    await dialog.find('#email[aria-invalid="true"]');
  },
};

/** A corrected organization, saved. */
export const Saved: Story = {
  play: async ({ canvasElement, globals }) => {
    const dialog = await openStoryDialog(canvasElement, TAG);
    fill(await dialog.findField(td(globals.locale)('field.organization')), 'Fabrikam Holding GmbH');
    await dialog.click(t(globals.locale)('customer.submit'));
    await dialog.find('[part="ok-button"]');
  },
};

/** An available license has no customer to correct. */
export const NoCustomer: Story = {
  parameters: { licenses: { load: (m) => licenseWhere(m, isAvailable) } satisfies LicensesParameters },
  play: async ({ canvasElement }) => {
    const dialog = await openStoryDialog(canvasElement, TAG);
    await dialog.find('[part="reason"]');
  },
};
