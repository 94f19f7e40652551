/** The contract suite against every store: memory (the memory client), SQLite and PostgreSQL (the demo backend over HTTP). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpLicensesClient } from '../../src/api/http/http-client.js';
import { startDemoServer, type DemoServerOptions } from '../../demo/server/start.js';
import { startPostgres } from '../support/postgres.js';
import { defineConformanceSuite, type ConformanceTarget } from './suite.js';
import { memoryTarget } from './memory-target.js';

const world = { seed: 7, orders: 320, bigOrderLicenses: 1500 };

async function httpTarget(options: DemoServerOptions, stop: () => Promise<void> = async () => {}): Promise<ConformanceTarget> {
  const server = await startDemoServer({ port: 0, ...world, ...options });
  const { apiBase, tokens } = server;
  return {
    api: new HttpLicensesClient({ baseUrl: apiBase, token: tokens.a }),
    otherApi: new HttpLicensesClient({ baseUrl: apiBase, token: tokens.b }),
    http: { apiBase, token: tokens.a, otherToken: tokens.b },
    teardown: async () => {
      await server.close();
      await stop();
    },
  };
}

defineConformanceSuite('memory store (the memory client)', () => memoryTarget(world));

// A database file, as the demo runs: its searches run on the store's reader threads.
defineConformanceSuite('SQLite store (the demo backend over HTTP)', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'ld-conformance-'));
  const remove = async () => rmSync(folder, { recursive: true, force: true });
  try {
    return await httpTarget({ databasePath: join(folder, 'demo.sqlite') }, remove);
  } catch (error) {
    await remove();
    throw error;
  }
});

defineConformanceSuite('PostgreSQL store (the demo backend over HTTP)', async () => {
  const postgres = await startPostgres();
  try {
    return await httpTarget({ databaseUrl: postgres.url, ...(postgres.poolSize ? { databasePoolSize: postgres.poolSize } : {}) }, postgres.stop);
  } catch (error) {
    await postgres.stop();
    throw error;
  }
});
