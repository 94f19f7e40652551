/** Searching orders: every filter and sort of `GET /orders`, alone and combined, and paging. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { OrderSort, OrderSummary, OrdersQuery } from '../../src/api/contract/schemas.js';
import { OrderSort as OrderSorts, OrderState, PaymentType } from '../../src/api/contract/schemas.js';
import { expectProblem, ids, key, walkOrders, type Fixture } from './support.js';
import type { FixtureGetter } from './suite.js';

const at = (o: OrderSummary) => Date.parse(o.purchasedAt);
const lower = (text: string) => text.toLowerCase();
/** Flips the case of every letter, so that a case-insensitive filter is really tested. */
const flipCase = (text: string) => [...text].map((c) => (c === lower(c) ? c.toUpperCase() : lower(c))).join('');

/** Whether `b` may follow `a` in `sort` order. */
function inOrder(sort: OrderSort, a: OrderSummary, b: OrderSummary): boolean {
  switch (sort) {
    case 'purchasedAt:desc':
      return at(a) >= at(b);
    case 'purchasedAt:asc':
      return at(a) <= at(b);
    case 'amount:desc':
      return a.amount.value >= b.amount.value;
    case 'amount:asc':
      return a.amount.value <= b.amount.value;
    case 'orderNumber:asc':
      return lower(a.orderNumber) <= lower(b.orderNumber);
  }
}

function assertSorted(sort: OrderSort, orders: readonly OrderSummary[]): void {
  orders.forEach((order, i) => {
    const previous = orders[i - 1];
    if (previous) assert.ok(inOrder(sort, previous, order), `${previous.id} then ${order.id} breaks ${sort}`);
  });
}

/** Walks the search with a small page size and compares it with the orders `expected` picks. */
async function expectSearch(fx: Fixture, query: OrdersQuery, expected: (o: OrderSummary) => boolean, limit = 50): Promise<OrderSummary[]> {
  const found = await walkOrders(fx.api, query, limit);
  const wanted = (await fx.orders()).filter(expected);
  assert.deepEqual(ids(found), ids(wanted), `orders found for ${JSON.stringify(query)}`);
  assertSorted(query.sort ?? 'purchasedAt:desc', found);
  return found;
}

/** The order in the middle of the list, so that filters built from it are not trivial. */
async function middle(fx: Fixture, test: (o: OrderSummary) => boolean = () => true): Promise<OrderSummary> {
  const candidates = (await fx.orders()).filter(test);
  const found = candidates[Math.floor(candidates.length / 2)];
  assert.ok(found, 'the data holds orders to search for');
  return found;
}

export function defineOrderTests(fixture: FixtureGetter): void {
  describe('searching orders', () => {
    test('without filters finds every order once, newest first', async () => {
      const fx = fixture();
      const all = await fx.orders();
      assert.ok(all.length >= 2, 'the data holds orders');
      assertSorted('purchasedAt:desc', all);
      const firstPage = await fx.api.searchOrders({});
      assert.equal(firstPage.items.length, Math.min(25, all.length), 'the default page holds 25 orders');
      assert.equal(firstPage.total, all.length);
    });

    for (const sort of OrderSorts.options) {
      test(`sorted by ${sort}, the pages visit every order once in that order`, async () => {
        await expectSearch(fixture(), { sort }, () => true, 23);
      });
    }

    test('a purchase date range includes its start and excludes its end', async () => {
      const fx = fixture();
      const all = await fx.orders();
      const from = all[Math.floor((all.length * 3) / 4)]!;
      const to = all[Math.floor(all.length / 4)]!;
      const query = { purchasedFrom: from.purchasedAt, purchasedTo: to.purchasedAt };
      const found = await expectSearch(fx, query, (o) => at(o) >= at(from) && at(o) < at(to));
      assert.ok(found.some((o) => o.id === from.id), 'the order bought at the start is found');
      assert.ok(!found.some((o) => o.id === to.id), 'the order bought at the end is not');
      await expectSearch(fx, { purchasedFrom: from.purchasedAt }, (o) => at(o) >= at(from));
      await expectSearch(fx, { purchasedTo: to.purchasedAt }, (o) => at(o) < at(to));
    });

    test('an order number finds exactly that order, whatever its case', async () => {
      const fx = fixture();
      const order = await middle(fx);
      const wanted = lower(order.orderNumber);
      const found = await expectSearch(fx, { orderNumber: flipCase(order.orderNumber) }, (o) => lower(o.orderNumber) === wanted);
      assert.ok(found.some((o) => o.id === order.id));
      if (order.orderNumber.length > 1) {
        const partial = await fx.api.searchOrders({ orderNumber: order.orderNumber.slice(0, -1) });
        assert.ok(!partial.items.some((o) => o.id === order.id), 'part of an order number is not a match');
      }
    });

    test('a product filter finds the orders of that product', async () => {
      const fx = fixture();
      const { items: products } = await fx.api.listProducts();
      assert.ok(products.length > 0, 'the reseller has bought products');
      for (const product of products) await expectSearch(fx, { productId: product.id }, (o) => o.product.id === product.id, 200);
    });

    test('a product name finds every product containing it, whatever its case', async () => {
      const fx = fixture();
      const { name } = (await middle(fx)).product;
      const part = name.length > 4 ? name.slice(1, -2) : name;
      await expectSearch(fx, { productName: flipCase(part) }, (o) => lower(o.product.name).includes(lower(part)));
    });

    for (const state of OrderState.options) {
      test(`the state filter finds ${state} orders`, async () => {
        const found = await expectSearch(fixture(), { state }, (o) => o.state === state, 200);
        assert.ok(found.length > 0, `the data holds ${state} orders`);
      });
    }

    for (const paymentType of PaymentType.options) {
      test(`the payment type filter finds orders paid by ${paymentType}`, async () => {
        const found = await expectSearch(fixture(), { paymentType }, (o) => o.paymentType === paymentType, 200);
        assert.ok(found.length > 0, `the data holds orders paid by ${paymentType}`);
      });
    }

    test('a distribution company finds the orders sold through it', async () => {
      const fx = fixture();
      const { distributionCompany } = await middle(fx, (o) => o.distributionCompany !== null);
      const name = lower(distributionCompany ?? '');
      const found = await walkOrders(fx.api, { distributionCompany: flipCase(distributionCompany ?? '') });
      const exact = (await fx.orders()).filter((o) => lower(o.distributionCompany ?? '') === name);
      assert.ok(found.every((o) => lower(o.distributionCompany ?? '').includes(name)), 'every order found was sold through it');
      assert.ok(exact.every((o) => found.some((f) => f.id === o.id)), 'every order sold through it is found');
    });

    test('an activation code finds the order holding it', async () => {
      const fx = fixture();
      const order = await middle(fx, (o) => o.quantity > 1);
      const { items } = await fx.api.listLicenses(order.id, { limit: 5 });
      const code = items[items.length - 1]!.activationCode;
      const found = await walkOrders(fx.api, { activationCode: code });
      assert.deepEqual(ids(found), [order.id]);
    });

    test('a customer email finds the orders with a license activated for that customer', async () => {
      const fx = fixture();
      const active = await fx.activeLicense();
      const email = active.customer?.email ?? '';
      const found = await walkOrders(fx.api, { customerEmail: email });
      assert.deepEqual(ids(found), [active.orderId], 'a new customer has one activation');
      const next = await fx.availableLicense();
      const again = await fx.api.activateLicense(next.id, { customer: { kind: 'existing', email } }, { idempotencyKey: key() });
      const both = await walkOrders(fx.api, { customerEmail: flipCase(email) });
      assert.deepEqual(ids(both), [...new Set([active.orderId, again.orderId])].sort());
    });

    test('filters combine: every order found meets all of them', async () => {
      const fx = fixture();
      const all = await fx.orders();
      const from = all[Math.floor((all.length * 3) / 4)]!;
      const sample = await middle(fx, (o) => o.state === 'processed' && at(o) >= at(from));
      const { paymentType, product } = sample;
      const query: OrdersQuery = { state: 'processed', paymentType, productId: product.id, purchasedFrom: from.purchasedAt, sort: 'amount:asc' };
      const meets = (o: OrderSummary) =>
        o.state === 'processed' && o.paymentType === paymentType && o.product.id === product.id && at(o) >= at(from);
      const found = await expectSearch(fx, query, meets, 3);
      assert.ok(found.some((o) => o.id === sample.id));

      const named: OrdersQuery = { productName: product.name, orderNumber: sample.orderNumber, sort: 'orderNumber:asc' };
      const sameName = (o: OrderSummary) => lower(o.product.name).includes(lower(product.name));
      await expectSearch(fx, named, (o) => sameName(o) && lower(o.orderNumber) === lower(sample.orderNumber));

      const refundedByCard: OrdersQuery = { state: 'refunded', paymentType: 'credit_card', sort: 'purchasedAt:asc' };
      await expectSearch(fx, refundedByCard, (o) => o.state === 'refunded' && o.paymentType === 'credit_card', 2);
    });

    test('a search nothing matches answers an empty page', async () => {
      const page = await fixture().api.searchOrders({ orderNumber: `NO-SUCH-ORDER-${Date.now()}` });
      assert.deepEqual(page, { items: [], nextCursor: null, total: 0 });
    });

    for (const [query, path] of [
      [{ limit: 0 }, 'limit'],
      [{ limit: 201 }, 'limit'],
      [{ limit: 'ten' }, 'limit'],
      [{ sort: 'price:desc' }, 'sort'],
      [{ state: 'lost' }, 'state'],
      [{ paymentType: 'cash' }, 'paymentType'],
      [{ purchasedFrom: 'yesterday' }, 'purchasedFrom'],
    ] as const) {
      test(`a search with ${JSON.stringify(query)} is refused, naming ${path}`, async () => {
        const error = await expectProblem(fixture().api.searchOrders(query as OrdersQuery), 'validation_failed');
        assert.ok(error.errors.some((e) => e.path === path), `errors name ${path}: ${JSON.stringify(error.errors)}`);
      });
    }

    test('a made-up cursor is refused rather than starting over', async () => {
      await expectProblem(fixture().api.searchOrders({ cursor: 'bm90LWEtY3Vyc29y' }), 'validation_failed');
    });
  });

  describe('one order', () => {
    test('reads the same as in the search results', async () => {
      const fx = fixture();
      const listed = await middle(fx);
      const { items } = await fx.api.searchOrders({ orderNumber: listed.orderNumber });
      assert.deepEqual(await fx.api.getOrder(listed.id), items.find((o) => o.id === listed.id));
    });

    test('an unknown order is not_found', async () => {
      await expectProblem(fixture().api.getOrder('ord_does_not_exist'), 'not_found');
    });

    test('the product filter offers exactly the products the reseller has bought', async () => {
      const fx = fixture();
      const { items } = await fx.api.listProducts();
      const bought = new Set((await fx.orders()).map((o) => o.product.id));
      assert.deepEqual(items.map((p) => p.id).sort(), [...bought].sort());
    });

    test('each token speaks for its own reseller', async (t) => {
      const fx = fixture();
      if (!fx.needs(t, 'a second reseller')) return;
      const [me, other] = await Promise.all([fx.api.getMe(), fx.otherApi.getMe()]);
      assert.notEqual(me.reseller.id, other.reseller.id, 'each token belongs to its own reseller');
    });
  });
}
