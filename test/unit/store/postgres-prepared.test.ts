/**
 * The PostgreSQL store's statements are prepared by a name made from their text: the same
 * text gets the same name on the pool and in a transaction, another text another name, and
 * past a bound of distinct texts a statement runs unprepared rather than adding to what every
 * connection holds.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type pg from 'pg';
import { NAMED_STATEMENTS, preparedStatements } from '../../../demo/server/store/postgres/sql.js';

interface Sent {
  name?: string;
  text: string;
  values?: unknown[];
}

/** A pool or client that records what it is asked to run. */
function recording(): { on: pg.Pool; sent: Sent[] } {
  const sent: Sent[] = [];
  const on = { query: async (config: Sent) => (sent.push(config), { rows: [], rowCount: 0 }) } as unknown as pg.Pool;
  return { on, sent };
}

test('statements are named by their text, the same on every connection, up to a bound of distinct texts', async () => {
  const pool = recording();
  const transaction = recording();
  await preparedStatements(pool.on).query('SELECT $1::int AS n', [1]);
  await preparedStatements(pool.on).query('SELECT $1::int AS n', [2]);
  await preparedStatements(transaction.on).query('SELECT $1::int AS n', [3]);
  await preparedStatements(pool.on).query('SELECT 2 AS n');
  const [first, again, other] = pool.sent as [Sent, Sent, Sent];
  const inTransaction = transaction.sent[0]!;
  assert.match(first.name ?? '', /^s_[0-9a-f]{24}$/);
  assert.equal(again.name, first.name);
  assert.equal(inTransaction.name, first.name);
  assert.deepEqual([first.values, again.values, inTransaction.values], [[1], [2], [3]]);
  assert.notEqual(other.name, first.name);
  assert.equal(other.values, undefined);

  // Two texts are named so far; fill the names up to the bound, then one more.
  const db = preparedStatements(pool.on);
  for (let i = 2; i <= NAMED_STATEMENTS; i += 1) await db.query(`SELECT ${i} AS filler`);
  const named = pool.sent.slice(3);
  assert.equal(named.length, NAMED_STATEMENTS - 1);
  assert.equal(named.filter((sent) => sent.name !== undefined).length, NAMED_STATEMENTS - 2);
  assert.deepEqual(named.at(-1), { text: `SELECT ${NAMED_STATEMENTS} AS filler` });
  // A text named before the bound keeps its name.
  await db.query('SELECT $1::int AS n', [4]);
  assert.equal(pool.sent.at(-1)!.name, first.name);
});
