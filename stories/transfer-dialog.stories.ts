import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { LicensesParameters } from '../.storybook/licenses.js';
import '../src/elements/transfer-dialog/transfer-dialog.js';
import { dialogs } from '../src/locales/dialogs.js';
import { translator } from '../src/locales/index.js';
import { licenseDialogs } from '../src/locales/license-dialogs.js';
import { dialogDefaults, isActive, isAvailable, licenseWhere, openStoryDialog } from './support/dialogs.js';
import { fill } from './support/play.js';

const TAG = 'transfer-dialog';
const t = (locale: unknown) => translator(licenseDialogs, String(locale ?? 'en'));
const td = (locale: unknown) => translator(dialogs, String(locale ?? 'en'));

const meta: Meta = {
  title: 'Elements/transfer-dialog',
  component: 'transfer-dialog',
  ...dialogDefaults(TAG, (m) => licenseWhere(m, isActive)),
};
export default meta;
type Story = StoryObj;

/** An active license: pass it to a registered customer, found by email. */
export const ExistingCustomer: Story = {
  play: async ({ canvasElement }) => {
    await openStoryDialog(canvasElement, TAG);
  },
};

/** 'New customer': the activate dialog's form, for a customer the server registers. */
export const NewCustomer: Story = {
  play: async ({ canvasElement, globals }) => {
    const dialog = await openStoryDialog(canvasElement, TAG);
    (await dialog.findField(td(globals.locale)('activate.new'))).click();
    await dialog.findField(td(globals.locale)('field.organization'));
  },
};

/** Transferred to a new customer: the confirmation names who was emailed. */
export const Transferred: Story = {
  play: async ({ canvasElement, globals }) => {
    const tr = td(globals.locale);
    const dialog = await openStoryDialog(canvasElement, TAG);
    (await dialog.findField(tr('activate.new'))).click();
    const values: [string, string][] = [
      [tr('field.organization'), 'Fabrikam GmbH'],
      [tr('field.firstName'), 'Grace'],
      [tr('field.lastName'), 'Hopper'],
      [tr('field.email'), 'grace@fabrikam.example'],
      [tr('field.country'), 'DE'],
    ];
    for (const [label, value] of values) fill(await dialog.findField(label), value);
    await dialog.click(t(globals.locale)('transfer.submit'));
    await dialog.find('[part="ok-button"]');
  },
};

/** The email names no registered customer: the server's answer lands on the email field. */
export const CustomerNotFound: Story = {
  play: async ({ canvasElement, globals }) => {
    const dialog = await openStoryDialog(canvasElement, TAG);
    fill(await dialog.findField(td(globals.locale)('field.email')), 'nobody@unknown.example');
    await dialog.click(t(globals.locale)('transfer.submit'));
    await dialog.find('#email[aria-invalid="true"]');
  },
};

/** An available license is held by nobody: there is nothing to transfer, and the dialog says why. */
export const NotActive: Story = {
  parameters: { licenses: { load: (m) => licenseWhere(m, isAvailable) } satisfies LicensesParameters },
  play: async ({ canvasElement }) => {
    const dialog = await openStoryDialog(canvasElement, TAG);
    await dialog.find('[part="reason"]');
  },
};
