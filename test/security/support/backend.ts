/**
 * A demo backend on a temporary database file, and a read-only look into that file to check
 * what requests did (or did not do) to the data.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import Database from 'better-sqlite3';
import { type DemoServerOptions, type StartedDemoServer, startDemoServer } from '../../../demo/server/start.js';

export type ReadOnlyDb = Database.Database;

export interface Backend {
  server: StartedDemoServer;
  db: ReadOnlyDb;
}

/** Starts a backend on a fresh file before the file's tests and removes it after them. */
export function useBackend(options: DemoServerOptions = {}): () => Backend {
  let dir: string | undefined;
  let backend: Backend | undefined;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'license-desk-security-'));
    const databasePath = join(dir, 'demo.sqlite');
    const server = await startDemoServer({ databasePath, orders: 60, bigOrderLicenses: 40, ...options });
    backend = { server, db: openReadOnly(databasePath) };
  });
  after(async () => {
    backend?.db.close();
    await backend?.server.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (!backend) throw new Error('The backend has not started');
    return backend;
  };
}

export function openReadOnly(path: string): ReadOnlyDb {
  return new Database(path, { readonly: true, fileMustExist: true });
}

/** Row count and a hash of every row, per table (and of the schema), leaving out `except`. */
export function digest(db: ReadOnlyDb, except: readonly string[] = []): Record<string, string> {
  const tables = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
    .map((t) => t.name)
    // An FTS5 table's shadow tables (`<name>_data`, `<name>_idx`, …) go with it.
    .filter((name) => !except.some((skipped) => name === skipped || name.startsWith(`${skipped}_`)));
  const result: Record<string, string> = { schema: hashRows(db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all()) };
  for (const table of tables) {
    const rows = db.prepare(`SELECT * FROM "${table}"`).all();
    result[table] = `${rows.length} rows, ${hashRows(rows)}`;
  }
  return result;
}

function hashRows(rows: unknown[]): string {
  const lines = rows.map((row) => JSON.stringify(row, (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString('hex') : value))).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16);
}

/** The reseller's internal key by its token label. */
export function resellerSeq(db: ReadOnlyDb, label: 'A' | 'B'): number {
  const row = db.prepare<[string], { seq: number }>('SELECT seq FROM resellers WHERE token_label = ?').get(label);
  if (!row) throw new Error(`No reseller ${label}`);
  return row.seq;
}

/** Orders whose stored quantity, active and available counts do not match their licenses. */
export function ordersWithWrongCounts(db: ReadOnlyDb): unknown[] {
  return db
    .prepare(
      `SELECT o.id, o.state, o.quantity, o.active_count, o.available_count, count(l.seq) AS licenses,
         coalesce(sum(l.activated_at IS NOT NULL AND l.expired_at IS NULL), 0) AS active,
         coalesce(sum(l.activated_at IS NULL AND l.expired_at IS NULL), 0) AS available
       FROM orders o LEFT JOIN licenses l ON l.order_seq = o.seq
       GROUP BY o.seq
       HAVING o.quantity != licenses
         OR o.active_count != (CASE WHEN o.state = 'refunded' THEN 0 ELSE active END)
         OR o.available_count != (CASE WHEN o.state = 'refunded' THEN 0 ELSE available END)`,
    )
    .all();
}

/** The licenses that have more than one activation email in the outbox. */
export function licensesEmailedTwice(db: ReadOnlyDb): unknown[] {
  return db
    .prepare(
      `SELECT l.id, count(*) AS emails FROM outbox m JOIN licenses l ON l.seq = m.license_seq
       WHERE m.kind = 'activation' GROUP BY m.license_seq HAVING count(*) > 1`,
    )
    .all();
}
