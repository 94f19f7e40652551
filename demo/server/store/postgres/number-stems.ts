/**
 * `order_number_stems`: each reseller's stems of order numbers (../shared/number-stems.ts),
 * which tell the search when every order's number holds a fragment (order-search.ts). Triggers
 * add the stem of every order written; like the license tally, the seed drops them while it
 * loads, and the stems are then read afresh from the orders ({@link createNumberStems}).
 */
import type { PoolClient } from 'pg';
import { stemSql } from '../shared/number-stems.js';
import { dropTriggers, recreateWhenMissing, type TriggerKept } from './trigger-kept.js';

const FUNCTIONS = `
  CREATE OR REPLACE FUNCTION order_number_stems_add() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO order_number_stems (reseller_id, stem) VALUES (NEW.reseller_id, ${stemSql('NEW.order_number_lower')}) ON CONFLICT DO NOTHING;
    RETURN NULL;
  END $$;`;

export const NUMBER_STEMS_TRIGGERS: Readonly<Record<string, string>> = {
  order_number_stems_insert: 'AFTER INSERT ON orders FOR EACH ROW EXECUTE FUNCTION order_number_stems_add()',
  order_number_stems_update: `AFTER UPDATE OF reseller_id, order_number_lower ON orders FOR EACH ROW
    WHEN (OLD.reseller_id IS DISTINCT FROM NEW.reseller_id OR OLD.order_number_lower IS DISTINCT FROM NEW.order_number_lower)
    EXECUTE FUNCTION order_number_stems_add()`,
};

/** The stems with their function and triggers, for {@link recreateWhenMissing}. */
const NUMBER_STEMS: TriggerKept = {
  table: 'order_number_stems',
  functions: FUNCTIONS,
  fill: `INSERT INTO order_number_stems (reseller_id, stem) SELECT DISTINCT reseller_id, ${stemSql('order_number_lower')} FROM orders`,
  triggers: NUMBER_STEMS_TRIGGERS,
};

/** Drops the triggers of the stems before a bulk load. */
export async function dropNumberStems(client: PoolClient): Promise<void> {
  await dropTriggers(client, NUMBER_STEMS);
}

/**
 * When the stems' triggers are missing (after a bulk load, or the migration that made the
 * table), reads the stems afresh from the orders and creates them, in one transaction.
 */
export async function createNumberStems(client: PoolClient): Promise<void> {
  await recreateWhenMissing(client, NUMBER_STEMS);
}
