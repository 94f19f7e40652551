/**
 * The first few of many items in a page's order, met in any order: the same as sorting them
 * all and taking the first, ties kept by a second key, for any count, read from either end;
 * and the first orders a fragment found after a cursor, either way.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { firstFoundOrders, firstInOrder } from '../../../demo/server/store/sqlite/first-in-order.js';

type Found = readonly [at: number, seq: number];
const newestFirst = (a: Found, b: Found) => a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);
const compareNewestFirst = (a: Found, b: Found) => b[0] - a[0] || b[1] - a[1];
const found = fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 1_000 })), {
  selector: ([, seq]) => seq,
  maxLength: 200,
});

describe('the first items in a page\'s order', () => {
  test('equal the first of them all sorted, whatever order they come in and from whichever end they are read', () => {
    fc.assert(
      fc.property(found, fc.integer({ min: 0, max: 60 }), fc.boolean(), (items, count, fromEnd) => {
        const expected = [...items].sort(compareNewestFirst).slice(0, count);
        assert.deepEqual(firstInOrder(items, newestFirst, count, { fromEnd }), expected);
      }),
      { numRuns: 500 },
    );
  });

  test('are nothing for no count or no items', () => {
    const items: Found[] = [[1, 1], [3, 2], [2, 3]];
    assert.deepEqual(firstInOrder(items, newestFirst, 2), [[3, 2], [2, 3]]);
    assert.deepEqual(firstInOrder(items, newestFirst, 2, { fromEnd: true }), [[3, 2], [2, 3]]);
    assert.deepEqual(firstInOrder(items, newestFirst, 0), []);
    assert.deepEqual(firstInOrder([], newestFirst, 5), []);
  });

  test('of found orders, after a cursor, either way, equal sorting them all by time and key', () => {
    fc.assert(
      fc.property(found, fc.constantFrom('ASC' as const, 'DESC' as const), fc.option(fc.nat()), fc.integer({ min: 1, max: 30 }), (items, direction, pick, count) => {
        // The cursor: none, one of the orders (where the last page ended), or a time and key between them.
        const cursor: Found | null = pick === null ? null : items.length > 0 && pick % 2 === 0 ? items[pick % items.length]! : [pick % 21, pick % 1_001];
        const sign = direction === 'DESC' ? -1 : 1;
        const compare = (a: Found, b: Found) => sign * (a[0] - b[0] || a[1] - b[1]);
        const expected = items
          .filter((item) => cursor === null || compare(item, cursor) > 0)
          .sort(compare)
          .slice(0, count);
        const positions = firstFoundOrders(items.map(([at]) => at), items.map(([, seq]) => seq), (a, b) => a - b, direction, cursor && { at: cursor[0], key: cursor[1] }, count);
        assert.deepEqual(positions.map((i) => items[i]), expected);
      }),
      { numRuns: 500 },
    );
  });
});
