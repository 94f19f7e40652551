/**
 * Starts the demo exactly as `npm start` does (the same CLI, its own process) on a free port
 * and a fresh database file, and reads the printed URL and tokens.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/free-port.js';

/** A GET of the demo's API as reseller A, which must answer 200. */
export async function readApi<T>(demo: RunningDemo, path: string): Promise<T> {
  const response = await fetch(`${demo.url}/api/v1${path}`, { headers: { authorization: `Bearer ${demo.tokenA}` } });
  assert.equal(response.status, 200, `GET ${path}`);
  return (await response.json()) as T;
}

export interface RunningDemo {
  url: string;
  tokenA: string;
  tokenB: string;
  /** The SQLite file it runs on. */
  databasePath: string;
  /** Everything the process printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
  /** Ends the process with SIGKILL, as a crash would, and leaves its database for a restart. */
  kill(): Promise<void>;
}

export interface DemoOptions {
  /** Run on this database file (kept when the demo stops), e.g. to restart on what a killed demo left; default a fresh one. */
  databasePath?: string;
  /** More environment, such as DEMO_NOW. */
  env?: Record<string, string>;
  /** Listen on this port (e.g. the one a killed demo had, so that a page's origin and storage stay); default a free one. */
  port?: number;
}

const ROOT = new URL('../../', import.meta.url).pathname;

export function cdnBundlePath(): string {
  return join(ROOT, 'dist', 'cdn', 'license-desk.js');
}



/** Runs `demo/server/cli/main.ts` (what `npm start` runs after building the bundle). */
export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  if (!existsSync(cdnBundlePath())) {
    throw new Error('dist/cdn/license-desk.js is missing: run `npm run build:cdn` first (npm test does).');
  }
  const dir = options.databasePath === undefined ? mkdtempSync(join(tmpdir(), 'license-desk-e2e-')) : null;
  const databasePath = options.databasePath ?? join(dir!, 'demo.sqlite');
  const port = options.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATABASE_PATH: databasePath, SEED: '1', ...options.env };
  delete env.DEMO_TOKENS;
  if (options.env?.['DEMO_NOW'] === undefined) delete env.DEMO_NOW;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'demo/server/cli/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  child.stdout?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (printed += chunk.toString()));

  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await exited;
    }
  };
  const stop = async () => {
    await end('SIGTERM');
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 30_000;
  while (!/Token of reseller B[^:]*: \S+/.test(printed)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`The demo did not start:\n${printed}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const url = /Storefront\s+(\S+?)\/?\s/.exec(printed)?.[1];
  const tokenA = /Token of reseller A[^:]*: (\S+)/.exec(printed)?.[1];
  const tokenB = /Token of reseller B[^:]*: (\S+)/.exec(printed)?.[1];
  if (!url || !tokenA || !tokenB) {
    await stop();
    throw new Error(`Could not read the URL and tokens from:\n${printed}`);
  }
  return { url, tokenA, tokenB, databasePath, output: () => printed, stop, kill: () => end('SIGKILL') };
}
