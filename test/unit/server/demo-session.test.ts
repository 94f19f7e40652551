/**
 * The storefront signs in through a session cookie, never a token in the page; the outbox
 * shows one reseller its own mails, to its session or its bearer token, and nobody else.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startDemoServer, type StartedDemoServer } from '../../../demo/server/start.js';
import { availableLicenseId, callApi, callPage, jsonInit, useServer } from './fixture.js';

const PROBLEM = 'application/problem+json; charset=utf-8';

/** Opens the storefront (`/` or `/?reseller=b`) and returns its page and session cookie. */
async function openStorefront(server: StartedDemoServer, query = ''): Promise<{ page: Response; html: string; cookie: string }> {
  const page = await fetch(`${server.url}/${query}`);
  const setCookie = page.headers.get('Set-Cookie') ?? '';
  return { page, html: await page.text(), cookie: setCookie.split(';')[0] ?? '' };
}

describe('the storefront session', () => {
  const server = useServer();

  test('the storefront page holds no token of either reseller and is never cached', async () => {
    for (const query of ['', '?reseller=b']) {
      const { page, html } = await openStorefront(server(), query);
      assert.equal(page.status, 200);
      assert.equal(page.headers.get('Cache-Control'), 'no-store');
      for (const token of [server().tokens.a, server().tokens.b]) assert.ok(!html.includes(token), `a token is in the page ${query}`);
      assert.doesNotMatch(html, /\btoken=/);
      assert.match(html, /api-base="\/session\/api\/v1"/);
    }
  });

  test('opening the storefront signs in with an HttpOnly, SameSite=Strict cookie of a random session id', async () => {
    const { page, cookie } = await openStorefront(server());
    const setCookie = page.headers.get('Set-Cookie') ?? '';
    assert.match(setCookie, /HttpOnly/i);
    assert.match(setCookie, /SameSite=Strict/i);
    assert.match(setCookie, /Path=\/(;|$)/);
    assert.match(cookie, /^ld_session=[A-Za-z0-9_-]{43}$/);
    const again = await openStorefront(server());
    assert.notEqual(again.cookie, cookie, 'every new browser gets a session of its own');
  });

  test('the page calls the API as reseller A, or as B with ?reseller=b, through its session', async () => {
    const meOf = async (token: string) => ((await (await callApi(server(), '/me', { headers: { Authorization: `Bearer ${token}` } })).json()) as { reseller: { id: string } }).reseller.id;
    for (const [query, token] of [['', server().tokens.a], ['?reseller=b', server().tokens.b]] as const) {
      const { cookie } = await openStorefront(server(), query);
      const me = await fetch(`${server().url}/session/api/v1/me`, { headers: { Cookie: cookie } });
      assert.equal(me.status, 200);
      assert.equal(((await me.json()) as { reseller: { id: string } }).reseller.id, await meOf(token));
      const orders = await fetch(`${server().url}/session/api/v1/orders?limit=2`, { headers: { Cookie: cookie } });
      assert.equal(orders.status, 200);
    }
  });

  test('the session path refuses a request without a session, with an unknown one, or sent from another site', async () => {
    const { cookie } = await openStorefront(server());
    const cases: [string, Record<string, string>][] = [
      ['no cookie', {}],
      ['an unknown session', { Cookie: `ld_session=${'x'.repeat(43)}` }],
      ['a bearer token instead', { Authorization: `Bearer ${server().tokens.a}` }],
      ['a request from another site', { Cookie: cookie, 'Sec-Fetch-Site': 'cross-site' }],
    ];
    for (const [what, headers] of cases) {
      const res = await fetch(`${server().url}/session/api/v1/me`, { headers });
      assert.equal(res.status, 401, what);
      assert.equal(res.headers.get('Content-Type'), PROBLEM, what);
    }
  });

  test('a change through the session path works as through the API, and the page is never the credential', async () => {
    const { cookie } = await openStorefront(server());
    const licenseId = await availableLicenseId(server(), 3);
    const customers = (await (await callApi(server(), '/customers?q=')).json()) as { items: { email: string }[] };
    const init = jsonInit('POST', { customer: { kind: 'existing', email: customers.items[0]?.email } });
    const res = await fetch(`${server().url}/session/api/v1/licenses/${licenseId}/activation`, { ...init, headers: { ...(init.headers as object), Cookie: cookie, 'Sec-Fetch-Site': 'same-origin' } });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { status: string }).status, 'active');
  });
});

describe('the outbox', () => {
  const server = useServer();

  interface Outbox {
    items: { id: string; to: string; kind: string; orderId: string; at: string; delivery: { attempts: number; sentAt: string | null; gaveUp: boolean } }[];
    nextCursor: string | null;
  }
  const outboxOf = async (path: string, token: string): Promise<Outbox> => (await (await callPage(server(), path, token)).json()) as Outbox;

  test('without a token or a session the outbox answers 401, as a page and as JSON', async () => {
    for (const path of ['/outbox', '/outbox.json', '/outbox.json?limit=5']) {
      const res = await fetch(server().url + path);
      assert.equal(res.status, 401, path);
      assert.equal(res.headers.get('Content-Type'), PROBLEM, path);
      assert.equal(((await res.json()) as { code: string }).code, 'unauthorized');
    }
    const wrong = await callPage(server(), '/outbox.json', 'not-a-token');
    assert.equal(wrong.status, 401);
  });

  test("each reseller sees only its own mails: its customers' and its own", async () => {
    const { tokens } = server();
    const licenseA = await availableLicenseId(server());
    const customers = (await (await callApi(server(), '/customers?q=')).json()) as { items: { email: string }[] };
    const activated = await callApi(server(), `/licenses/${licenseA}/activation`, jsonInit('POST', { customer: { kind: 'existing', email: customers.items[0]?.email } }));
    assert.equal(activated.status, 200);
    const ordersB = (await (await callApi(server(), '/orders?limit=1', { headers: { Authorization: `Bearer ${tokens.b}` } })).json()) as { items: { id: string }[] };
    const orderB = ordersB.items[0]?.id ?? '';
    const resent = await callApi(server(), `/orders/${orderB}/confirmation-email`, { method: 'POST', headers: { Authorization: `Bearer ${tokens.b}` } });
    assert.equal(resent.status, 202);

    const ofA = await outboxOf('/outbox.json', tokens.a);
    const ofB = await outboxOf('/outbox.json', tokens.b);
    assert.ok(ofA.items.some((m) => m.kind === 'activation' && m.to === customers.items[0]?.email), "A's activation mail is in A's outbox");
    assert.ok(ofB.items.some((m) => m.orderId === orderB && m.kind === 'confirmation'), "B's confirmation is in B's outbox");
    assert.ok(!ofA.items.some((m) => m.orderId === orderB), "A sees none of B's mails");
    assert.ok(!ofB.items.some((m) => ofA.items.some((a) => a.id === m.id)), "B sees none of A's mails");
    assert.equal(ofA.items[0]?.delivery.attempts, 0, 'each mail says where its delivery stands');

    const { cookie } = await openStorefront(server(), '?reseller=b');
    const bySession = (await (await fetch(`${server().url}/outbox.json`, { headers: { Cookie: cookie } })).json()) as Outbox;
    assert.deepEqual(bySession.items.map((m) => m.id), ofB.items.map((m) => m.id), "B's session sees B's outbox");
    const page = await fetch(`${server().url}/outbox`, { headers: { Cookie: cookie } });
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('Cache-Control'), 'no-store');
  });

  test('the outbox is newest first and paged by limit and cursor, without skipping or repeating a mail', async () => {
    const { tokens } = server();
    const orders = (await (await callApi(server(), '/orders?limit=3')).json()) as { items: { id: string }[] };
    for (const order of orders.items) {
      assert.equal((await callApi(server(), `/orders/${order.id}/confirmation-email`, { method: 'POST' })).status, 202);
    }
    const all = await outboxOf('/outbox.json?limit=10000', tokens.a);
    assert.ok(all.items.length >= 3);
    assert.equal(all.nextCursor, null);
    const times = all.items.map((m) => m.at);
    assert.deepEqual(times, [...times].sort().reverse(), 'newest first');

    const walked: string[] = [];
    let path = '/outbox.json?limit=2';
    for (let pages = 0; pages < 100; pages += 1) {
      const page = await outboxOf(path, tokens.a);
      assert.ok(page.items.length <= 2);
      walked.push(...page.items.map((m) => m.id));
      if (page.nextCursor === null) break;
      path = `/outbox.json?limit=2&cursor=${encodeURIComponent(page.nextCursor)}`;
    }
    assert.deepEqual(walked, all.items.map((m) => m.id));

    const html = await (await callPage(server(), '/outbox?limit=1')).text();
    assert.match(html, /href="\/outbox\?limit=1&#38;cursor=[^"]+">Older emails</);
  });

  test('the outbox refuses a limit outside 1..10000 and a cursor that is not its own', async () => {
    const { tokens } = server();
    for (const query of ['limit=0', 'limit=10001', 'limit=x', 'limit=1&limit=2', 'cursor=nonsense']) {
      const res = await callPage(server(), `/outbox.json?${query}`);
      assert.equal(res.status, 400, query);
      assert.equal(((await res.json()) as { code: string }).code, 'validation_failed', query);
    }
    const ofA = await outboxOf('/outbox.json?limit=1', tokens.a);
    assert.ok(ofA.nextCursor !== null);
    const asB = await callPage(server(), `/outbox.json?limit=1&cursor=${encodeURIComponent(ofA.nextCursor)}`, tokens.b);
    assert.equal(asB.status, 400, "A's cursor given by B");
    assert.equal(((await asB.json()) as { errors: { path: string }[] }).errors[0]?.path, 'cursor');
  });
});

describe('where the demo listens', () => {
  test('binding beyond loopback prints a warning at start, and loopback does not', async () => {
    for (const [host, warned] of [['127.0.0.1', false], ['0.0.0.0', true]] as const) {
      const lines: string[] = [];
      const server = await startDemoServer({ host, databasePath: ':memory:', orders: 5, bigOrderLicenses: 0, warn: (line) => lines.push(line) });
      await server.close();
      assert.equal(lines.some((line) => /HOST=0\.0\.0\.0.*beyond this machine/.test(line)), warned, `${host}: ${lines.join(' | ')}`);
    }
  });
});
