/**
 * `npm run bench -- server`: the demo backend on 1,000,000 orders, over SQLite and over
 * PostgreSQL side by side. Starts both on loopback, each in its own process, over the
 * benchmark databases (the same data in each), checks each search shape's answers against
 * plain SQL on each store's schema, loads each shape with 10 connections in rounds
 * interleaved across shapes and stores (the machine may be shared, and noise then touches
 * both stores alike), and prints one table of req/s, p50 and p99 per shape and store against
 * the 25 ms p99 target, then SQLite's plan and PostgreSQL's analyzed plan of every statement
 * each shape runs. `BENCH_SHAPES=q:,deep` runs only the shapes whose name holds one of the
 * comma-separated parts (for iterating on a few shapes; the table then lists only those).
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { startBenchStores } from './bench-stores.js';
import { closeAll } from './closers.js';
import { benchDatabase } from './server-database.js';
import { loadPaths, type LoadResult } from './server-load.js';
import { PlanRecorder, type StatementPlan } from './server-plans.js';
import { PostgresPlanRecorder } from './server-plans-postgres.js';
import { BENCH_SETTINGS, type BenchPostgres } from './server-postgres.js';
import type { ServerProcess } from './server-process.js';
import { type ReferencePage, referencePage, referencePagePostgres } from './server-reference.js';
import { type OrdersQueryFields, pickShapes, type SearchShape } from './server-shapes.js';
import type { BenchSection } from './section.js';
import { type Cell, formatTable } from './table.js';

const TARGET_P99_MS = 25;
const PAGE = 25;
/** Deep paging follows this many pages, and loads the pages at every eighth of the way. */
const DEEP_PAGES = 2_000;
/** Load rounds per shape and store, and their measured and warm-up seconds. */
const ROUNDS = 3;
const ROUND_SECONDS = 3;
const WARMUP_SECONDS = 1;
/** The PostgreSQL connections of the server (its default), as many as the load's connections. */
const POSTGRES_POOL = 10;

/** The server section of `npm run bench`. */
export const serverSection: BenchSection = {
  title:
    `demo backend on SQLite and on PostgreSQL, ${TARGET_P99_MS} ms p99 target per search shape on 1,000,000 orders ` +
    '(autocannon, 10 connections, loopback)',
  run: runServerBench,
};

/** One store under test: its server, its shapes (deep paging follows its own cursors) and what they gave. */
interface Store {
  name: 'SQLite' | 'PostgreSQL';
  server: ServerProcess;
  shapes: SearchShape[];
  checks: Map<string, Checked>;
  loads: Map<string, LoadResult[]>;
}

async function runServerBench(print: (text: string) => void): Promise<{ failures: string[] }> {
  const database = benchDatabase(print);
  const { data } = database;
  const failures: string[] = [];
  const closers: (() => Promise<void> | void)[] = [];
  try {
    const { postgres, sqliteServer, postgresServer, db, pool, resellerSeq, resellerId } = await startBenchStores(database, POSTGRES_POOL, closers, print);
    print(describeData(db, database.path, data.today, database.built ? 'built by this run' : 'reused', data.buildMs));
    print(await describePostgres(pool, postgres));
    const picked = pickShapes(db, resellerSeq, data.today).filter((shape) => chosen(shape.name));
    const stores: Store[] = [];
    for (const [name, server] of [['SQLite', sqliteServer], ['PostgreSQL', postgresServer]] as const) {
      const shapes = chosen(DEEP_PAGING) ? [...picked, await deepPaging(server, name)] : picked;
      stores.push({ name, server, shapes, checks: new Map(), loads: new Map() });
    }
    for (const store of stores) {
      for (const shape of store.shapes) {
        progress(`${store.name}, ${shape.name}: checking ${shape.queries.length === 1 ? 'its answer' : `${shape.queries.length} answers`} against plain SQL`);
        const reference = store.name === 'SQLite'
          ? (query: OrdersQueryFields, offset: number) => Promise.resolve(referencePage(db, resellerSeq, query, offset, PAGE))
          : (query: OrdersQueryFields, offset: number) => referencePagePostgres(pool, resellerId, query, offset, PAGE);
        const checked = await checkAnswers(store, shape, reference);
        failures.push(...checked.wrong);
        store.checks.set(shape.name, checked);
      }
    }
    failures.push(...sameData(stores));
    await loadInRounds(stores);
    for (const store of stores) {
      for (const [shape, rounds] of store.loads) {
        const errors = sum(rounds.map((r) => r.errors));
        const non2xx = sum(rounds.map((r) => r.non2xx));
        if (errors + non2xx > 0) failures.push(`${store.name}, ${shape}: ${errors} errors and ${non2xx} non-2xx answers under load`);
      }
    }
    print(
      `Each shape and store: ${ROUNDS} rounds of ${ROUND_SECONDS} s after a ${WARMUP_SECONDS} s warm-up, rounds interleaved ` +
        'across shapes and stores (the stores\' order alternating from round to round); req/s, p50 and p99 are the medians ' +
        'of the rounds, "worst p99" the slowest round\'s.\n',
    );
    const rows = stores[0]!.shapes.map((shape) => shape.name).flatMap((name) =>
      stores.map((store) => resultRow(store, name)),
    );
    print(formatTable(
      ['shape', 'store', 'values', 'req/s', 'p50 ms', 'p99 ms', 'worst p99', 'errors', 'non-2xx', 'total', 'answers', `p99 ≤ ${TARGET_P99_MS} ms`],
      rows,
    ));

    const sqlite = stores[0]!;
    const recorder = new PlanRecorder(db, resellerSeq);
    print('\nSQLite query plans (EXPLAIN QUERY PLAN of each statement a search runs, for its first value):\n');
    print(sqlite.shapes.map((shape) => describePlans(shape, recorder.explain(shape.queries[0] ?? {}))).join('\n\n'));

    const postgresStore = stores[1]!;
    const pgRecorder = new PostgresPlanRecorder(postgres.url, resellerId);
    closers.unshift(() => pgRecorder.close());
    print(
      '\nPostgreSQL query plans (EXPLAIN (ANALYZE, BUFFERS) of each distinct statement a search runs, over all its values, ' +
        'with the parameters of the first value that ran it, after the same search once):\n',
    );
    const pgPlans: string[] = [];
    for (const shape of postgresStore.shapes) pgPlans.push(describePlans(shape, await pgRecorder.explain(shape.queries)));
    print(pgPlans.join('\n\n'));
  } finally {
    await closeAll(closers);
  }
  return { failures };
}

/**
 * Loads every shape on every store ROUNDS times: a round of each shape after the other, and
 * within a shape one store right after the other (the first store alternating by round), so
 * that a noisy moment spreads over all shapes and touches both stores alike.
 */
async function loadInRounds(stores: readonly Store[]): Promise<void> {
  const shapes = stores[0]?.shapes.length ?? 0;
  for (let round = 1; round <= ROUNDS; round += 1) {
    progress(`load round ${round} of ${ROUNDS}: ${shapes} shapes on ${stores.length} stores, ${ROUND_SECONDS + WARMUP_SECONDS} s each`);
    const order = round % 2 === 1 ? stores : [...stores].reverse();
    for (let i = 0; i < shapes; i += 1) {
      for (const store of order) {
        const shape = store.shapes[i]!;
        const paths = shape.queries.map((query) => ordersPath(store.server, query));
        const origin = new URL(store.server.apiBase).origin;
        const load = await loadPaths(origin, store.server.tokens.a, paths, { seconds: ROUND_SECONDS, warmupSeconds: WARMUP_SECONDS });
        store.loads.set(shape.name, [...(store.loads.get(shape.name) ?? []), load]);
      }
    }
  }
}

/** Both databases must hold the same data: the reference totals of each query must agree. */
function sameData(stores: readonly Store[]): string[] {
  const [a, b] = stores;
  if (!a || !b) return [];
  const wrong: string[] = [];
  for (const [name, checked] of a.checks) {
    const other = b.checks.get(name);
    if (other && other.expected.join() !== checked.expected.join()) {
      wrong.push(`${name}: the reference totals differ between ${a.name} (${checked.expected.join(', ')}) and ${b.name} (${other.expected.join(', ')})`);
    }
  }
  return wrong;
}

function describeData(db: Database.Database, path: string, today: string, how: string, buildMs: number): string {
  const count = (table: string) => db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()?.n.toLocaleString('en');
  return [
    `SQLite: ${path.slice(path.lastIndexOf('.bench'))} (${how}; building it took ${(buildMs / 1000).toFixed(1)} s)`,
    `  ${count('orders')} orders, ${count('licenses')} licenses, ${count('customers')} customers; built around ${today}`,
  ].join('\n');
}

async function describePostgres(pool: pg.Pool, postgres: BenchPostgres): Promise<string> {
  const count = async (table: string) =>
    Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n ?? 0).toLocaleString('en');
  const size = (await pool.query<{ size: string }>('SELECT pg_size_pretty(pg_database_size(current_database())) AS size')).rows[0]?.size;
  const how = postgres.built ? 'seeded by this run' : 'reused';
  return [
    `PostgreSQL: ${postgres.version}, cluster .bench/pg-1m (${how}; seeding it took ${(postgres.data.buildMs / 1000).toFixed(1)} s; ${size ?? '?'})`,
    `  ${await count('orders')} orders, ${await count('licenses')} licenses, ${await count('customers')} customers; built around ${postgres.data.today}`,
    `  settings: ${Object.entries(BENCH_SETTINGS).map(([name, value]) => `${name}=${value}`).join(', ')}; the server's pool: ${POSTGRES_POOL} connections`,
    '',
  ].join('\n');
}

const DEEP_PAGING = 'deep cursor paging';

/** Whether the shape named `name` runs: all do unless BENCH_SHAPES names some (see the file's comment). */
function chosen(name: string): boolean {
  const parts = (process.env.BENCH_SHAPES ?? '').split(',').filter((part) => part !== '');
  return parts.length === 0 || parts.some((part) => name.includes(part));
}

/** Deep paging: follows nextCursor from the first page of all orders, keeping cursors along the way. */
async function deepPaging(server: ServerProcess, storeName: string): Promise<SearchShape> {
  progress(`${storeName}, deep paging: following nextCursor ${DEEP_PAGES.toLocaleString('en')} pages deep`);
  const queries: OrdersQueryFields[] = [];
  const offsets: number[] = [];
  let cursor: string | null = null;
  for (let page = 1; page <= DEEP_PAGES; page += 1) {
    const answer = await getOrders(server, cursor === null ? {} : { cursor });
    cursor = answer.nextCursor;
    if (cursor === null) throw new Error(`The search of all orders ended after ${page} pages`);
    if (page % (DEEP_PAGES / 8) === 0) {
      queries.push({ cursor });
      offsets.push(page * PAGE);
    }
  }
  return { name: DEEP_PAGING, what: `all orders, pages ${DEEP_PAGES / 8}…${DEEP_PAGES} of ${PAGE}`, queries, offsets };
}

interface Checked {
  /** The totals the server answered. */
  totals: number[];
  /** The totals plain SQL found. */
  expected: number[];
  wrong: string[];
}

/** Compares each query's first page and total with the plain-SQL reference of the store's schema. */
async function checkAnswers(
  store: Store, shape: SearchShape, reference: (query: OrdersQueryFields, offset: number) => Promise<ReferencePage>,
): Promise<Checked> {
  const checked: Checked = { totals: [], expected: [], wrong: [] };
  for (const [i, query] of shape.queries.entries()) {
    const answer = await getOrders(store.server, query);
    const { cursor: _cursor, ...filters } = query;
    const want = await reference(filters, shape.offsets?.[i] ?? 0);
    const ids = answer.items.map((item) => item.id);
    checked.totals.push(answer.total);
    checked.expected.push(want.total);
    const where = `${store.name}, ${shape.name} ${JSON.stringify(query)}`;
    if (answer.total !== want.total) checked.wrong.push(`${where}: total ${answer.total}, expected ${want.total}`);
    if (ids.join() !== want.ids.join()) checked.wrong.push(`${where}: the page holds other orders`);
  }
  return checked;
}

interface OrdersAnswer {
  items: { id: string }[];
  nextCursor: string | null;
  total: number;
}

async function getOrders(server: ServerProcess, query: OrdersQueryFields): Promise<OrdersAnswer> {
  const url = new URL(ordersPath(server, query), server.apiBase);
  const get = () => fetch(url, { headers: { authorization: `Bearer ${server.tokens.a}` } });
  // A slow plain-SQL reference can outlast the server's keep-alive: a connection it closed
  // meanwhile fails once, and the request (a GET) is simply sent again.
  const response = await get().catch(get);
  if (!response.ok) throw new Error(`GET /orders ${JSON.stringify(query)} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as OrdersAnswer;
}

function ordersPath(server: ServerProcess, query: OrdersQueryFields): string {
  const search = new URLSearchParams(query).toString();
  return `${new URL(server.apiBase).pathname}/orders${search ? `?${search}` : ''}`;
}

function resultRow(store: Store, shapeName: string): Cell[] {
  const shape = store.shapes.find((s) => s.name === shapeName);
  const rounds = store.loads.get(shapeName) ?? [];
  const checked = store.checks.get(shapeName) ?? { totals: [], expected: [], wrong: [] };
  if (!shape || rounds.length === 0) return [shapeName, store.name];
  const low = Math.min(...checked.totals);
  const high = Math.max(...checked.totals);
  const total = low === high ? low.toLocaleString('en') : `${low.toLocaleString('en')}–${high.toLocaleString('en')}`;
  const answers = checked.wrong.length === 0 ? `ok ${checked.totals.length}/${checked.totals.length}` : `WRONG ${checked.wrong.length}`;
  const p99 = median(rounds.map((r) => r.p99));
  return [
    shape.name, store.name, shape.queries.length, Math.round(median(rounds.map((r) => r.perSecond))).toLocaleString('en'),
    median(rounds.map((r) => r.p50)).toFixed(1), p99.toFixed(1), Math.max(...rounds.map((r) => r.p99)).toFixed(1),
    sum(rounds.map((r) => r.errors)), sum(rounds.map((r) => r.non2xx)), total, answers, p99 <= TARGET_P99_MS ? 'PASS' : 'FAIL',
  ];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function describePlans(shape: SearchShape, plans: readonly StatementPlan[]): string {
  const first = shape.queries[0] ?? {};
  const statements = plans.map(({ sql, plan }) => `  ${sql}\n${plan.map((step) => `    ${step}`).join('\n')}`);
  const shown = JSON.stringify(first, (key, value: unknown) => (key === 'cursor' && typeof value === 'string' ? `${value.slice(0, 12)}…` : value));
  return `${shape.name} (${shape.what}) ${shown}\n${statements.join('\n')}`;
}

function progress(line: string): void {
  process.stderr.write(`  … ${line}\n`);
}
