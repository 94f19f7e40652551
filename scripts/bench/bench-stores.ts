/**
 * The two stores of the server benchmarks, side by side: the PostgreSQL cluster started, a
 * demo server over each database in a process of its own, a read-only connection to each
 * database for the plain-SQL references, and reseller A's keys in each.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import type { BenchDatabase } from './server-database.js';
import { benchPostgres, type BenchPostgres } from './server-postgres.js';
import { startServerProcess, type ServerProcess } from './server-process.js';

export interface BenchStores {
  postgres: BenchPostgres;
  sqliteServer: ServerProcess;
  postgresServer: ServerProcess;
  db: Database.Database;
  pool: pg.Pool;
  /** Reseller A in the SQLite database and in the PostgreSQL one. */
  resellerSeq: number;
  resellerId: string;
}

/**
 * Starts both stores over the benchmark data; each thing started adds its closing to the
 * front of `closers` (the cluster stops last). `postgresPool` caps the PostgreSQL server's connections.
 */
export async function startBenchStores(
  database: BenchDatabase, postgresPool: number, closers: (() => Promise<void> | void)[], print: (text: string) => void,
): Promise<BenchStores> {
  const { data } = database;
  process.stderr.write('  … starting the PostgreSQL cluster\n');
  const postgres = await benchPostgres(data, print);
  closers.push(postgres.stop);
  const sqliteServer = await startServerProcess(database.path, data.seed);
  closers.unshift(() => sqliteServer.stop());
  const postgresServer = await startServerProcess(postgres.url, data.seed, postgresPool);
  closers.unshift(() => postgresServer.stop());
  const db = new Database(database.path, { readonly: true });
  closers.unshift(() => void db.close());
  const pool = new pg.Pool({ connectionString: postgres.url, max: 2 });
  pool.on('error', () => undefined);
  closers.unshift(() => pool.end());
  const resellerSeq = db.prepare<[], { seq: number }>("SELECT seq FROM resellers WHERE token_label = 'A'").get()?.seq ?? 0;
  const resellerId = (await pool.query<{ id: string }>("SELECT id FROM resellers WHERE token_label = 'A'")).rows[0]?.id ?? '';
  return { postgres, sqliteServer, postgresServer, db, pool, resellerSeq, resellerId };
}
