import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { sleep } from '../../internal/abortable.js';
import { isAbortError } from '../../api/contract/errors.js';
import { downloadCsv, loadPapaparse, toCsv, type CsvColumn } from '../../csv/csv.js';
import { emit, type LicenseDeskEventDetails } from '../../events/index.js';
import { formatCount } from '../../format/index.js';
import type { common } from '../../locales/common.js';
import type { Translate } from '../../locales/index.js';

/** One page of a cursor-paged list, as every list endpoint of the contract answers. */
export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
}

/** What one export needs: how to fetch a page, the columns and the file. */
export interface ExportJob<T> {
  kind: LicenseDeskEventDetails['export-finished']['kind'];
  fileName: string;
  /** The columns, loaded lazily like papaparse: only a file needs them. */
  columns: () => Promise<readonly CsvColumn<T>[]>;
  fetchPage: (cursor: string | null, signal: AbortSignal) => Promise<CursorPage<T>>;
}

export type ExportState =
  | { phase: 'idle' }
  | { phase: 'running'; done: number; total: number | null }
  | { phase: 'finished'; rows: number; fileName: string }
  | { phase: 'canceled' }
  | { phase: 'failed'; error: unknown };

/** The words the progress block shows, in the host's language. */
export interface ExportMessages {
  progress: (done: number, total: number | null) => string;
  cancel: string;
  finished: (rows: number, fileName: string) => string;
  canceled: string;
  failed: string;
  retry: string;
  describe: (error: unknown) => string;
}

/** The keys an element's catalog holds for its exports. */
type ExportKey = 'exportStarting' | 'exportProgress' | 'exportFinished' | 'exportCanceled' | 'exportFailed';

/** The messages from an element's catalog (`{done}`, `{total}`, `{rows}`, `{fileName}`). */
export function exportMessages(
  t: Translate<ExportKey>,
  tc: Translate<keyof typeof common.en & string>,
  locale: string,
  describe: (error: unknown) => string,
): ExportMessages {
  const n = (value: number) => formatCount(value, locale);
  return {
    progress: (done, total) => (total === null ? t('exportStarting') : t('exportProgress', { done: n(done), total: n(total) })),
    cancel: tc('exportCancel'),
    finished: (rows, fileName) => t('exportFinished', { rows: n(rows), fileName }),
    canceled: t('exportCanceled'),
    failed: t('exportFailed'),
    retry: tc('retry'),
    describe,
  };
}

/**
 * Saves every row of a cursor-paged list as a CSV file: walks all the cursors, reports
 * progress to its host, can be canceled, and fires `export-finished` on the host. The
 * file is handed to `options.save` (a browser download by default).
 */
export class ExportController<T> implements ReactiveController {
  state: ExportState = { phase: 'idle' };

  private abort: AbortController | null = null;
  private lastJob: ExportJob<T> | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: {
      /** Told about a failure (not about a cancel), e.g. to fire `licenses-error`. */
      onError?: (error: unknown) => void;
      /** Where the file goes; a browser download by default. */
      save?: (fileName: string, text: string) => void;
    } = {},
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
    const rows: T[] = [];
    this.set({ phase: 'running', done: 0, total: null });
    // What writes the file loads while the pages come.
    const columns = job.columns();
    columns.catch(() => undefined);
    loadPapaparse().catch(() => undefined);
    try {
      let cursor: string | null = null;
      do {
        const page: CursorPage<T> = await job.fetchPage(cursor, abort.signal);
        rows.push(...page.items);
        cursor = page.nextCursor;
        this.set({ phase: 'running', done: rows.length, total: Math.max(page.total, rows.length) });
        // A turn for the browser between pages, so a long export never freezes the page.
        await sleep(0);
        abort.signal.throwIfAborted();
      } while (cursor !== null);
      const text = await toCsv(await columns, rows);
      abort.signal.throwIfAborted();
      (this.options.save ?? downloadCsv)(job.fileName, text);
      this.set({ phase: 'finished', rows: rows.length, fileName: job.fileName });
      emit(this.host, 'export-finished', { kind: job.kind, fileName: job.fileName, rows: rows.length });
    } catch (error) {
      if (this.abort !== abort) return;
      if (isAbortError(error) || abort.signal.aborted) {
        this.set({ phase: 'canceled' });
      } else {
        this.set({ phase: 'failed', error });
        this.options.onError?.(error);
      }
    } finally {
      if (this.abort === abort) this.abort = null;
    }
  }

  /** Stops a running export; nothing is saved. */
  cancel(): void {
    if (this.abort === null) return;
    this.abort.abort(new DOMException('The export was canceled.', 'AbortError'));
  }

  /** Runs the last export again (after a failure). */
  retry(): Promise<void> {
    return this.lastJob === null ? Promise.resolve() : this.start(this.lastJob);
  }

  /**
   * The progress bar with its label and Cancel while running; afterwards a short note in a
   * live region (saved, canceled) or the failure with Retry.
   */
  render(m: ExportMessages, id: string): TemplateResult | typeof nothing {
    const s = this.state;
    switch (s.phase) {
      case 'running':
        return html`<div class="export" part="export-progress">
          <span id="${id}-label" class="label" role="status">${m.progress(s.done, s.total)}</span>
          <progress aria-labelledby="${id}-label" max=${s.total ?? 1} .value=${s.total === null ? 0 : s.done}></progress>
          <button class="btn small" type="button" @click=${() => this.cancel()}>${m.cancel}</button>
        </div>`;
      case 'finished':
        return html`<p class="export-note muted wrap" role="status">${m.finished(s.rows, s.fileName)}</p>`;
      case 'canceled':
        return html`<p class="export-note muted" role="status">${m.canceled}</p>`;
      case 'failed':
        return html`<div class="message error" role="alert" part="export-error">
          <strong>${m.failed}</strong>
          <p class="wrap">${m.describe(s.error)}</p>
          <button class="btn small" type="button" @click=${() => void this.retry()}>${m.retry}</button>
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
