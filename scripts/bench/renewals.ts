/**
 * `npm run bench -- renewals`: the first page of `<licenses-renewals>` on 1,000,000 orders,
 * against the 50 ms target. First the requests the element sends for it (each group's first
 * rows, each with its product, in the next 30, 60 and 90 days, the renewals counted by
 * product, the catalog, and the lapsing count it asks for while the renewing rows show), to
 * the demo backend on SQLite and on PostgreSQL side by side, each answer checked against
 * plain SQL, each loaded lightly (2 connections) in rounds that alternate the stores; then
 * the element itself in headless Chromium over HTTP.
 */
import type Database from 'better-sqlite3';
import type { Window } from '../../src/elements/licenses-renewals/renewals-data.js';
import { addDays } from '../../src/format/index.js';
import { median } from './browser/measure.js';
import { measureRenewalsElement } from './browser/renewals.js';
import { startBenchStores } from './bench-stores.js';
import { closeAll } from './closers.js';
import {
  type ReferenceAnswer, referencePostgres, referenceSqlite, RENEWALS_PAGE, type RenewalsRequest, requestPath,
} from './renewals-requests.js';
import { benchDatabase } from './server-database.js';
import { loadPaths, type LoadResult } from './server-load.js';
import type { ServerProcess } from './server-process.js';
import type { BenchSection } from './section.js';
import { type Cell, formatTable } from './table.js';

const TARGET_MS = 50;
const WINDOWS = [30, 60, 90] as const;
const ROUNDS = 2;
const ROUND_SECONDS = 2;
const WARMUP_SECONDS = 0.5;
/** Light load: as many connections as one page of the element keeps busy at a time, and a second page. */
const CONNECTIONS = 2;

export const renewalsSection: BenchSection = {
  title: `<licenses-renewals> first page on 1,000,000 orders (${TARGET_MS} ms target): its requests on SQLite and PostgreSQL, and the element in Chromium`,
  run: runRenewalsBench,
};

/** One kind of request the first page sends, with its paths (relative to the API) and what each must answer. */
interface Shape {
  name: string;
  days: number | null;
  requests: { path: string; request?: RenewalsRequest }[];
}

interface Store {
  name: 'SQLite' | 'PostgreSQL';
  server: ServerProcess;
  reference(request: RenewalsRequest): Promise<ReferenceAnswer>;
  answers: Map<string, { totals: number[]; wrong: string[] }>;
  loads: Map<string, LoadResult[]>;
}

async function runRenewalsBench(print: (text: string) => void): Promise<{ failures: string[] }> {
  const database = benchDatabase(print);
  const failures: string[] = [];
  const closers: (() => Promise<void> | void)[] = [];
  try {
    const { sqliteServer, postgresServer, db, pool, resellerSeq, resellerId } = await startBenchStores(database, 10, closers, print);
    const stores: Store[] = [
      { name: 'SQLite', server: sqliteServer, reference: (r) => Promise.resolve(referenceSqlite(db, resellerSeq, r)), answers: new Map(), loads: new Map() },
      { name: 'PostgreSQL', server: postgresServer, reference: (r) => referencePostgres(pool, resellerId, r), answers: new Map(), loads: new Map() },
    ];
    // The element's window starts on the server's today (UTC here, as the bench's clock).
    const today = new Date().toISOString().slice(0, 10);
    const shapesOf = new Map<Store, Shape[]>();
    for (const store of stores) {
      const shapes = licenseShapes(store.server, today);
      shapes.push({ name: 'catalog (prices)', days: null, requests: [{ path: `${apiPath(store.server)}/catalog` }] });
      shapesOf.set(store, shapes);
      for (const shape of shapes) {
        progress(`${store.name}, ${shape.name}${shape.days ? ` (${shape.days} days)` : ''}: checking ${shape.requests.length} answers`);
        store.answers.set(key(shape), await checkAnswers(store, shape));
      }
    }
    failures.push(...stores.flatMap((store) => [...store.answers.values()].flatMap((a) => a.wrong)));
    failures.push(...sameTotals(stores));

    for (let round = 1; round <= ROUNDS; round += 1) {
      progress(`load round ${round} of ${ROUNDS}`);
      for (const [i, shape] of shapesOf.get(stores[0]!)!.entries()) {
        for (const store of round % 2 === 1 ? stores : [...stores].reverse()) {
          const own = shapesOf.get(store)![i]!;
          const origin = new URL(store.server.apiBase).origin;
          const load = await loadPaths(origin, store.server.tokens.a, own.requests.map((r) => r.path), {
            connections: CONNECTIONS, seconds: ROUND_SECONDS, warmupSeconds: WARMUP_SECONDS,
          });
          store.loads.set(key(shape), [...(store.loads.get(key(shape)) ?? []), load]);
          if (load.errors + load.non2xx > 0) failures.push(`${store.name}, ${key(shape)}: ${load.errors} errors and ${load.non2xx} non-2xx answers under load`);
        }
      }
    }
    print(
      `Today ${today}; reseller A: ${count(db, 'orders')} orders, ${count(db, 'licenses')} licenses. Each request kind and store: ${ROUNDS} rounds ` +
        `of ${ROUND_SECONDS} s after ${WARMUP_SECONDS} s of warm-up, ${CONNECTIONS} connections, the stores alternating; p50 and p99 are ` +
        'the medians of the rounds.\n',
    );
    const rows: Cell[][] = shapesOf.get(stores[0]!)!.flatMap((_, i) => stores.map((store) => resultRow(store, shapesOf.get(store)![i]!)));
    print(formatTable(['request', 'days', 'store', 'paths', 'req/s', 'p50 ms', 'p99 ms', 'total', 'answers', `p99 ≤ ${TARGET_MS} ms`], rows));
    await closeAll(closers.splice(0));

    print('');
    failures.push(...(await measureRenewalsElement(database.path, database.data.seed, print)));
  } finally {
    await closeAll(closers);
  }
  return { failures };
}

/** Each window's rows of both groups, the renewals counted by product and the lapsing count, as the element asks for them. */
function licenseShapes(server: ServerProcess, today: string): Shape[] {
  const base = apiPath(server);
  const one = (request: RenewalsRequest) => ({ path: requestPath(base, request), request });
  return WINDOWS.flatMap((days): Shape[] => {
    const window: Window = { from: today, to: addDays(today, days) };
    return [
      { name: "rows, 'will lapse'", days, requests: [one({ kind: 'rows', group: 'lapse', window, limit: RENEWALS_PAGE })] },
      { name: "rows, 'will renew'", days, requests: [one({ kind: 'rows', group: 'renew', window, limit: RENEWALS_PAGE })] },
      { name: "counts by product, 'will renew'", days, requests: [one({ kind: 'counts', group: 'renew', window })] },
      { name: "count, 'will lapse' (renewing rows shown)", days, requests: [one({ kind: 'counts', group: 'lapse', window })] },
    ];
  });
}

/** An answer of the catalog, a page of licenses or their counts. */
interface Answer {
  items?: { id: string; product?: { id: string } }[];
  total?: number;
  byProduct?: { product: { id: string }; count: number }[];
}

async function checkAnswers(store: Store, shape: Shape): Promise<{ totals: number[]; wrong: string[] }> {
  const checked = { totals: [] as number[], wrong: [] as string[] };
  for (const { path, request } of shape.requests) {
    const answer = await getJson<Answer>(store.server, path, true);
    if (request === undefined) {
      // The catalog answers its products.
      if (!answer.items?.length) checked.wrong.push(`${store.name}, ${path}: not what was asked for`);
      continue;
    }
    const want = await store.reference(request);
    checked.totals.push(answer.total ?? Number.NaN);
    if (answer.total !== want.total) checked.wrong.push(`${store.name}, ${path}: total ${answer.total}, expected ${want.total}`);
    if (request.kind === 'counts') {
      const counts = (answer.byProduct ?? []).map((c) => `${c.product.id}:${c.count}`);
      if (counts.join() !== want.products.join()) checked.wrong.push(`${store.name}, ${path}: counts ${counts.join()}, expected ${want.products.join()}`);
      continue;
    }
    const items = answer.items ?? [];
    const ids = items.map((item) => item.id);
    if (ids.join() !== want.ids.join()) checked.wrong.push(`${store.name}, ${path}: the page holds other licenses`);
    else if (items.map((item) => item.product?.id).join() !== want.products.join()) checked.wrong.push(`${store.name}, ${path}: the page names other products`);
  }
  return checked;
}

/** Both databases hold the same data: their totals must agree. */
function sameTotals(stores: readonly Store[]): string[] {
  const [a, b] = stores;
  if (!a || !b) return [];
  return [...a.answers].flatMap(([name, checked]) => {
    const other = b.answers.get(name);
    return other && other.totals.join() !== checked.totals.join() ? [`${name}: the totals differ between SQLite and PostgreSQL`] : [];
  });
}

function resultRow(store: Store, shape: Shape): Cell[] {
  const rounds = store.loads.get(key(shape)) ?? [];
  const checked = store.answers.get(key(shape));
  const totals = checked?.totals ?? [];
  const total = totals.length === 0 ? '' : totals.length === 1 ? totals[0]!.toLocaleString('en') : `${Math.min(...totals).toLocaleString('en')}–${Math.max(...totals).toLocaleString('en')}`;
  // A round in which no answer came back within its seconds has no latencies: it counts as slower than the round.
  const answered = rounds.filter((r) => Number.isFinite(r.p99));
  const slower = `> ${ROUND_SECONDS * 1000}`;
  const latency = (values: number[]) => (answered.length < rounds.length / 2 || values.length === 0 ? slower : median(values).toFixed(1));
  const p99 = answered.length < rounds.length / 2 ? Number.POSITIVE_INFINITY : median(answered.map((r) => r.p99));
  return [
    shape.name, shape.days ?? '', store.name, shape.requests.length, Math.round(median(rounds.map((r) => r.perSecond))).toLocaleString('en'),
    latency(answered.map((r) => r.p50)), latency(answered.map((r) => r.p99)), total,
    checked === undefined ? '' : checked.wrong.length === 0 ? 'ok' : `WRONG ${checked.wrong.length}`, p99 <= TARGET_MS ? 'PASS' : 'FAIL',
  ];
}

function key(shape: Shape): string {
  return `${shape.name}${shape.days ? `, ${shape.days} days` : ''}`;
}

function apiPath(server: ServerProcess): string {
  return new URL(server.apiBase).pathname;
}

async function getJson<T>(server: ServerProcess, path: string, absolute = false): Promise<T> {
  const url = new URL(absolute ? path : `${apiPath(server)}${path}`, server.apiBase);
  const get = () => fetch(url, { headers: { authorization: `Bearer ${server.tokens.a}` } });
  const response = await get().catch(get);
  if (!response.ok) throw new Error(`GET ${url.pathname}${url.search} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

function count(db: Database.Database, table: 'orders' | 'licenses'): string {
  return (db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table} WHERE reseller_seq = (SELECT seq FROM resellers WHERE token_label = 'A')`).get()?.n ?? 0).toLocaleString('en');
}

function progress(line: string): void {
  process.stderr.write(`  … ${line}\n`);
}
