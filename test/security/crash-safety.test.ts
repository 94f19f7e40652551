/**
 * Crash safety: 200 concurrent activations, the server killed with SIGKILL while they run,
 * then restarted on the same file. What was answered 200 is there with its one email; what
 * was not is there whole or not at all; retries with the same keys finish the job once.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { licensesEmailedTwice, openReadOnly, ordersWithWrongCounts, type ReadOnlyDb } from './support/backend.js';
import { startChild } from './support/child.js';
import { type Answer, send } from './support/http.js';

const ACTIVATIONS = 200;
const KILL_AFTER = 50;
const TOKENS = ['crash-token-of-reseller-a-0123456789', 'crash-token-of-reseller-b-0123456789'] as const;

interface Attempt {
  licenseId: string;
  key: string;
  email: string;
  answer?: Answer;
}

describe('crash safety', () => {
  const dir = mkdtempSync(join(tmpdir(), 'license-desk-crash-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('activations answered before a SIGKILL survive a restart with one email each, and none is made twice', async (t) => {
    const env = { DATABASE_PATH: join(dir, 'crash.sqlite'), DEMO_TOKENS: TOKENS.join(','), SEED: '7' };
    const first = await startChild(env);
    const attempts: Attempt[] = availableLicenses(env.DATABASE_PATH).map((licenseId, i) => ({ licenseId, key: `crash-${i}`, email: `crash-${i}@victim.example` }));
    assert.equal(attempts.length, ACTIVATIONS);

    let answered = 0;
    await Promise.all(
      attempts.map(async (attempt) => {
        try {
          attempt.answer = await activate(first.url, attempt);
          if ((answered += 1) === KILL_AFTER) void first.kill();
        } catch {
          // The server died under this request.
        }
      }),
    );
    await first.kill();
    const ok = attempts.filter((a) => a.answer?.status === 200);
    assert.ok(ok.length >= KILL_AFTER && ok.length < ACTIVATIONS, `${ok.length} answered: the kill must come in the middle`);
    assert.deepEqual(attempts.filter((a) => a.answer && a.answer.status !== 200).map((a) => a.answer?.text), []);

    const second = await startChild(env);
    try {
      const db = openReadOnly(env.DATABASE_PATH);
      const made = attempts.map((a) => stored(db, a));
      for (const [i, attempt] of attempts.entries()) {
        const state = made[i];
        if (attempt.answer) assert.equal(state, 'whole', `${attempt.licenseId} was answered 200 but is ${state} after the restart`);
        else assert.ok(state === 'whole' || state === 'absent', `${attempt.licenseId} is ${state}: half an activation`);
      }
      assert.deepEqual(licensesEmailedTwice(db), []);
      assert.deepEqual(ordersWithWrongCounts(db), []);
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');

      // Retrying every activation with its key replays what was made and makes the rest, once.
      for (const [i, attempt] of attempts.entries()) {
        const retry = await activate(second.url, attempt);
        assert.equal(retry.status, 200, retry.text);
        assert.equal(retry.headers['idempotent-replayed'] === 'true', made[i] === 'whole', `replay of ${attempt.key}`);
        if (attempt.answer) assert.deepEqual(JSON.parse(retry.text), JSON.parse(attempt.answer.text));
      }
      assert.deepEqual(attempts.map((a) => stored(db, a)), attempts.map(() => 'whole'));
      assert.deepEqual(licensesEmailedTwice(db), []);
      assert.deepEqual(ordersWithWrongCounts(db), []);
      db.close();
      const unanswered = made.filter((state, i) => state === 'whole' && !attempts[i]?.answer).length;
      t.diagnostic(`${ACTIVATIONS} concurrent activations: ${ok.length} answered before SIGKILL, ${unanswered} made without an answer, ${made.filter((s) => s === 'absent').length} not made; all ${ACTIVATIONS} made once after the retries`);
    } finally {
      await second.stop();
    }
  });
});

/** Available licenses of reseller A, spread over many orders. */
function availableLicenses(path: string): string[] {
  const db = openReadOnly(path);
  try {
    return db
      .prepare<[number], { id: string }>(
        `SELECT l.id FROM licenses l JOIN orders o ON o.seq = l.order_seq JOIN resellers r ON r.seq = l.reseller_seq
         WHERE r.token_label = 'A' AND o.state = 'processed' AND l.activated_at IS NULL AND l.expired_at IS NULL
         ORDER BY l.seq % 53, l.seq LIMIT ?`,
      )
      .all(ACTIVATIONS)
      .map((l) => l.id);
  } finally {
    db.close();
  }
}

function activate(url: string, attempt: Attempt): Promise<Answer> {
  const customer = { kind: 'new', email: attempt.email, organization: `Victim ${attempt.key}`, firstName: 'Crash', lastName: 'Test', country: 'FR' };
  return send(url, {
    method: 'POST',
    path: `/api/v1/licenses/${attempt.licenseId}/activation`,
    headers: { Authorization: `Bearer ${TOKENS[0]}`, 'Content-Type': 'application/json', 'Idempotency-Key': attempt.key },
    body: JSON.stringify({ customer }),
  });
}

/** Whether the activation is in the database whole (license, customer, one email), absent, or in part. */
function stored(db: ReadOnlyDb, attempt: Attempt): 'whole' | 'absent' | string {
  const row = db
    .prepare<[string, string], { email: string | null; emails: number; customers: number; history: number }>(
      `SELECT c.email,
         (SELECT count(*) FROM outbox m WHERE m.license_seq = l.seq AND m.kind = 'activation') AS emails,
         (SELECT count(*) FROM customers WHERE email = ?) AS customers,
         (SELECT count(*) FROM history h WHERE h.license_seq = l.seq) AS history
       FROM licenses l LEFT JOIN customers c ON c.seq = l.customer_seq WHERE l.id = ?`,
    )
    .get(attempt.email, attempt.licenseId);
  // A whole activation holds its own history row and the row of its email.
  if (row?.email === attempt.email && row.emails === 1 && row.customers === 1 && row.history === 2) return 'whole';
  if (row?.email === null && row.emails === 0 && row.customers === 0 && row.history === 0) return 'absent';
  return `in part (${JSON.stringify(row)})`;
}
