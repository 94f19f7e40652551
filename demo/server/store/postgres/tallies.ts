/**
 * Keeps the order tallies of schema.ts exact when an order is created or changes state, in
 * the transaction of the change: one statement adds each move (an order's facets and UTC day,
 * ±1) to the day-and-facet tally and the facet tally, and the net change of each day and hour
 * to their totals (a change of state nets nothing there). A tally row that drops to 0 stays; a sum
 * does not mind it.
 */
import type { Db } from './sql.js';

/** Where an order counts: its purchase time and its facets, as stored. */
export interface TallyKey {
  purchasedAt: string;
  productId: string;
  state: string;
  paymentType: string;
  distributorLower: string;
}

const FACETS = 'product_id, state, payment_type, distributor_lower';

const MOVE = `
  WITH moves (day, hour, ${FACETS}, delta) AS (
    SELECT (at AT TIME ZONE 'UTC')::date, date_trunc('hour', at, 'UTC'), ${FACETS}, delta
    FROM unnest($2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[])
      AS m (at, ${FACETS}, delta)
  ), by_day AS (
    INSERT INTO order_day_tally AS t (reseller_id, day, ${FACETS}, orders)
    SELECT $1, day, ${FACETS}, delta FROM moves
    ON CONFLICT (reseller_id, day, ${FACETS}) DO UPDATE SET orders = t.orders + excluded.orders
  ), by_facet AS (
    INSERT INTO order_facet_tally AS t (reseller_id, ${FACETS}, orders)
    SELECT $1, ${FACETS}, delta FROM moves
    ON CONFLICT (reseller_id, ${FACETS}) DO UPDATE SET orders = t.orders + excluded.orders
  ), by_hour AS (
    INSERT INTO order_hour_total AS t (reseller_id, hour, orders)
    SELECT $1, hour, sum(delta) FROM moves GROUP BY hour HAVING sum(delta) <> 0
    ON CONFLICT (reseller_id, hour) DO UPDATE SET orders = t.orders + excluded.orders
  )
  INSERT INTO order_day_total AS t (reseller_id, day, orders)
  SELECT $1, day, sum(delta) FROM moves GROUP BY day HAVING sum(delta) <> 0
  ON CONFLICT (reseller_id, day) DO UPDATE SET orders = t.orders + excluded.orders`;

/** Adds each `[key, delta]` to the reseller's tallies; the keys of one call are distinct. */
export async function moveTallies(db: Db, resellerId: string, moves: readonly (readonly [TallyKey, number])[]): Promise<void> {
  await db.query(MOVE, [
    resellerId,
    moves.map(([key]) => key.purchasedAt),
    moves.map(([key]) => key.productId),
    moves.map(([key]) => key.state),
    moves.map(([key]) => key.paymentType),
    moves.map(([key]) => key.distributorLower),
    moves.map(([, delta]) => delta),
  ]);
}
