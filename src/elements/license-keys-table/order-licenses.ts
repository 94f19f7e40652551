import { initialState, Task, TaskStatus } from '@lit/task';
import type { ReactiveControllerHost } from 'lit';
import type { LicensesApi } from '../../api/client.js';
import type { License } from '../../api/contract/schemas.js';
import { LIMITS } from '../../api/contract/values.js';
import { sleep } from '../../internal/abortable.js';
import { cursorPages, type ExportPage } from '../shared/export-controller.js';
import type { LicensesController } from '../shared/licenses-controller.js';
import type { LicenseRows } from './license-view.js';

/** Which order to load, whether licenses are given instead, and what to do when loading starts over. */
export interface OrderLicensesSource {
  orderId: string | null;
  supplied: boolean;
  restarted: () => void;
}

/**
 * Every license of an order, loaded page by page into `rows`, the first page shown at once;
 * after a failure, Retry goes on where loading stopped. The export takes them from here.
 */
export class OrderLicenses {
  /** How many licenses the order has, as far as known. */
  total = 0;
  /** Where loading stopped after a failure, so Retry goes on from there. */
  private resume: { client: LicensesApi; orderId: string; cursor: string } | null = null;
  /** Exports waiting for the next page. */
  private waiting: ((value?: unknown) => void)[] = [];

  // The first rows show while later pages still load, so the host renders the states from
  // the loaded rows and the task's status rather than with `task.render()`.
  // Only whether licenses are supplied matters to it: new rows for `.licenses` must not run
  // the task again, which would cost the table a second render before its first frame.
  readonly task: Task<readonly [LicensesApi | null, string | null, boolean], number>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly api: LicensesController,
    private readonly rows: LicenseRows,
    private readonly source: () => OrderLicensesSource,
  ) {
    this.task = new Task(host, {
      task: ([client, orderId, supplied], { signal }) =>
        supplied || client === null || orderId === null ? Promise.resolve(initialState) : this.load(client, orderId, signal),
      args: () => [this.api.client, this.source().orderId, this.source().supplied] as const,
    });
  }

  get status(): TaskStatus {
    return this.task.status;
  }

  get error(): unknown {
    return this.task.error;
  }

  /** Loads again, from where loading stopped. */
  run(): void {
    void this.task.run();
  }

  /**
   * Every license of the order, a slice at a time: those loaded already, then each page as it
   * loads (loading resumed when it had failed); `.licenses` as they are. Another order
   * loading instead ends the export as canceled.
   */
  async *pages(signal: AbortSignal): AsyncGenerator<ExportPage<License>> {
    if (!this.source().supplied && this.task.status === TaskStatus.ERROR) void this.task.run();
    const { orderId } = this.source();
    for (let from = 0; ; ) {
      const more =
        !this.source().supplied &&
        this.task.status === TaskStatus.PENDING &&
        Promise.race([new Promise((resolve) => this.waiting.push(resolve)), this.task.taskComplete]);
      if (more) more.catch(() => undefined);
      if (from < this.rows.loaded) {
        // Another order is loading: the export is canceled.
        if (this.source().orderId !== orderId) throw new DOMException('', 'AbortError');
        const items = this.rows.source.slice(from);
        from += items.length;
        yield { items, total: this.total };
      }
      if (!more) return;
      await more;
      signal.throwIfAborted();
    }
  }

  private async load(client: LicensesApi, orderId: string, signal: AbortSignal): Promise<number> {
    let cursor: string | undefined;
    if (this.resume !== null && this.resume.client === client && this.resume.orderId === orderId) {
      cursor = this.resume.cursor;
    } else {
      this.resume = null;
      this.rows.reset([]);
      this.total = 0;
      this.source().restarted();
    }
    const limit = LIMITS.licensesPage;
    const pages = cursorPages(
      (after) => client.listLicenses(orderId, after === null ? { limit } : { limit, cursor: after }, { signal }),
      cursor ?? null,
    );
    let yielded = 0;
    try {
      for await (const page of pages) {
        cursor = page.nextCursor ?? undefined;
        this.rows.append(page.items);
        this.total = Math.max(page.total, this.rows.loaded);
        this.resume = cursor === undefined ? null : { client, orderId, cursor };
        for (const resolve of this.waiting.splice(0)) resolve();
        this.host.requestUpdate();
        // A fast client answers within microtasks: give the browser a turn to paint the first
        // page, and then one a frame, so the rows show and scroll while the rest loads.
        if (cursor !== undefined && performance.now() - yielded > 16) {
          await sleep(0);
          yielded = performance.now();
          signal.throwIfAborted();
        }
      }
    } catch (error) {
      this.api.reportError(error, 'listLicenses');
      throw error;
    }
    return this.rows.loaded;
  }
}

