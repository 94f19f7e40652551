/**
 * The orders' numbers and their licenses' codes the PostgreSQL store keeps in the process
 * (number-index.ts), over a fake database: whatever the numbers and codes (letters beyond
 * ASCII, three bytes held twice, several resellers, row numbers with gaps, orders without
 * licenses) and the fragment, an index read up to a row number finds what a plain scan of the
 * numbers or codes up to it finds; the numbers are read only once the lock on the orders is
 * granted, and given up under another count of moves.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { Pool } from 'pg';
import { isCodeFragment, OrderNumberIndex } from '../../../demo/server/store/postgres/number-index.js';
import { LARGEST_TIMED_ROW, OrderTimes } from '../../../demo/server/store/postgres/order-times.js';
import type { Db } from '../../../demo/server/store/postgres/sql.js';

interface Order {
  seq: number;
  reseller: string;
  /** In lower case, as `order_number_lower` holds it. */
  number: string;
  /** Its licenses' codes, in lower case as PostgreSQL's lower() gives them (ASCII letters alone). */
  codes?: string[];
}

const EPOCH_2000 = Date.UTC(2000, 0, 1);
const timeOf = (seq: number) => Date.UTC(2026, 0, 1) + seq * 1000;

/**
 * A database of `orders` answering the index's statements: the lock (refused while
 * `busy`), the largest row number and the count of moves, and the orders of a range of row
 * numbers, counted in `reads`.
 */
function numbersDatabase(orders: readonly Order[]): { db: Db; pool: Pool; state: { busy: boolean; moves: number; reads: number; locks: number } } {
  const state = { busy: false, moves: 0, reads: 0, locks: 0 };
  const db: Db = {
    query: (async (text: string, values: unknown[] = []) => {
      assert.match(text, /json_agg\(order_number_lower\)/, 'the statement of the numbers');
      assert.match(text, /json_agg\(code\)/, 'and of the codes');
      state.reads += 1;
      const [after, through] = values.map(Number) as [number, number];
      const read = orders.filter((o) => o.seq > after && o.seq <= through).sort((a, b) => a.seq - b.seq);
      const licenses = read.flatMap((o) => (o.codes ?? []).map((code) => ({ seq: o.seq, code })));
      const sent = (seqs: readonly number[]) => {
        const bytes = Buffer.alloc(seqs.length * 8);
        seqs.forEach((seq, i) => bytes.writeBigInt64BE(BigInt(seq), i * 8));
        return bytes;
      };
      const codes = licenses.length === 0
        ? { code_seqs: null, codes: null }
        : { code_seqs: sent(licenses.map((l) => l.seq)), codes: JSON.stringify(licenses.map((l) => l.code)) };
      if (read.length === 0) return { rows: [{ seqs: null, times: null, resellers: null, numbers: null, ...codes }] };
      const times = Buffer.alloc(read.length * 8);
      read.forEach((o, i) => times.writeBigInt64BE(BigInt(timeOf(o.seq) - EPOCH_2000) * 1000n, i * 8));
      const seqs = sent(read.map((o) => o.seq));
      return { rows: [{ seqs, times, resellers: JSON.stringify(read.map((o) => o.reseller)), numbers: JSON.stringify(read.map((o) => o.number)), ...codes }] };
    }) as Db['query'],
  };
  const client = {
    query: async (text: string) => {
      if (text === 'LOCK TABLE orders IN SHARE MODE NOWAIT') {
        state.locks += 1;
        if (state.busy) throw Object.assign(new Error('could not obtain lock on relation "orders"'), { code: '55P03' });
        return { rows: [] };
      }
      if (text.includes('max(seq)')) return { rows: [{ largest: String(Math.max(0, ...orders.map((o) => o.seq))), moves: String(state.moves) }] };
      return { rows: [] };
    },
    release: () => undefined,
  };
  const pool = { connect: async () => client } as unknown as Pool;
  return { db, pool, state };
}

/** The row numbers of the orders of `reseller` up to `through` whose number holds `fragment`, by a plain scan. */
const plainScan = (orders: readonly Order[], reseller: string, fragment: string, through: number) =>
  orders.filter((o) => o.reseller === reseller && o.seq <= through && o.number.includes(fragment)).map((o) => o.seq).sort((a, b) => a - b);

/** The row numbers of the orders of `reseller` up to `through` a code of which holds `fragment`, by a plain scan. */
const plainCodeScan = (orders: readonly Order[], reseller: string, fragment: string, through: number) =>
  orders.filter((o) => o.reseller === reseller && o.seq <= through && (o.codes ?? []).some((code) => code.includes(fragment))).map((o) => o.seq);

const bytesOf = (text: string) => Buffer.byteLength(text);

/** After what a call started without waiting has had a turn to run. */
const aTurn = () => new Promise((resolve) => setImmediate(resolve));

/** Numbers from a small alphabet (so that fragments are held often), with a letter beyond ASCII and a character of four bytes. */
const numberArb = fc.array(fc.constantFrom('o', 'r', 'd', '-', '2', '0', '5', '1', 'ä', '€', '𝔸'), { minLength: 0, maxLength: 16 }).map((chars) => chars.join(''));
/** Codes from a small alphabet, with dashes, capitals and letters beyond ASCII (which lower() leaves), and a character of four bytes. */
const codeArb = fc.array(fc.constantFrom('a', 'z', '1', '9', '-', ' ', 'Ä', 'ä', 'é', '𝔸'), { minLength: 0, maxLength: 9 }).map((chars) => chars.join(''));
const ordersArb = fc
  .array(
    fc.record({
      gap: fc.integer({ min: 1, max: 3 }),
      reseller: fc.constantFrom('res_a', 'res_b'),
      number: numberArb,
      codes: fc.array(codeArb, { maxLength: 4 }),
    }),
    { minLength: 1, maxLength: 120 },
  )
  .map((drawn) => {
    let seq = 0;
    return drawn.map(({ gap, reseller, number, codes }) => ({ seq: (seq += gap), reseller, number, codes }));
  });

describe('OrderNumberIndex', () => {
  test('finds what a plain scan finds, for fragments held and not, up to the row number asked', async () => {
    await fc.assert(
      fc.asyncProperty(ordersArb, fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { minLength: 1, maxLength: 12 }), numberArb, async (orders, picks, made) => {
        const { db, pool } = numbersDatabase(orders);
        const times = new OrderTimes();
        const index = new OrderNumberIndex(db, pool, times);
        assert.equal(await index.catchUp(), true);
        const largest = orders[orders.length - 1]!.seq;
        assert.equal(index.through, largest);
        // Fragments cut from the numbers, and one made up.
        const fragments = picks.map(([which, from, length]) => {
          const number = [...orders[which % orders.length]!.number];
          const start = from % (number.length + 1);
          return number.slice(start, start + 1 + (length % 6)).join('');
        });
        for (const fragment of [...fragments, made].filter((f) => bytesOf(f) >= 3)) {
          for (const through of [largest, Math.floor(largest / 2)]) {
            for (const reseller of ['res_a', 'res_b']) {
              assert.deepEqual(index.find(reseller, fragment, through, '0'), plainScan(orders, reseller, fragment, through), `${reseller} "${fragment}" up to ${through}`);
            }
          }
        }
        // Every three letters or digits of the codes with the dashes around them or not, and some no code holds.
        const ofCodes = new Set(['a1z', '999', 'zzz', 'aaa', '-a1z', 'zz9-', '-aaa-']);
        for (const { codes } of orders) {
          for (const code of codes ?? []) for (let at = 0; at < code.length; at += 1) for (const length of [3, 4, 5]) ofCodes.add(code.slice(at, at + length));
        }
        for (const fragment of [...ofCodes].filter(isCodeFragment)) {
          for (const through of [largest, Math.floor(largest / 2)]) {
            for (const reseller of ['res_a', 'res_b']) {
              assert.deepEqual(index.findCodes(reseller, fragment, through, '0'), plainCodeScan(orders, reseller, fragment, through), `codes: ${reseller} "${fragment}" up to ${through}`);
            }
          }
        }
        assert.deepEqual(index.find('res_none', 'ord', largest, '0'), [], 'a reseller of no order');
        for (const { seq } of orders) assert.equal(times.timeOf(seq), timeOf(seq), 'the times handed to the times kept');
        assert.equal(times.knownThrough, largest, 'every time up to the row number read is known');
      }),
      { numRuns: 150 },
    );
  });

  test('reads nothing while the lock is refused, tries again after a second, and reads only the orders past those held', async () => {
    const orders: Order[] = [1, 2, 3, 5, 8].map((seq) => ({ seq, reseller: 'res_a', number: `ord-2026-00000${seq}` }));
    const { db, pool, state } = numbersDatabase(orders);
    const times = new OrderTimes();
    const index = new OrderNumberIndex(db, pool, times);
    state.busy = true;
    assert.equal(await index.catchUp(), false, 'a write under way');
    assert.equal(state.reads, 0, 'no number read');
    assert.deepEqual([index.through, times.knownThrough], [0, 0]);
    index.met(8);
    await aTurn();
    assert.equal(state.locks, 1, 'not tried again at once');
    state.busy = false;
    assert.equal(await index.catchUp(), true);
    assert.equal(index.through, 8);
    assert.deepEqual(index.find('res_a', '000005', 8, '0'), [5]);
    assert.equal(index.behind, 0);

    orders.push({ seq: 9, reseller: 'res_a', number: 'ord-2026-000009' });
    const readsBefore = state.reads;
    index.met(9);
    assert.equal(index.behind, 1, 'an order met past those held');
    assert.equal(await index.catchUp(), true);
    assert.equal(state.reads, readsBefore + 1, 'one read, of the order past them');
    assert.deepEqual(index.find('res_a', '26-0000', 9, '0'), [1, 2, 3, 5, 8, 9]);
  });

  test('holds no order past the row numbers whose times are kept, and does not try to read them again', async () => {
    const orders: Order[] = [1, 2, LARGEST_TIMED_ROW + 5].map((seq) => ({ seq, reseller: 'res_a', number: `ord-${seq}` }));
    const { db, pool, state } = numbersDatabase(orders);
    const index = new OrderNumberIndex(db, pool, new OrderTimes());
    assert.equal(await index.catchUp(), true);
    assert.equal(index.through, LARGEST_TIMED_ROW);
    assert.deepEqual(index.find('res_a', 'ord-', LARGEST_TIMED_ROW, '0'), [1, 2]);
    const locks = state.locks;
    index.met(LARGEST_TIMED_ROW + 5);
    await aTurn();
    assert.equal(state.locks, locks, 'no read started for them');
    assert.equal(index.behind, 5, 'left to the look-up');
  });

  test('gives the numbers up when a look-up read another count of moves, and reads them again under it', async () => {
    const orders: Order[] = [{ seq: 1, reseller: 'res_a', number: 'ord-1' }, { seq: 2, reseller: 'res_a', number: 'ord-2' }];
    const { db, pool, state } = numbersDatabase(orders);
    const index = new OrderNumberIndex(db, pool, new OrderTimes());
    await index.catchUp();
    assert.deepEqual(index.find('res_a', 'ord-2', 2, '0'), [2]);
    // The number of order 2 changed by hand: the count of moves moved.
    orders[1]!.number = 'ord-7';
    state.moves = 1;
    assert.equal(index.find('res_a', 'ord-2', 2, '1'), null, 'not trusted under another count');
    assert.equal(index.through, 0, 'given up');
    assert.equal(await index.catchUp(), true);
    assert.deepEqual(index.find('res_a', 'ord-2', 2, '1'), []);
    assert.deepEqual(index.find('res_a', 'ord-7', 2, '1'), [2]);
    assert.equal(index.find('res_a', 'ord-7', 2, '0'), null, 'nor under the count before');
  });
});
