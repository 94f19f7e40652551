import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Job } from '../../api/contract/schemas.js';
import { isApiError } from '../../api/contract/errors.js';
import { formatInstant } from '../../format/index.js';
import { bulkJobsMessages } from '../../locales/bulk-jobs.js';
import { pluralKey } from '../../locales/index.js';
import { jobMessages } from '../../locales/jobs.js';
import { controls } from '../../styles/controls.js';
import { base } from '../../styles/tokens.js';
import { JobController } from '../shared/job-controller.js';
import { LicensesController } from '../shared/licenses-controller.js';
import { LocaleController } from '../shared/locale-controller.js';
import { apiKeyOf, forgetJob, recentJobIds, rememberJob } from '../shared/recent-jobs.js';
import { workStyles } from '../shared/work.styles.js';
import { FIELDS, readActivationCsv, type ParsedFile } from './csv-rows.js';
import { JobResults } from './job-results.js';
import { Preview } from './preview.js';

/**
 * Bulk activation from a CSV file: choose a file of activation codes and customers (an
 * existing customer by email; a new one with organization, first name, last name, country
 * and optionally phone), see every row checked against the contract before anything is
 * sent (flagged rows say why), start a server job for the valid rows, watch its progress,
 * then page through each row's result and download them as CSV. The file is read in chunks
 * (commas, semicolons or tabs; a UTF-8 BOM; English or German headers such as
 * `Aktivierungscode`, `E-Mail`), so 10,000 rows never freeze the page. The reseller's recent
 * jobs are remembered per API: coming back to the page shows the latest still running, or
 * done with its results.
 *
 * @summary Upload a CSV of activations, check it, run it as a server job, get each row's result.
 *
 * @fires job-started - The activation job was started: `detail.job`.
 * @fires job-finished - The job answered every row: `detail.job` with `succeeded` and `failed`.
 * @fires export-finished - The results were saved as CSV: `{ kind: 'job-results', fileName, rows }`.
 * @fires licenses-error - Reading the jobs, starting or exporting failed.
 *
 * @csspart base - The wrapper of everything.
 * @csspart file-input - The file chooser.
 * @csspart preview - The checked rows of the file, before sending.
 * @csspart preview-table - The table of the file's rows.
 * @csspart row - A row that can be sent.
 * @csspart flagged-row - A row with problems, which is not sent.
 * @csspart start-button - Starts the job for the valid rows.
 * @csspart job-progress - The job's progress bar and its label.
 * @csspart results - The job's results, with the download.
 * @csspart results-table - The table of results.
 * @csspart download-button - Downloads the results as CSV.
 * @csspart export-progress - The download's progress, while it runs.
 * @csspart recent - The recent jobs.
 * @csspart error - Why the file or the jobs could not be read.
 *
 * @cssprop --viewport-height - The largest height of the scrolling tables (32rem).
 */
export class BulkJobsElement extends LitElement {
  static override styles = [base, controls, workStyles];

  @state() private file: ParsedFile | null = null;
  @state() private reading: number | null = null;
  @state() private readError: unknown = null;
  @state() private recent: Job[] = [];

  /** How often a running job is looked at, in milliseconds. */
  @property({ type: Number, attribute: 'poll-interval' }) pollInterval = 1000;

  private readonly api = new LicensesController(this, { contextChanged: () => void this.loadRecent() });
  private readonly i18n = new LocaleController(this, () => this.api.settings);
  private readonly jobs = new JobController(this, this.api, this.i18n, {
    pollMs: () => this.pollInterval,
    started: (job) => {
      rememberJob(apiKeyOf(this), job.id);
      this.recent = [job, ...this.recent.filter((j) => j.id !== job.id)];
    },
    finished: (job) => {
      this.recent = this.recent.map((j) => (j.id === job.id ? job : j));
      this.results.show(job);
    },
  });
  private readonly results = new JobResults(this, this.api, this.i18n);
  private readonly preview = new Preview(this.i18n, () => this.requestUpdate());
  private reader: AbortController | null = null;

  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.i18n.afterLoading(() => super.scheduleUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.reader?.abort();
  }

  private get t() {
    return this.i18n.of(bulkJobsMessages);
  }

  /** The remembered jobs as the server knows them; the newest is shown, running or done. */
  private async loadRecent(): Promise<void> {
    const client = this.api.client;
    if (client === null) return;
    const key = apiKeyOf(this);
    const found: Job[] = [];
    for (const id of recentJobIds(key)) {
      try {
        found.push(await client.getJob(id));
      } catch (error) {
        if (isApiError(error) && error.code === 'not_found') forgetJob(key, id);
      }
    }
    this.recent = found;
    const newest = found[0];
    if (newest !== undefined && this.jobs.job === null && this.file === null) this.openJob(newest);
  }

  private openJob(job: Job): void {
    this.file = null;
    this.jobs.follow(job);
    this.results.show(job);
  }

  private async chooseFile(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const chosen = input.files?.[0];
    if (chosen === undefined) return;
    await this.read(chosen);
  }

  /** Reads and checks a CSV file of activations; the preview shows it. */
  async read(file: Blob): Promise<void> {
    this.reader?.abort();
    const reader = new AbortController();
    this.reader = reader;
    this.jobs.clear();
    this.results.show(null);
    this.file = null;
    this.readError = null;
    this.reading = 0;
    try {
      const parsed = await readActivationCsv(file, (rows) => (this.reading = rows), reader.signal);
      if (this.reader !== reader) return;
      this.preview.reset(parsed);
      this.file = parsed;
    } catch (error) {
      if (this.reader === reader) this.readError = error;
    } finally {
      if (this.reader === reader) this.reading = null;
    }
  }

  private async start(): Promise<void> {
    const file = this.file;
    if (file === null || this.jobs.action.busy) return;
    const rows = file.rows.flatMap((r) => (r.request === null ? [] : [r.request]));
    if (rows.length === 0) return;
    const job = await this.jobs.start({ kind: 'activation', rows });
    if (job !== null) this.file = null;
  }

  private another(): void {
    this.file = null;
    this.readError = null;
    this.jobs.clear();
    this.results.show(null);
    const input = this.renderRoot.querySelector<HTMLInputElement>('#file');
    if (input !== null) {
      input.value = '';
      input.focus();
    }
  }

  private renderFileProblem(): TemplateResult | typeof nothing {
    const { t } = this;
    const file = this.file;
    if (this.readError !== null) {
      return html`<div class="message error" role="alert" part="error"><strong>${t('readFailed')}</strong></div>`;
    }
    if (file === null) return nothing;
    if (file.missing.length > 0) {
      const columns = file.missing.map((f) => t(f)).join(', ');
      return html`<div class="message error" role="alert" part="error">${t('missing', { columns })}</div>`;
    }
    if (file.rows.length === 0) return html`<div class="message error" role="alert" part="error">${t('empty')}</div>`;
    return nothing;
  }

  private renderPreview(file: ParsedFile): TemplateResult | typeof nothing {
    if (file.missing.length > 0 || file.rows.length === 0) return nothing;
    const { t } = this;
    const count = this.i18n.count(file.valid);
    return html`${this.preview.render(file)}
      <div class="toolbar">
        <button class="btn primary" type="button" part="start-button" ?disabled=${file.valid === 0 || this.jobs.action.busy}
          @click=${() => void this.start()}>${t(pluralKey('start', file.valid, this.i18n.locale), { count })}</button>
        <button class="btn" type="button" @click=${() => this.another()}>${t('otherFile')}</button>
      </div>`;
  }

  private renderRecent(): TemplateResult | typeof nothing {
    if (this.recent.length === 0) return nothing;
    const { t } = this;
    const tj = this.i18n.of(jobMessages);
    return html`<section class="recent" part="recent" aria-labelledby="recent-heading">
      <h3 id="recent-heading">${t('recent')}</h3>
      <ul>
        ${this.recent.map((job) => {
          const at = formatInstant(job.createdAt, this.i18n.locale, this.i18n.timeZone);
          const status = `${tj(`status.${job.status}`)} (${this.i18n.count(job.done)}/${this.i18n.count(job.total)})`;
          return html`<li>
            <span>${t('recentJob', { kind: tj(`kind.${job.kind}`), at, status })}</span>
            ${this.jobs.job?.id === job.id
              ? nothing
              : html`<button class="btn small" type="button" aria-label="${t('open')}: ${at}" @click=${() => this.openJob(job)}>${t('open')}</button>`}
          </li>`;
        })}
      </ul>
    </section>`;
  }

  override render() {
    const setup = this.api.renderSetupState();
    if (setup !== nothing) return setup;
    const { t } = this;
    const job = this.jobs.job;
    return html`<div class="root" part="base" lang=${this.i18n.locale}>
      <h2>${t('title')}</h2>
      <p class="muted">${t('intro')}</p>
      <div class="field">
        <label for="file">${t('file')}</label>
        <input id="file" class="input" part="file-input" type="file" accept=".csv,.tsv,.txt,text/csv,text/plain"
          aria-describedby="file-columns" @change=${(e: Event) => void this.chooseFile(e)} />
        <span id="file-columns" class="visually-hidden">${FIELDS.map((f) => t(f)).join(', ')}</span>
      </div>
      <div role="status">${this.reading === null ? nothing : html`<p class="muted">${t('reading', { rows: this.i18n.count(this.reading) })}</p>`}</div>
      ${this.renderFileProblem()}
      ${this.file === null ? nothing : this.renderPreview(this.file)}
      ${this.jobs.render('job')}
      ${this.results.render()}
      ${job?.status === 'done' ? html`<button class="btn" type="button" @click=${() => this.another()}>${t('newFile')}</button>` : nothing}
      ${this.renderRecent()}
    </div>`;
  }
}
