import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { LicensesParameters } from '../.storybook/licenses.js';
import { createMemoryClient } from '../src/api/memory/memory-client.js';
import { failingClient, pendingClient } from './support/clients.js';
import { BulkHarness } from './support/harness.js';
import { hostileClient } from './support/hostile.js';
import { find } from './support/play.js';
import { onAPhone } from './support/phone.js';

/** `<licenses-renewals>` as a story renders it: `attrs` are its window, and `phone` makes it as wide as a phone. */
export const renewalsTemplate = (attrs: { days?: number; from?: string; to?: string; phone?: boolean } = {}) => {
  const el = html`<licenses-renewals days=${attrs.days ?? 30} from=${attrs.from ?? ''} to=${attrs.to ?? ''} poll-interval="200"></licenses-renewals>`;
  return attrs.phone ? onAPhone(el) : el;
};

/** The element once its first rows are there. */
export async function renewalsLoaded(canvas: HTMLElement): Promise<BulkHarness> {
  const renewals = new BulkHarness(await find(canvas, 'licenses-renewals'));
  await renewals.find('[part="table"][aria-busy="false"] tbody tr', 5_000);
  await renewals.find('[part="totals"][aria-busy="false"]', 5_000);
  return renewals;
}

const meta: Meta = {
  title: 'Elements/licenses-renewals',
  component: 'licenses-renewals',
  // The fixtures the browser tests import (templates, helpers) are not stories.
  excludeStories: /^[a-z]|^[A-Z_]+$/,
  render: () => renewalsTemplate(),
};
export default meta;
type Story = StoryObj;

/** The next 30 days: how many licenses renew (and what that will charge) and how many lapse; the lapsing ones listed. */
export const Next30Days: Story = {
  play: async ({ canvasElement }) => void (await renewalsLoaded(canvasElement)),
};

/** The next 90 days, the renewing licenses listed. */
export const WillRenew90Days: Story = {
  render: () => renewalsTemplate({ days: 90 }),
  play: async ({ canvasElement }) => {
    const renewals = await renewalsLoaded(canvasElement);
    renewals.root.querySelectorAll<HTMLButtonElement>('[part="group-button"]')[0]!.click();
    await renewals.find('[part="table"][aria-busy="false"] tbody tr', 5_000);
  },
};

/** Rows selected: auto-renewal on or off, now or on a date up to the earliest deadline, or resend. */
export const Selected: Story = {
  render: () => renewalsTemplate({ days: 90 }),
  play: async ({ canvasElement }) => {
    const renewals = await renewalsLoaded(canvasElement);
    for (const box of Array.from(renewals.root.querySelectorAll<HTMLInputElement>('[part="select-row"]')).slice(0, 3)) box.click();
    await renewals.find('[part="bulk-form"]');
  },
};

/** A billing change job for the selection runs, its progress shown. */
export const JobRunning: Story = {
  parameters: {
    licenses: { memory: () => createMemoryClient({ orders: 40, bigOrderLicenses: 0, latencyMs: 500 }) } satisfies LicensesParameters,
  },
  render: () => renewalsTemplate({ days: 90 }),
  play: async ({ canvasElement }) => {
    const renewals = await renewalsLoaded(canvasElement);
    renewals.root.querySelector<HTMLInputElement>('[part="select-page"]')!.click();
    (await renewals.find<HTMLButtonElement>('[part="bulk-submit"]')).click();
    await renewals.find('[part="job-progress"]', 5_000);
  },
};

/** Nothing expires between these dates. */
export const Empty: Story = {
  render: () => renewalsTemplate({ from: '2099-01-01', to: '2099-01-31' }),
  play: async ({ canvasElement }) => {
    const renewals = new BulkHarness(await find(canvasElement, 'licenses-renewals'));
    await renewals.find('[part="table"][aria-busy="false"]', 5_000);
  },
};

/** While the licenses load (here they never arrive). */
export const Loading: Story = {
  parameters: { licenses: { client: pendingClient } satisfies LicensesParameters },
};

/** The licenses could not be loaded: Retry. */
export const LoadError: Story = {
  parameters: { licenses: { client: (m) => failingClient(m, ['searchLicenses'], { times: 100 }) } satisfies LicensesParameters },
  play: async ({ canvasElement }) => {
    const renewals = new BulkHarness(await find(canvasElement, 'licenses-renewals'));
    await renewals.find('[part="error"]', 5_000);
  },
};

/** Hostile codes, customers and products show as text. */
export const HostileData: Story = {
  parameters: { licenses: { memory: () => hostileClient() } satisfies LicensesParameters },
  render: () => renewalsTemplate({ from: '2000-01-01', to: '2099-12-31' }),
  play: async ({ canvasElement }) => {
    const renewals = new BulkHarness(await find(canvasElement, 'licenses-renewals'));
    await renewals.find('[part="table"][aria-busy="false"]', 5_000);
  },
};

/** On a phone (390 px): the table scrolls sideways, the buttons take the whole width. */
export const OnAPhone: Story = {
  render: () => renewalsTemplate({ phone: true }),
  play: async ({ canvasElement }) => void (await renewalsLoaded(canvasElement)),
};
