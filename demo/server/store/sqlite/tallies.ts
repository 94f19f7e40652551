/**
 * The tallies that give search totals without counting orders one by one. Each is derived
 * from the orders: the seed rebuilds them after its bulk load, and every later write of an
 * order counts it in or out of its rows in the same transaction ({@link TALLY_ORDER}), so they
 * stay exact:
 * - `order_tally`: orders per reseller, UTC day and facet (product, state, payment type,
 *   distributor), for dated searches with facets;
 * - `order_facet_tally`: the same over all time, for searches without dates;
 * - `order_hour_tally`: orders per reseller and UTC hour, for dated searches without facets.
 */
import type { Db } from './database.js';

const FACETS = 'product_seq, state, payment_type, distributor_lower';

/** The statement that fills each tally from the orders (or from a finer tally), in order. */
export const TALLY_FILLS = {
  order_tally: `INSERT INTO order_tally (reseller_seq, day, ${FACETS}, orders)
    SELECT reseller_seq, purchased_at / 86400000, ${FACETS}, count(*) FROM orders
    GROUP BY reseller_seq, purchased_at / 86400000, ${FACETS};`,
  order_facet_tally: `INSERT INTO order_facet_tally (reseller_seq, ${FACETS}, orders)
    SELECT reseller_seq, ${FACETS}, sum(orders) FROM order_tally
    GROUP BY reseller_seq, ${FACETS};`,
  order_hour_tally: `INSERT INTO order_hour_tally (reseller_seq, hour, orders)
    SELECT reseller_seq, purchased_at / 3600000, count(*) FROM orders
    GROUP BY reseller_seq, purchased_at / 3600000;`,
} as const;

/** Recounts every tally from the orders; call inside the seed's transaction. */
export function rebuildTallies(db: Db): void {
  for (const [table, fill] of Object.entries(TALLY_FILLS)) db.exec(`DELETE FROM ${table}; ${fill}`);
}

/** Each tally's key, as columns of the tally and as expressions over an `orders` row. */
const TALLY_KEYS = [
  { table: 'order_tally', columns: `reseller_seq, day, ${FACETS}`, ofOrder: `reseller_seq, purchased_at / 86400000, ${FACETS}` },
  { table: 'order_facet_tally', columns: `reseller_seq, ${FACETS}`, ofOrder: `reseller_seq, ${FACETS}` },
  { table: 'order_hour_tally', columns: 'reseller_seq, hour', ofOrder: 'reseller_seq, purchased_at / 3600000' },
] as const;

/**
 * The statements that count the order `@order` into every tally (`@delta` 1) or out of them
 * (-1), as its row stands now, then drop the rows counted down to nothing (so that the tallies
 * equal a rebuild). Run them after inserting an order, and around a change of its facets: out
 * before, in after.
 */
export const TALLY_ORDER: readonly string[] = TALLY_KEYS.flatMap(({ table, columns, ofOrder }) => [
  `INSERT INTO ${table} (${columns}, orders) SELECT ${ofOrder}, @delta FROM orders WHERE seq = @order
   ON CONFLICT (${columns}) DO UPDATE SET orders = orders + excluded.orders`,
  `DELETE FROM ${table} WHERE @delta < 0 AND orders = 0 AND (${columns}) = (SELECT ${ofOrder} FROM orders WHERE seq = @order)`,
]);
