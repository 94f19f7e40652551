/**
 * Who calls: the server reads each reseller once a store, as a caller without its balance (which
 * `GET /me` reads afresh, see the conformance suite's purchases); a reseller not found, or a
 * read that failed, is asked for again.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { knownCaller } from '../../../demo/server/http/auth.js';
import type { ServerStore } from '../../../demo/server/store/server-store.js';
import type { ResellerRecord } from '../../../src/service/store.js';

const ANN: ResellerRecord = {
  id: 'rsl_ann',
  name: 'Ann Software',
  user: { name: 'Ann', email: 'ann@example.com' },
  currency: 'EUR',
  balance: { value: 120_000, currency: 'EUR' },
};

/** A store that knows Ann, failing its first `failures` reads, and counts the reads of each reseller. */
function countingStore(failures = 0): { store: ServerStore; reads: Map<string, number> } {
  const reads = new Map<string, number>();
  let failing = failures;
  const reseller = async (id: string): Promise<ResellerRecord | null> => {
    reads.set(id, (reads.get(id) ?? 0) + 1);
    if (failing > 0) {
      failing -= 1;
      throw new Error('the database went away');
    }
    return id === ANN.id ? structuredClone(ANN) : null;
  };
  return { store: { reseller } as unknown as ServerStore, reads };
}

test('a reseller is read once a store, and its caller holds everything but the balance', async () => {
  const { store, reads } = countingStore();
  const callers = await Promise.all([knownCaller(store, ANN.id), knownCaller(store, ANN.id)]);
  callers.push(await knownCaller(store, ANN.id));
  const { balance: _balance, ...expected } = ANN;
  for (const caller of callers) assert.deepEqual(caller, expected);
  assert.equal(reads.get(ANN.id), 1);
  // Another store reads its own.
  const other = countingStore();
  await knownCaller(other.store, ANN.id);
  assert.equal(other.reads.get(ANN.id), 1);
});

test('a reseller not found, or whose read failed, is asked for again', async () => {
  const { store, reads } = countingStore(1);
  await assert.rejects(knownCaller(store, ANN.id), /went away/);
  assert.equal((await knownCaller(store, ANN.id))?.id, ANN.id);
  assert.equal(reads.get(ANN.id), 2);
  assert.equal(await knownCaller(store, 'rsl_nobody'), null);
  assert.equal(await knownCaller(store, 'rsl_nobody'), null);
  assert.equal(reads.get('rsl_nobody'), 2);
});
