/** A small demo backend for the HTTP tests, and helpers to call it. */
import { after, before } from 'node:test';
import { type DemoServerOptions, type StartedDemoServer, startDemoServer } from '../../../demo/server/start.js';

export const ALLOWED_ORIGIN = 'https://shop.example';

/** Starts a server with an in-memory database before the file's tests and stops it after them. */
export function useServer(options: DemoServerOptions = {}): () => StartedDemoServer {
  let server: StartedDemoServer | undefined;
  before(async () => {
    server = await startDemoServer({
      databasePath: ':memory:',
      orders: 60,
      bigOrderLicenses: 40,
      allowedOrigins: [ALLOWED_ORIGIN],
      ...options,
    });
  });
  after(() => server?.close());
  return () => {
    if (!server) throw new Error('The server has not started');
    return server;
  };
}

/** Calls the API as reseller A (unless the init sets Authorization itself). */
export function callApi(server: StartedDemoServer, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has('Authorization')) headers.set('Authorization', `Bearer ${server.tokens.a}`);
  return fetch(server.apiBase + path, { ...init, headers });
}

/** A JSON body sent as JSON. */
export function jsonInit(method: string, body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', ...headers } };
}

/** The id of one available license of a processed order of reseller A. */
export async function availableLicenseId(server: StartedDemoServer, skip = 0): Promise<string> {
  const orders = (await (await callApi(server, '/orders?state=processed&limit=200')).json()) as {
    items: { id: string; availableCount: number }[];
  };
  const candidates: string[] = [];
  for (const order of orders.items.filter((o) => o.availableCount > 0)) {
    const page = (await (await callApi(server, `/orders/${order.id}/licenses?status=available`)).json()) as { items: { id: string }[] };
    candidates.push(...page.items.map((l) => l.id));
    if (candidates.length > skip) break;
  }
  const id = candidates[skip];
  if (id === undefined) throw new Error('No available license in the demo data');
  return id;
}

/** GET a page of the demo (the outbox, `/outbox.json`) as reseller A, or with `token`. */
export function callPage(server: StartedDemoServer, path: string, token = server.tokens.a): Promise<Response> {
  return fetch(server.url + path, { headers: { Authorization: `Bearer ${token}` } });
}
