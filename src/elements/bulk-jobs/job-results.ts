import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Job, JobResult } from '../../api/contract/schemas.js';
import { isAbortError } from '../../api/contract/errors.js';
import { csvFileName, type CsvColumn } from '../../csv/csv.js';
import { bulkJobsMessages, jobResultsExportMessages } from '../../locales/bulk-jobs.js';
import { common } from '../../locales/common.js';
import type { CatalogKey } from '../../locales/index.js';
import { ExportController } from '../shared/export-controller.js';
import type { LicensesController } from '../shared/licenses-controller.js';
import type { LocaleController } from '../shared/locale-controller.js';

const PAGE = 100;

/**
 * A finished job's results, one per row in row order: a page at a time with Previous and
 * Next (the server's cursors), and all of them as a CSV file.
 */
export class JobResults implements ReactiveController {
  private job: Job | null = null;
  /** The cursor of each page seen so far; the first page has none. */
  private cursors: (string | null)[] = [null];
  private index = 0;
  private items: JobResult[] = [];
  private next: string | null = null;
  private loading = false;
  private error: unknown = null;
  private abort: AbortController | null = null;
  private readonly exporter: ExportController<JobResult>;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly api: LicensesController,
    private readonly i18n: LocaleController,
  ) {
    host.addController(this);
    this.exporter = new ExportController<JobResult>(host, api, i18n);
  }

  hostDisconnected(): void {
    this.abort?.abort();
  }

  /** Shows the results of `job` from the first page (nothing for null). */
  show(job: Job | null): void {
    if (job?.id === this.job?.id && job?.status === this.job?.status) return;
    this.job = job;
    this.cursors = [null];
    this.items = [];
    this.next = null;
    if (job !== null && job.status === 'done') void this.load(0);
    else this.host.requestUpdate();
  }

  private async load(index: number): Promise<void> {
    const client = this.api.client;
    const job = this.job;
    if (client === null || job === null) return;
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.loading = true;
    this.error = null;
    this.host.requestUpdate();
    try {
      const cursor = this.cursors[index] ?? null;
      const page = await this.api.load('getJobResults', () =>
        client.getJobResults(job.id, cursor === null ? { limit: PAGE } : { limit: PAGE, cursor }, { signal: abort.signal }),
      );
      this.index = index;
      this.items = page.items;
      this.next = page.nextCursor;
      this.cursors[index + 1] = page.nextCursor;
    } catch (error) {
      if (!isAbortError(error)) this.error = error;
    } finally {
      if (this.abort === abort) {
        this.loading = false;
        this.host.requestUpdate();
      }
    }
  }

  /** Saves every result of the job as a CSV file. */
  async download(): Promise<void> {
    const client = this.api.client;
    const job = this.job;
    if (client === null || job === null) return;
    const t = this.i18n.of(bulkJobsMessages);
    const columns: CsvColumn<JobResult>[] = [
      { header: t('csv.row'), value: (r) => r.row },
      { header: t('csv.target'), value: (r) => r.target },
      { header: t('csv.ok'), value: (r) => this.i18n.common(r.ok ? 'true' : 'false') },
      { header: t('csv.code'), value: (r) => r.code },
      { header: t('csv.detail'), value: (r) => r.detail },
      { header: t('csv.licenseId'), value: (r) => r.licenseId },
    ];
    await this.exporter.start({
      kind: 'job-results',
      messages: jobResultsExportMessages,
      fileName: csvFileName(job.id, 'results'),
      columns: () => Promise.resolve(columns),
      pages: async function* (signal) {
        let cursor: string | null = null;
        do {
          const query: { limit: number; cursor?: string } = cursor === null ? { limit: 1000 } : { limit: 1000, cursor };
          const page = await client.getJobResults(job.id, query, { signal });
          yield { items: page.items, total: job.total };
          cursor = page.nextCursor;
        } while (cursor !== null);
      },
    });
  }

  private outcome(result: JobResult): string {
    const t = this.i18n.of(bulkJobsMessages);
    if (result.ok) return t('succeeded');
    const key = `error.${result.code ?? 'unknown'}`;
    // The kit's own sentence for the code, else the server's detail, else the code itself.
    const reason = key in common.en ? this.i18n.common(key as CatalogKey<typeof common>) : (result.detail ?? result.code ?? '');
    return t('failed', { reason });
  }

  render(): TemplateResult | typeof nothing {
    const job = this.job;
    if (job === null || job.status !== 'done') return nothing;
    const t = this.i18n.of(bulkJobsMessages);
    const n = (value: number) => this.i18n.count(value);
    const from = this.index * PAGE + 1;
    return html`<section class="results" part="results" aria-labelledby="results-heading">
      <h3 id="results-heading">${t('results')}</h3>
      <div class="toolbar">
        <button class="btn" type="button" part="download-button" ?disabled=${this.exporter.running} @click=${() => void this.download()}>
          ${t('download')}
        </button>
        ${this.exporter.render('results-export')}
      </div>
      ${this.error === null ? nothing : this.api.renderError(this.error, () => void this.load(this.index), t('resultsFailed'))}
      <div class="scroller" role="region" aria-labelledby="results-caption" tabindex="0">
        <table part="results-table" aria-busy=${this.loading ? 'true' : 'false'}>
          <caption id="results-caption" class="visually-hidden">${t('resultsCaption')}</caption>
          <thead><tr><th scope="col">${t('row')}</th><th scope="col">${t('target')}</th><th scope="col">${t('outcome')}</th></tr></thead>
          <tbody>
            ${this.items.map(
              (r) => html`<tr class=${r.ok ? 'ok' : 'failed'}>
                <td>${n(r.row)}</td>
                <th scope="row" class="mono wrap">${r.target}</th>
                <td class="wrap">${this.outcome(r)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <div class="pager">
        <span class="muted">${t('page', { from: n(Math.min(from, job.total)), to: n(from + this.items.length - 1), total: n(job.total) })}</span>
        <button class="btn small" type="button" ?disabled=${this.index === 0 || this.loading} @click=${() => void this.load(this.index - 1)}>${t('previous')}</button>
        <button class="btn small" type="button" ?disabled=${this.next === null || this.loading} @click=${() => void this.load(this.index + 1)}>${t('next')}</button>
      </div>
    </section>`;
  }
}
