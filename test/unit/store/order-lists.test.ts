/**
 * The customers' order lists of the SQL stores, counted: each order once however many lists
 * hold it, those of the facet lists among them, which probes none holds, row numbers far past
 * a first allocation and up to the last a list holds, and one count never leaking into the
 * next; a search holding the marks keeps what its count found marked until it ends; a list
 * that is not whole entries is refused.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countListedOrders, foundOrdersMarked, holdingMarks, isMarked, listedOrders, markedOrders, markedWithout, type OrderList, readList, visitMarkedDownward } from '../../../demo/server/store/shared/order-lists.js';

/** A list's bytes as the stores' SQL writes them: seven bits of the row number a byte, the first byte's high bit set. */
const entries = (seqs: readonly number[]) => Buffer.from(seqs.flatMap((seq) => [0x80 | (seq >> 21), (seq >> 14) & 0x7f, (seq >> 7) & 0x7f, seq & 0x7f]));
const list = (facet: string, seqs: readonly number[]): OrderList => ({ facet, seqs: readList(entries(seqs)) });

describe('counting the orders of customers\' lists', () => {
  test('counts each order once, the faceted ones among them, and tells the probes no list holds', () => {
    const counted = countListedOrders(
      [list('', [3, 70_000, 9]), list('', [9, 1_048_577, 3]), list('p:2', [9]), list('p:2', [1_048_577, 9]), list('d:x', [70_000])],
      [3, 4, 2_000_000, 1_048_577],
    );
    assert.deepEqual(counted, { all: 4, faceted: 3, unlisted: [4, 2_000_000] });
  });

  test('reads row numbers up to the last a list holds, and a count starts afresh after another', () => {
    assert.deepEqual(countListedOrders([list('', [5, 6_000_000, 2 ** 28 - 1, 0]), list('p:1', [6_000_000])], [5]), { all: 4, faceted: 1, unlisted: [] });
    assert.deepEqual(listedOrders(entries([0, 127, 128, 16_383, 16_384, 2 ** 21, 2 ** 28 - 1])), [0, 127, 128, 16_383, 16_384, 2 ** 21, 2 ** 28 - 1]);
    assert.deepEqual(countListedOrders([list('', [6_000_000])], [5, 6_000_000]), { all: 1, faceted: 0, unlisted: [5] });
    assert.deepEqual(countListedOrders([], [5]), { all: 0, faceted: 0, unlisted: [5] });
  });

  test('a search holding the marks keeps the orders its count found (lists of all orders and probes) until it ends', () => {
    const seen = holdingMarks(() => {
      assert.equal(foundOrdersMarked(), false);
      const counted = countListedOrders([list('', [3, 2_500_000]), list('p:1', [3, 8])], [7, 3]);
      assert.deepEqual(counted, { all: 2, faceted: 1, unlisted: [7] });
      // A hold within the search leaves the marks to the outer one.
      holdingMarks(() => isMarked(3));
      assert.throws(() => countListedOrders([list('', [9])]), /once/);
      return { marked: foundOrdersMarked(), orders: [3, 7, 8, 9, 2_500_000, 2_500_001, 9_000_000].filter(isMarked) };
    });
    assert.deepEqual(seen, { marked: true, orders: [3, 7, 2_500_000] });
    assert.equal(foundOrdersMarked(), false);
    assert.deepEqual([3, 7, 2_500_000].filter(isMarked), []);
    assert.deepEqual(countListedOrders([list('', [3])], [2_500_000]), { all: 1, faceted: 0, unlisted: [2_500_000] });
  });

  test('a list reads the same wherever its bytes start in their buffer, its row numbers ascending whatever order they were written in', () => {
    const seqs = [0, 127, 128, 16_383, 16_384, 2 ** 21, 2 ** 28 - 1, 70_000];
    const bytes = entries(seqs);
    for (let offset = 0; offset < 8; offset += 1) {
      const buffer = new Uint8Array(new ArrayBuffer(bytes.length + 8));
      buffer.set(bytes, offset);
      const placed = buffer.subarray(offset, offset + bytes.length);
      assert.deepEqual(listedOrders(placed), [...seqs].sort((a, b) => a - b), `at offset ${offset}`);
      assert.deepEqual(countListedOrders([{ facet: '', seqs: readList(placed) }], [70_000, 5]), { all: seqs.length, faceted: 0, unlisted: [5] });
    }
  });

  test('an order on a facet list only counts once it is on a list of all orders', () => {
    assert.deepEqual(countListedOrders([list('p:1', [4, 5]), list('', [5, 6]), list('d:y', [6, 7, 6])]), { all: 2, faceted: 2, unlisted: [] });
    assert.deepEqual(countListedOrders([list('p:1', [4])]), { all: 0, faceted: 0, unlisted: [] });
    // Nor does a facet's mark outlive its count.
    for (let i = 0; i < 2; i += 1) assert.deepEqual(countListedOrders([list('', [40]), list('p:1', [40])]), { all: 1, faceted: 1, unlisted: [] });
  });

  test('the marked orders are visited from the largest row number down, across words of marks, until the visit stops', () => {
    const seqs = [1, 31, 32, 33, 63, 64, 1_000_000, 1_000_031, 1_000_032];
    const visited = holdingMarks(() => {
      countListedOrders([list('', seqs)], [0, 95]);
      const all: number[] = [];
      visitMarkedDownward((seq) => (all.push(seq), true));
      const firstThree: number[] = [];
      visitMarkedDownward((seq) => (firstThree.push(seq), firstThree.length < 3));
      return { all, firstThree };
    });
    // Row number 0 is no order's (row numbers start at 1), even when probed.
    assert.deepEqual(visited.all, [...seqs, 95].sort((a, b) => b - a));
    assert.deepEqual(visited.firstThree, [1_000_032, 1_000_031, 1_000_000]);
    holdingMarks(() => visitMarkedDownward(() => assert.fail('nothing is marked outside a count')));
  });

  test('the marked orders as an array, largest first, and those below a row number whose bit a mask lacks', () => {
    const seqs = [1, 31, 32, 33, 63, 64, 5_000, 1_000_000, 1_000_031];
    const mask = new Int32Array(2);
    mask[1] = 1 << 1; // 33 is masked
    const { all, without, below } = holdingMarks(() => {
      countListedOrders([list('', seqs)], [0]);
      return { all: Array.from(markedOrders()), without: markedWithout(mask, 1_000_031), below: [0, 1, 2, 33, 34].map((b) => markedWithout(mask, b)) };
    });
    assert.deepEqual(all, [...seqs].sort((a, b) => b - a), 'row number 0 is no order, even when probed');
    assert.deepEqual(without, [1, 31, 32, 63, 64, 5_000, 1_000_000]);
    assert.deepEqual(below, [[], [], [1], [1, 31, 32], [1, 31, 32]]);
    const from = holdingMarks(() => {
      countListedOrders([list('', seqs)], [0]);
      return [[0, 64], [2, 64], [31, 64], [32, 65], [34, 65], [64, 65], [65, 2_000_000], [5_000, 5_000]].map(([low, high]) => markedWithout(mask, high!, low));
    });
    assert.deepEqual(from, [[1, 31, 32, 63], [31, 32, 63], [31, 32, 63], [32, 63, 64], [63, 64], [64], [5_000, 1_000_000, 1_000_031], []]);
    holdingMarks(() => assert.equal(markedOrders().length, 0));
  });

  test('a list that is not whole entries is refused', () => {
    const whole = entries([300, 5]);
    for (const broken of [whole.subarray(1), whole.subarray(0, 6), Buffer.from(',300,5,'), Buffer.from([0x80, 0x80, 0, 1])]) {
      assert.throws(() => listedOrders(broken), /Not a list of orders/);
      assert.throws(() => readList(broken), /Not a list of orders/);
    }
  });

  test('the marks are cleared when the search throws', () => {
    assert.throws(() => holdingMarks(() => {
      countListedOrders([list('', [11, 12])]);
      throw new Error('stop');
    }), /stop/);
    assert.deepEqual([11, 12].filter(isMarked), []);
    assert.equal(foundOrdersMarked(), false);
  });
});
