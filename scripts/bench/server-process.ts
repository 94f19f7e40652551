/**
 * The demo backend in a process of its own, so that the load generator does not share its
 * event loop: {@link startServerProcess} forks this file, which starts the server on
 * 127.0.0.1 with a free port over the given database, reports where it listens, and stops
 * when its parent says so or goes away.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startDemoServer } from '../../demo/server/start.js';

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

/** Starts the demo backend over `databasePath` (already seeded with `seed`) in a child process. */
export function startServerProcess(databasePath: string, seed: number): Promise<ServerProcess> {
  const child = fork(fileURLToPath(import.meta.url), [databasePath, String(seed)], {
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

async function serveFromChild(databasePath: string, seed: number): Promise<void> {
  const server = await startDemoServer({ port: 0, host: '127.0.0.1', databasePath, seed });
  process.once('disconnect', () => void server.close().then(() => process.exit(0)));
  process.send?.({ apiBase: server.apiBase, tokens: server.tokens } satisfies Started);
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) {
  const [databasePath, seed] = process.argv.slice(2);
  await serveFromChild(databasePath ?? '', Number(seed));
}
