/**
 * `GET /orders?q=`: a fragment of an order's number, product name, distribution company, one
 * of its activation codes or one of its holders' emails finds the order, whatever its case,
 * combined with every other filter; and the search follows activations, transfers and
 * corrected emails.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { OrderSummary, OrdersQuery } from '../../src/api/contract/schemas.js';
import { expectProblem, key, newCustomer, walkLicenses, walkOrders, type Fixture } from './support.js';
import type { FixtureGetter } from './suite.js';
import { sharedStart } from '../support/number-stems.js';

const lower = (text: string) => text.toLowerCase();
/** Flips the case of every letter, so that ignoring case is really tested. */
const flipCase = (text: string) => [...text].map((c) => (c === lower(c) ? c.toUpperCase() : lower(c))).join('');

/** Whether the order's own fields hold the fragment. */
function ownFieldsHold(order: OrderSummary, fragment: string): boolean {
  return [order.orderNumber, order.product.name, order.distributionCompany ?? ''].some((text) => lower(text).includes(lower(fragment)));
}

/** Whether the order holds the fragment anywhere `q` looks: its own fields, its codes, its holders' emails. */
async function holds(fx: Fixture, order: OrderSummary, fragment: string): Promise<boolean> {
  if (ownFieldsHold(order, fragment)) return true;
  const licenses = await walkLicenses(fx.api, order.id);
  return licenses.some((l) => lower(l.activationCode).includes(lower(fragment)) || lower(l.customer?.email ?? '').includes(lower(fragment)));
}

/**
 * Searches with `q` (case flipped) and checks the answer against a plain scan: every order
 * whose own fields hold the fragment is found, the orders in `including` are found, and
 * every order found holds the fragment somewhere.
 */
async function expectFragment(fx: Fixture, fragment: string, including: readonly string[] = [], extra: OrdersQuery = {}): Promise<OrderSummary[]> {
  const found = await walkOrders(fx.api, { ...extra, q: flipCase(fragment) });
  const foundIds = new Set(found.map((o) => o.id));
  assert.equal(foundIds.size, found.length, 'each order is found once');
  const all = await fx.orders();
  const meetsExtra = (o: OrderSummary) => (extra.state === undefined || o.state === extra.state) && (extra.productId === undefined || o.product.id === extra.productId);
  for (const order of all.filter((o) => ownFieldsHold(o, fragment) && meetsExtra(o))) {
    assert.ok(foundIds.has(order.id), `${order.orderNumber} holds "${fragment}" and is found`);
  }
  for (const id of including) assert.ok(foundIds.has(id), `order ${id} is found by "${fragment}"`);
  for (const order of found) {
    assert.ok(meetsExtra(order), `${order.orderNumber} meets the other filters`);
    assert.ok(await holds(fx, order, fragment), `${order.orderNumber} found by "${fragment}" holds it`);
  }
  return found;
}

/** The order in the middle of those `test` picks, so that fragments are not trivial. */
async function middle(fx: Fixture, test: (o: OrderSummary) => boolean): Promise<OrderSummary> {
  const candidates = (await fx.orders()).filter(test);
  const found = candidates[Math.floor(candidates.length / 2)];
  assert.ok(found, 'the data holds orders to search for');
  return found;
}

export function defineOrderTextTests(fixture: FixtureGetter): void {
  describe('searching orders by a fragment (q)', () => {
    test('a fragment of an order number finds it, whatever its case', async () => {
      const fx = fixture();
      const order = await middle(fx, () => true);
      const fragment = order.orderNumber.slice(-5, -1);
      await expectFragment(fx, fragment, [order.id]);
    });

    test('a fragment of a product name finds the orders of every product holding it', async () => {
      const fx = fixture();
      const { product } = await middle(fx, (o) => o.product.name.length >= 5);
      await expectFragment(fx, product.name.slice(1, 5));
    });

    test('a fragment of a distribution company finds the orders sold through it', async () => {
      const fx = fixture();
      const order = await middle(fx, (o) => (o.distributionCompany ?? '').length >= 5);
      await expectFragment(fx, (order.distributionCompany ?? '').slice(1, 5), [order.id]);
    });

    test('a fragment of an activation code finds the order holding it', async () => {
      const fx = fixture();
      const order = await middle(fx, (o) => o.quantity > 1 && o.quantity < 100);
      const { items } = await fx.api.listLicenses(order.id, { limit: 5 });
      const code = items[items.length - 1]!.activationCode;
      await expectFragment(fx, code.slice(3, 12), [order.id]);
    });

    test('near misses of a code find only orders that hold them: its characters joined across a dash, its first part and another character', async () => {
      const fx = fixture();
      const order = await middle(fx, (o) => o.quantity > 1 && o.quantity < 100);
      const { items } = await fx.api.listLicenses(order.id, { limit: 5 });
      const code = items[0]!.activationCode;
      const other = code[5] === 'Z' ? 'Y' : 'Z';
      for (const fragment of [code.slice(2, 4) + code.slice(5, 8), code.slice(0, 5) + other]) await expectFragment(fx, fragment);
    });

    test("a fragment of a customer's email finds the orders of the licenses they hold, and follows transfers and corrections", async () => {
      const fx = fixture();
      const active = await fx.activeLicense();
      const email = active.customer?.email ?? '';
      const local = email.slice(0, email.indexOf('@'));
      await expectFragment(fx, local, [active.orderId]);

      const next = newCustomer('transfer');
      const moved = await fx.api.transferLicense(active.id, { customer: next }, { idempotencyKey: key() });
      const nextLocal = next.email.slice(0, next.email.indexOf('@'));
      await expectFragment(fx, nextLocal, [moved.orderId]);
      const left = await walkOrders(fx.api, { q: local });
      assert.ok(!left.some((o) => o.id === active.orderId), 'the former holder no longer finds the order');

      const corrected = `corrected.${nextLocal}@example.org`;
      await fx.api.updateCustomer(moved.customer!.id, { email: corrected }, { idempotencyKey: key() });
      await expectFragment(fx, `corrected.${nextLocal}`, [moved.orderId]);
    });

    test("a fragment of many customers' emails counts each of their orders once, alone and with other filters", async () => {
      const fx = fixture();
      // The top-level domain most holders' emails share: orders hold licenses of several of them.
      const held = (await fx.orders()).filter((o) => o.activeCount > 0).slice(0, 20);
      const domains = new Map<string, number>();
      for (const order of held) {
        for (const { customer } of await walkLicenses(fx.api, order.id)) {
          const email = customer?.email ?? '';
          const domain = email.slice(email.lastIndexOf('.'));
          if (domain.length >= 3) domains.set(domain, (domains.get(domain) ?? 0) + 1);
        }
      }
      const fragment = [...domains].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
      for (const extra of [{}, { state: 'processed' }] as const) {
        const first = await fx.api.searchOrders({ ...extra, q: fragment, limit: 2 });
        const found = await expectFragment(fx, fragment, [], extra);
        assert.ok(found.length > 0, `"${fragment}" finds orders`);
        assert.equal(first.total, found.length, `the total of "${fragment}" with ${JSON.stringify(extra)} counts each order once`);
      }
    });

    test("what a fragment of many customers' emails finds comes in purchase order either way, whatever the page size", async () => {
      const fx = fixture();
      // The domain most holders' emails share: many customers, holding licenses of many orders.
      const domains = new Map<string, number>();
      for (const order of (await fx.orders()).filter((o) => o.activeCount > 0).slice(0, 20)) {
        for (const { customer } of await walkLicenses(fx.api, order.id)) {
          const domain = (customer?.email ?? '').split('@')[1] ?? '';
          if (domain.length >= 3) domains.set(domain, (domains.get(domain) ?? 0) + 1);
        }
      }
      const fragment = [...domains].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
      for (const sort of ['purchasedAt:desc', 'purchasedAt:asc'] as const) {
        const whole = await walkOrders(fx.api, { q: fragment, sort }, 200);
        assert.ok(whole.length > 6, `"${fragment}" finds several pages of orders`);
        const at = (o: OrderSummary) => Date.parse(o.purchasedAt) * (sort === 'purchasedAt:desc' ? -1 : 1);
        whole.slice(1).forEach((o, i) => assert.ok(at(whole[i]!) <= at(o), `${whole[i]!.id} then ${o.id} in ${sort}`));
        for (const limit of [1, 2, 5]) {
          const paged = await walkOrders(fx.api, { q: fragment, sort }, limit);
          assert.deepEqual(paged.map((o) => o.id), whole.map((o) => o.id), `pages of ${limit} in ${sort}`);
        }
      }
    });

    test('the start that every order number shares finds every order, as the search without it', async () => {
      const fx = fixture();
      const start = sharedStart((await fx.orders()).map((o) => o.orderNumber));
      assert.ok(start.length >= 3, `the order numbers share a start ("${start}")`);
      const q = flipCase(start.slice(0, 6));
      const all = await walkOrders(fx.api, {}, 50);
      assert.deepEqual((await walkOrders(fx.api, { q }, 50)).map((o) => o.id), all.map((o) => o.id), `"${q}" finds every order, newest first`);
      assert.equal((await fx.api.searchOrders({ q, limit: 1 })).total, all.length);
    });

    test('q combines with the other filters', async () => {
      const fx = fixture();
      const order = await middle(fx, (o) => o.state === 'processed');
      const fragment = order.orderNumber.slice(-4);
      const found = await expectFragment(fx, fragment, [order.id], { state: 'processed', productId: order.product.id });
      assert.ok(found.every((o) => o.state === 'processed' && o.product.id === order.product.id));
    });

    test('a fragment that nothing holds finds nothing; one shorter than 3 characters is refused', async () => {
      const fx = fixture();
      const page = await fx.api.searchOrders({ q: 'zq~nothing holds this~qz' });
      assert.deepEqual(page.items, []);
      assert.equal(page.total, 0);
      await expectProblem(fx.api.searchOrders({ q: 'ab' }), 'validation_failed');
      await expectProblem(fx.api.searchOrders({ q: '  a  ' }), 'validation_failed');
    });

    test('total counts every match, and pages never repeat an order', async () => {
      const fx = fixture();
      const order = await middle(fx, () => true);
      const fragment = order.orderNumber.slice(-3);
      const first = await fx.api.searchOrders({ q: fragment, limit: 2 });
      const found = await walkOrders(fx.api, { q: fragment }, 2);
      assert.equal(first.total, found.length);
      assert.equal(new Set(found.map((o) => o.id)).size, found.length);
    });

    test('what a fragment of numbers and codes finds comes in purchase order either way, page after page', async () => {
      const fx = fixture();
      // The three digits most order numbers hold, so that the search runs over several pages.
      const holding = new Map<string, number>();
      for (const { orderNumber } of await fx.orders()) {
        const windows = new Set([...orderNumber].map((_, i) => orderNumber.slice(i, i + 3)).filter((w) => /^\d{3}$/.test(w)));
        for (const w of windows) holding.set(w, (holding.get(w) ?? 0) + 1);
      }
      const fragment = [...holding].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? '';
      const at = (o: OrderSummary) => Date.parse(o.purchasedAt);
      const newest = await walkOrders(fx.api, { q: fragment }, 3);
      const oldest = await walkOrders(fx.api, { q: fragment, sort: 'purchasedAt:asc' }, 3);
      assert.ok(newest.length > 3, `"${fragment}" finds more than a page`);
      assert.deepEqual(new Set(oldest.map((o) => o.id)), new Set(newest.map((o) => o.id)));
      newest.slice(1).forEach((o, i) => assert.ok(at(newest[i]!) >= at(o), `${newest[i]!.id} then ${o.id}, newest first`));
      oldest.slice(1).forEach((o, i) => assert.ok(at(oldest[i]!) <= at(o), `${oldest[i]!.id} then ${o.id}, oldest first`));
      assert.deepEqual((await fx.api.searchOrders({ q: fragment, limit: 200 })).items.map((o) => o.id), newest.slice(0, 200).map((o) => o.id));
    });
  });
}
