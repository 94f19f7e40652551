/**
 * `order_number_stems`: each reseller's stems of order numbers (../shared/number-stems.ts),
 * which tell the search when every order's number holds a fragment. Triggers add the stem of
 * every order written; like the license tally, the seed drops them while it loads, and the
 * stems are then read afresh from the orders ({@link createNumberStems}).
 */
import { everyNumberHolds, stemSql } from '../shared/number-stems.js';
import { cachedStatement, type Db, readUnlessChanged } from './database.js';
import { dropTriggers, recreateWhenMissing, type TriggerKept } from './trigger-kept.js';

/** Adds the stem of a trigger's new order row. */
const ADD = `INSERT OR IGNORE INTO order_number_stems (reseller_seq, stem) VALUES (new.reseller_seq, ${stemSql('new.order_number_lower')});`;

export const NUMBER_STEMS_TRIGGERS = {
  order_number_stems_insert: `AFTER INSERT ON orders BEGIN ${ADD} END`,
  order_number_stems_update: `AFTER UPDATE OF reseller_seq, order_number_lower ON orders BEGIN ${ADD} END`,
} as const;

/** The stems with their triggers, for {@link recreateWhenMissing}. */
const NUMBER_STEMS: TriggerKept = {
  table: 'order_number_stems',
  fill: `INSERT INTO order_number_stems (reseller_seq, stem) SELECT DISTINCT reseller_seq, ${stemSql('order_number_lower')} FROM orders;`,
  triggers: NUMBER_STEMS_TRIGGERS,
};

/** Drops the triggers of the stems before a bulk load. */
export function dropNumberStems(db: Db): void {
  dropTriggers(db, NUMBER_STEMS);
}

/**
 * When the stems' triggers are missing (after a bulk load, or the migration that made the
 * table), reads the stems afresh from the orders and creates them, in one transaction.
 */
export function createNumberStems(db: Db): void {
  recreateWhenMissing(db, NUMBER_STEMS);
}

/** Whether every order number of the reseller holds `fragment` (lower case): the stems, kept until the database changes. */
export function everyOrderNumberHolds(db: Db, resellerSeq: number, fragment: string): boolean {
  return everyNumberHolds(stemsOf(db, resellerSeq), fragment);
}

/** Whether some stem of the reseller's order numbers holds `fragment` (lower case): then every number of that stem does. */
export function someStemHolds(db: Db, resellerSeq: number, fragment: string): boolean {
  return stemsOf(db, resellerSeq).some((stem) => stem.includes(fragment));
}

/** The reseller's stems, kept until the database changes. */
function stemsOf(db: Db, resellerSeq: number): readonly string[] {
  return readUnlessChanged(db, `number stems ${resellerSeq}`, () =>
    cachedStatement<[number], string>(db, 'SELECT stem FROM order_number_stems WHERE reseller_seq = ?').pluck().all(resellerSeq),
  );
}
