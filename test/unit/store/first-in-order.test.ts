/**
 * The first few of many items in a page's order, met in any order: the same as sorting them
 * all and taking the first, ties kept by a second key, for any count.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { firstInOrder } from '../../../demo/server/store/shared/first-in-order.js';

type Found = readonly [at: number, seq: number];
const newestFirst = (a: Found, b: Found) => a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);
const compareNewestFirst = (a: Found, b: Found) => b[0] - a[0] || b[1] - a[1];

describe('the first items in a page\'s order', () => {
  test('equal the first of them all sorted, whatever order they come in', () => {
    const found = fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 1_000 })), {
      selector: ([, seq]) => seq,
      maxLength: 200,
    });
    fc.assert(
      fc.property(found, fc.integer({ min: 0, max: 60 }), (items, count) => {
        const expected = [...items].sort(compareNewestFirst).slice(0, count);
        assert.deepEqual(firstInOrder(items, newestFirst, count), expected);
      }),
      { numRuns: 500 },
    );
  });

  test('take from any iterable, and nothing for no count', () => {
    function* found(): Generator<Found> {
      yield [1, 1];
      yield [3, 2];
      yield [2, 3];
    }
    assert.deepEqual(firstInOrder(found(), newestFirst, 2), [[3, 2], [2, 3]]);
    assert.deepEqual(firstInOrder(found(), newestFirst, 0), []);
    assert.deepEqual(firstInOrder([], newestFirst, 5), []);
  });
});
