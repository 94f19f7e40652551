import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpLicensesClient } from '../../../src/api/http/http-client.js';
import type { CsvFile } from '../../../src/api/client.js';
import { json, problem, scriptedFetch, type Step } from './fixtures.js';
import { rejection } from './rejection.js';

const BASE = 'https://api.example/api/v1';

function client(steps: Step[], options: { timeoutMs?: number } = {}) {
  const scripted = scriptedFetch(...steps);
  const api = new HttpLicensesClient({ baseUrl: BASE, token: 'tok', fetch: scripted.fetch, retryBaseMs: 1, ...options });
  return { api, requests: scripted.requests, exportLicenseKeys: api.exportLicenseKeys!.bind(api) };
}


async function textOf(file: CsvFile): Promise<string> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let text = '';
  for await (const chunk of file.chunks) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

/** A CSV answer whose body comes in `parts`, a part at a time (none after `stallAfter` parts). */
function csv(parts: string[], headers: Record<string, string> = {}, stallAfter = Infinity): Response {
  const encoder = new TextEncoder();
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= stallAfter) return new Promise(() => undefined);
      if (sent === parts.length) return controller.close();
      controller.enqueue(encoder.encode(parts[sent++]!));
    },
  });
  return new Response(body, { headers: { 'Content-Type': 'text/csv; charset=utf-8', ...headers } });
}

describe('HTTP client: files (GET /orders/{orderId}/licenses.csv)', () => {
  test('asks for CSV with the language and time zone, and hands the body over as it comes with its row count', async () => {
    const { exportLicenseKeys, requests } = client([csv(['\uFEFFA,B\r\n', '1,2\r\n3,4'], { 'X-Total-Count': '2' })]);
    const file = await exportLicenseKeys('o 1', { locale: 'de', timeZone: 'Europe/Berlin' });
    assert.equal(file.total, 2);
    assert.equal(await textOf(file), '\uFEFFA,B\r\n1,2\r\n3,4');
    const [request] = requests;
    assert.equal(request?.url, `${BASE}/orders/o%201/licenses.csv?locale=de&timeZone=Europe%2FBerlin`);
    assert.match(request?.headers.get('Accept') ?? '', /^text\/csv/);
    assert.equal(request?.headers.get('Authorization'), 'Bearer tok');
  });

  test('a row count that is not a count is not said', async () => {
    for (const count of ['-1', 'many', '1e3', '']) {
      const file = await client([csv(['x'], { 'X-Total-Count': count })]).exportLicenseKeys('o1', {});
      assert.equal(file.total, null, count);
    }
  });

  test('an answer that is not a CSV file is invalid_response', async () => {
    const error = await rejection(client([json({ items: [] })]).exportLicenseKeys('o1', {}));
    assert.equal(error.code, 'invalid_response');
    const html = new Response('<!doctype html>', { headers: { 'Content-Type': 'text/html' } });
    assert.equal((await rejection(client([html]).exportLicenseKeys('o1', {}))).code, 'invalid_response');
  });

  test("the server's problems are the call's, as for any call", async () => {
    const error = await rejection(client([problem(404, 'not_found')]).exportLicenseKeys('o1', {}));
    assert.equal(error.code, 'not_found');
    const refused = await rejection(client([problem(400, 'validation_failed', { errors: [{ path: 'timeZone', message: 'no' }] })]).exportLicenseKeys('o1', { timeZone: 'x' }));
    assert.deepEqual(refused.errors, [{ path: 'timeZone', message: 'no' }]);
  });

  test('a body that stops arriving fails as a timeout; one that is canceled stops with its reason', async () => {
    const stalled = await client([csv(['a\r\n', 'b'], {}, 1)], { timeoutMs: 30 }).exportLicenseKeys('o1', {});
    const error = await rejection(textOf(stalled));
    assert.equal(error.code, 'timeout');
    const abort = new AbortController();
    const file = await client([csv(['a\r\n', 'b'], {}, 1)], { timeoutMs: 10_000 }).exportLicenseKeys('o1', {}, { signal: abort.signal });
    const reading = textOf(file);
    setTimeout(() => abort.abort(new Error('stopped')), 5);
    await assert.rejects(reading, /stopped/);
  });
});
