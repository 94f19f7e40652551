import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { isAbortError } from '../../api/contract/errors.js';
import type { CsvFile } from '../../api/client.js';
import type { CsvColumn } from '../../csv/csv.js';
import type { CsvWriter } from '../../csv/write.js';
import { TurnTaker } from '../../internal/turn.js';
import { emit, type LicenseDeskEventDetails } from '../../events/index.js';
import { exportMessages } from '../../locales/exports.js';
import { pluralKey, type Catalog } from '../../locales/index.js';
import type { LicensesController } from './licenses-controller.js';
import type { LocaleController } from './locale-controller.js';

type ExportKind = LicenseDeskEventDetails['export-finished']['kind'];

/** What an export says while it runs and once it ended; the kit's own kinds find theirs in `exportMessages`. */
export type ExportMessages = Catalog<'progress' | 'finished.one' | 'finished.other' | 'failed'>;

/** Some rows of an export, and how many there are in all as far as known. */
export interface ExportPage<T> {
  items: readonly T[];
  total: number;
}

/** What one export needs: its rows page by page, the columns and the file. */
export interface ExportJob<T> {
  kind: ExportKind;
  fileName: string;
  /** Its own strings, for a kind whose element brings them (else `exportMessages` has them). */
  messages?: ExportMessages;
  /** The columns, loaded lazily like papaparse: only a file needs them. */
  columns: () => Promise<readonly CsvColumn<T>[]>;
  /** The rows, a page at a time; the export stops asking when `signal` aborts. */
  pages: (signal: AbortSignal) => AsyncIterable<ExportPage<T>>;
  /**
   * The file as the server writes it, where it can: saved as its bytes come once they are
   * held to what `columns` would write (`check-file.ts`). When the server answers no such
   * file, or one that fails, the export asks for the pages and writes the file itself.
   */
  file?: ((signal: AbortSignal) => Promise<CsvFile>) | undefined;
}

/** A file to save: its parts and how many rows it has. */
interface Written {
  parts: readonly BlobPart[];
  rows: number;
}

/**
 * The pages of a cursor-paged list of the API, as every list endpoint of the contract answers,
 * from the first (or from the page after `from`). The next page is asked for as soon as a
 * page's cursor is known, so that the server works on it while this one is used; when the
 * caller stops first, that page is dropped (its request aborts with the caller's signal).
 */
export async function* cursorPages<P extends { nextCursor: string | null }>(
  fetchPage: (cursor: string | null) => Promise<P>,
  from: string | null = null,
): AsyncGenerator<P> {
  let next = fetchPage(from);
  for (;;) {
    const page = await next;
    const cursor = page.nextCursor;
    // Awaited on the next turn of the loop; an export that stops first aborts it.
    if (cursor !== null) (next = fetchPage(cursor)).catch(() => undefined);
    yield page;
    if (cursor === null) return;
  }
}

const OPERATIONS: Record<ExportKind, string> = {
  orders: 'exportOrders',
  'activation-codes': 'exportActivationCodes',
  'license-keys': 'exportLicenseKeys',
  'license-history': 'exportLicenseHistory',
  renewals: 'exportRenewals',
  'job-results': 'exportJobResults',
};

export type ExportState =
  | { phase: 'idle' }
  | { phase: 'running'; kind: ExportKind; done: number; total: number | null }
  | { phase: 'finished'; kind: ExportKind; rows: number; fileName: string }
  | { phase: 'canceled' }
  | { phase: 'failed'; kind: ExportKind; error: unknown };

/**
 * Saves every row of an export as a CSV file: takes its pages, reports progress to its
 * host, can be canceled, and fires `export-finished` on the host (or `licenses-error`).
 * The file is handed to `save` (a browser download by default, which loads with the writer).
 */
export class ExportController<T> implements ReactiveController {
  state: ExportState = { phase: 'idle' };

  private abort: AbortController | null = null;
  private lastJob: ExportJob<T> | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly api: LicensesController,
    private readonly i18n: LocaleController,
    private readonly save: ((fileName: string, parts: readonly BlobPart[]) => void) | null = null,
  ) {
    host.addController(this);
  }

  get running(): boolean {
    return this.state.phase === 'running';
  }

  hostDisconnected(): void {
    this.cancel();
  }

  /** Starts an export, canceling one that is running. Resolves when it has ended, however; never rejects. */
  async start(job: ExportJob<T>): Promise<void> {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.lastJob = job;
    const { kind, fileName } = job;
    this.set({ phase: 'running', kind, done: 0, total: null });
    // What writes the file loads while the first page comes (asked for at once, below).
    const locale = this.i18n.locale;
    const writing = Promise.all([job.columns(), import('../../csv/write.js')]).then(([columns, csv]) => ({
      writer: csv.CsvWriter.create(columns, csv.csvFormat(locale)),
      save: this.save ?? csv.downloadCsv,
    }));
    writing.catch(() => undefined);
    try {
      const fromServer = job.file ? await this.fromServer(job, job.file, writing, abort.signal) : null;
      const { writer, save } = await writing;
      const file = fromServer ?? (await this.fromPages(job, writer, abort.signal));
      abort.signal.throwIfAborted();
      save(fileName, file.parts);
      this.set({ phase: 'finished', kind, rows: file.rows, fileName });
      emit(this.host, 'export-finished', { kind, fileName, rows: file.rows });
    } catch (error) {
      const canceled = isAbortError(error) || abort.signal.aborted;
      // Pages asked for ahead are not wanted any more.
      abort.abort();
      if (this.abort !== abort) return;
      if (canceled) {
        this.set({ phase: 'canceled' });
      } else {
        this.set({ phase: 'failed', kind, error });
        this.api.reportError(error, OPERATIONS[kind]);
      }
    } finally {
      if (this.abort === abort) this.abort = null;
    }
  }

  /** The file written here from the job's pages, the first asked for at once. */
  private async fromPages(job: ExportJob<T>, writer: CsvWriter<T>, signal: AbortSignal): Promise<Written> {
    const pages = job.pages(signal)[Symbol.asyncIterator]();
    const first = pages.next();
    first.catch(() => undefined);
    const progress = (total: number) => this.set({ phase: 'running', kind: job.kind, done: writer.rows, total });
    await writer.writePages(first, pages, signal, progress);
    return { parts: writer.parts, rows: writer.rows };
  }

  /**
   * The server's file, its bytes checked as they come against the file `writer` would write;
   * null when there is none or it fails (but a cancel is a cancel).
   */
  private async fromServer(
    job: ExportJob<T>,
    file: (signal: AbortSignal) => Promise<CsvFile>,
    writing: Promise<{ writer: CsvWriter<T> }>,
    signal: AbortSignal,
  ): Promise<Written | null> {
    try {
      const answer = file(signal);
      answer.catch(() => undefined);
      const [{ writer }, { CsvFileCheck }] = await Promise.all([writing, import('../../csv/check-file.js')]);
      const { total, chunks } = await answer;
      const check = new CsvFileCheck(writer.header, writer.columns.length, writer.delimiter);
      const parts: Uint8Array<ArrayBuffer>[] = [];
      // A file written in the page (the memory client) comes without a task between chunks.
      const turns = new TurnTaker();
      for await (const chunk of chunks) {
        await turns.maybeYield();
        signal.throwIfAborted();
        check.push(chunk);
        parts.push(chunk);
        this.set({ phase: 'running', kind: job.kind, done: check.rows, total: total === null ? null : Math.max(total, check.rows) });
      }
      check.end();
      return { parts, rows: check.rows };
    } catch (error) {
      if (signal.aborted) throw error;
      return null;
    }
  }

  /** Stops a running export; nothing is saved. */
  cancel(): void {
    if (this.abort === null) return;
    this.abort.abort(new DOMException('The export was canceled.', 'AbortError'));
  }

  /** Takes away what the last export said (saved, canceled, failed); a running export goes on. */
  dismiss(): void {
    if (this.state.phase !== 'idle' && this.state.phase !== 'running') this.set({ phase: 'idle' });
  }

  /** Runs the last export again (after a failure). */
  retry(): Promise<void> {
    return this.lastJob === null ? Promise.resolve() : this.start(this.lastJob);
  }

  /**
   * The progress bar with its label and Cancel while running; afterwards a short note in a
   * live region (saved, canceled) or the failure with Retry.
   */
  render(id: string): TemplateResult | typeof nothing {
    const s = this.state;
    const t = this.i18n.of(exportMessages);
    const own = this.lastJob?.messages;
    // The kind's strings: its own, or the kit's (`orders.progress`, …).
    const say = (kind: ExportKind, key: 'progress' | 'finished.one' | 'finished.other' | 'failed', values?: Record<string, string>) =>
      own ? this.i18n.of(own)(key, values) : t(`${kind as 'orders'}.${key}`, values);
    const tc = this.i18n.common;
    const n = (value: number) => this.i18n.count(value);
    switch (s.phase) {
      case 'running':
        return html`<div class="export" part="export-progress">
          <span id="${id}-label" class="label" role="status">
            ${s.total === null ? t('starting') : say(s.kind, 'progress', { done: n(s.done), total: n(s.total) })}
          </span>
          <progress aria-labelledby="${id}-label" max=${s.total ?? 1} .value=${s.total === null ? 0 : s.done}></progress>
          <button class="btn small" type="button" @click=${() => this.cancel()}>${tc('exportCancel')}</button>
        </div>`;
      case 'finished':
        return html`<p class="export-note muted wrap" role="status">
          ${say(s.kind, pluralKey('finished', s.rows, this.i18n.locale), { rows: n(s.rows), fileName: s.fileName })}
        </p>`;
      case 'canceled':
        return html`<p class="export-note muted" role="status">${t('canceled')}</p>`;
      case 'failed':
        return html`<div class="message error" role="alert" part="export-error">
          <strong>${say(s.kind, 'failed')}</strong>
          <p class="wrap">${this.api.describeError(s.error)}</p>
          <button class="btn small" type="button" @click=${() => void this.retry()}>${tc('retry')}</button>
        </div>`;
      default:
        return nothing;
    }
  }

  private set(state: ExportState): void {
    this.state = state;
    this.host.requestUpdate();
  }
}
