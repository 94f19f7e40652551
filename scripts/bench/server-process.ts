/**
 * The demo backend in a process of its own, so that the load generator does not share its
 * event loop: {@link startServerProcess} forks this file, which starts the server on
 * 127.0.0.1 with a free port over the given database (a SQLite file or a `postgres://` URL),
 * reports where it listens, and stops when its parent says so or goes away.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startDemoServer } from '../../demo/server/start.js';
import { isPostgresUrl } from '../../demo/server/store/open.js';

/** The server as the benchmark sees it. */
export interface ServerProcess {
  apiBase: string;
  /** The server process's id (to read its memory use). */
  pid: number;
  tokens: { a: string; b: string };
  /** Stops the server and waits for its process to end. */
  stop(): Promise<void>;
}

type Started = { apiBase: string; tokens: { a: string; b: string } };

/**
 * Starts the demo backend over `database` (a SQLite file's path or a `postgres://` URL, already
 * seeded with `seed`) in a child process; `poolSize` caps its PostgreSQL connections, and
 * `allowedOrigins` are the pages' origins that may call it from a browser.
 */
export function startServerProcess(database: string, seed: number, poolSize?: number, allowedOrigins: string[] = []): Promise<ServerProcess> {
  const child = fork(fileURLToPath(import.meta.url), [database, String(seed), String(poolSize ?? ''), allowedOrigins.join(' ')], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ended = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`The server process ended early (exit code ${code})`)));
    child.once('message', (message: Started) => {
      resolve({
        ...message,
        pid: child.pid ?? 0,
        stop: async () => {
          if (child.connected) child.disconnect();
          await ended;
        },
      });
    });
  });
}

async function serveFromChild(database: string, seed: number, poolSize: number | undefined, allowedOrigins: string[]): Promise<void> {
  const where = isPostgresUrl(database)
    ? { databaseUrl: database, ...(poolSize === undefined ? {} : { databasePoolSize: poolSize }) }
    : { databasePath: database };
  const server = await startDemoServer({ port: 0, host: '127.0.0.1', ...where, seed, allowedOrigins });
  process.once('disconnect', () => void server.close().then(() => process.exit(0)));
  // Loaded once warm: what searches keep in the process is read as the server starts, which
  // a server that has run a while has done (PostgreSQL: 1,000,000 orders' numbers and codes,
  // about 10 s), and which would otherwise run under the first shapes' load.
  await server.readAhead;
  process.send?.({ apiBase: server.apiBase, tokens: server.tokens } satisfies Started);
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) {
  const [database, seed, poolSize, origins] = process.argv.slice(2);
  await serveFromChild(database ?? '', Number(seed), poolSize ? Number(poolSize) : undefined, origins ? origins.split(' ') : []);
}
