/**
 * The server benchmark's PostgreSQL database: a cluster of its own in `.bench/pg-1m`
 * (git-ignored), made with the PostgreSQL server binaries installed on the machine
 * (`/usr/lib/postgresql/<version>/bin`), started on a free loopback port for the run and
 * stopped at its end, also on Ctrl-C, a termination signal or a failure. It holds the same
 * 1,000,000 orders as the SQLite database (same seed, same 'today'), seeded once and reused
 * while its marker file says it holds that data.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { createDemoWorld } from '../../src/api/memory/demo-data.js';
import { openPostgresStore } from '../../demo/server/store/postgres/postgres-store.js';
import { type BenchData, DIRECTORY, relative, WANTED } from './server-database.js';
import { freePort } from '../../test/support/free-port.js';

/** The cluster's folder (its data directory) and the marker of what it holds. */
const CLUSTER = join(DIRECTORY, 'pg-1m');
const MARKER = `${CLUSTER}.json`;
/** The process that started the cluster and has not stopped it yet (its id). */
const OWNER = `${CLUSTER}.owner`;
const DATABASE = 'license_desk';

/**
 * Settings for a benchmark on one machine: the whole data set in memory, no durability
 * (a lost bench database is built again), no JIT compilation (it costs tens of
 * milliseconds per statement above its cost threshold and pays off only for long reports).
 */
export const BENCH_SETTINGS: Readonly<Record<string, string>> = {
  shared_buffers: '1GB',
  effective_cache_size: '4GB',
  work_mem: '16MB',
  maintenance_work_mem: '512MB',
  max_connections: '40',
  random_page_cost: '1.1',
  jit: 'off',
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
  max_wal_size: '4GB',
  checkpoint_timeout: '30min',
};

/** The running benchmark cluster. */
export interface BenchPostgres {
  /** `postgres://postgres@127.0.0.1:PORT/license_desk` */
  url: string;
  /** The server's version, e.g. `PostgreSQL 15.8`. */
  version: string;
  data: BenchData;
  /** True when it was seeded by this run rather than reused. */
  built: boolean;
  /** Stops the cluster (fast shutdown); running it again does nothing. */
  stop(): void;
}

/**
 * Starts the benchmark cluster, making it first when missing, and seeds it with the data of
 * the SQLite database (`wanted`) unless its marker says it already holds that data.
 */
export async function benchPostgres(wanted: BenchData, log: (line: string) => void): Promise<BenchPostgres> {
  const bin = postgresBin();
  if (bin === null) throw new Error('The server benchmark needs PostgreSQL\'s server binaries (/usr/lib/postgresql/<version>/bin)');
  const run = runner(bin);
  mkdirSync(DIRECTORY, { recursive: true });
  claimCluster();
  if (!existsSync(join(CLUSTER, 'PG_VERSION'))) makeCluster(run);
  // A cluster left running by a run that was killed outright is stopped before it is started again.
  if (existsSync(join(CLUSTER, 'postmaster.pid'))) stopCluster(run);
  const port = await freePort();
  const options = [`-p ${port}`, '-c listen_addresses=127.0.0.1', "-c unix_socket_directories=''"]
    .concat(Object.entries(BENCH_SETTINGS).map(([name, value]) => `-c ${name}=${value}`))
    .join(' ');
  let running = true;
  const stop = () => {
    if (!running) return;
    running = false;
    stopCluster(run);
    rmSync(OWNER, { force: true });
    for (const signal of SIGNALS) process.off(signal, onSignal);
    process.off('exit', stop);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    stop();
    process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15));
  };
  for (const signal of SIGNALS) process.once(signal, onSignal);
  process.once('exit', stop);
  try {
    run('pg_ctl', ['-D', CLUSTER, '-o', options, '-l', join(CLUSTER, 'server.log'), '-w', '-t', '120', 'start']);
    const url = `postgres://postgres@127.0.0.1:${port}/${DATABASE}`;
    const version = await ensureDatabase(port);
    const reusable = await reusableData(url, wanted);
    if (reusable) return { url, version, data: reusable, built: false, stop };
    log(`Seeding the PostgreSQL database in ${relative(CLUSTER)}: ${WANTED.orders.toLocaleString('en')} orders; this takes a few minutes…`);
    const data = await seed(url, wanted, log);
    log(`Seeded it in ${(data.buildMs / 1000).toFixed(1)} s.`);
    return { url, version, data, built: true, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

/**
 * Makes this process the cluster's owner; throws while another process that is still running
 * owns it: starting the cluster stops one left running, which would stop another run's under
 * its load (its searches answered 'connection refused').
 */
function claimCluster(): void {
  const owner = existsSync(OWNER) ? Number(readFileSync(OWNER, 'utf8').trim()) : NaN;
  if (Number.isSafeInteger(owner) && owner > 0 && owner !== process.pid && isRunning(owner)) {
    throw new Error(`Another benchmark run (process ${owner}) is using the PostgreSQL cluster in ${relative(CLUSTER)}; run this one after it ends (or delete ${relative(OWNER)} if that process is no benchmark)`);
  }
  writeFileSync(OWNER, `${process.pid}\n`);
}

/** True when the process `pid` is running (a signal 0 reaches it). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

type Run = (program: string, args: string[]) => string;

/** Runs a server binary; as root, as the postgres user (the server refuses to run as root). */
function runner(bin: string): Run {
  const root = process.getuid?.() === 0;
  return (program, args) => {
    const command = root ? 'runuser' : join(bin, program);
    const argv = root ? ['-u', 'postgres', '--', join(bin, program), ...args] : args;
    return execFileSync(command, argv, { stdio: 'pipe', cwd: DIRECTORY, encoding: 'utf8' });
  };
}

/** The newest `/usr/lib/postgresql/<version>/bin` with an initdb, or null. */
function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? null : join(root, versions[0], 'bin');
}

function makeCluster(run: Run): void {
  rmSync(CLUSTER, { recursive: true, force: true });
  rmSync(MARKER, { force: true });
  mkdirSync(CLUSTER);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(CLUSTER, uid, gid);
  }
  chmodSync(CLUSTER, 0o700);
  try {
    run('initdb', ['-D', CLUSTER, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
  } catch (error) {
    rmSync(CLUSTER, { recursive: true, force: true });
    throw error;
  }
}

function stopCluster(run: Run): void {
  try {
    run('pg_ctl', ['-D', CLUSTER, '-m', 'fast', '-w', '-t', '60', 'stop']);
  } catch {
    // Not running (a stale pid file), or already stopped.
  }
}

/** Creates the benchmark database when missing; returns the server's version. */
async function ensureDatabase(port: number): Promise<string> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
  await client.connect();
  try {
    const { rows } = await client.query<{ present: boolean; version: string }>(
      "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1) AS present, current_setting('server_version') AS version",
      [DATABASE],
    );
    if (rows[0]?.present !== true) await client.query(`CREATE DATABASE ${DATABASE}`);
    return `PostgreSQL ${rows[0]?.version ?? '?'}`;
  } finally {
    await client.end();
  }
}

async function reusableData(url: string, wanted: BenchData): Promise<BenchData | null> {
  if (!existsSync(MARKER)) return null;
  let marker: BenchData;
  try {
    marker = JSON.parse(readFileSync(MARKER, 'utf8')) as BenchData;
  } catch {
    return null;
  }
  const same =
    marker.seed === wanted.seed && marker.orders === wanted.orders && marker.bigOrderLicenses === wanted.bigOrderLicenses &&
    marker.dueOrders === wanted.dueOrders && marker.today === wanted.today;
  if (!same) return null;
  // Opening the store brings its schema up to date (and builds any index added since).
  const store = await openPostgresStore(url);
  try {
    return (await store.seededAt()) === marker.seededAt ? marker : null;
  } finally {
    await store.close();
  }
}

async function seed(url: string, wanted: BenchData, log: (line: string) => void): Promise<BenchData> {
  const started = performance.now();
  rmSync(MARKER, { force: true });
  const store = await openPostgresStore(url);
  try {
    await store.reset();
    let lastReport = started;
    const { seed, orders, bigOrderLicenses, dueOrders } = wanted;
    const world = createDemoWorld({ seed, orders, bigOrderLicenses, dueOrders, today: new Date(wanted.today) });
    await store.seedWith(world, {
      seed: wanted.seed,
      onProgress: (written) => {
        const now = performance.now();
        if (now - lastReport < 10_000) return;
        lastReport = now;
        log(`  ${written.toLocaleString('en')} orders after ${((now - started) / 1000).toFixed(0)} s`);
      },
    });
    const data: BenchData = {
      seed: wanted.seed,
      orders: wanted.orders,
      bigOrderLicenses: wanted.bigOrderLicenses,
      dueOrders: wanted.dueOrders,
      today: wanted.today,
      seededAt: (await store.seededAt()) ?? '',
      buildMs: Math.round(performance.now() - started),
    };
    writeFileSync(MARKER, `${JSON.stringify(data, null, 2)}\n`);
    return data;
  } finally {
    await store.close();
  }
}

