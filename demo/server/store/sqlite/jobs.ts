/**
 * Bulk jobs in SQLite: the `jobs` table and each job's rows in `job_rows`, whose result
 * columns stay NULL until the row has run. One connection runs one transaction at a time,
 * so taking a job needs no lock beyond the transaction's own.
 */
import type { JobProgress, JobRecord, JobResultRecord, JobRowRecord, NewJobRecord } from '../../../../src/service/store.js';
import { decodeCursor, encodeCursor } from '../shared/cursor.js';
import { cachedStatement, type Db } from './database.js';
import { isoInstant } from '../../../../src/service/clock.js';
import { storedInstant } from './rows.js';

interface JobRow extends Omit<JobRecord, 'createdAt' | 'finishedAt'> {
  seq: number;
  created_at: number;
  finished_at: number | null;
}

interface ResultRow {
  row: number;
  target: string;
  ok: number;
  code: JobResultRecord['code'];
  detail: string | null;
  license_id: string | null;
}

const JOB_COLUMNS = 'seq, id, kind, status, total, done, succeeded, failed, created_at, finished_at';

export class SqliteJobs {
  constructor(
    private readonly db: Db,
    private readonly resellerSeq: (resellerId: string) => number | null,
  ) {}

  job(resellerId: string, jobId: string): JobRecord | null {
    const row = this.#row(resellerId, jobId);
    return row ? jobRecord(row) : null;
  }

  results(resellerId: string, jobId: string, page: { limit: number; cursor?: string | undefined }): { items: JobResultRecord[]; nextCursor: string | null } {
    const job = this.#row(resellerId, jobId);
    if (!job) return { items: [], nextCursor: null };
    const after = page.cursor === undefined ? 0 : (decodeCursor(page.cursor, `job:${jobId}`, ['n'])[0] as number);
    const rows = cachedStatement<[number, number, number], ResultRow>(
      this.db,
      `SELECT row, target, ok, code, detail, license_id FROM job_rows
       WHERE job_seq = ? AND row > ? AND ok IS NOT NULL ORDER BY row LIMIT ?`,
    ).all(job.seq, after, page.limit + 1);
    const items = rows.slice(0, page.limit).map(resultRecord);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > page.limit && last ? encodeCursor([`job:${jobId}`, last.row]) : null };
  }

  unfinished(limit: number): { resellerId: string; jobId: string }[] {
    return cachedStatement<[number], { resellerId: string; jobId: string }>(
      this.db,
      `SELECT r.id AS resellerId, j.id AS jobId FROM jobs j JOIN resellers r ON r.seq = j.reseller_seq
       WHERE j.status <> 'done' ORDER BY j.seq LIMIT ?`,
    ).all(limit);
  }

  create(resellerId: string, job: NewJobRecord): void {
    const reseller = this.resellerSeq(resellerId);
    if (reseller === null) throw new Error(`No reseller ${resellerId}`);
    const { lastInsertRowid } = cachedStatement(
      this.db,
      `INSERT INTO jobs (id, reseller_seq, kind, status, total, done, succeeded, failed, created_at)
       VALUES (?, ?, ?, 'queued', ?, 0, 0, 0, ?)`,
    ).run(job.id, reseller, job.kind, job.rows.length, storedInstant(job.createdAt));
    const insert = cachedStatement(this.db, 'INSERT INTO job_rows (reseller_seq, job_seq, row, target, input) VALUES (?, ?, ?, ?, ?)');
    job.rows.forEach(({ target, input }, i) => insert.run(reseller, lastInsertRowid, i + 1, target, JSON.stringify(input) ?? 'null'));
  }

  claim(resellerId: string, jobId: string, limit: number): { job: JobRecord; rows: JobRowRecord[] } | null {
    const job = this.#row(resellerId, jobId);
    if (!job || job.status === 'done') return null;
    const rows = cachedStatement<[number, number], { row: number; target: string; input: string }>(
      this.db,
      'SELECT row, target, input FROM job_rows WHERE job_seq = ? AND ok IS NULL ORDER BY row LIMIT ?',
    ).all(job.seq, limit);
    return { job: jobRecord(job), rows: rows.map(({ row, target, input }) => ({ row, target, input: JSON.parse(input) as unknown })) };
  }

  save(resellerId: string, jobId: string, results: JobResultRecord[], progress: JobProgress): void {
    const job = this.#row(resellerId, jobId);
    if (!job) throw new Error(`No job ${jobId} of reseller ${resellerId}`);
    const record = cachedStatement(
      this.db,
      'UPDATE job_rows SET ok = ?, code = ?, detail = ?, license_id = ? WHERE job_seq = ? AND row = ? AND ok IS NULL',
    );
    for (const r of results) {
      if (record.run(r.ok ? 1 : 0, r.code, r.detail, r.licenseId, job.seq, r.row).changes !== 1) throw new Error(`Row ${r.row} of job ${jobId} has a result already`);
    }
    cachedStatement(this.db, 'UPDATE jobs SET status = ?, done = ?, succeeded = ?, failed = ?, finished_at = ? WHERE seq = ?').run(
      progress.status, progress.done, progress.succeeded, progress.failed,
      progress.finishedAt === null ? null : storedInstant(progress.finishedAt), job.seq,
    );
  }

  #row(resellerId: string, jobId: string): JobRow | undefined {
    const reseller = this.resellerSeq(resellerId);
    if (reseller === null) return undefined;
    return cachedStatement<[number, string], JobRow>(this.db, `SELECT ${JOB_COLUMNS} FROM jobs WHERE reseller_seq = ? AND id = ?`).get(reseller, jobId);
  }
}

function jobRecord(row: JobRow): JobRecord {
  const { id, kind, status, total, done, succeeded, failed } = row;
  return { id, kind, status, total, done, succeeded, failed, createdAt: isoInstant(row.created_at), finishedAt: row.finished_at === null ? null : isoInstant(row.finished_at) };
}

function resultRecord(row: ResultRow): JobResultRecord {
  return { row: row.row, target: row.target, ok: row.ok === 1, code: row.code, detail: row.detail, licenseId: row.license_id };
}
