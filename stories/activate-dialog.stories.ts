import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { LicensesLoaded, LicensesParameters } from '../.storybook/licenses.js';
import { dialogs } from '../src/locales/dialogs.js';
import { translator } from '../src/locales/index.js';
import { failingClient } from './support/clients.js';
import type { DialogHarness } from './support/harness.js';
import { dialogDefaults, isActive, isAvailable, licenseWhere, openStoryDialog, registeredEmail } from './support/dialogs.js';
import { fill } from './support/play.js';

const TAG = 'activate-dialog';
const t = (locale: unknown) => translator(dialogs, String(locale ?? 'en'));

const meta: Meta = {
  title: 'Elements/activate-dialog',
  component: 'activate-dialog',
  ...dialogDefaults(TAG, (m) => licenseWhere(m, isAvailable)),
};
export default meta;
type Story = StoryObj;

/** Open for an available license: activate it for a registered customer by email. */
export const ExistingCustomer: Story = {
  play: async ({ canvasElement }) => {
    await openStoryDialog(canvasElement, TAG);
  },
};

/** 'New customer': the form the server registers a customer from. */
export const NewCustomer: Story = {
  play: async ({ canvasElement, globals }) => {
    const dialog = await openStoryDialog(canvasElement, TAG);
    (await dialog.findField(t(globals.locale)('activate.new'))).click();
    await dialog.findField(t(globals.locale)('field.organization'));
  },
};

/** Activate with an empty email: the field says what is wrong, nothing is sent. */
export const ExistingCustomerValidationErrors: Story = {
  play: async ({ canvasElement, globals }) => {
    const dialog = await openStoryDialog(canvasElement, TAG);
    await dialog.click(t(globals.locale)('activate.submit'));
    await dialog.find('[aria-invalid="true"]');
  },
};

/** The new-customer form submitted half filled in: each field with its error. */
export const NewCustomerValidationErrors: Story = {
  play: async ({ canvasElement, globals }) => {
    const tr = t(globals.locale);
    const dialog = await openStoryDialog(canvasElement, TAG);
    (await dialog.findField(tr('activate.new'))).click();
    fill(await dialog.findField(tr('field.organization')), 'Contoso Ltd');
    fill(await dialog.findField(tr('field.email')), 'not an email');
    await dialog.click(tr('activate.submit'));
    await dialog.find('#email[aria-invalid="true"]');
  },
};

/** The server knows no customer with that email: its field error lands on the email field. */
export const CustomerNotFound: Story = {
  play: async ({ canvasElement, globals }) => {
    const tr = t(globals.locale);
    const dialog = await openStoryDialog(canvasElement, TAG);
    fill(await dialog.findField(tr('field.email')), 'nobody@unknown-customer.example');
    await dialog.click(tr('activate.submit'));
    await dialog.find('[part="error"]');
  },
};

/** Activates the open dialog's license for a registered customer. */
async function activateForRegistered(dialog: DialogHarness, memory: LicensesLoaded['memory'], locale: unknown): Promise<void> {
  const tr = t(locale);
  fill(await dialog.findField(tr('field.email')), await registeredEmail(memory));
  await dialog.click(tr('activate.submit'));
}

/** The server failed: the dialog stays open with what was typed, and says that trying again is safe. */
export const ServerFailure: Story = {
  parameters: {
    licenses: {
      load: (m) => licenseWhere(m, isAvailable),
      client: (m) => failingClient(m, ['activateLicense']),
    } satisfies LicensesParameters,
  },
  play: async ({ canvasElement, globals, loaded }) => {
    const dialog = await openStoryDialog(canvasElement, TAG);
    await activateForRegistered(dialog, (loaded as LicensesLoaded).memory, globals.locale);
    await dialog.find('[part="error"]');
  },
};

/** Activated: the confirmation says the customer was emailed. */
export const Activated: Story = {
  play: async ({ canvasElement, globals, loaded }) => {
    const dialog = await openStoryDialog(canvasElement, TAG);
    await activateForRegistered(dialog, (loaded as LicensesLoaded).memory, globals.locale);
    await dialog.find('[part="ok-button"]');
  },
};

/** An activated license cannot be activated again: the dialog says why instead of a form. */
export const AlreadyActive: Story = {
  parameters: { licenses: { load: (m) => licenseWhere(m, isActive) } satisfies LicensesParameters },
  play: async ({ canvasElement }) => {
    const dialog = await openStoryDialog(canvasElement, TAG);
    await dialog.find('[part="reason"]');
  },
};
