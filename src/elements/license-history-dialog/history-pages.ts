import type { ReactiveControllerHost } from 'lit';
import type { HistoryEntry } from '../../api/contract/schemas.js';
import type { LicensesController } from '../shared/licenses-controller.js';

/**
 * A license's history as far as it has been loaded, oldest first, a page at a time: the
 * next page on `more()`, after a failure from where it stopped. Answers for a license the
 * dialog no longer shows are dropped.
 */
export class HistoryPages {
  entries: readonly HistoryEntry[] = [];
  loading = false;
  error: unknown = null;
  /** Every entry is loaded. */
  done = false;

  private licenseId: string | null = null;
  private cursor: string | null = null;
  private abort: AbortController | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly api: LicensesController,
    private readonly limit: () => number,
  ) {}

  /** Starts over with the history of `licenseId`, loading its first page. */
  start(licenseId: string): void {
    this.stop();
    this.licenseId = licenseId;
    this.entries = [];
    this.cursor = null;
    this.done = false;
    this.error = null;
    this.more();
  }

  stop(): void {
    this.abort?.abort();
    this.abort = null;
    this.loading = false;
  }

  /** Loads the next page. */
  more(): void {
    const client = this.api.client;
    const licenseId = this.licenseId;
    if (this.loading || this.done || licenseId === null) return;
    if (client === null) {
      // No provider yet: the first page loads once one answers.
      void this.host.updateComplete.then(() => setTimeout(() => this.api.client && this.more(), 60));
      return;
    }
    const abort = new AbortController();
    this.abort = abort;
    this.loading = true;
    this.error = null;
    this.host.requestUpdate();
    const query = { limit: this.limit(), ...(this.cursor === null ? {} : { cursor: this.cursor }) };
    client.getLicenseHistory(licenseId, query, { signal: abort.signal }).then(
      (page) => {
        if (abort.signal.aborted) return;
        this.entries = this.entries.concat(page.items);
        this.cursor = page.nextCursor;
        this.done = page.nextCursor === null;
        this.finish(abort);
      },
      (error: unknown) => {
        if (abort.signal.aborted) return;
        this.error = error;
        this.api.reportError(error, 'getLicenseHistory');
        this.finish(abort);
      },
    );
  }

  private finish(abort: AbortController): void {
    if (this.abort === abort) this.abort = null;
    this.loading = false;
    this.host.requestUpdate();
  }
}
