/**
 * `npm run bench -- jobs`: the throughput of bulk jobs, over SQLite and over PostgreSQL side
 * by side. On each store the demo backend (in this process, on loopback) buys an order of
 * 10,000 licenses, then runs one 10,000-row activation job (a new customer per row) through
 * its job runner, timed from `POST /jobs` to the job's `done`. Checks that every row
 * succeeded and the order counts 10,000 activations. SQLite runs on a file in a temporary
 * folder (WAL, synchronous=NORMAL, as the demo does); PostgreSQL on a throwaway cluster of
 * the installed server binaries (fsync off), or PGlite when there are none. Besides rows/s it
 * prints this process's CPU time per row, which a busy machine disturbs less than the clock.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoServer, type DemoServerOptions, type StartedDemoServer } from '../../demo/server/start.js';
import { startPostgres } from '../../test/support/postgres.js';
import type { BenchSection } from './section.js';
import { formatTable } from './table.js';

const ROWS = 10_000;
const TARGET_ROWS_PER_SECOND = 500;

export const jobsSection: BenchSection = {
  title: `a ${ROWS.toLocaleString('en')}-row activation job on SQLite and on PostgreSQL, target ${TARGET_ROWS_PER_SECOND} rows/s each`,
  run: runJobsBench,
};

interface Measured {
  store: string;
  seconds: number;
  /** CPU time of this process (the server and its job runner) per row, in ms: less noisy than the clock on a shared machine. */
  cpuMsPerRow: number;
  failures: string[];
}

async function runJobsBench(print: (text: string) => void): Promise<{ failures: string[] }> {
  const results: Measured[] = [];
  const folder = mkdtempSync(join(tmpdir(), 'ld-bench-jobs-'));
  try {
    results.push(await measure('SQLite', { databasePath: join(folder, 'jobs.sqlite') }));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  const postgres = await startPostgres();
  try {
    const pool = postgres.poolSize ? { databasePoolSize: postgres.poolSize } : {};
    results.push(await measure(`PostgreSQL (${postgres.engine})`, { databaseUrl: postgres.url, ...pool }));
  } finally {
    await postgres.stop();
  }
  print(
    formatTable(
      ['store', 'rows', 'seconds', 'rows/s', `target ${TARGET_ROWS_PER_SECOND}`, 'Node CPU ms/row'],
      results.map((r) => {
        const rate = ROWS / r.seconds;
        return [r.store, ROWS, r.seconds.toFixed(2), Math.round(rate), rate >= TARGET_ROWS_PER_SECOND ? 'met' : 'missed', r.cpuMsPerRow.toFixed(2)];
      }),
    ),
  );
  return { failures: results.flatMap((r) => r.failures.map((f) => `${r.store}: ${f}`)) };
}

async function measure(store: string, options: DemoServerOptions): Promise<Measured> {
  const server = await startDemoServer({ ...options, seed: 3, orders: 20, bigOrderLicenses: 0, warn: () => undefined });
  try {
    const call = caller(server);
    const { items } = await call<{ items: { id: string }[] }>('GET', '/catalog');
    const productId = items[0]?.id;
    if (productId === undefined) return { store, seconds: Number.NaN, cpuMsPerRow: Number.NaN, failures: ['the catalog offers no product'] };
    const order = await call<{ id: string }>('POST', '/orders', { productId, quantity: ROWS, paymentType: 'credit_card', distributionCompany: null });
    const codes: string[] = [];
    for (let cursor: string | null = null; ; ) {
      const page: { items: { activationCode: string }[]; nextCursor: string | null } = await call('GET', `/orders/${order.id}/licenses?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
      codes.push(...page.items.map((l) => l.activationCode));
      if ((cursor = page.nextCursor) === null) break;
    }
    const rows = codes.map((activationCode, i) => ({
      activationCode,
      customer: { kind: 'new', organization: `Bench ${i}`, firstName: 'Bench', lastName: `Row ${i}`, email: `bench.${i}@example.com`, country: 'DE' },
    }));
    const started = performance.now();
    const cpu = process.cpuUsage();
    const queued = await call<{ id: string }>('POST', '/jobs', { kind: 'activation', rows });
    let job: { status: string; succeeded: number };
    do {
      await new Promise((resolve) => setTimeout(resolve, 50));
      job = await call('GET', `/jobs/${queued.id}`);
    } while (job.status !== 'done');
    const seconds = (performance.now() - started) / 1000;
    const { user, system } = process.cpuUsage(cpu);
    const cpuMsPerRow = (user + system) / 1000 / ROWS;
    const { activeCount } = await call<{ activeCount: number }>('GET', `/orders/${order.id}`);
    const failures = [
      ...(job.succeeded === ROWS ? [] : [`${job.succeeded} of ${ROWS} rows succeeded`]),
      ...(activeCount === ROWS ? [] : [`the order counts ${activeCount} activations, not ${ROWS}`]),
    ];
    return { store, seconds, cpuMsPerRow, failures };
  } finally {
    await server.close();
  }
}

/** Calls the server's API as reseller A; answers the JSON body, or throws with the status. */
function caller(server: StartedDemoServer) {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${server.apiBase}${path}`, {
      method,
      headers: { authorization: `Bearer ${server.tokens.a}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  };
}
