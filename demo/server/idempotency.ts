/**
 * Idempotent changes (CONTRACT: Idempotency). Per reseller and key, the request's
 * fingerprint and its answer are kept for 24 hours. Looking the key up, making the change
 * and storing the answer happen in one transaction, so a retried request can never apply
 * twice, and concurrent requests with one key see either nothing or the finished answer.
 */
import { createHash } from 'node:crypto';
import type { Db } from './store/sqlite/database.js';
import { ProblemError } from './problems.js';

const KEEP_MS = 24 * 60 * 60 * 1000;

/** What a change answers. */
export interface Answer {
  status: number;
  body: unknown;
}

export interface IdempotentRequest {
  resellerSeq: number;
  /** The Idempotency-Key header, already validated; undefined when none was sent. */
  key: string | undefined;
  method: string;
  path: string;
  /** The parsed JSON body, or undefined when there was none. */
  body: unknown;
  now: number;
}

/**
 * Runs `change` once per key: a repeated request gets the stored answer with `replayed`
 * true, another request with the same key is a 422. Successes and the refusals that follow
 * from the data (404, 409) are stored; a 429 is not, so that a retry after the wait runs.
 */
export function runIdempotent(db: Db, request: IdempotentRequest, change: () => Answer): Answer & { replayed: boolean } {
  const fingerprint = fingerprintOf(request);
  const run = db.transaction((): Answer & { replayed: boolean } => {
    const { key, resellerSeq, now } = request;
    if (key !== undefined) {
      db.prepare('DELETE FROM idempotency_keys WHERE created_at <= ?').run(now - KEEP_MS);
      const stored = db
        .prepare<[number, string], { fingerprint: string; status: number; body: string }>(
          'SELECT fingerprint, status, body FROM idempotency_keys WHERE reseller_seq = ? AND key = ?',
        )
        .get(resellerSeq, key);
      if (stored) {
        if (stored.fingerprint !== fingerprint) {
          throw new ProblemError('idempotency_key_reused', 'This Idempotency-Key was used for another request; send a new key');
        }
        return { status: stored.status, body: JSON.parse(stored.body), replayed: true };
      }
    }
    const answer = attempt(db, change);
    if (key !== undefined && isStored(answer.status)) {
      db.prepare('INSERT INTO idempotency_keys (reseller_seq, key, fingerprint, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
        resellerSeq, key, fingerprint, answer.status, JSON.stringify(answer.body), now,
      );
    }
    return { ...answer, replayed: false };
  });
  return run.immediate();
}

/** Runs the change in a savepoint; a refusal undoes whatever it began and becomes its answer. */
function attempt(db: Db, change: () => Answer): Answer {
  try {
    return db.transaction(change)();
  } catch (error) {
    if (error instanceof ProblemError && isStored(error.status)) return { status: error.status, body: error.toJSON() };
    throw error;
  }
}

function isStored(status: number): boolean {
  return (status >= 200 && status < 300) || status === 404 || status === 409;
}

function fingerprintOf(request: IdempotentRequest): string {
  const text = `${request.method} ${request.path}\n${request.body === undefined ? '' : canonicalJson(request.body)}`;
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with object keys sorted, so that equal bodies give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
