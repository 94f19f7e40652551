/**
 * `npm run bench -- server`: the demo backend on 1,000,000 orders. Starts it on loopback over
 * the benchmark database, checks each search shape's answers against plain SQL, loads each
 * shape with 10 connections in rounds interleaved across shapes (the machine may be shared),
 * and prints req/s, p50 and p99 against the 25 ms p99 target, then SQLite's plan of every
 * statement each shape runs.
 */
import Database from 'better-sqlite3';
import { benchDatabase } from './server-database.js';
import { loadPaths, type LoadResult } from './server-load.js';
import { PlanRecorder } from './server-plans.js';
import { startServerProcess, type ServerProcess } from './server-process.js';
import { referencePage } from './server-reference.js';
import { type OrdersQueryFields, pickShapes, type SearchShape } from './server-shapes.js';
import type { BenchSection } from './section.js';
import { type Cell, formatTable } from './table.js';

const TARGET_P99_MS = 25;
const PAGE = 25;
/** Deep paging follows this many pages, and loads the pages at every eighth of the way. */
const DEEP_PAGES = 2_000;
/** Load rounds per shape, and their measured and warm-up seconds. */
const ROUNDS = 3;
const ROUND_SECONDS = 3;
const WARMUP_SECONDS = 1;

/** The server section of `npm run bench`. */
export const serverSection: BenchSection = {
  title: `demo backend, ${TARGET_P99_MS} ms p99 target per search shape on 1,000,000 orders (autocannon, 10 connections, loopback)`,
  run: runServerBench,
};

async function runServerBench(print: (text: string) => void): Promise<{ failures: string[] }> {
  const database = benchDatabase(print);
  const { data } = database;
  const server = await startServerProcess(database.path, data.seed);
  const db = new Database(database.path, { readonly: true });
  const failures: string[] = [];
  try {
    const resellerSeq = db.prepare<[], { seq: number }>("SELECT seq FROM resellers WHERE token_label = 'A'").get()?.seq ?? 0;
    print(describeData(db, database.path, data.today, database.built ? 'built by this run' : 'reused', data.buildMs));
    const shapes = [...pickShapes(db, resellerSeq, data.today), await deepPaging(server)];
    const checks = new Map<SearchShape, Checked>();
    for (const shape of shapes) {
      progress(`${shape.name}: checking ${shape.queries.length === 1 ? 'its answer' : `${shape.queries.length} answers`} against plain SQL`);
      const checked = await checkAnswers(server, db, resellerSeq, shape);
      failures.push(...checked.wrong);
      checks.set(shape, checked);
    }
    const loads = await loadInRounds(server, shapes);
    for (const [shape, rounds] of loads) {
      const errors = sum(rounds.map((r) => r.errors));
      const non2xx = sum(rounds.map((r) => r.non2xx));
      if (errors + non2xx > 0) failures.push(`${shape.name}: ${errors} errors and ${non2xx} non-2xx answers under load`);
    }
    print(
      `Each shape: ${ROUNDS} rounds of ${ROUND_SECONDS} s after a ${WARMUP_SECONDS} s warm-up, rounds interleaved across shapes; ` +
        'req/s, p50 and p99 are the medians of the rounds, "worst p99" the slowest round\'s.\n',
    );
    const rows = shapes.map((shape) => resultRow(shape, loads.get(shape) ?? [], checks.get(shape) ?? { totals: [], wrong: [] }));
    print(formatTable(
      ['shape', 'values', 'req/s', 'p50 ms', 'p99 ms', 'worst p99', 'errors', 'non-2xx', 'total', 'answers', `p99 ≤ ${TARGET_P99_MS} ms`],
      rows,
    ));
    const recorder = new PlanRecorder(db, resellerSeq);
    print(`\nQuery plans (EXPLAIN QUERY PLAN of each statement a search runs, for its first value):\n`);
    print(shapes.map((shape) => describePlans(shape, recorder)).join('\n\n'));
  } finally {
    db.close();
    await server.stop();
  }
  return { failures };
}

/** Loads every shape ROUNDS times, a round of each shape after the other, so that a noisy moment spreads over all shapes. */
async function loadInRounds(server: ServerProcess, shapes: readonly SearchShape[]): Promise<Map<SearchShape, LoadResult[]>> {
  const results = new Map<SearchShape, LoadResult[]>(shapes.map((shape) => [shape, []]));
  const origin = new URL(server.apiBase).origin;
  for (let round = 1; round <= ROUNDS; round += 1) {
    progress(`load round ${round} of ${ROUNDS}: ${shapes.length} shapes, ${ROUND_SECONDS + WARMUP_SECONDS} s each`);
    for (const shape of shapes) {
      const paths = shape.queries.map((query) => ordersPath(server, query));
      const load = await loadPaths(origin, server.tokens.a, paths, { seconds: ROUND_SECONDS, warmupSeconds: WARMUP_SECONDS });
      results.get(shape)?.push(load);
    }
  }
  return results;
}

function describeData(db: Database.Database, path: string, today: string, how: string, buildMs: number): string {
  const count = (table: string) => db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()?.n.toLocaleString('en');
  return [
    `Database: ${path.slice(path.lastIndexOf('.bench'))} (${how}; building it took ${(buildMs / 1000).toFixed(1)} s)`,
    `  ${count('orders')} orders, ${count('licenses')} licenses, ${count('customers')} customers; built around ${today}`,
    '',
  ].join('\n');
}

/** Deep paging: follows nextCursor from the first page of all orders, keeping cursors along the way. */
async function deepPaging(server: ServerProcess): Promise<SearchShape> {
  progress(`deep paging: following nextCursor ${DEEP_PAGES.toLocaleString('en')} pages deep`);
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
  return { name: 'deep cursor paging', what: `all orders, pages ${DEEP_PAGES / 8}…${DEEP_PAGES} of ${PAGE}`, queries, offsets };
}

interface Checked {
  totals: number[];
  wrong: string[];
}

/** Compares each query's first page and total with the plain-SQL reference. */
async function checkAnswers(server: ServerProcess, db: Database.Database, resellerSeq: number, shape: SearchShape): Promise<Checked> {
  const checked: Checked = { totals: [], wrong: [] };
  for (const [i, query] of shape.queries.entries()) {
    const answer = await getOrders(server, query);
    const { cursor: _cursor, ...filters } = query;
    const want = referencePage(db, resellerSeq, filters, shape.offsets?.[i] ?? 0, PAGE);
    const ids = answer.items.map((item) => item.id);
    checked.totals.push(answer.total);
    if (answer.total !== want.total) checked.wrong.push(`${shape.name} ${JSON.stringify(query)}: total ${answer.total}, expected ${want.total}`);
    if (ids.join() !== want.ids.join()) checked.wrong.push(`${shape.name} ${JSON.stringify(query)}: the page holds other orders`);
  }
  return checked;
}

interface OrdersAnswer {
  items: { id: string }[];
  nextCursor: string | null;
  total: number;
}

async function getOrders(server: ServerProcess, query: OrdersQueryFields): Promise<OrdersAnswer> {
  const response = await fetch(new URL(ordersPath(server, query), server.apiBase), {
    headers: { authorization: `Bearer ${server.tokens.a}` },
  });
  if (!response.ok) throw new Error(`GET /orders ${JSON.stringify(query)} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as OrdersAnswer;
}

function ordersPath(server: ServerProcess, query: OrdersQueryFields): string {
  const search = new URLSearchParams(query).toString();
  return `${new URL(server.apiBase).pathname}/orders${search ? `?${search}` : ''}`;
}

function resultRow(shape: SearchShape, rounds: readonly LoadResult[], checked: Checked): Cell[] {
  const low = Math.min(...checked.totals);
  const high = Math.max(...checked.totals);
  const total = low === high ? low.toLocaleString('en') : `${low.toLocaleString('en')}–${high.toLocaleString('en')}`;
  const answers = checked.wrong.length === 0 ? `ok ${checked.totals.length}/${checked.totals.length}` : `WRONG ${checked.wrong.length}`;
  const p99 = median(rounds.map((r) => r.p99));
  return [
    shape.name, shape.queries.length, Math.round(median(rounds.map((r) => r.perSecond))).toLocaleString('en'),
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

function describePlans(shape: SearchShape, recorder: PlanRecorder): string {
  const first = shape.queries[0] ?? {};
  const statements = recorder.explain(first).map(({ sql, plan }) => `  ${sql}\n${plan.map((step) => `    ${step}`).join('\n')}`);
  const shown = JSON.stringify(first, (key, value: unknown) => (key === 'cursor' && typeof value === 'string' ? `${value.slice(0, 12)}…` : value));
  return `${shape.name} (${shape.what}) ${shown}\n${statements.join('\n')}`;
}

function progress(line: string): void {
  process.stderr.write(`  … ${line}\n`);
}
