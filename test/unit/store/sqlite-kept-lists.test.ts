/**
 * The customers' order lists a SQLite reader connection keeps between searches: counted as
 * read until another connection commits, read again afterwards, a customer without a list
 * of a facet kept as such, and never kept on the connection that writes.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { customersOrders } from '../../../demo/server/store/sqlite/customer-orders.js';
import { withWriterAndReader } from '../../support/sqlite-pair.js';

/** A list's bytes as the stores' SQL writes them: seven bits of the row number a byte, the first byte's high bit set. */
const entries = (seqs: readonly number[]) => Buffer.from(seqs.flatMap((seq) => [0x80 | (seq >> 21), (seq >> 14) & 0x7f, (seq >> 7) & 0x7f, seq & 0x7f]));

describe('customer order lists kept by a reader connection', () => {
  test('counts follow what other connections commit, lists a customer lacks included; the writing connection reads each time', () => {
    withWriterAndReader('ld-kept-lists-', (writer, reader) => {
      const write = (customer: number, facet: string, seqs: number[]) =>
        writer
          .prepare('INSERT INTO customer_orders (customer_seq, facet, orders) VALUES (?, ?, ?) ON CONFLICT (customer_seq, facet) DO UPDATE SET orders = excluded.orders')
          .run(customer, facet, entries(seqs));
      write(1, '', [1, 2]);
      write(2, '', [2, 3]);
      write(1, 'p:5', [1]);
      const count = (db: typeof writer, probes: number[] = []) => customersOrders(db, [1, 2, 3], ['p:5'], probes);
      assert.deepEqual(count(reader, [3, 9]), { all: 3, faceted: 1, unlisted: [9] });
      assert.deepEqual(count(reader), { all: 3, faceted: 1, unlisted: [] }, 'the same from the lists kept');
      write(3, '', [4]);
      write(2, 'p:5', [3]);
      assert.deepEqual(count(reader), { all: 4, faceted: 2, unlisted: [] }, 'a customer and a facet list that were missing, read once committed');
      writer.prepare("DELETE FROM customer_orders WHERE customer_seq = 1 AND facet = ''").run();
      write(2, '', [2]);
      assert.deepEqual(count(reader), { all: 2, faceted: 0, unlisted: [] }, 'lists changed and dropped since they were kept');
      writer.prepare('BEGIN').run();
      write(2, '', [2, 7, 8]);
      assert.deepEqual(count(writer), { all: 4, faceted: 0, unlisted: [] }, 'the writing connection counts its own writes');
      assert.deepEqual(count(reader), { all: 2, faceted: 0, unlisted: [] }, 'readers do not see them before the commit');
      writer.prepare('ROLLBACK').run();
      assert.deepEqual(count(writer), { all: 2, faceted: 0, unlisted: [] }, 'nor does the writing connection after a rollback');
    });
  });
});
