/**
 * The PostgreSQL store's statements are prepared by a name made from their text and their
 * connection: the same text gets the same name on a connection, whether the pool or a
 * transaction runs it, another text or another connection another name; a connection a
 * statement failed on is closed, as the pool's own query does, and its failure's stack leads
 * back to the statement's callers; and past a bound of distinct texts a statement runs
 * unprepared rather than adding to what every connection holds.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { NAMED_STATEMENTS, preparedStatements } from '../../../demo/server/store/postgres/sql.js';

interface Sent {
  name?: string;
  text: string;
  values?: unknown[];
}

/** A connection that records what it is asked to run, and how it was given back; a text holding FAIL fails. */
function connection(): { client: pg.PoolClient; sent: Sent[]; released: (Error | boolean | undefined)[] } {
  const sent: Sent[] = [];
  const released: (Error | boolean | undefined)[] = [];
  const client = {
    // As pg answers a statement given a callback: later, from the socket's read.
    query: (config: Sent, callback: (error: Error | null, result?: unknown) => void) => {
      sent.push(config);
      setImmediate(() => (config.text.includes('FAIL') ? callback(new Error('refused')) : callback(null, { rows: [], rowCount: 0 })));
    },
    release: (error?: Error | boolean) => released.push(error),
  } as unknown as pg.PoolClient;
  return { client, sent, released };
}

/** A pool that hands out `client` (never connecting anywhere). */
function poolOf(client: pg.PoolClient): pg.Pool {
  const pool = new pg.Pool();
  pool.connect = (async () => client) as unknown as pg.Pool['connect'];
  return pool;
}

test('statements are named by their text and connection, the same in the pool and a transaction, up to a bound of distinct texts', async () => {
  const first = connection();
  const second = connection();
  const pool = preparedStatements(poolOf(first.client));
  await pool.query('SELECT $1::int AS n', [1]);
  await pool.query('SELECT $1::int AS n', [2]);
  await preparedStatements(first.client).query('SELECT $1::int AS n', [3]);
  await preparedStatements(second.client).query('SELECT $1::int AS n', [4]);
  await pool.query('SELECT 2 AS n');
  const [named, again, inTransaction, other] = first.sent as [Sent, Sent, Sent, Sent];
  assert.match(named.name ?? '', /^s_[0-9a-f]{24}_\d+$/);
  assert.equal(again.name, named.name);
  assert.equal(inTransaction.name, named.name, 'the same connection in a transaction');
  assert.deepEqual([named.values, again.values, inTransaction.values], [[1], [2], [3]]);
  const onSecond = second.sent[0]!;
  assert.equal(onSecond.name?.split('_')[1], named.name?.split('_')[1], 'the same text');
  assert.notEqual(onSecond.name, named.name, 'on another connection');
  assert.notEqual(other.name?.split('_')[1], named.name?.split('_')[1]);
  assert.equal(other.values, undefined);
  assert.deepEqual(first.released, [undefined, undefined, undefined], 'each statement of the pool gives its connection back');

  await assert.rejects(pool.query('SELECT FAIL'), /refused/);
  // The failure's stack leads back to the statement's callers, not to where the answer was read.
  const failing = async function searchThatFails() {
    await pool.query('SELECT FAIL');
  };
  const failure = await failing().then(() => undefined, (error: unknown) => error);
  assert.ok(failure instanceof Error);
  assert.match(failure.stack ?? '', /searchThatFails/);
  assert.match(String(first.released.at(-2)), /^Error: refused$/, 'a connection a statement failed on is given back with the error, which closes it');

  // Three texts are named so far; fill the names up to the bound, then one more.
  for (let i = 3; i <= NAMED_STATEMENTS; i += 1) await pool.query(`SELECT ${i} AS filler`);
  const fillers = first.sent.filter((sent) => sent.text.includes('filler'));
  assert.equal(fillers.length, NAMED_STATEMENTS - 2);
  assert.equal(fillers.filter((sent) => sent.name !== undefined).length, NAMED_STATEMENTS - 3);
  assert.deepEqual(fillers.at(-1), { text: `SELECT ${NAMED_STATEMENTS} AS filler` });
  // A text named before the bound keeps its name.
  await pool.query('SELECT $1::int AS n', [5]);
  assert.equal(first.sent.at(-1)!.name, named.name);
});
