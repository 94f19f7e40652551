/**
 * Works through the queued and running jobs in the background: a batch of rows of a job at a
 * time, each batch one transaction that takes the job ({@link StoreTx.claimJob}), runs its
 * next rows (telling the store first what they will read, so that it can read it in one go)
 * and records their results with the job's progress. A row's effect and its result commit
 * together, and only rows without a result are taken, so after a crash or a restart
 * the runner resumes where the last commit left off, and no row runs twice, even with
 * several runners (processes) on one database: a job taken by one is skipped by the others.
 *
 * Concurrency is bounded: at most `concurrency` jobs have a batch in flight, and the jobs are
 * taken in turns by reseller, so that one reseller's many jobs do not starve another's.
 */
import { isoInstant } from './clock.js';
import type { ServiceCore } from './core.js';
import { readAheadForRows, runJobRow } from './job-rows.js';
import type { JobProgress, JobResultRecord } from './store.js';

export interface JobRunnerOptions {
  /** Rows per transaction (25): short transactions that hold the rows they change only briefly. */
  rowsPerBatch?: number;
  /** Jobs worked on at once (2). */
  concurrency?: number;
  /** How often to look for jobs queued elsewhere (another process) while idle; null: only when woken (1000 ms). */
  pollMs?: number | null;
  /** A pause after each round of batches, to let a page show progress (0). */
  pauseMs?: number;
  /** Unexpected errors; default `console.error`. */
  onError?: (error: unknown) => void;
}

interface JobRef {
  resellerId: string;
  jobId: string;
}

/** How many unfinished jobs are looked at per round. */
const JOBS_PER_ROUND = 200;

export class JobRunner {
  readonly #core: ServiceCore;
  readonly #rowsPerBatch: number;
  readonly #concurrency: number;
  readonly #pollMs: number | null;
  readonly #pauseMs: number;
  readonly #onError: (error: unknown) => void;
  /** Jobs whose last batch failed unexpectedly: they run a row at a time until a row is answered. */
  readonly #struggling = new Set<string>();
  #loop: Promise<void> | null = null;
  #stopped = false;
  #woken = false;
  #wake: (() => void) | null = null;
  #turn = 0;

  constructor(core: ServiceCore, options: JobRunnerOptions = {}) {
    this.#core = core;
    this.#rowsPerBatch = options.rowsPerBatch ?? 25;
    this.#concurrency = options.concurrency ?? 2;
    this.#pollMs = options.pollMs === undefined ? 1_000 : options.pollMs;
    this.#pauseMs = options.pauseMs ?? 0;
    this.#onError = options.onError ?? ((error) => console.error(error));
  }

  /** Starts working (again) now: on start, to pick up what an earlier run left, and when a job is queued. */
  wake(): void {
    if (this.#stopped) return;
    this.#woken = true;
    this.#wake?.();
    if (this.#loop) return;
    this.#loop = this.#run().finally(() => {
      this.#loop = null;
      // Woken after the loop found nothing to do and before it ended: start again.
      if (this.#woken) this.wake();
    });
  }

  /** Stops taking batches and waits for those in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    await this.#loop;
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      this.#woken = false;
      let jobs: JobRef[] = [];
      try {
        jobs = this.#inTurns(await this.#core.store.unfinishedJobs(JOBS_PER_ROUND));
      } catch (error) {
        this.#onError(error);
      }
      const ran = await Promise.all(jobs.slice(0, this.#concurrency).map((job) => this.#batch(job)));
      if (ran.includes(true)) await this.#sleep(this.#pauseMs);
      else if (!this.#woken) {
        // Nothing to do here: no job, or only jobs another process is working on.
        if (this.#pollMs === null) return;
        await this.#sleep(this.#pollMs);
      }
    }
  }

  /** The jobs one per reseller in turn (each reseller's oldest first), starting with the next reseller each round. */
  #inTurns(jobs: JobRef[]): JobRef[] {
    const byReseller = new Map<string, JobRef[]>();
    for (const job of jobs) byReseller.set(job.resellerId, [...(byReseller.get(job.resellerId) ?? []), job]);
    const queues = [...byReseller.values()];
    const start = queues.length === 0 ? 0 : this.#turn++ % queues.length;
    const rotated = [...queues.slice(start), ...queues.slice(0, start)];
    const ordered: JobRef[] = [];
    for (let i = 0; ordered.length < jobs.length; i += 1) for (const queue of rotated) if (queue[i]) ordered.push(queue[i]!);
    return ordered;
  }

  /**
   * Runs the job's next batch; a batch that fails unexpectedly is tried again a row at a time.
   * Answers whether it got anywhere (false: the job was taken by another runner, or failed).
   */
  async #batch(ref: JobRef): Promise<boolean> {
    const key = `${ref.resellerId}\n${ref.jobId}`;
    const single = this.#struggling.has(key);
    try {
      const ran = await this.#runBatch(ref, single ? 1 : this.#rowsPerBatch, null);
      this.#struggling.delete(key);
      return ran;
    } catch (error) {
      if (this.#stopped) return false;
      this.#onError(error);
      if (!single) {
        this.#struggling.add(key);
        return true;
      }
      return this.#runBatch(ref, 1, error).catch((again: unknown) => {
        this.#onError(again);
        return false;
      });
    }
  }

  /**
   * One transaction: takes the job and its next rows, runs them, records their results and
   * the job's progress. With `failure`, the row is not run but answered `internal_error`
   * (it failed unexpectedly on its own, so that it cannot hold up the job for ever).
   */
  async #runBatch(ref: JobRef, rows: number, failure: unknown): Promise<boolean> {
    const core = this.#core;
    const caller = await core.caller(ref.resellerId);
    const ran = await core.store.transaction(async (tx) => {
      const claimed = await tx.claimJob(ref.resellerId, ref.jobId, rows);
      if (!claimed) return false;
      const { job } = claimed;
      const now = core.clock.now();
      const results: JobResultRecord[] = [];
      if (failure === null) await readAheadForRows(tx, caller, job.kind, claimed.rows);
      for (const row of claimed.rows) {
        results.push(
          failure === null
            ? await runJobRow(core, tx, caller, job.kind, row, now)
            : { row: row.row, target: row.target, ok: false, code: 'internal_error', detail: 'This row could not be processed.', licenseId: null },
        );
      }
      const succeeded = job.succeeded + results.filter((r) => r.ok).length;
      const failed = job.failed + results.filter((r) => !r.ok).length;
      const done = succeeded + failed;
      const finished = done >= job.total || claimed.rows.length === 0;
      const progress: JobProgress = { status: finished ? 'done' : 'running', done, succeeded, failed, finishedAt: finished ? isoInstant(now) : null };
      await tx.saveJobResults(ref.resellerId, ref.jobId, results, progress);
      return results.length > 0;
    });
    if (ran) core.options.afterChange?.();
    return ran;
  }

  /** Waits `ms`, or less when woken or stopped. */
  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = done;
    });
  }
}
