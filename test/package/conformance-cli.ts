/**
 * The conformance command as a reseller runs it from the installed package
 * (`npx license-desk-conformance`, plain Node, no tsx): against the demo backend with the
 * right tokens, with a wrong one, and behind a tiny proxy that adds the token.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { startDemoServer } from '../../demo/server/start.js';

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the installed bin with Node; asynchronous, since the servers it talks to run in this process. */
function conformance(project: string, args: string[]): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const bin = join(project, 'node_modules/.bin/license-desk-conformance');
    const child = spawn(bin, args, { cwd: project, env: { ...process.env, NODE_OPTIONS: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A proxy in front of the API that adds reseller A's token, as a reseller's own backend does. */
async function tokenProxy(origin: string, token: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === 'string' && !['host', 'connection', 'content-length', 'authorization'].includes(name)) headers.set(name, value);
    }
    headers.set('Authorization', `Bearer ${token}`);
    const answer = await fetch(`${origin}${request.url}`, {
      method: request.method,
      headers,
      ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
    });
    const body = Buffer.from(await answer.arrayBuffer());
    const out: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (!['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(name)) out[name] = value;
    });
    response.writeHead(answer.status, out).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export function defineConformanceCliTests(project: () => string): void {
  describe('the conformance command (npx license-desk-conformance)', () => {
    let server: Awaited<ReturnType<typeof startDemoServer>>;
    let proxy: Awaited<ReturnType<typeof tokenProxy>>;

    // A server of its own for each run: a run leaves the customer side's rate limit of its address used up.
    beforeEach(async () => {
      server = await startDemoServer({ port: 0, databasePath: ':memory:' });
      const { origin, pathname } = new URL(server.apiBase);
      proxy = await tokenProxy(origin, server.tokens.a);
      proxy.url += pathname;
    });

    afterEach(async () => {
      await proxy?.close();
      await server?.close();
    });

    test('passes the demo backend with both tokens: one line per check, then a summary by area', { timeout: 120_000 }, async () => {
      const { code, stdout, stderr } = await conformance(project(), ['--base-url', server.apiBase, '--token', server.tokens.a, '--other-token', server.tokens.b]);
      assert.equal(code, 0, `${stdout}\n${stderr}`);
      const checks = stdout.split('\n').filter((line) => /^[✔✖-] /.test(line));
      assert.ok(checks.length > 50, `${checks.length} check lines`);
      assert.deepEqual(checks.filter((line) => !line.startsWith('✔ ')), []);
      assert.match(stdout, /^\d+ checks: \d+ passed, 0 failed, 0 skipped$/m);
      assert.match(stdout, /^ {2}on the wire: \d+ passed$/m);
      assert.match(stdout, /^ {2}another reseller's data: \d+ passed$/m);
    });

    test('says in one line that a wrong token is refused, and fails', { timeout: 60_000 }, async () => {
      const { code, stdout, stderr } = await conformance(project(), ['--base-url', server.apiBase, '--token', 'not-a-token', '--other-token', server.tokens.b]);
      assert.notEqual(code, 0);
      assert.equal(stdout, '');
      assert.deepEqual(stderr.trim().split('\n'), [`GET ${server.apiBase}/me answered 401: the API refuses the --token.`]);
    });

    test('behind a proxy that adds the token, skips what needs no token or a second reseller, with the reason', { timeout: 120_000 }, async () => {
      const { code, stdout, stderr } = await conformance(project(), ['--base-url', proxy.url, '--proxy']);
      assert.equal(code, 0, `${stdout}\n${stderr}`);
      // The 12 checks that need a second reseller and the 4 that send a request without a token.
      assert.match(stdout, /^\d+ checks: \d+ passed, 0 failed, 16 skipped$/m);
      assert.match(stdout, /^- on the wire › without a token every route of the operations table is 401 .*\(skipped: behind a proxy that adds the token, no request goes without one\)$/m);
      assert.match(stdout, /^ {2}another reseller's data: 7 skipped\n {4}- skipped: behind a proxy, the checks have only one reseller$/m);
    });

    test('names the route of a failing check: a token where none may be is a failure of GET /me', { timeout: 120_000 }, async () => {
      const { code, stdout } = await conformance(project(), ['--base-url', proxy.url, '--token', server.tokens.a]);
      assert.equal(code, 1);
      assert.match(stdout, /^ {4}✖ without a token every route of the operations table is 401 with WWW-Authenticate: Bearer: GET \/api\/v1\/me answered 200: 200 !== 401$/m);
    });
  });
}
