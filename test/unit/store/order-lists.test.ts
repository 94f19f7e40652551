/**
 * The customers' order lists of the SQL stores, counted: each order once however many lists
 * hold it, those of the facet lists among them, which probes none holds, the lists as text or
 * as bytes, row numbers far past a first allocation, and one count never leaking into the next.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countListedOrders, type OrderList } from '../../../demo/server/store/shared/order-lists.js';

const list = (facet: string, seqs: readonly number[]): OrderList => ({ facet, orders: `,${seqs.join(',')},` });

describe('counting the orders of customers\' lists', () => {
  test('counts each order once, the faceted ones among them, and tells the probes no list holds', () => {
    const counted = countListedOrders(
      [list('', [3, 70_000, 9]), list('', [9, 1_048_577, 3]), list('p:2', [9]), list('p:2', [1_048_577, 9]), list('d:x', [70_000])],
      [3, 4, 2_000_000, 1_048_577],
    );
    assert.deepEqual(counted, { all: 4, faceted: 3, unlisted: [4, 2_000_000] });
  });

  test('takes the lists as bytes too, and a count starts afresh after another', () => {
    const bytes = (facet: string, seqs: readonly number[]): OrderList => ({ facet, orders: Buffer.from(`,${seqs.join(',')},`) });
    assert.deepEqual(countListedOrders([bytes('', [5, 6_000_000]), bytes('p:1', [6_000_000])], [5]), { all: 2, faceted: 1, unlisted: [] });
    assert.deepEqual(countListedOrders([list('', [6_000_000])], [5, 6_000_000]), { all: 1, faceted: 0, unlisted: [5] });
    assert.deepEqual(countListedOrders([], [5]), { all: 0, faceted: 0, unlisted: [5] });
  });
});
