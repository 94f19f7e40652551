import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { LicensesParameters } from '../.storybook/licenses.js';
import { createMemoryClient } from '../src/api/memory/memory-client.js';
import { bulkJobsMessages } from '../src/locales/bulk-jobs.js';
import { translator } from '../src/locales/index.js';
import { activationCsv, activationCsvFor, type ActivationCsv } from './support/activation-csv.js';
import { failingClient } from './support/clients.js';
import { BulkHarness } from './support/harness.js';
import { HOSTILE_STRINGS } from './support/hostile.js';
import { find } from './support/play.js';
import { onAPhone } from './support/phone.js';

const t = (locale: unknown) => translator(bulkJobsMessages, String(locale ?? 'en'));

/** The demo world behind every story: 12 good rows and 5 bad ones of every kind. */
const withCsv = (options: Parameters<typeof activationCsvFor>[1]): LicensesParameters['load'] => async (m) => ({
  csv: await activationCsvFor(m, options),
});

/** `<bulk-jobs>` as a story renders it, as wide as a phone when `phone`: jobs are looked at every 200 ms. */
export const bulkJobsTemplate = (phone = false) => {
  const el = html`<bulk-jobs poll-interval="200"></bulk-jobs>`;
  return phone ? onAPhone(el) : el;
};

/** The story's element, with the story's CSV file chosen. */
async function upload(canvas: HTMLElement, loaded: Record<string, unknown>): Promise<BulkHarness> {
  const el = await find(canvas, 'bulk-jobs');
  const bulk = new BulkHarness(el);
  await bulk.find('input[type="file"]');
  bulk.upload((loaded.csv as ActivationCsv).text);
  await bulk.find('[part="preview"]', 5_000);
  return bulk;
}

const meta: Meta = {
  title: 'Elements/bulk-jobs',
  component: 'bulk-jobs',
  // The fixtures the browser tests import (templates) are not stories.
  excludeStories: /^[a-z]|^[A-Z_]+$/,
  parameters: { licenses: { load: withCsv({ good: 12, bad: 5 }) } satisfies LicensesParameters },
  render: () => bulkJobsTemplate(),
};
export default meta;
type Story = StoryObj;

/** Nothing chosen yet: what the file must hold, and the file chooser. */
export const Empty: Story = {};

/** A file with good and bad rows: the bad ones are flagged with why, before anything is sent. */
export const Preview: Story = {
  play: async ({ canvasElement, loaded }) => void (await upload(canvasElement, loaded)),
};

/** German headers, semicolons and a UTF-8 BOM, as a spreadsheet in German saves them. */
export const GermanSemicolons: Story = {
  parameters: { licenses: { load: withCsv({ good: 6, delimiter: ';', german: true, bom: true }) } satisfies LicensesParameters },
  play: async ({ canvasElement, loaded }) => void (await upload(canvasElement, loaded)),
};

/** A file without the Email column: says which column is missing. */
export const MissingColumn: Story = {
  parameters: { licenses: { load: async () => ({ csv: { text: 'Activation code\nA-1\nA-2' } }) } satisfies LicensesParameters },
  play: async ({ canvasElement, loaded }) => {
    const bulk = new BulkHarness(await find(canvasElement, 'bulk-jobs'));
    bulk.upload((loaded.csv as ActivationCsv).text);
    await bulk.find('[part="error"]', 5_000);
  },
};

/** The job runs: its progress bar fills as the server works through the rows. */
export const Running: Story = {
  parameters: {
    licenses: {
      memory: () => createMemoryClient({ orders: 40, bigOrderLicenses: 300, latencyMs: 600 }),
      load: withCsv({ good: 120, bad: 0 }),
    } satisfies LicensesParameters,
  },
  play: async ({ canvasElement, loaded, globals }) => {
    const bulk = await upload(canvasElement, loaded);
    await bulk.click(t(globals.locale)('start.other', { count: '120' }));
    await bulk.find('[part="job-progress"]', 5_000);
  },
};

/** Done: how many rows succeeded and failed, each row's result, and the results as CSV. */
export const Done: Story = {
  play: async ({ canvasElement, loaded }) => {
    const bulk = await upload(canvasElement, loaded);
    (await bulk.find<HTMLButtonElement>('[part="start-button"]')).click();
    await bulk.results();
  },
};

/** The job could not be started: the preview stays, and trying again is safe. */
export const StartFailed: Story = {
  parameters: {
    licenses: { load: withCsv({ good: 3, bad: 1 }), client: (m) => failingClient(m, ['createJob']) } satisfies LicensesParameters,
  },
  play: async ({ canvasElement, loaded }) => {
    const bulk = await upload(canvasElement, loaded);
    (await bulk.find<HTMLButtonElement>('[part="start-button"]')).click();
    await bulk.find('[role="alert"]');
  },
};

/** Hostile cells (markup, bidi controls, formulas, 10,000 characters) show as text, flagged where invalid. */
export const HostileData: Story = {
  parameters: {
    licenses: {
      load: async () => ({
        csv: activationCsv(HOSTILE_STRINGS.slice(0, 8), HOSTILE_STRINGS[0]!, { good: 8, tag: 'hostile' }),
      }),
    } satisfies LicensesParameters,
  },
  play: async ({ canvasElement, loaded }) => void (await upload(canvasElement, loaded)),
};

/** On a phone (390 px): the tables scroll sideways, the buttons take the whole width. */
export const OnAPhone: Story = {
  render: () => bulkJobsTemplate(true),
  play: async ({ canvasElement, loaded }) => void (await upload(canvasElement, loaded)),
};

