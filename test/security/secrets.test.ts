/**
 * Tokens and sessions stay secret: the server started by `npm start` logs a line per request,
 * and no line after its start-up banner ever holds a token, a cookie or a session id, wherever
 * a client put it; no answer, error or not, ever echoes one in its body or headers (the
 * storefront's Set-Cookie is the one place a session id is handed out).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { openReadOnly } from './support/backend.js';
import { startChild } from './support/child.js';
import { type Answer, type Call, send, sendRaw } from './support/http.js';

const TOKENS = ['ld_secret_token_of_a_5e1f0c2d9b8a7f6e', 'ld_secret_token_of_b_0a9b8c7d6e5f4a3b'] as const;
const WRONG = 'ld_secret_token_wrong_c3d2e1f0a9b8c7d6';
const ORIGIN = 'https://shop.example';

describe('secrets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'license-desk-secrets-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('no request log line and no answer holds a token, wherever the client put it', async (t) => {
    const databasePath = join(dir, 'secrets.sqlite');
    const server = await startChild({ DATABASE_PATH: databasePath, DEMO_TOKENS: TOKENS.join(','), ALLOWED_ORIGINS: ORIGIN });
    const answers: [string, Answer][] = [];
    try {
      const { activeLicense, order } = ids(databasePath);
      for (const token of [...TOKENS, WRONG]) {
        for (const call of calls(token, activeLicense, order)) answers.push([`${call.method ?? 'GET'} ${call.path}`, await send(server.url, call)]);
        const raw = `GET /api/v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`;
        answers.push(['oversized headers', await sendRaw(server.url, raw)]);
        answers.push(['bad header', await sendRaw(server.url, `GET /api/v1/me HTTP/1.1\r\nHost: x\r\nBad Header: ${token}\r\nAuthorization: Bearer ${token}\r\n\r\n`)]);
      }
    } finally {
      await server.stop();
    }
    const { stdout, stderr } = server.output();
    const banner = stdout.indexOf('curl -H');
    assert.ok(banner > 0, 'the start-up banner was printed');
    const log = stdout.slice(stdout.indexOf('\n', banner));
    const lines = log.split('\n').filter((line) => /^\{"method":"(GET|POST|PUT|DELETE|OPTIONS|PATCH)","path":/.test(line));
    assert.ok(lines.length >= answers.length - 6, `a line per request: ${lines.length} lines for ${answers.length} requests`);
    for (const secret of [...TOKENS, WRONG]) {
      assert.ok(!log.includes(secret) && !stderr.includes(secret), `a token is in the output: ${secret}`);
      for (const [what, answer] of answers) {
        const echoed = [answer.text, ...Object.values(answer.headers)].some((text) => text.includes(secret));
        assert.ok(!echoed, `${what} (${answer.status}) echoes a token`);
      }
    }
    const statuses = [...new Set(answers.map(([, a]) => a.status))].sort().join(', ');
    t.diagnostic(`${answers.length} requests carrying tokens (answered ${statuses}); ${lines.length} log lines, none with a token`);
  });

  test('no request log line and no answer holds a session cookie or session id', async (t) => {
    const server = await startChild({ DATABASE_PATH: join(dir, 'sessions.sqlite'), DEMO_TOKENS: TOKENS.join(',') });
    const answers: [string, Answer][] = [];
    const sessions: string[] = [];
    try {
      for (const query of ['', '?reseller=b']) {
        const page = await send(server.url, { path: `/${query}` });
        const session = /ld_session=([^;]+)/.exec(page.headers['set-cookie'] ?? '')?.[1];
        assert.ok(session, `the storefront ${query} set a session cookie`);
        sessions.push(session);
      }
      const forged = `forged${'x'.repeat(37)}`;
      sessions.push(forged);
      for (const session of sessions) {
        const cookie = { Cookie: `ld_session=${session}; other=${session}` };
        const json = { ...cookie, 'Content-Type': 'application/json' };
        const calls: Call[] = [
          { path: '/session/api/v1/me', headers: cookie },
          { path: `/session/api/v1/orders?limit=0&session=${session}`, headers: cookie },
          { method: 'POST', path: '/session/api/v1/licenses/no-such-license/activation', headers: json, body: `{"customer":"${session}` },
          { method: 'POST', path: '/session/api/v1/licenses/no-such-license/activation', headers: { ...json, 'Idempotency-Key': session }, body: '{}' },
          { path: '/session/api/v1/me', headers: { ...cookie, 'Sec-Fetch-Site': 'cross-site' } },
          { path: '/outbox.json', headers: cookie },
          { path: `/outbox.json?cursor=${session}`, headers: cookie },
          { path: '/outbox', headers: cookie },
          { path: '/', headers: cookie },
          { path: '/no-such-page', headers: cookie },
        ];
        for (const call of calls) answers.push([`${call.method ?? 'GET'} ${call.path}`, await send(server.url, call)]);
      }
    } finally {
      await server.stop();
    }
    const { stdout, stderr } = server.output();
    const log = stdout.slice(stdout.indexOf('\n', stdout.indexOf('curl -H')));
    const lines = log.split('\n').filter((line) => line.startsWith('{"method":'));
    assert.ok(lines.length >= answers.length, `a line per request: ${lines.length} lines for ${answers.length} requests`);
    assert.ok(!log.includes('ld_session') && !stderr.includes('ld_session'), 'the cookie is in the output');
    for (const session of sessions) {
      assert.ok(!log.includes(session) && !stderr.includes(session), `a session id is in the output: ${session}`);
      for (const [what, answer] of answers) {
        const echoed = [answer.text, ...Object.entries(answer.headers).filter(([name]) => name !== 'set-cookie').map(([, value]) => value)].some((text) => text.includes(session));
        assert.ok(!echoed, `${what} (${answer.status}) echoes a session id`);
      }
    }
    t.diagnostic(`${answers.length} requests carrying sessions; ${lines.length} log lines, none with a cookie or session id`);
  });
});

function ids(databasePath: string): { activeLicense: string; order: string } {
  const db = openReadOnly(databasePath);
  try {
    const row = db
      .prepare<[], { license: string; order_id: string }>(
        `SELECT l.id AS license, o.id AS order_id FROM licenses l JOIN orders o ON o.seq = l.order_seq JOIN resellers r ON r.seq = l.reseller_seq
         WHERE r.token_label = 'A' AND o.state = 'processed' AND l.activated_at IS NOT NULL LIMIT 1`,
      )
      .get();
    if (!row) throw new Error('No active license in the demo data');
    return { activeLicense: row.license, order: row.order_id };
  } finally {
    db.close();
  }
}

/** Requests that meet every kind of answer, with `token` in the header and everywhere else a client might put it. */
function calls(token: string, activeLicense: string, order: string): Call[] {
  const auth = { Authorization: `Bearer ${token}` };
  const json = { ...auth, 'Content-Type': 'application/json' };
  const activation = `/api/v1/licenses/${activeLicense}/activation`;
  const body = JSON.stringify({ customer: { kind: 'new', email: 'x@y.example', organization: token, firstName: token, lastName: 'L', country: 'DE' } });
  return [
    { path: '/api/v1/me', headers: auth },
    { path: `/api/v1/me?access_token=${token}&token=${token}`, headers: auth },
    { path: '/api/v1/me', headers: { Authorization: `Basic ${Buffer.from(`user:${token}`).toString('base64')}`, Cookie: `session=${token}`, 'X-Api-Key': token } },
    { path: '/api/v1/orders?limit=0', headers: auth },
    { path: '/api/v1/orders/no-such-order', headers: auth },
    { method: 'DELETE', path: '/api/v1/orders', headers: auth },
    { method: 'OPTIONS', path: activation, headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization' } },
    { method: 'POST', path: activation, headers: json, body },
    { method: 'POST', path: activation, headers: { ...json, 'Idempotency-Key': token }, body },
    { method: 'POST', path: activation, headers: { ...json, 'Idempotency-Key': token }, body: body.replace('x@y', 'z@y') },
    { method: 'POST', path: activation, headers: { ...json, 'Idempotency-Key': `${token} with space` }, body },
    { method: 'POST', path: activation, headers: { ...auth, 'Content-Type': 'text/plain' }, body: token },
    { method: 'POST', path: activation, headers: json, body: `{"customer":"${token}` },
    { method: 'POST', path: activation, headers: json, body: JSON.stringify({ token, customer: { kind: 'existing', email: `${token}@x.example` } }) },
    { method: 'POST', path: activation, headers: json, body: `"${'x'.repeat(70_000)}${token}"` },
    ...Array.from({ length: 4 }, () => ({ method: 'POST', path: `/api/v1/orders/${order}/confirmation-email`, headers: auth })),
    { path: '/outbox.json', headers: auth },
    { path: '/no-such-page', headers: auth },
  ];
}
