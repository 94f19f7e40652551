/** Reading one order, the reseller's products, and keeping an order's counts true. */
import type { Product } from '../../src/api/contract/schemas.js';
import { orderCounts, statusInOrder } from '../../src/rules/index.js';
import { cachedStatement, type Db } from './store/sqlite/database.js';
import { notFound } from './problems.js';
import { ORDER_COLUMNS, type OrderRow } from './views.js';

/** The reseller's order with this id, or a 404 (also for another reseller's order). */
export function findOrder(db: Db, resellerSeq: number, orderId: string): OrderRow {
  const row = db
    .prepare<[string, number], OrderRow>(
      `SELECT ${ORDER_COLUMNS} FROM orders o JOIN products p ON p.seq = o.product_seq WHERE o.id = ? AND o.reseller_seq = ?`,
    )
    .get(orderId, resellerSeq);
  if (!row) throw notFound('The order');
  return row;
}

/** The products the reseller has bought, by name; `seq` is the internal key. */
export function resellerProducts(db: Db, resellerSeq: number): (Product & { seq: number })[] {
  return cachedStatement<[number], Product & { seq: number }>(
    db,
    `SELECT p.seq, p.id, p.name FROM reseller_products rp JOIN products p ON p.seq = rp.product_seq
     WHERE rp.reseller_seq = ? ORDER BY p.name, p.id`,
  ).all(resellerSeq);
}

/** Derives the order's active and available counts from its licenses again; call inside the change's transaction. */
export function recountOrder(db: Db, orderSeq: number): void {
  const state = db.prepare<[number], { state: 'processed' | 'refunded' }>('SELECT state FROM orders WHERE seq = ?').get(orderSeq)?.state;
  if (state === undefined) return;
  const activated = db
    .prepare<[number], { activated: number }>('SELECT activated_at IS NOT NULL AS activated FROM licenses WHERE order_seq = ?')
    .all(orderSeq);
  const counts = orderCounts(activated.map((l) => statusInOrder(state, l.activated === 1)));
  db.prepare('UPDATE orders SET quantity = ?, active_count = ?, available_count = ? WHERE seq = ?').run(
    counts.quantity, counts.activeCount, counts.availableCount, orderSeq,
  );
}
