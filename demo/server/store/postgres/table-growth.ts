/**
 * Gathers a table's statistics (ANALYZE) as soon as this process has doubled it, rather than
 * when autovacuum next looks (at most once a minute).
 *
 * Each connection keeps the plans of the statements it runs again and again: the store's
 * prepared statements, and the foreign-key checks PostgreSQL runs for every row written. A plan
 * made while a table was small stays when the table grows: a bulk job adds 10,000 customers
 * to a table of a few dozen in seconds, and the check that a license's customer exists, planned
 * as a scan of the table's one page, then reads the whole table for every license activated.
 * Gathering statistics invalidates the plans that read the table, so that each is made again
 * for the size the table has grown to; doubling is when a plan can have become a poor one.
 */
import type { Db } from './sql.js';

/** The tables that grow in bulk (an order's licenses, a job's rows and customers) and are read by key. */
export type GrowingTable = 'customers' | 'licenses' | 'job_rows';

/** Rows added before a table's statistics are worth gathering, however small it was. */
const AT_LEAST = 100;

export class TableGrowth {
  /** Rows added by committed transactions of this process since the table's statistics were gathered. */
  readonly #added = new Map<GrowingTable, number>();
  /** The rows each table held when its statistics were last gathered (PostgreSQL's estimate), once read. */
  readonly #rows = new Map<GrowingTable, number>();
  #gathering = false;

  /** Counts the rows a committed transaction added. */
  committed(added: ReadonlyMap<GrowingTable, number>): void {
    for (const [table, rows] of added) this.#added.set(table, (this.#added.get(table) ?? 0) + rows);
  }

  /**
   * Gathers the statistics of each table that has grown by as many rows as it held (one
   * gathering at a time: a commit meanwhile leaves it to the next). Failing to gather is not
   * the transaction's failure: it has committed, and autovacuum gathers them later anyway.
   */
  async gather(db: Db): Promise<void> {
    if (this.#gathering || this.#added.size === 0) return;
    this.#gathering = true;
    try {
      for (const [table, added] of this.#added) {
        const rows = this.#rows.get(table) ?? (await estimatedRows(db, table));
        this.#rows.set(table, rows);
        if (added < Math.max(rows, AT_LEAST)) continue;
        this.#added.delete(table);
        await db.query(`ANALYZE ${table}`);
        this.#rows.set(table, await estimatedRows(db, table));
      }
    } catch {
      // See above: the statistics are gathered again when the table has grown again.
    } finally {
      this.#gathering = false;
    }
  }
}

/** The rows PostgreSQL's statistics say the table holds (0 before they were first gathered). */
async function estimatedRows(db: Db, table: GrowingTable): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = $1::regclass', [table]);
  return rows[0]?.n ?? 0;
}
