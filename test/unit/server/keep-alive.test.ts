/**
 * A keep-alive connection stays usable after an error answer to a request with a body: the
 * next request on it is answered, whether the server read the rest of the refused body or
 * closed the connection saying so (`Connection: close`). A client never sees the connection
 * reset or hung up under a request it sent.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { type StartedDemoServer, startDemoServer } from '../../../demo/server/start.js';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  socket: unknown;
}

function request(agent: http.Agent, url: string, method: string, path: string, headers: Record<string, string> = {}, body?: Buffer): Promise<Answer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, method, path, headers, agent, timeout: 10_000 });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8'), socket: req.socket }));
    });
    if (body === undefined) req.end();
    else if (headers['Transfer-Encoding'] === 'chunked') {
      req.write(body.subarray(0, body.length / 2));
      req.end(body.subarray(body.length / 2));
    } else {
      req.setHeader('Content-Length', body.length);
      req.end(body);
    }
  });
}

describe('keep-alive connections after error answers', () => {
  let server: StartedDemoServer;
  before(async () => {
    server = await startDemoServer({ port: 0, databasePath: ':memory:', orders: 30, bigOrderLicenses: 20 });
  });
  after(() => server.close());

  const json = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' });
  const cases: { name: string; status: number; method: string; path: string; headers: () => Record<string, string>; body: Buffer }[] = [
    { name: 'an oversized body', status: 413, method: 'POST', path: '/api/v1/licenses/x/activation', headers: () => json(server.tokens.a), body: Buffer.alloc(256 * 1024, 'a') },
    { name: 'an oversized chunked body', status: 413, method: 'POST', path: '/api/v1/licenses/x/activation', headers: () => ({ ...json(server.tokens.a), 'Transfer-Encoding': 'chunked' }), body: Buffer.alloc(512 * 1024, 'a') },
    { name: 'a body of the wrong type', status: 415, method: 'POST', path: '/api/v1/licenses/x/activation', headers: () => ({ ...json(server.tokens.a), 'Content-Type': 'text/plain' }), body: Buffer.alloc(60 * 1024, 'a') },
    { name: 'a bad token with a body', status: 401, method: 'PUT', path: '/api/v1/licenses/x/billing-state', headers: () => json('not-a-token'), body: Buffer.alloc(60 * 1024, 'a') },
    { name: 'malformed JSON', status: 400, method: 'POST', path: '/api/v1/licenses/x/activation', headers: () => json(server.tokens.a), body: Buffer.from('{"customer": ') },
  ];

  for (const c of cases) {
    test(`a GET on the same connection is answered after ${c.name}`, async () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      try {
        for (let round = 0; round < 3; round++) {
          const refused = await request(agent, server.url, c.method, c.path, c.headers(), c.body);
          assert.equal(refused.status, c.status, refused.text);
          const next = await request(agent, server.url, 'GET', '/api/v1/me', { Authorization: `Bearer ${server.tokens.a}` });
          assert.equal(next.status, 200, next.text);
          if (refused.headers.connection !== 'close') assert.equal(next.socket, refused.socket, 'the connection was kept');
        }
      } finally {
        agent.destroy();
      }
    });
  }
});
