/** The contract suite against the memory client and against the demo backend over HTTP. */
import { HttpLicensesClient } from '../../src/api/http/http-client.js';
import { startDemoServer } from '../../demo/server/start.js';
import { defineConformanceSuite } from './suite.js';
import { memoryTarget } from './memory-target.js';

const world = { seed: 7, orders: 320, bigOrderLicenses: 1500 };

defineConformanceSuite('memory client', () => memoryTarget(world));

defineConformanceSuite('demo backend over HTTP', async () => {
  const server = await startDemoServer({ port: 0, databasePath: ':memory:', ...world });
  const { apiBase, tokens } = server;
  return {
    api: new HttpLicensesClient({ baseUrl: apiBase, token: tokens.a }),
    otherApi: new HttpLicensesClient({ baseUrl: apiBase, token: tokens.b }),
    http: { apiBase, token: tokens.a, otherToken: tokens.b },
    teardown: () => server.close(),
  };
});
