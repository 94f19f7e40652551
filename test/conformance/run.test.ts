/** The contract suite against every store: memory (the memory client), SQLite and PostgreSQL (the demo backend over HTTP). */
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

defineConformanceSuite('SQLite store (the demo backend over HTTP)', () => httpTarget({ databasePath: ':memory:' }));

defineConformanceSuite('PostgreSQL store (the demo backend over HTTP)', async () => {
  const postgres = await startPostgres();
  try {
    return await httpTarget({ databaseUrl: postgres.url, ...(postgres.poolSize ? { databasePoolSize: postgres.poolSize } : {}) }, postgres.stop);
  } catch (error) {
    await postgres.stop();
    throw error;
  }
});
