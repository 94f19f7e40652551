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

/**
 * Adds to `license_tally` the licenses of each source (the licenses its FROM clause yields as
 * `l`, joined to their orders as `o`) with its sign: in one insert, each key once with its net
 * change, and none whose changes cancel out.
 */
function moveLicenses(...sources: [from: string, sign: '1' | '-1'][]): string {
  const moves = sources.map(([from, sign]) => `SELECT l.reseller_id, l.valid_to, o.product_id, ${STATUS_VALUE_SQL}, l.recurrent, ${sign} FROM ${from}`);
  return `INSERT INTO license_tally AS t (${LICENSE_KEY}, licenses)
    SELECT ${LICENSE_KEY}, sum(delta) FROM (${moves.join(' UNION ALL ')}) AS m (${LICENSE_KEY}, delta)
    GROUP BY 1, 2, 3, 4, 5 HAVING sum(delta) <> 0
    ON CONFLICT (${LICENSE_KEY}) DO UPDATE SET licenses = t.licenses + excluded.licenses;`;
}

/** A statement's old or new licenses (a transition table of the triggers below) as `l`, with their orders as `o`. */
const statementLicenses = (table: 'old_licenses' | 'new_licenses') => `${table} l
  JOIN orders o ON o.reseller_id = l.reseller_id AND o.id = l.order_id`;
/** The licenses of a trigger's order, with the order's old or new row as `o`. */
const orderLicenses = (row: 'OLD' | 'NEW') => `licenses l
  JOIN (SELECT ${row}.reseller_id AS reseller_id, ${row}.id AS id, ${row}.state AS state, ${row}.product_id AS product_id) o
    ON o.reseller_id = l.reseller_id AND o.id = l.order_id
  WHERE l.reseller_id = ${row}.reseller_id AND l.order_id = ${row}.id`;

/**
 * `license_tally`: licenses per reseller, `validTo`, product, status and recurrence, which
 * answers the totals of `GET /licenses` (the renewals view counts whole windows of `validTo`)
 * without counting licenses one by one. Triggers keep it exact in the transaction of every
 * write of a license, and of an order's state or product (a refund changes its licenses'
 * status); a row counted down to 0 stays, as in the order tallies. The seed drops the
 * triggers while it loads, and the tally is then counted afresh ({@link createLicenseTally}).
 *
 * The licenses' triggers run once per statement over the rows it wrote (its transition
 * tables), not once per row: a bulk job's batch activates its licenses in one statement,
 * which then moves the tally in one insert per key instead of two per license. An update
 * moves each license out of its old key and into its new one; a license whose key stays
 * nets nothing and is left out.
 */
const LICENSE_TALLY_FUNCTIONS = `
  CREATE OR REPLACE FUNCTION license_tally_licenses() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN ${moveLicenses([statementLicenses('new_licenses'), '1'])}
    ELSIF TG_OP = 'DELETE' THEN ${moveLicenses([statementLicenses('old_licenses'), '-1'])}
    ELSE ${moveLicenses([statementLicenses('old_licenses'), '-1'], [statementLicenses('new_licenses'), '1'])}
    END IF;
    RETURN NULL;
  END $$;
  CREATE OR REPLACE FUNCTION license_tally_order() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    ${moveLicenses([orderLicenses('OLD'), '-1'], [orderLicenses('NEW'), '1'])}
    RETURN NULL;
  END $$;`;

const LICENSE_TALLY_TRIGGERS: Readonly<Record<string, string>> = {
  license_tally_inserted: `AFTER INSERT ON licenses REFERENCING NEW TABLE AS new_licenses
    FOR EACH STATEMENT EXECUTE FUNCTION license_tally_licenses()`,
  license_tally_deleted: `AFTER DELETE ON licenses REFERENCING OLD TABLE AS old_licenses
    FOR EACH STATEMENT EXECUTE FUNCTION license_tally_licenses()`,
  // Transition tables rule out a column list: every update of licenses runs it, and one that
  // moves no license between keys writes nothing.
  license_tally_updated: `AFTER UPDATE ON licenses REFERENCING OLD TABLE AS old_licenses NEW TABLE AS new_licenses
    FOR EACH STATEMENT EXECUTE FUNCTION license_tally_licenses()`,
  license_tally_order: `AFTER UPDATE OF state, product_id ON orders FOR EACH ROW
    WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.product_id IS DISTINCT FROM NEW.product_id) EXECUTE FUNCTION license_tally_order()`,
};

/** The license tally with its functions and triggers, for {@link recreateWhenMissing}. */
const LICENSE_TALLY: TriggerKept = {
  table: 'license_tally',
  functions: LICENSE_TALLY_FUNCTIONS,
  fill: moveLicenses(['licenses l JOIN orders o ON o.reseller_id = l.reseller_id AND o.id = l.order_id', '1']),
  triggers: LICENSE_TALLY_TRIGGERS,
  // Earlier versions moved the tally once per license written, by license_tally_license().
  retired: { triggers: ['license_tally_written', 'license_tally_changed'], functions: ['license_tally_license'] },
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
