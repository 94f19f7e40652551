/**
 * Bulk jobs in PostgreSQL: `jobs` and each job's rows in `job_rows` (result columns NULL
 * until the row has run), keyed by the reseller first. A transaction takes a job with
 * `FOR UPDATE SKIP LOCKED`: while it runs a batch, the runners of other processes pass the
 * job by instead of waiting, and none of them can take a row it is running.
 */
import type { JobProgress, JobRecord, JobResultRecord, JobRowRecord, NewJobRecord } from '../../../../src/service/store.js';
import { decodeCursor, encodeCursor } from '../shared/cursor.js';
import type { Part } from './deferred-writes.js';
import type { Db } from './sql.js';

interface JobRow extends Omit<JobRecord, 'createdAt' | 'finishedAt'> {
  created_at: string;
  finished_at: string | null;
}

const JOB_COLUMNS = 'id, kind, status, total, done, succeeded, failed, created_at, finished_at';

export async function job(db: Db, resellerId: string, jobId: string): Promise<JobRecord | null> {
  const { rows } = await db.query<JobRow>(`SELECT ${JOB_COLUMNS} FROM jobs WHERE reseller_id = $1 AND id = $2`, [resellerId, jobId]);
  return rows[0] ? jobRecord(rows[0]) : null;
}

export async function jobResults(
  db: Db,
  resellerId: string,
  jobId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ items: JobResultRecord[]; nextCursor: string | null }> {
  const after = page.cursor === undefined ? 0 : (decodeCursor(page.cursor, `job:${jobId}`, ['n'])[0] as number);
  const { rows } = await db.query<{ position: number; target: string; ok: boolean; code: JobResultRecord['code']; detail: string | null; license_id: string | null }>(
    `SELECT position, target, ok, code, detail, license_id FROM job_rows
     WHERE reseller_id = $1 AND job_id = $2 AND position > $3 AND ok IS NOT NULL ORDER BY position LIMIT $4`,
    [resellerId, jobId, after, page.limit + 1],
  );
  const items = rows.slice(0, page.limit).map((r) => ({ row: r.position, target: r.target, ok: r.ok, code: r.code, detail: r.detail, licenseId: r.license_id }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > page.limit && last ? encodeCursor([`job:${jobId}`, last.row]) : null };
}

export async function unfinishedJobs(db: Db, limit: number): Promise<{ resellerId: string; jobId: string }[]> {
  const { rows } = await db.query<{ reseller_id: string; id: string }>(
    "SELECT reseller_id, id FROM jobs WHERE status <> 'done' ORDER BY seq LIMIT $1",
    [limit],
  );
  return rows.map((row) => ({ resellerId: row.reseller_id, jobId: row.id }));
}

export async function createJob(db: Db, resellerId: string, record: NewJobRecord): Promise<void> {
  await db.query(
    `INSERT INTO jobs (reseller_id, id, kind, status, total, done, succeeded, failed, created_at)
     VALUES ($1, $2, $3, 'queued', $4, 0, 0, 0, $5)`,
    [resellerId, record.id, record.kind, record.rows.length, record.createdAt],
  );
  await db.query(
    `INSERT INTO job_rows (reseller_id, job_id, position, target, input)
     SELECT $1, $2, e.position, e.value->>'target', e.value->'input'
     FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS e(value, position)`,
    [resellerId, record.id, JSON.stringify(record.rows.map(({ target, input }) => ({ target, input: input ?? null })))],
  );
}

/** Takes the job (passing it by when another transaction holds it) and its next rows without results, in one statement. */
export async function claimJob(db: Db, resellerId: string, jobId: string, limit: number): Promise<{ job: JobRecord; rows: JobRowRecord[] } | null> {
  const { rows } = await db.query<JobRow & { position: number | null; target: string | null; input: unknown }>(
    `WITH job AS (SELECT ${JOB_COLUMNS} FROM jobs WHERE reseller_id = $1 AND id = $2 AND status <> 'done' FOR UPDATE SKIP LOCKED)
     SELECT job.*, r.position, r.target, r.input FROM job LEFT JOIN LATERAL (
       SELECT position, target, input FROM job_rows WHERE reseller_id = $1 AND job_id = $2 AND ok IS NULL ORDER BY position LIMIT $3) r ON true
     ORDER BY r.position`,
    [resellerId, jobId, limit],
  );
  const first = rows[0];
  if (!first) return null;
  // A job without rows left to run comes as one row whose row columns are NULL (the left join).
  const claimed = rows.filter((r) => r.position !== null).map((r) => ({ row: r.position!, target: r.target!, input: r.input }));
  return { job: jobRecord(first), rows: claimed };
}

/**
 * The writes that record the rows' results and the job's progress, for the transaction's
 * deferred writes (deferred-writes.ts): a row that has a result already fails the write, and
 * so the transaction, which the job's lock rules out.
 */
export function jobResultWrites(resellerId: string, jobId: string, results: JobResultRecord[], progress: JobProgress): Part[] {
  return [
    {
      // The rows are named by their keys (position = ANY), so that they are looked up in the
      // key's index whatever the statistics say of the job's rows; a join alone may instead
      // read every row of the job still to run, once per batch.
      sql: (reseller, job, position, ok, code, detail, license) => `UPDATE job_rows r
        SET ok = v.ok, code = v.code, detail = v.detail, license_id = v.license_id
        FROM unnest(${position}::integer[], ${ok}::boolean[], ${code}::text[], ${detail}::text[], ${license}::text[])
          AS v(position, ok, code, detail, license_id)
        WHERE r.reseller_id = ${reseller} AND r.job_id = ${job} AND r.position = ANY(${position}::integer[])
          AND r.position = v.position AND r.ok IS NULL
        RETURNING 1`,
      values: [
        resellerId, jobId, results.map((r) => r.row), results.map((r) => r.ok), results.map((r) => r.code),
        results.map((r) => r.detail), results.map((r) => r.licenseId),
      ],
      answers: { rows: results.length, otherwise: `Rows of job ${jobId} have results already` },
    },
    {
      sql: (reseller, job, status, done, succeeded, failed, finishedAt) => `UPDATE jobs
        SET status = ${status}, done = ${done}, succeeded = ${succeeded}, failed = ${failed}, finished_at = ${finishedAt}::timestamptz
        WHERE reseller_id = ${reseller} AND id = ${job}`,
      values: [resellerId, jobId, progress.status, progress.done, progress.succeeded, progress.failed, progress.finishedAt],
    },
  ];
}

function jobRecord(row: JobRow): JobRecord {
  const { id, kind, status, total, done, succeeded, failed } = row;
  return { id, kind, status, total, done, succeeded, failed, createdAt: row.created_at, finishedAt: row.finished_at };
}
