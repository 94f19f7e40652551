/**
 * Keeps the order tallies of schema.ts exact when an order is created or changes state, in
 * the transaction of the change: one statement adds each move (an order's facets and UTC day,
 * ±1) to the day-and-facet tally and the facet tally, and the net change of each day and hour
 * to their totals (a change of state nets nothing there). A tally row that drops to 0 stays; a sum
 * does not mind it.
 */
import type { PoolClient } from 'pg';
import { STATUS_VALUE_SQL } from '../shared/license-status.js';
import type { Db } from './sql.js';
import { dropTriggers, recreateWhenMissing, type TriggerKept } from './trigger-kept.js';

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

/** The key of `license_tally`: what a license is counted by. */
const LICENSE_KEY = 'reseller_id, valid_to, product_id, status, recurrent';

/** Counts into `license_tally` (with `delta` each) the licenses that `from` yields as `l`, joined to their orders as `o`. */
function moveLicenses(from: string, delta: string): string {
  return `INSERT INTO license_tally AS t (${LICENSE_KEY}, licenses)
    SELECT l.reseller_id, l.valid_to, o.product_id, ${STATUS_VALUE_SQL}, l.recurrent, ${delta} FROM ${from}
    GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (${LICENSE_KEY}) DO UPDATE SET licenses = t.licenses + excluded.licenses;`;
}

/** A trigger's old or new license row as `l`, with its order as `o`. */
const licenseRow = (row: 'OLD' | 'NEW') => `(SELECT ${row}.reseller_id AS reseller_id, ${row}.order_id AS order_id, ${row}.valid_to AS valid_to,
    ${row}.recurrent AS recurrent, ${row}.expired_at AS expired_at, ${row}.activated_at AS activated_at) l
  JOIN orders o ON o.reseller_id = l.reseller_id AND o.id = l.order_id`;
/** The licenses of a trigger's order, with the order's old or new row as `o`. */
const orderLicenses = (row: 'OLD' | 'NEW') => `licenses l
  JOIN (SELECT ${row}.reseller_id AS reseller_id, ${row}.id AS id, ${row}.state AS state, ${row}.product_id AS product_id) o
    ON o.reseller_id = l.reseller_id AND o.id = l.order_id
  WHERE l.reseller_id = ${row}.reseller_id AND l.order_id = ${row}.id`;

/** What a license is counted by, of which a change moves it in the tally. */
const TALLIED_COLUMNS = ['reseller_id', 'order_id', 'valid_to', 'recurrent', 'activated_at', 'expired_at'];

/**
 * `license_tally`: licenses per reseller, `validTo`, product, status and recurrence, which
 * answers the totals of `GET /licenses` (the renewals view counts whole windows of `validTo`)
 * without counting licenses one by one. Triggers keep it exact in the transaction of every
 * write of a license, and of an order's state or product (a refund changes its licenses'
 * status); a row counted down to 0 stays, as in the order tallies. The seed drops the
 * triggers while it loads, and the tally is then counted afresh ({@link createLicenseTally}).
 */
const LICENSE_TALLY_FUNCTIONS = `
  CREATE OR REPLACE FUNCTION license_tally_license() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP <> 'INSERT' THEN ${moveLicenses(licenseRow('OLD'), '-1')} END IF;
    IF TG_OP <> 'DELETE' THEN ${moveLicenses(licenseRow('NEW'), '1')} END IF;
    RETURN NULL;
  END $$;
  CREATE OR REPLACE FUNCTION license_tally_order() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    ${moveLicenses(orderLicenses('OLD'), '-count(*)')}
    ${moveLicenses(orderLicenses('NEW'), 'count(*)')}
    RETURN NULL;
  END $$;`;

const LICENSE_TALLY_TRIGGERS: Readonly<Record<string, string>> = {
  license_tally_written: 'AFTER INSERT OR DELETE ON licenses FOR EACH ROW EXECUTE FUNCTION license_tally_license()',
  license_tally_changed: `AFTER UPDATE OF ${TALLIED_COLUMNS.join(', ')} ON licenses FOR EACH ROW
    WHEN (${TALLIED_COLUMNS.map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`).join(' OR ')}) EXECUTE FUNCTION license_tally_license()`,
  license_tally_order: `AFTER UPDATE OF state, product_id ON orders FOR EACH ROW
    WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.product_id IS DISTINCT FROM NEW.product_id) EXECUTE FUNCTION license_tally_order()`,
};

/** The license tally with its functions and triggers, for {@link recreateWhenMissing}. */
const LICENSE_TALLY: TriggerKept = {
  table: 'license_tally',
  functions: LICENSE_TALLY_FUNCTIONS,
  fill: moveLicenses('licenses l JOIN orders o ON o.reseller_id = l.reseller_id AND o.id = l.order_id', 'count(*)'),
  triggers: LICENSE_TALLY_TRIGGERS,
};

/** Drops the triggers of the license tally before a bulk load. */
export async function dropLicenseTally(client: PoolClient): Promise<void> {
  await dropTriggers(client, LICENSE_TALLY);
}

/**
 * When the license tally's triggers are missing (after a bulk load, or the migration that
 * made the tally), counts the licenses into it afresh and creates them, in one transaction
 * that holds the licenses and orders still meanwhile.
 */
export async function createLicenseTally(client: PoolClient): Promise<void> {
  await recreateWhenMissing(client, LICENSE_TALLY);
}
