/**
 * The tallies that give search totals without counting orders one by one. Each is derived
 * from the orders, which only the seed writes (the API never creates orders nor changes their
 * facets), so the seed rebuilds them once and they cannot drift:
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
