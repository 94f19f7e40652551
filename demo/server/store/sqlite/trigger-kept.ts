/** Tables derived from others and kept exact by triggers: their rebuild after a bulk load. */
import type { Db } from './database.js';

/** A table derived from others, the statements that fill it afresh, and the triggers that keep it exact. */
export interface TriggerKept {
  table: string;
  fill: string;
  triggers: Readonly<Record<string, string>>;
}

/** Drops the table's triggers before a bulk load. */
export function dropTriggers(db: Db, kept: TriggerKept): void {
  for (const name of Object.keys(kept.triggers)) db.exec(`DROP TRIGGER IF EXISTS ${name}`);
}

/**
 * When some of the table's triggers are missing (after a bulk load, or the migration that made
 * the table), fills it afresh and creates them, in one transaction. Nothing when the table
 * itself is missing: an older schema, which a migration brings up to date first.
 */
export function recreateWhenMissing(db: Db, kept: TriggerKept): void {
  const hasTrigger = db.prepare<[string], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name = ?");
  const hasTable = db.prepare<[string], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?");
  if (hasTable.get(kept.table) === undefined) return;
  if (Object.keys(kept.triggers).every((name) => hasTrigger.get(name) !== undefined)) return;
  db.transaction(() => {
    dropTriggers(db, kept);
    db.exec(`DELETE FROM ${kept.table}; ${kept.fill}`);
    for (const [name, body] of Object.entries(kept.triggers)) db.exec(`CREATE TRIGGER ${name} ${body};`);
  })();
}
