import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { LicensesParameters } from '../.storybook/licenses.js';
import type { License } from '../src/api/contract/schemas.js';
import { dialogs } from '../src/locales/dialogs.js';
import { scheduleMessages } from '../src/locales/schedule.js';
import { translator } from '../src/locales/index.js';
import { failingClient } from './support/clients.js';
import { dialogDefaults, isActive, isAvailable, licenseWhere, openStoryDialog } from './support/dialogs.js';

const TAG = 'billing-state-dialog';
const t = (locale: unknown) => translator(dialogs, String(locale ?? 'en'));
const activeRecurrent = (l: License) => isActive(l) && l.recurrent;
const activeOnce = (l: License) => isActive(l) && !l.recurrent;

const meta: Meta = {
  title: 'Elements/billing-state-dialog',
  component: 'billing-state-dialog',
  ...dialogDefaults(TAG, (m) => licenseWhere(m, activeOnce)),
};
export default meta;
type Story = StoryObj;

/** An activated license without auto-renewal: 'Enable auto-renew' is preselected. */
export const EnableAutoRenew: Story = {
  play: async ({ canvasElement }) => {
    await openStoryDialog(canvasElement, TAG);
  },
};

/** A recurrent license: 'Disable auto-renew' is preselected. */
export const DisableAutoRenew: Story = {
  parameters: { licenses: { load: (m) => licenseWhere(m, activeRecurrent) } satisfies LicensesParameters },
  play: async ({ canvasElement }) => {
    await openStoryDialog(canvasElement, TAG);
  },
};

/** After Submit: the confirmation says what the license does now. */
export const Changed: Story = {
  play: async ({ canvasElement, globals }) => {
    const dialog = await openStoryDialog(canvasElement, TAG);
    await dialog.click(t(globals.locale)('billing.submit'));
    await dialog.find('[part="ok-button"]');
  },
};

/** The server failed: the dialog keeps the choice and says that trying again is safe. */
export const ServerFailure: Story = {
  parameters: {
    licenses: {
      load: (m) => licenseWhere(m, activeOnce),
      client: (m) => failingClient(m, ['setBillingState']),
    } satisfies LicensesParameters,
  },
  play: async ({ canvasElement, globals }) => {
    const dialog = await openStoryDialog(canvasElement, TAG);
    await dialog.click(t(globals.locale)('billing.submit'));
    await dialog.find('[part="error"]');
  },
};

/**
 * A license that is not activated has no billing state to change: the dialog says why.
 * (The dialog has no fields to validate; this refusal is its only invalid case.)
 */
export const NotActivated: Story = {
  parameters: { licenses: { load: (m) => licenseWhere(m, isAvailable) } satisfies LicensesParameters },
  play: async ({ canvasElement }) => {
    const dialog = await openStoryDialog(canvasElement, TAG);
    await dialog.find('[part="reason"]');
  },
};

/** A license whose renewal deadline is still days away: the change can be scheduled. */
const schedulable = (l: License) =>
  isActive(l) && l.renewalDeadline !== null && l.renewalDeadline >= new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);

/** 'On a date': a day from tomorrow up to the license's renewal deadline. */
export const OnADate: Story = {
  parameters: { licenses: { load: (m) => licenseWhere(m, schedulable) } satisfies LicensesParameters },
  play: async ({ canvasElement, globals }) => {
    const dialog = await openStoryDialog(canvasElement, TAG);
    dialog.field(translator(scheduleMessages, String(globals.locale ?? 'en'))('onDate')).click();
    await dialog.find('input[type="date"]');
  },
};

/** A change is scheduled: the dialog says which and when, and can cancel it. */
export const PendingChange: Story = {
  parameters: {
    licenses: {
      load: async (m) => {
        const { license } = await licenseWhere(m, schedulable);
        const scheduled = await m.setBillingState(license.id, { recurrent: !license.recurrent, effectiveOn: license.renewalDeadline! }, { idempotencyKey: 'story-schedule' });
        return { license: scheduled };
      },
    } satisfies LicensesParameters,
  },
  play: async ({ canvasElement }) => {
    const dialog = await openStoryDialog(canvasElement, TAG);
    await dialog.find('[part="pending"]');
  },
};

/** The deadline before the renewal has passed: only a change now is offered. */
export const DeadlinePassed: Story = {
  parameters: {
    licenses: {
      load: (m) => licenseWhere(m, (l) => isActive(l) && l.renewalDeadline !== null && l.renewalDeadline <= new Date().toISOString().slice(0, 10)),
    } satisfies LicensesParameters,
  },
  play: async ({ canvasElement }) => {
    const dialog = await openStoryDialog(canvasElement, TAG);
    await dialog.find('[part="schedule-note"]');
  },
};
