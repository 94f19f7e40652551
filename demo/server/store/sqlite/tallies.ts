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
import { STATUS_VALUE_SQL } from '../shared/license-status.js';
import type { Db } from './database.js';
import { dropTriggers, recreateWhenMissing, type TriggerKept } from './trigger-kept.js';

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

/** The key of `license_tally`: what a license is counted by. */
const LICENSE_KEY = 'reseller_seq, valid_to, product_seq, status, recurrent';

/**
 * Counts into `license_tally` (with `delta` each) the licenses that `from` yields as `l`,
 * joined to their orders as `o`: a row of `licenses`, or the values of a trigger's old row.
 */
function moveLicenses(from: string, delta: string): string {
  return `INSERT INTO license_tally (${LICENSE_KEY}, licenses)
    SELECT l.reseller_seq, l.valid_to, o.product_seq, ${STATUS_VALUE_SQL}, l.recurrent, ${delta} FROM ${from}
    WHERE true GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (${LICENSE_KEY}) DO UPDATE SET licenses = licenses + excluded.licenses;`;
}

/** A trigger's old license row as `l`, with its order as `o`. */
const OLD_LICENSE = `(SELECT old.reseller_seq AS reseller_seq, old.valid_to AS valid_to, old.recurrent AS recurrent, old.order_seq AS order_seq,
    old.expired_at AS expired_at, old.activated_at AS activated_at) l JOIN orders o ON o.seq = l.order_seq`;
/** A trigger's new license row as `l`, with its order as `o`. */
const NEW_LICENSE = 'licenses l JOIN orders o ON o.seq = l.order_seq AND l.seq = new.seq';
/** The tally rows of a reseller's day counted down to nothing, dropped so that the tally equals a rebuild. */
const DROP_EMPTY = (reseller: string, validTo: string) => `DELETE FROM license_tally WHERE reseller_seq = ${reseller} AND valid_to = ${validTo} AND licenses = 0;`;

/**
 * `license_tally`: licenses per reseller, `validTo`, product, status and recurrence, which
 * answers the totals of `GET /licenses` (the renewals view counts whole windows of
 * `validTo`) without counting licenses one by one. Triggers keep it exact on every write of
 * a license, and of an order's state or product (a refund changes its licenses' status). Like
 * the trigram indexes, the seed drops the triggers while it loads and the tally is then
 * rebuilt from the licenses ({@link createLicenseTally}).
 */
export const LICENSE_TALLY_TRIGGERS = {
  license_tally_insert: `AFTER INSERT ON licenses BEGIN ${moveLicenses(NEW_LICENSE, 'count(*)')} END`,
  license_tally_delete: `AFTER DELETE ON licenses BEGIN ${moveLicenses(OLD_LICENSE, '-count(*)')} ${DROP_EMPTY('old.reseller_seq', 'old.valid_to')} END`,
  license_tally_update: `AFTER UPDATE OF reseller_seq, order_seq, valid_to, recurrent, activated_at, expired_at ON licenses BEGIN
    ${moveLicenses(OLD_LICENSE, '-count(*)')} ${moveLicenses(NEW_LICENSE, 'count(*)')} ${DROP_EMPTY('old.reseller_seq', 'old.valid_to')} END`,
  license_tally_order: `AFTER UPDATE OF state, product_seq ON orders WHEN old.state IS NOT new.state OR old.product_seq IS NOT new.product_seq BEGIN
    ${moveLicenses(`licenses l JOIN (SELECT old.seq AS seq, old.state AS state, old.product_seq AS product_seq) o ON o.seq = l.order_seq AND l.order_seq = old.seq`, '-count(*)')}
    ${moveLicenses('licenses l JOIN orders o ON o.seq = l.order_seq AND l.order_seq = new.seq', 'count(*)')}
    DELETE FROM license_tally WHERE licenses = 0 AND reseller_seq = old.reseller_seq
      AND valid_to IN (SELECT valid_to FROM licenses WHERE order_seq = old.seq); END`,
} as const;

/** The license tally with its triggers, for {@link recreateWhenMissing}. */
const LICENSE_TALLY: TriggerKept = {
  table: 'license_tally',
  fill: moveLicenses('licenses l JOIN orders o ON o.seq = l.order_seq', 'count(*)'),
  triggers: LICENSE_TALLY_TRIGGERS,
};

/** Drops the triggers of the license tally before a bulk load. */
export function dropLicenseTally(db: Db): void {
  dropTriggers(db, LICENSE_TALLY);
}

/**
 * When the license tally's triggers are missing (after a bulk load, or the migration that
 * made the tally), counts the licenses into it afresh and creates them, in one transaction.
 */
export function createLicenseTally(db: Db): void {
  recreateWhenMissing(db, LICENSE_TALLY);
}
