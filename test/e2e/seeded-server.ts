/**
 * A demo backend in this process on a fresh database file, seeded with a world of the
 * test's choosing (hostile records) or the demo world, on a free loopback port.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DemoWorld } from '../../src/api/memory/demo-data.js';
import { openDatabase } from '../../demo/server/store/sqlite/database.js';
import { seedDatabase } from '../../demo/server/store/sqlite/seed.js';
import { startDemoServer, type StartedDemoServer } from '../../demo/server/start.js';

export interface SeededServer extends StartedDemoServer {
  /** Reseller A's bearer token. */
  token: string;
  /** GET below `/api/v1` as reseller A (or with `token`). */
  api<T>(path: string, token?: string): Promise<T>;
  /** The emails the backend has written to reseller A's outbox. */
  outbox(): Promise<{ to: string; subject: string; text: string; licenseId: string | null }[]>;
}

/** Starts the backend on `world`, or on a small demo world when none is given. */
export async function startSeededServer(world?: DemoWorld): Promise<SeededServer> {
  const dir = mkdtempSync(join(tmpdir(), 'license-desk-e2e-'));
  const databasePath = join(dir, 'demo.sqlite');
  if (world) {
    const db = openDatabase(databasePath);
    seedDatabase(db, world);
    db.close();
  }
  const server = await startDemoServer({ databasePath, orders: 40, bigOrderLicenses: 0 });
  const get = async <T>(url: string, token?: string): Promise<T> => {
    const response = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
    return (await response.json()) as T;
  };
  return {
    ...server,
    token: server.tokens.a,
    api: (path, token = server.tokens.a) => get(`${server.apiBase}${path}`, token),
    outbox: async () => (await get<{ items: Awaited<ReturnType<SeededServer['outbox']>> }>(`${server.url}/outbox.json?limit=10000`, server.tokens.a)).items,
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
