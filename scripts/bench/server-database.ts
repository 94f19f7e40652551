/**
 * The server benchmark's data: a demo database of 1,000,000 orders at `.bench/bench-1m.sqlite`,
 * built once and reused while its marker file says it holds the same data. The world is
 * built around the end of the UTC day it is seeded on, so its 'today' holds a whole day of
 * orders whenever the benchmark runs.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDemoWorld } from '../../src/api/memory/demo-data.js';
import Database from 'better-sqlite3';
import { openDatabase, readMeta, SCHEMA_VERSION } from '../../demo/server/store/sqlite/database.js';
import { ROOT, removeDatabaseFiles } from '../../demo/server/paths.js';
import { seedDatabase } from '../../demo/server/store/sqlite/seed.js';

/** What the benchmark database holds; a marker that differs means it is built again. */
export interface BenchData {
  seed: number;
  orders: number;
  bigOrderLicenses: number;
  /** Orders whose one-year terms end over the next 120 days (the renewals view's windows). */
  dueOrders: number;
  /** The instant the demo world was built around (ISO 8601). */
  today: string;
  /** When the seed finished, as recorded in the database's `meta` table. */
  seededAt: string;
  /** How long building it took, in milliseconds. */
  buildMs: number;
}

/** The benchmark database and its marker. */
export interface BenchDatabase {
  path: string;
  data: BenchData;
  /** True when it was built by this run rather than reused. */
  built: boolean;
}

/**
 * The data both stores of the benchmark hold: a quarter of the orders were bought a year
 * before a day of the next 120 days, as in a book of a whole year's sales, so that the
 * renewals view's windows hold what such a reseller's would (some 200,000 licenses a month).
 */
export const WANTED = { seed: 1, orders: 1_000_000, bigOrderLicenses: 5_000, dueOrders: 250_000 } as const;
/** Where the benchmark keeps its databases (git-ignored). */
export const DIRECTORY = join(ROOT, '.bench');
const DATABASE = join(DIRECTORY, 'bench-1m.sqlite');
const MARKER = `${DATABASE}.json`;

/** Reuses the benchmark database when its marker matches, or builds it, saying so and how long it took. */
export function benchDatabase(log: (line: string) => void): BenchDatabase {
  const reusable = reusableData(log);
  if (reusable) return { path: DATABASE, data: reusable, built: false };
  log(`Building ${relative(DATABASE)}: ${WANTED.orders.toLocaleString('en')} orders (seed ${WANTED.seed}); this takes a minute or two…`);
  const data = build(log);
  log(`Built ${relative(DATABASE)} in ${(data.buildMs / 1000).toFixed(1)} s.`);
  return { path: DATABASE, data, built: true };
}

function reusableData(log: (line: string) => void): BenchData | null {
  if (!existsSync(DATABASE) || !existsSync(MARKER)) return null;
  let marker: BenchData;
  try {
    marker = JSON.parse(readFileSync(MARKER, 'utf8')) as BenchData;
  } catch {
    return null;
  }
  const same =
    marker.seed === WANTED.seed && marker.orders === WANTED.orders && marker.bigOrderLicenses === WANTED.bigOrderLicenses &&
    marker.dueOrders === WANTED.dueOrders;
  if (!same) return null;
  const version = new Database(DATABASE, { readonly: true });
  const outdated = Number(version.pragma('user_version', { simple: true })) < SCHEMA_VERSION;
  version.close();
  if (outdated) log(`Bringing the schema of ${relative(DATABASE)} up to date (once; this may take a minute)…`);
  const db = openDatabase(DATABASE);
  try {
    return readMeta(db, 'seeded_at') === marker.seededAt ? marker : null;
  } finally {
    db.close();
  }
}

function build(log: (line: string) => void): BenchData {
  const started = performance.now();
  const partial = `${DATABASE}.partial`;
  removeDatabaseFiles(partial);
  removeDatabaseFiles(DATABASE);
  const today = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 + 86_399_000);
  const db = openDatabase(partial);
  let lastReport = started;
  seedDatabase(db, createDemoWorld({ ...WANTED, today }), {
    seed: WANTED.seed,
    onProgress: (written) => {
      const now = performance.now();
      if (now - lastReport < 10_000) return;
      lastReport = now;
      log(`  ${written.toLocaleString('en')} orders after ${((now - started) / 1000).toFixed(0)} s`);
    },
  });
  db.pragma('wal_checkpoint(TRUNCATE)');
  const seededAt = readMeta(db, 'seeded_at') ?? '';
  db.close();
  for (const suffix of ['-wal', '-shm']) rmSync(partial + suffix, { force: true });
  renameSync(partial, DATABASE);
  const data: BenchData = { ...WANTED, today: today.toISOString(), seededAt, buildMs: Math.round(performance.now() - started) };
  writeFileSync(MARKER, `${JSON.stringify(data, null, 2)}\n`);
  return data;
}

/** `path` relative to the repository, for messages. */
export function relative(path: string): string {
  return path.startsWith(ROOT) ? path.slice(ROOT.length + 1) : path;
}
