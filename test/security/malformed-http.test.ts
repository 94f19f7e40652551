/**
 * Requests no HTTP client would send, written as raw bytes, and path traversal through every
 * prefix: each is answered with a problem document (never a bare status line, never a 500),
 * and no file outside the served folders ever comes back.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { ErrorCode } from '../../src/api/contract/schemas.js';
import { useBackend } from './support/backend.js';
import { assertAnswer, problem, success } from './support/expect.js';
import { PATH_TRAVERSALS } from './support/hostile.js';
import { sendRaw } from './support/http.js';

const SEED = 515_151;
const TRAVERSAL_RUNS = 400;

/** Bytes that reveal a file that must never be served. */
const LEAKS = [/root:.*:0:0:/, /"name":\s*"license-desk"/, /SQLite format 3/, /openDatabase|CREATE TABLE/, /\[extensions\]/];

describe('malformed HTTP and path traversal', () => {
  const backend = useBackend();

  test('every malformed request is answered with a problem document, never a bare status line', async (t) => {
    const { server } = backend();
    const auth = `Authorization: Bearer ${server.tokens.a}\r\n`;
    const cases: [string, string | Buffer, ErrorCode][] = [
      ['asterisk target', 'OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n', 'validation_failed'],
      ['space in a header name', 'GET /api/v1/me HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n', 'validation_failed'],
      ['bad method token', 'G(T /api/v1/me HTTP/1.1\r\nHost: x\r\n\r\n', 'validation_failed'],
      ['NUL in the path', `GET /api/v1/orders/\u0000 HTTP/1.1\r\nHost: x\r\n${auth}\r\n`, 'validation_failed'],
      ['control character in the query', `GET /api/v1/orders?q=\u0001 HTTP/1.1\r\nHost: x\r\n${auth}\r\n`, 'validation_failed'],
      ['bytes that are not UTF-8 in the path', Buffer.concat([Buffer.from('GET /api/v1/orders/'), Buffer.from([0xff, 0xc0, 0x80]), Buffer.from(` HTTP/1.1\r\nHost: x\r\n${auth}\r\n`)]), 'validation_failed'],
      ['quotes and brackets in the path', `GET /api/v1/orders/a"<>\\^\`{|} HTTP/1.1\r\nHost: x\r\n${auth}\r\n`, 'validation_failed'],
      ['a header of 20 KiB', `GET /api/v1/me HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 'header_fields_too_large'],
      ['a query string of 40 KiB', `GET /api/v1/orders?q=${'%27'.repeat(13_000)} HTTP/1.1\r\nHost: x\r\n${auth}\r\n`, 'header_fields_too_large'],
      ['200 repeated headers', `GET /api/v1/me HTTP/1.1\r\nHost: x\r\n${`X-A: ${'b'.repeat(100)}\r\n`.repeat(200)}\r\n`, 'header_fields_too_large'],
      ['Content-Length and Transfer-Encoding', `POST /api/v1/licenses/x/activation HTTP/1.1\r\nHost: x\r\n${auth}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`, 'validation_failed'],
      ['two different Content-Lengths', `POST /api/v1/licenses/x/activation HTTP/1.1\r\nHost: x\r\n${auth}Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}`, 'validation_failed'],
      ['a negative Content-Length', `POST /api/v1/licenses/x/activation HTTP/1.1\r\nHost: x\r\n${auth}Content-Length: -1\r\n\r\n`, 'validation_failed'],
      ['HTTP/1.1 without Host', `GET /api/v1/me HTTP/1.1\r\n${auth}\r\n`, 'validation_failed'],
      ['a Host that is no host', `GET /api/v1/me HTTP/1.1\r\nHost: a b c\r\n${auth}\r\n`, 'validation_failed'],
      ['a Host with a port out of range', `GET /api/v1/me HTTP/1.1\r\nHost: x:99999\r\n${auth}\r\n`, 'validation_failed'],
      ['an unknown HTTP version', `GET /api/v1/me HTTP/7.1\r\nHost: x\r\n${auth}\r\n`, 'validation_failed'],
    ];
    const logged = t.mock.method(console, 'error', () => {});
    for (const [name, bytes, code] of cases) {
      const answer = await sendRaw(server.url, bytes);
      assertAnswer(answer, problem(code), name, server.tokens.a);
    }
    // Bodies cut off by the client: nobody is left to answer, and nothing is logged as a server error.
    const post = `POST /api/v1/licenses/x/activation HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\n`;
    const cutOff = [`${post}Content-Length: 50\r\n\r\n{"customer":`, `${post}Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`, `${post}Transfer-Encoding: chunked\r\n\r\n5\r\n{"cus`];
    for (const bytes of cutOff) {
      const answer = await sendRaw(server.url, bytes);
      if (answer.status !== 0) assertAnswer(answer, problem('validation_failed'), bytes.split('\r\n\r\n')[1] ?? '');
    }
    assert.equal(logged.mock.callCount(), 0, 'a malformed request was logged as a server error');
    t.diagnostic(`${cases.length + cutOff.length} malformed requests`);
  });

  test('no traversal through any prefix reaches a file outside the served folders', async (t) => {
    const { server } = backend();
    const prefixes = ['/', '/assets/', '/cdn/', '/demo/', '/buy/', '/outbox/', '/api/v1/', '/api/v1/orders/', '/api/v1/licenses/'];
    const targets = ['etc/passwd', 'package.json', 'demo/server/store/sqlite/database.ts', '.data/demo.sqlite', 'windows/win.ini', 'db.ts'];
    const climb = fc.oneof(
      fc.constantFrom(...PATH_TRAVERSALS),
      fc.array(fc.constantFrom('../', '..%2f', '%2e%2e/', '%2e%2e%2f', '..\\', '..%5c', '.%2e/', '%252e%252e%252f', '..;/', '....//', './', '%c0%ae%c0%ae/'), { minLength: 1, maxLength: 6 }).map((steps) => steps.join('')),
    );
    const paths = fc.tuple(fc.constantFrom(...prefixes), climb, fc.constantFrom(...targets)).map(([prefix, up, target]) => `${prefix}${up}${target}`);
    await fc.assert(
      fc.asyncProperty(paths, async (path) => {
        const answer = await sendRaw(server.url, `GET ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${server.tokens.a}\r\n\r\n`);
        for (const leak of LEAKS) assert.doesNotMatch(answer.text, leak, `GET ${path} served a file it must not`);
        // Where the URL rules fold the climb into one of the app's own pages, that page answers.
        const page = /^\/(outbox(\.json)?|buy\/[^/]+|assets\/pages\.css)?$/.test(new URL(path, 'http://x').pathname);
        assertAnswer(answer, [problem('not_found'), problem('validation_failed'), ...(page ? [success(null)] : [])], `GET ${path}`);
      }),
      { seed: SEED, numRuns: TRAVERSAL_RUNS, interruptAfterTimeLimit: 60_000, markInterruptAsFailure: true },
    );
    t.diagnostic(`${TRAVERSAL_RUNS} traversal paths (seed ${SEED})`);
  });
});
