/**
 * Bulk work as server jobs: queueing a job of up to 10,000 rows, its progress, and its
 * results page by page. The rows are worked through in the background by the
 * {@link JobRunner}; what one row does is in job-rows.ts.
 */
import * as z from 'zod/mini';
import * as s from '../api/contract/schemas.js';
import { isoInstant } from './clock.js';
import { type ChangeOptions, type ServiceCore, withCursor } from './core.js';
import { input, problem, queryInput } from './problems.js';
import type { Caller, JobRecord, NewJobRecord, StoreReads } from './store.js';

/**
 * An activation job as the service takes it: the rows are checked one by one when they run,
 * so that a row whose customer breaks the schema fails alone (`validation_failed`) instead
 * of refusing the whole upload. Everything else of the request is checked at once.
 */
const ActivationJob = z.strictObject({
  kind: z.literal('activation'),
  rows: z.array(z.unknown()).check(z.minLength(1), z.maxLength(s.LIMITS.jobRows)),
});

type JobInput = z.infer<typeof ActivationJob> | Exclude<s.JobRequest, { kind: 'activation' }>;

/** Queues a job; the runner starts on it at once. Answers the job, `queued`. */
export async function createJob(core: ServiceCore, caller: Caller, body: s.JobRequest, options: ChangeOptions = {}): Promise<s.Job> {
  const request = jobInput(body);
  const job = await core.change(caller, options, ['createJob', request], async (tx, now) => {
    const record: NewJobRecord = { id: core.newId('job'), kind: request.kind, createdAt: isoInstant(now), rows: jobRows(request) };
    await tx.createJob(caller.id, record);
    const created = await tx.job(caller.id, record.id);
    if (!created) throw new Error(`Job ${record.id} was not stored`);
    return jobView(created);
  });
  core.options.onJobQueued?.();
  return job;
}

/** A job's progress. */
export async function getJob(core: ServiceCore, caller: Caller, jobId: string): Promise<s.Job> {
  return jobView(await job(core.store, caller, jobId));
}

/** A page of a job's results so far, one per row in row order. */
export async function getJobResults(core: ServiceCore, caller: Caller, jobId: string, query: s.JobResultsQuery = {}): Promise<s.JobResultPage> {
  await job(core.store, caller, jobId);
  const q = queryInput(s.JobResultsQuery, query);
  const page = await withCursor(() => core.store.jobResults(caller.id, jobId, { limit: q.limit ?? s.LIMITS.jobResultsPageDefault, cursor: q.cursor }));
  return { items: page.items.map((result) => ({ ...result })), nextCursor: page.nextCursor };
}

async function job(reads: StoreReads, caller: Caller, jobId: string): Promise<JobRecord> {
  const found = await reads.job(caller.id, jobId);
  if (!found) throw problem('not_found', 'There is no such job.');
  return found;
}

function jobInput(body: unknown): JobInput {
  const kind = typeof body === 'object' && body !== null ? (body as { kind?: unknown }).kind : undefined;
  return kind === 'activation' ? input(ActivationJob, body) : input(s.JobRequest, body);
}

/** The rows of a job, each with what it names: an activation code, a license id, an order id. */
function jobRows(request: JobInput): NewJobRecord['rows'] {
  switch (request.kind) {
    case 'activation':
      return request.rows.map((row) => ({ target: activationTarget(row), input: row }));
    case 'billing_change': {
      const { recurrent, effectiveOn } = request;
      return request.licenseIds.map((licenseId) => ({ target: licenseId, input: { licenseId, recurrent, ...(effectiveOn === undefined ? {} : { effectiveOn }) } }));
    }
    case 'confirmation_email':
      return request.orderIds.map((orderId) => ({ target: orderId, input: { orderId } }));
  }
}

/** The activation code a row names, as far as it names one. */
function activationTarget(row: unknown): string {
  const code = typeof row === 'object' && row !== null ? (row as { activationCode?: unknown }).activationCode : undefined;
  return typeof code === 'string' ? code.slice(0, s.LIMITS.search) : '';
}

function jobView(record: JobRecord): s.Job {
  const { id, kind, status, total, done, succeeded, failed, createdAt, finishedAt } = record;
  return { id, kind, status, total, done, succeeded, failed, createdAt, finishedAt };
}
