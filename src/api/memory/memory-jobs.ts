/**
 * The memory store's jobs: each job with its rows and their results, per reseller. The
 * memory store runs one transaction at a time, so taking a job needs no lock; every write
 * hands its undo step to the store's running transaction.
 */
import { decodeJsonCursor, encodeJsonCursor } from '../../internal/json-cursor.js';
import { BadCursorError, type JobProgress, type JobRecord, type JobResultRecord, type JobRowRecord, type NewJobRecord } from '../../service/store.js';

interface StoredJob {
  resellerId: string;
  record: JobRecord;
  rows: { target: string; input: unknown }[];
  /** Results by row number. */
  results: Map<number, JobResultRecord>;
}

export class MemoryJobs {
  readonly #jobs = new Map<string, StoredJob>();
  /** Every job, oldest first. */
  readonly #all: StoredJob[] = [];
  readonly #onUndo: (step: () => void) => void;

  /** `onUndo` takes the step that undoes a write, for the transaction it belongs to. */
  constructor(onUndo: (step: () => void) => void) {
    this.#onUndo = onUndo;
  }

  job(resellerId: string, jobId: string): JobRecord | null {
    const job = this.#stored(resellerId, jobId);
    return job ? { ...job.record } : null;
  }

  results(resellerId: string, jobId: string, page: { limit: number; cursor?: string | undefined }): { items: JobResultRecord[]; nextCursor: string | null } {
    const job = this.#stored(resellerId, jobId);
    if (!job) return { items: [], nextCursor: null };
    let after = 0;
    if (page.cursor !== undefined) {
      const cursor = decodeJsonCursor(page.cursor);
      if (!Array.isArray(cursor) || cursor[0] !== jobId || !Number.isInteger(cursor[1])) throw new BadCursorError('This cursor does not belong to this job');
      after = cursor[1] as number;
    }
    const items: JobResultRecord[] = [];
    let row = after + 1;
    for (; row <= job.rows.length && items.length < page.limit; row += 1) {
      const result = job.results.get(row);
      if (result) items.push({ ...result });
    }
    const more = [...job.results.keys()].some((n) => n >= row);
    const last = items.at(-1);
    return { items, nextCursor: more && last ? encodeJsonCursor([jobId, last.row]) : null };
  }

  unfinished(limit: number): { resellerId: string; jobId: string }[] {
    return this.#all
      .filter((job) => job.record.status !== 'done')
      .slice(0, limit)
      .map((job) => ({ resellerId: job.resellerId, jobId: job.record.id }));
  }

  create(resellerId: string, job: NewJobRecord): void {
    const key = `${resellerId}\n${job.id}`;
    if (this.#jobs.has(key)) throw new Error(`Job ${job.id} exists already`);
    const record: JobRecord = { id: job.id, kind: job.kind, status: 'queued', total: job.rows.length, done: 0, succeeded: 0, failed: 0, createdAt: job.createdAt, finishedAt: null };
    const stored: StoredJob = { resellerId, record, rows: structuredClone(job.rows), results: new Map() };
    this.#jobs.set(key, stored);
    this.#all.push(stored);
    this.#onUndo(() => {
      this.#jobs.delete(key);
      this.#all.splice(this.#all.indexOf(stored), 1);
    });
  }

  claim(resellerId: string, jobId: string, limit: number): { job: JobRecord; rows: JobRowRecord[] } | null {
    const job = this.#stored(resellerId, jobId);
    if (!job || job.record.status === 'done') return null;
    const rows: JobRowRecord[] = [];
    for (let row = 1; row <= job.rows.length && rows.length < limit; row += 1) {
      if (job.results.has(row)) continue;
      const { target, input } = job.rows[row - 1]!;
      rows.push({ row, target, input: structuredClone(input) });
    }
    return { job: { ...job.record }, rows };
  }

  save(resellerId: string, jobId: string, results: JobResultRecord[], progress: JobProgress): void {
    const job = this.#stored(resellerId, jobId);
    if (!job) throw new Error(`No job ${jobId} of ${resellerId}`);
    const before = { ...job.record };
    for (const result of results) job.results.set(result.row, { ...result });
    Object.assign(job.record, progress);
    this.#onUndo(() => {
      for (const result of results) job.results.delete(result.row);
      Object.assign(job.record, before);
    });
  }

  #stored(resellerId: string, jobId: string): StoredJob | undefined {
    const job = this.#jobs.get(`${resellerId}\n${jobId}`);
    return job?.resellerId === resellerId ? job : undefined;
  }
}
