/**
 * `npm run seed -- [--orders N] [--seed N] [--big-order N] [--database PATH|URL]`: builds a
 * fresh demo database (replacing the SQLite file, or the demo's tables in the PostgreSQL
 * database of a `postgres://` URL, which DATABASE_URL also gives) and prints how long it
 * took. For benchmarks: `npm run seed -- --orders 1000000`.
 */
import { parseArgs } from 'node:util';
import { createDemoWorld } from '../../../src/api/memory/demo-data.js';
import { openDatabase } from '../store/sqlite/database.js';
import { seedDatabase } from '../store/sqlite/seed.js';
import { defaultDatabasePath, removeDatabaseFiles } from '../paths.js';
import { isPostgresUrl } from '../store/open.js';
import { openPostgresStore } from '../store/postgres/postgres-store.js';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '320' },
    seed: { type: 'string', default: process.env.SEED ?? '1' },
    'big-order': { type: 'string', default: '5000' },
    database: { type: 'string', default: process.env.DATABASE_URL || process.env.DATABASE_PATH || defaultDatabasePath() },
  },
});

const orders = wholeNumber('--orders', values.orders);
const seed = wholeNumber('--seed', values.seed);
const bigOrderLicenses = wholeNumber('--big-order', values['big-order']);
const path = values.database;

const started = performance.now();
const world = createDemoWorld({ seed, orders, bigOrderLicenses });
let lastReport = started;
const onProgress = (written: number) => {
  const now = performance.now();
  if (now - lastReport < 2_000) return;
  lastReport = now;
  process.stdout.write(`  ${written.toLocaleString('en')} orders after ${seconds(now - started)}\n`);
};
let summary: { orders: number; licenses: number; customers: number };
if (isPostgresUrl(path)) {
  const store = await openPostgresStore(path);
  try {
    await store.reset();
    summary = await store.seedWith(world, { seed, onProgress });
  } finally {
    await store.close();
  }
} else {
  removeDatabaseFiles(path);
  const db = openDatabase(path);
  summary = seedDatabase(db, world, { seed, onProgress });
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}
const took = seconds(performance.now() - started);
console.log(
  `Seeded ${isPostgresUrl(path) ? 'the PostgreSQL database' : path}: ${summary.orders.toLocaleString('en')} orders, ` +
    `${summary.licenses.toLocaleString('en')} licenses, ${summary.customers.toLocaleString('en')} customers in ${took} (seed ${seed}).`,
);

function wholeNumber(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) {
    console.error(`${flag} must be a whole number, got ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return value;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
