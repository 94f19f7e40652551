import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createApp } from '../../../demo/server/http/app.js';
import { SqliteStore } from '../../../demo/server/store/sqlite/sqlite-store.js';
import { LicensesService } from '../../../src/service/service.js';
import { ALLOWED_ORIGIN, availableLicenseId, callApi, callPage, jsonInit, useServer } from './fixture.js';

/** Every HTML page: the storefront (for either reseller), the outbox, Buy More for a product and for none. */
const PAGES = ['/', '/?reseller=b', '/outbox', '/buy/:productId', '/buy/no-such-product', '/activate/:code', '/activate/NO-SUCH-CODE'];

const HOSTILE = {
  organization: '<img src=x onerror=alert(1)>',
  firstName: '<script>alert(1)</script>',
  lastName: '"quoted" & \'single\'',
};

describe('what browsers see', () => {
  const server = useServer();

  test('an allowed origin gets CORS headers for its exact origin, another origin gets none', async () => {
    const allowed = await callApi(server(), '/me', { headers: { Origin: ALLOWED_ORIGIN } });
    assert.equal(allowed.headers.get('Access-Control-Allow-Origin'), ALLOWED_ORIGIN);
    assert.match(allowed.headers.get('Access-Control-Expose-Headers') ?? '', /Idempotent-Replayed/);
    assert.match(allowed.headers.get('Access-Control-Expose-Headers') ?? '', /Retry-After/);
    assert.match(allowed.headers.get('Vary') ?? '', /Origin/);
    const other = await callApi(server(), '/me', { headers: { Origin: 'https://evil.example' } });
    assert.equal(other.headers.get('Access-Control-Allow-Origin'), null);
  });

  test('a preflight from an allowed origin may send the token, JSON and an idempotency key', async () => {
    const res = await fetch(`${server().apiBase}/licenses/x/activation`, {
      method: 'OPTIONS',
      headers: {
        Origin: ALLOWED_ORIGIN,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization, content-type, idempotency-key',
      },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('Access-Control-Allow-Origin'), ALLOWED_ORIGIN);
    const allowed = (res.headers.get('Access-Control-Allow-Headers') ?? '').toLowerCase();
    for (const header of ['authorization', 'content-type', 'idempotency-key']) assert.ok(allowed.includes(header), allowed);
    assert.match(res.headers.get('Access-Control-Allow-Methods') ?? '', /PUT/);
  });

  for (const page of PAGES) {
    test(`the page ${page} is sent with a strict Content-Security-Policy and no inline code`, async () => {
      const products = (await (await callApi(server(), '/products')).json()) as { items: { id: string }[] };
      const res = await callPage(server(), page.replace(':productId', products.items[0]?.id ?? ''));
      assert.equal(res.status, 200);
      assert.match(res.headers.get('Content-Type') ?? '', /^text\/html/);
      const csp = res.headers.get('Content-Security-Policy') ?? '';
      for (const directive of [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
        "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'", "object-src 'none'",
      ]) {
        assert.ok(csp.includes(directive), `${directive} in ${csp}`);
      }
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      assert.equal(res.headers.get('X-Content-Type-Options'), 'nosniff');
      assert.equal(res.headers.get('Referrer-Policy'), 'no-referrer');
      const html = await res.text();
      // Scripts and styles only from files: no inline script, style element or attribute, no handler.
      assert.doesNotMatch(html, /<script(?![^>]*\ssrc=)[^>]*>|<style[\s>]|\sstyle=|\son[a-z]+=/i);
    });
  }

  test('those are all the pages the app serves', async () => {
    const store = await SqliteStore.open(':memory:');
    const app = createApp({ store, service: new LicensesService({ store }), allowedOrigins: [] });
    await store.close();
    const pages = app.routes
      .filter((r) => r.method === 'GET' && !/^(\/session)?\/api\//.test(r.path) && !r.path.includes('*') && !/\.(json|css)$/.test(r.path))
      .map((r) => r.path);
    assert.ok(pages.length >= 3, pages.join());
    for (const page of pages) assert.ok(PAGES.some((p) => p.split('?')[0] === page), `${page} is not among the pages tested`);
  });

  test('the stylesheet of the pages is served as CSS', async () => {
    const res = await fetch(`${server().url}/assets/pages.css`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('Content-Type') ?? '', /^text\/css/);
  });

  test('static folders refuse paths that climb out of them', async () => {
    for (const path of ['/assets/../db.ts', '/assets/%2e%2e/db.ts', '/assets/..%2fdb.ts', '/cdn/../../package.json']) {
      const res = await fetch(server().url + path);
      assert.equal(res.status, 404, path);
      assert.doesNotMatch(await res.text(), /openDatabase|"name"/);
    }
  });

  test('the outbox shows hostile customer data as text, in HTML and in JSON', async () => {
    const licenseId = await availableLicenseId(server());
    const email = 'mallory@hostile.example';
    const customer = { kind: 'new', email, country: 'DE', ...HOSTILE };
    const activated = await callApi(server(), `/licenses/${licenseId}/activation`, jsonInit('POST', { customer }));
    assert.equal(activated.status, 200);

    const html = await (await callPage(server(), '/outbox')).text();
    assert.ok(!html.includes('<script>alert') && !html.includes('<img src=x'), 'markup from the data reaches the page');
    assert.ok(html.includes('&#60;script&#62;alert(1)&#60;/script&#62;'));
    assert.ok(html.includes('&#60;img src=x onerror=alert(1)&#62;'));
    assert.ok(html.includes('&#34;quoted&#34; &#38; &#39;single&#39;'));

    const outbox = (await (await callPage(server(), '/outbox.json')).json()) as {
      items: { to: string; kind: string; licenseId: string | null; text: string }[];
    };
    const newest = outbox.items[0];
    assert.equal(newest?.to, email);
    assert.equal(newest?.kind, 'activation');
    assert.equal(newest?.licenseId, licenseId);
    assert.ok(newest?.text.includes(HOSTILE.firstName));
  });
});
