import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { createMemoryClient } from '../../src/api/memory/memory-client.js';
import '../../src/elements/bulk-jobs/bulk-jobs.js';
import type { BulkJobsElement } from '../../src/elements/bulk-jobs/bulk-jobs.component.js';
import type { ExportFinishedEvent, JobFinishedEvent } from '../../src/events/index.js';
import { activationCsv, activationCsvFor, availableCodes } from '../../stories/support/activation-csv.js';
import { proxyClient, failingClient } from '../../stories/support/clients.js';
import { registeredEmail } from '../../stories/support/dialogs.js';
import { BulkHarness } from '../../stories/support/harness.js';
import { bulkJobsTemplate } from '../../stories/bulk-jobs.stories.js';
import type { LicensesApi } from '../../src/api/client.js';
import { providedFixture, until } from './helpers.js';

const world = () => createMemoryClient({ orders: 40, bigOrderLicenses: 0 });

async function mount(client: LicensesApi, locale = 'en'): Promise<BulkHarness<BulkJobsElement>> {
  const { el } = await providedFixture<BulkJobsElement>(client, bulkJobsTemplate(), { locale });
  const bulk = new BulkHarness(el);
  await bulk.find('input[type="file"]');
  return bulk;
}

async function preview(bulk: BulkHarness, text: string): Promise<void> {
  bulk.upload(text);
  await bulk.find('[part="preview"], [part="error"]', 5_000);
}

describe('<bulk-jobs>', () => {
  beforeEach(() => localStorage.clear());

  it('flags each bad row with its reason before anything is sent, and offers the valid rows', async () => {
    const memory = world();
    const client = proxyClient(memory);
    const csv = await activationCsvFor(memory, { good: 6, bad: 5 });
    const bulk = await mount(client);
    await preview(bulk, csv.text);
    expect(bulk.text('#preview-summary')).to.equal('11 rows: 6 can be sent, 5 have problems.');
    expect(bulk.flagged()).to.deep.equal([
      'Email is not a valid address',
      'Country must be a two-letter code such as DE',
      'Organization missing',
      'Activation code missing or too long',
      'The same activation code is in an earlier row',
    ]);
    expect(bulk.text('[part="start-button"]')).to.equal('Activate 6 valid rows');
    expect(client.calls.filter((c) => c.method === 'createJob')).to.have.length(0);
    await expect(bulk.element).to.be.accessible();
  });

  it('reads German headers separated by semicolons after a UTF-8 BOM, and tab-separated files', async () => {
    const memory = world();
    const [codes, email] = await Promise.all([availableCodes(memory, 4), registeredEmail(memory)]);
    const bulk = await mount(memory, 'de-DE');
    await preview(bulk, activationCsv(codes, email, { good: 4, delimiter: ';', german: true, bom: true }).text);
    expect(bulk.text('#preview-summary')).to.equal('4 Zeilen: 4 können gesendet werden, 0 haben Fehler.');
    expect(bulk.text('[part="preview-table"] tbody tr td.mono')).to.equal(codes[0]);
    bulk.upload(activationCsv(codes, email, { good: 3, delimiter: '\t' }).text);
    await until(() => bulk.text('#preview-summary').startsWith('3 '), 5000, 'the second file');
    expect(bulk.text('#preview-summary')).to.equal('3 Zeilen: 3 können gesendet werden, 0 haben Fehler.');
  });

  it('says which column a file lacks', async () => {
    const bulk = await mount(world());
    await preview(bulk, 'Activation code;Organization\nA-1;Acme');
    expect(bulk.text('[part="error"]')).to.contain('The file lacks the column Email.');
    expect(bulk.root.querySelector('[part="start-button"]')).to.equal(null);
  });

  it('runs the valid rows as a job with a progress bar, then shows each row\'s result and downloads them as CSV', async () => {
    const memory = createMemoryClient({ orders: 40, bigOrderLicenses: 200, latencyMs: 20 });
    const client = proxyClient(memory);
    const csv = await activationCsvFor(memory, { good: 60, bad: 5 });
    const bulk = await mount(client);
    await preview(bulk, csv.text);
    const finished = oneEvent(bulk.element, 'job-finished') as Promise<JobFinishedEvent>;
    await bulk.click('Activate 60 valid rows');
    const progress = await bulk.find<HTMLProgressElement>('[part="job-progress"] progress');
    expect(progress.getAttribute('aria-labelledby')).to.equal('job-label');
    const sent = client.calls.find((c) => c.method === 'createJob')!.args[0] as { kind: string; rows: unknown[] };
    expect(sent.kind).to.equal('activation');
    expect(sent.rows).to.have.length(60);
    const { detail } = await finished;
    expect(detail.job).to.include({ status: 'done', total: 60, done: 60, succeeded: 60, failed: 0 });
    const table = await bulk.results();
    expect(table.tBodies[0]!.rows).to.have.length(60);
    expect(bulk.jobStatus()).to.equal('Activations: done. 60 succeeded, 0 failed.');
    const license = (await memory.searchOrders({ limit: 200, activationCode: csv.codes[0]! })).items[0]!;
    const active = (await memory.listLicenses(license.id, { limit: 500 })).items.find((l) => l.activationCode === csv.codes[0]);
    expect(active?.status).to.equal('active');
    await expect(bulk.element).to.be.accessible();

    const saved = oneEvent(bulk.element, 'export-finished') as Promise<ExportFinishedEvent>;
    (await bulk.find<HTMLButtonElement>('[part="download-button"]')).click();
    const exported = await saved;
    expect(exported.detail).to.include({ kind: 'job-results', rows: 60 });
  });

  it('reports the rows the server refused alone, with their reason', async () => {
    const memory = world();
    const csv = await activationCsvFor(memory, { good: 4 });
    await memory.createJob({ kind: 'activation', rows: [{ activationCode: csv.codes[1]!, customer: { kind: 'existing', email: await registeredEmail(memory) } }] }, { idempotencyKey: 'first' });
    const bulk = await mount(memory);
    await preview(bulk, csv.text);
    await bulk.click('Activate 4 valid rows');
    const table = await bulk.results();
    const outcomes = Array.from(table.tBodies[0]!.rows, (r) => r.cells[2]!.textContent!.trim());
    expect(outcomes[0]).to.equal('Activated');
    expect(outcomes[1]).to.match(/^Failed: /);
    expect(bulk.jobStatus()).to.equal('Activations: done. 3 succeeded, 1 failed.');
  });

  it('shows the job still running or done after the page was left and opened again', async () => {
    const memory = createMemoryClient({ orders: 40, bigOrderLicenses: 200, latencyMs: 30 });
    const csv = await activationCsvFor(memory, { good: 40 });
    const first = await mount(memory);
    await preview(first, csv.text);
    await first.click('Activate 40 valid rows');
    await first.find('[part="job-progress"]');
    first.element.closest('licenses-provider')!.remove();

    const again = await mount(memory);
    await again.find('[part="recent"]', 5_000);
    await again.find('[part="job-progress"]');
    await again.results();
    expect(again.jobStatus()).to.equal('Activations: done. 40 succeeded, 0 failed.');
  });

  it('keeps the preview when the job could not be started, and says so', async () => {
    const memory = world();
    const csv = await activationCsvFor(memory, { good: 2 });
    const bulk = await mount(failingClient(memory, ['createJob']));
    await preview(bulk, csv.text);
    await bulk.click('Activate 2 valid rows');
    await bulk.find('[role="alert"]');
    expect(bulk.text('[role="alert"]')).to.contain('The job was not started.');
    expect(bulk.root.querySelector('[part="preview"]')).to.not.equal(null);
  });

  it('reads 10,000 rows a chunk at a time, giving the page its turns', async () => {
    const codes = Array.from({ length: 10_000 }, (_, i) => `BULK-${String(i).padStart(5, '0')}-CODE`);
    const text = activationCsv(codes, 'someone@customers.example', { good: 10_000 }).text;
    const bulk = await mount(world());
    let frames = 0;
    let counting = true;
    const count = () => {
      frames += 1;
      if (counting) requestAnimationFrame(count);
    };
    requestAnimationFrame(count);
    await preview(bulk, text);
    counting = false;
    expect(bulk.text('#preview-summary')).to.equal('10,000 rows: 10,000 can be sent, 0 have problems.');
    expect(bulk.root.querySelectorAll('[part="preview-table"] tbody tr')).to.have.length(50);
    expect(frames).to.be.greaterThan(2);
  });

  it('renders without a provider as a setup note', async () => {
    const el = await fixture<BulkJobsElement>(html`<bulk-jobs></bulk-jobs>`);
    await until(() => el.shadowRoot!.querySelector('[part="setup-error"]') !== null, 2000, 'the note');
  });
});
