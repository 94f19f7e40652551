/** Tables derived from orders and licenses and kept exact by triggers: their rebuild after a bulk load. */
import type { PoolClient } from 'pg';

/** A table derived from orders and licenses: its functions, the statements that fill it afresh, and its triggers (on orders or licenses). */
export interface TriggerKept {
  table: string;
  functions: string;
  fill: string;
  triggers: Readonly<Record<string, string>>;
  /** Triggers on licenses and functions that earlier versions kept the table with, dropped with the others. */
  retired?: { triggers: readonly string[]; functions: readonly string[] };
}

/** Drops the table's triggers (and those of earlier versions) before a bulk load. */
export async function dropTriggers(client: PoolClient, kept: TriggerKept): Promise<void> {
  for (const [name, definition] of Object.entries(kept.triggers)) {
    await client.query(`DROP TRIGGER IF EXISTS ${name} ON ${definition.includes(' ON orders ') ? 'orders' : 'licenses'}`);
  }
  for (const name of kept.retired?.triggers ?? []) await client.query(`DROP TRIGGER IF EXISTS ${name} ON licenses`);
  for (const name of kept.retired?.functions ?? []) await client.query(`DROP FUNCTION IF EXISTS ${name}()`);
}

/**
 * When some of the table's triggers are missing (after a bulk load, or the migration that made
 * the table), fills it afresh and creates them, in one transaction that holds the licenses and
 * orders still meanwhile.
 */
export async function recreateWhenMissing(client: PoolClient, kept: TriggerKept): Promise<void> {
  const { rows } = await client.query<{ tgname: string }>(
    "SELECT tgname FROM pg_trigger WHERE tgrelid IN ('licenses'::regclass, 'orders'::regclass) AND tgname = ANY($1::text[])",
    [Object.keys(kept.triggers)],
  );
  if (rows.length === Object.keys(kept.triggers).length) return;
  await client.query('BEGIN');
  try {
    await client.query('LOCK TABLE licenses, orders IN SHARE MODE');
    await dropTriggers(client, kept);
    await client.query(kept.functions);
    await client.query(`DELETE FROM ${kept.table}; ${kept.fill}`);
    for (const [name, definition] of Object.entries(kept.triggers)) await client.query(`CREATE TRIGGER ${name} ${definition}`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}
