/**
 * The SQLite store's order directory: each order's reseller, purchase time and product by row
 * number, caught up with the orders added since, the products read again after a move; orders
 * a transaction has not committed seen but not kept, so that a row number a rollback frees and
 * another order takes reads as that order's;
 * the latest purchase time up to each row number; the newest marked orders of a page however
 * the orders' times and row numbers go, against sorting them all; orders it cannot read whole
 * refused; and the triggers that keep an order's reseller and purchase time as they were, and
 * every order.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ascending, countListedOrders, holdingMarks } from '../../../demo/server/store/shared/order-lists.js';
import { type Db, openDatabase } from '../../../demo/server/store/sqlite/database.js';
import { orderDirectory, readDirectoryAhead } from '../../../demo/server/store/sqlite/order-directory.js';


/** A database with two resellers (row numbers 1 and 2) and one product, and no orders. */
function emptyDatabase(): Db {
  const db = openDatabase(':memory:');
  const reseller = db.prepare("INSERT INTO resellers (id, name, user_name, user_email, currency, token_label) VALUES (?, ?, 'Ann', 'ann@example.com', 'EUR', ?)");
  reseller.run('rsl_a', 'A', 'A');
  reseller.run('rsl_b', 'B', 'B');
  db.prepare("INSERT INTO products (id, name) VALUES ('prd_1', 'Aegis')").run();
  return db;
}

interface Order {
  seq: number;
  reseller: number;
  at: number;
}

function addOrder(db: Db, { seq, reseller, at }: Order): void {
  db.prepare(
    `INSERT INTO orders (seq, id, reseller_seq, order_number, order_number_lower, purchased_at, user_name, product_seq, amount,
       currency, payment_type, state, distribution_company, distributor_lower, quantity, active_count, available_count)
     VALUES (?, ?, ?, ?, ?, ?, 'Dana Weber', 1, 4900, 'EUR', 'css_balance', 'processed', NULL, '', 1, 0, 1)`,
  ).run(seq, `ord_${seq}`, reseller, `ORD-${seq}`, `ord-${seq}`, at);
}

function expectHolds(db: Db, orders: readonly Order[]): void {
  const directory = orderDirectory(db);
  for (const { seq, reseller, at } of orders) {
    assert.equal(directory.resellerOf(seq), reseller, `the reseller of order ${seq}`);
    assert.equal(directory.timeOf(seq), at, `the purchase time of order ${seq}`);
  }
  const largest = Math.max(...orders.map((o) => o.seq));
  for (let seq = 1; seq <= largest + 1; seq += 1) {
    const upTo = orders.filter((o) => o.seq <= seq).map((o) => o.at);
    assert.equal(directory.latestUpTo(seq), upTo.length === 0 ? -Infinity : Math.max(...upTo), `the latest purchase up to ${seq}`);
  }
}

describe('the order directory', () => {
  test("holds each order's reseller and purchase time, and catches up with the orders added since", () => {
    const db = emptyDatabase();
    const first = [
      { seq: 1, reseller: 1, at: 5_000 },
      { seq: 2, reseller: 2, at: 9_000 },
      { seq: 3, reseller: 1, at: 7_000 },
    ];
    for (const order of first) addOrder(db, order);
    expectHolds(db, first);
    assert.equal(orderDirectory(db).resellerOf(4), 0, 'no order, no reseller');
    // Row numbers past the first allocation and past the first range read at once, with gaps,
    // and a purchase before 1970.
    const later = [
      ...first,
      { seq: 6, reseller: 2, at: 1_000 },
      { seq: 7, reseller: 1, at: -86_400_000 },
      { seq: 3_000, reseller: 1, at: 12_000 },
      { seq: 1_500_000, reseller: 2, at: 11_000 },
    ];
    for (const order of later.slice(first.length)) addOrder(db, order);
    expectHolds(db, later);
    db.close();
  });

  test('reads ahead a few row numbers at a time until it holds every committed order, never inside a transaction of the connection', () => {
    const db = emptyDatabase();
    const orders = [
      { seq: 1, reseller: 1, at: 5_000 },
      { seq: 2, reseller: 2, at: 9_000 },
      { seq: 3, reseller: 1, at: 7_000 },
      { seq: 7, reseller: 2, at: -86_400_000 },
    ];
    for (const order of orders) addOrder(db, order);
    // Three row numbers a call: 1-3, 4-6, then 7.
    assert.deepEqual([1, 2, 3].map(() => readDirectoryAhead(db, 3)), [false, false, true]);
    assert.equal(readDirectoryAhead(db, 3), true, 'nothing new');
    expectHolds(db, orders);

    // Inside a transaction of its own writes, the connection reads nothing ahead: the order may be rolled back.
    assert.throws(() => db.transaction(() => {
      addOrder(db, { seq: 8, reseller: 1, at: 8_000 });
      assert.equal(readDirectoryAhead(db, 100), false);
      throw new Error('rolled back');
    })(), /rolled back/);
    addOrder(db, { seq: 8, reseller: 2, at: 6_000 });
    assert.equal(readDirectoryAhead(db, 100), true);
    expectHolds(db, [...orders, { seq: 8, reseller: 2, at: 6_000 }]);
    db.close();
  });

  test('sees the orders its own open transaction added, and forgets them: a rolled-back row number taken again reads as the new order', () => {
    const db = emptyDatabase();
    addOrder(db, { seq: 1, reseller: 1, at: 5_000 });
    expectHolds(db, [{ seq: 1, reseller: 1, at: 5_000 }]);
    assert.throws(
      () =>
        db.transaction(() => {
          addOrder(db, { seq: 2, reseller: 1, at: 8_000 });
          expectHolds(db, [{ seq: 1, reseller: 1, at: 5_000 }, { seq: 2, reseller: 1, at: 8_000 }]);
          throw new Error('rolled back');
        })(),
      /rolled back/,
    );
    addOrder(db, { seq: 2, reseller: 2, at: 6_000 });
    expectHolds(db, [{ seq: 1, reseller: 1, at: 5_000 }, { seq: 2, reseller: 2, at: 6_000 }]);
    db.close();
  });

  test("holds each order's product, read again once an order is moved to another; a move not committed leaves it unknown", () => {
    const db = emptyDatabase();
    db.prepare("INSERT INTO products (id, name) VALUES ('prd_2', 'Bastion')").run();
    addOrder(db, { seq: 1, reseller: 1, at: 5_000 });
    addOrder(db, { seq: 2, reseller: 2, at: 6_000 });
    const products = () => [1, 2, 3].map((seq) => orderDirectory(db).productOf(seq));
    assert.deepEqual(products(), [1, 1, undefined]);
    // By hand: no write of the service moves an order.
    db.prepare('UPDATE orders SET product_seq = 2 WHERE seq = 2').run();
    assert.deepEqual(products(), [1, 2, undefined], 'a move committed is read');
    db.prepare("UPDATE orders SET distributor_lower = 'ingram micro' WHERE seq = 1").run();
    assert.deepEqual(products(), [1, 2, undefined], 'after a move to another distribution company too');
    db.exec('BEGIN');
    db.prepare('UPDATE orders SET product_seq = 2 WHERE seq = 1').run();
    assert.deepEqual(products(), [undefined, undefined, undefined], 'a move the connection sees but has not committed');
    db.exec('ROLLBACK');
    assert.deepEqual(products(), [1, 2, undefined], 'rolled back');
    db.close();
  });

  test("an order's reseller and purchase time do not change, and orders are not deleted", () => {
    const db = emptyDatabase();
    addOrder(db, { seq: 1, reseller: 1, at: 5_000 });
    assert.throws(() => db.prepare('UPDATE orders SET purchased_at = 6000 WHERE seq = 1').run(), /do not change/);
    assert.throws(() => db.prepare('UPDATE orders SET reseller_seq = 2 WHERE seq = 1').run(), /do not change/);
    assert.throws(() => db.prepare('DELETE FROM orders WHERE seq = 1').run(), /not deleted/);
    db.prepare("UPDATE orders SET state = 'refunded', purchased_at = 5000, reseller_seq = 1 WHERE seq = 1").run();
    expectHolds(db, [{ seq: 1, reseller: 1, at: 5_000 }]);
    db.close();
  });

  test('reads reseller row numbers up to four bytes, and refuses orders it cannot read whole', () => {
    const db = emptyDatabase();
    const reseller = db.prepare("INSERT INTO resellers (seq, id, name, user_name, user_email, currency, token_label) VALUES (?, ?, 'Far', 'Ann', 'ann@example.com', 'EUR', ?)");
    reseller.run(2 ** 32 - 1, 'rsl_far', 'F');
    reseller.run(2 ** 32, 'rsl_too_far', 'G');
    addOrder(db, { seq: 1, reseller: 1, at: 5_000 });
    addOrder(db, { seq: 2, reseller: 2 ** 32 - 1, at: 6_000 });
    expectHolds(db, [{ seq: 1, reseller: 1, at: 5_000 }, { seq: 2, reseller: 2 ** 32 - 1, at: 6_000 }]);
    addOrder(db, { seq: 3, reseller: 2 ** 32, at: 7_000 });
    assert.throws(() => orderDirectory(db), /did not read whole/);
    db.close();
  });

  test('newest first, an order bought after those above it in row numbers still comes before them', () => {
    const db = emptyDatabase();
    const rows = [
      { seq: 1, reseller: 1, at: 11 },
      { seq: 2, reseller: 1, at: 10 },
      { seq: 3, reseller: 1, at: 12 },
      { seq: 4, reseller: 1, at: 10 },
    ];
    for (const row of rows) addOrder(db, row);
    const directory = orderDirectory(db);
    const picked = (seqs: number[], count: number) =>
      holdingMarks(() => {
        countListedOrders([{ facet: '', seqs: ascending(seqs) }]);
        return directory.newestMarked(1, null, count);
      });
    assert.deepEqual(picked([1, 2, 3], 2), [3, 1]);
    // A tie goes by row number, the larger first.
    assert.deepEqual(picked([2, 3, 4], 3), [3, 4, 2]);
    db.close();
  });

  test('picks the newest marked orders of a reseller before a cursor, as sorting them all does, however times and row numbers go', () => {
    // Row numbers from 1 with gaps; times that rise with them (with ties), that rise with some
    // bought a little before the orders before them, that rise but for a few bought well before
    // or after their neighbours, or that go anywhere.
    const timeOf = {
      rising: (i: number, at: number) => i * 2 + (at % 3),
      jittered: (i: number, at: number) => i + (at % 4),
      outliers: (i: number, at: number) => i * 2 + (at < 3 ? (at - 1) * 10 : at % 3),
      anywhere: (_i: number, at: number) => at,
    };
    const orders = fc
      .array(fc.record({ gap: fc.integer({ min: 1, max: 3 }), reseller: fc.constantFrom(1, 2), at: fc.integer({ min: 0, max: 12 }), marked: fc.boolean() }), {
        minLength: 1,
        maxLength: 40,
      })
      .chain((rows) =>
        fc.constantFrom(...Object.values(timeOf)).map((time) => {
          let seq = 0;
          return rows.map((row, i) => ({ ...row, seq: (seq += row.gap), at: time(i, row.at) }));
        }),
      );
    fc.assert(
      fc.property(orders, fc.option(fc.nat()), fc.integer({ min: 1, max: 5 }), (rows, pick, count) => {
        const db = emptyDatabase();
        try {
          for (const row of rows) addOrder(db, row);
          const order = (a: Order, b: Order) => b.at - a.at || b.seq - a.seq;
          const wanted = rows.filter((row) => row.marked && row.reseller === 1).sort(order);
          const cursorOf = pick === null || wanted.length === 0 ? null : wanted[pick % wanted.length]!;
          const before = cursorOf && { at: cursorOf.at, seq: cursorOf.seq };
          const expected = wanted.filter((row) => before === null || order(row, { seq: before.seq, reseller: 1, at: before.at }) > 0).slice(0, count);
          const directory = orderDirectory(db);
          const picked = holdingMarks(() => {
            countListedOrders([{ facet: '', seqs: ascending(rows.filter((row) => row.marked).map((row) => row.seq)) }]);
            return directory.newestMarked(1, before, count);
          });
          assert.deepEqual(picked, expected.map((row) => row.seq));
        } finally {
          db.close();
        }
      }),
      { numRuns: 300 },
    );
  });
});
