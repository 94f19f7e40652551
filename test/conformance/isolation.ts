/** Tenant isolation: another reseller's ids are unknown on every route, and never found. */
import { describe, test as anyTest } from 'node:test';
import assert from 'node:assert/strict';
import type { License, OrderSummary } from '../../src/api/contract/schemas.js';
import { expectProblem, key, newCustomer, walkOrders, type Fixture } from './support.js';
import type { FixtureGetter } from './suite.js';

interface Theirs {
  order: OrderSummary;
  available: License;
  active: License;
}

/** Reseller A's data that reseller B is going to try. */
async function theirs(fx: Fixture): Promise<Theirs> {
  const active = await fx.activeLicense();
  const available = await fx.availableLicense();
  return { order: await fx.api.getOrder(active.orderId), available, active };
}

export function defineIsolationTests(fixture: FixtureGetter): void {
  /** A check that needs a second reseller, skipped for a target that has none. */
  const test = (name: string, check: () => Promise<void>) =>
    anyTest(name, async (t) => {
      if (fixture().needs(t, 'a second reseller')) await check();
    });

  describe("another reseller's data", () => {
    test('reading it answers not_found, exactly like an id that does not exist', async () => {
      const fx = fixture();
      const a = await theirs(fx);
      const b = fx.otherApi;
      await expectProblem(b.getOrder(a.order.id), 'not_found');
      await expectProblem(b.listLicenses(a.order.id, {}), 'not_found');
      await expectProblem(b.getLicense(a.active.id), 'not_found');
      await expectProblem(b.getLicenseHistory(a.active.id), 'not_found');
      await expectProblem(b.getLicense(a.available.id), 'not_found');
    });

    test('changing it answers not_found and changes nothing', async () => {
      const fx = fixture();
      const a = await theirs(fx);
      const b = fx.otherApi;
      await expectProblem(b.activateLicense(a.available.id, { customer: newCustomer('intruder') }, { idempotencyKey: key() }), 'not_found');
      await expectProblem(b.setBillingState(a.active.id, { recurrent: !a.active.recurrent }, { idempotencyKey: key() }), 'not_found');
      await expectProblem(b.resendConfirmationEmail(a.order.id, { idempotencyKey: key() }), 'not_found');
      assert.deepEqual(await fx.api.getLicense(a.available.id), a.available);
      assert.deepEqual(await fx.api.getLicense(a.active.id), a.active);
      const history = await fx.api.getLicenseHistory(a.active.id);
      assert.ok(!history.items.some((e) => e.kind === 'billing_state_changed'));
    });

    test('one reseller\'s idempotency keys are not the other\'s', async () => {
      const fx = fixture();
      const idempotencyKey = key();
      const mine = await fx.api.activateLicense((await fx.availableLicense()).id, { customer: newCustomer('keys') }, { idempotencyKey });
      const page = await fx.otherApi.searchOrders({ state: 'processed', limit: 200 });
      const order = page.items.find((o) => o.availableCount > 0);
      assert.ok(order, 'the other reseller has an available license');
      const { items } = await fx.otherApi.listLicenses(order.id, { status: 'available', limit: 1 });
      const theirsNow = await fx.otherApi.activateLicense(items[0]!.id, { customer: newCustomer('keys') }, { idempotencyKey });
      assert.notEqual(theirsNow.id, mine.id);
      assert.equal(theirsNow.status, 'active');
    });

    test('searches never return it, whatever the filter', async () => {
      const fx = fixture();
      const a = await theirs(fx);
      const b = fx.otherApi;
      const aIds = new Set((await fx.orders()).map((o) => o.id));
      const email = a.active.customer?.email ?? '';
      const queries = [
        {},
        { orderNumber: a.order.orderNumber },
        { activationCode: a.available.activationCode },
        { customerEmail: email },
        { productId: a.order.product.id },
      ];
      for (const query of queries) {
        const found = await walkOrders(b, query);
        const leaked = found.filter((o) => aIds.has(o.id));
        assert.deepEqual(leaked, [], `B's search ${JSON.stringify(query)} shows none of A's orders`);
      }
    });

    test("each reseller's product filter lists only what that reseller bought", async () => {
      const fx = fixture();
      const { items } = await fx.otherApi.listProducts();
      const bought = new Set((await walkOrders(fx.otherApi, {})).map((o) => o.product.id));
      assert.deepEqual(items.map((p) => p.id).sort(), [...bought].sort());
    });

    test("customer suggestions never offer the other reseller's customers", async () => {
      const fx = fixture();
      const a = await theirs(fx);
      const customer = a.active.customer;
      assert.ok(customer);
      for (const q of [customer.email, customer.organization, '']) {
        const { items } = await fx.otherApi.searchCustomers(q);
        assert.ok(!items.some((c) => c.id === customer.id || c.email === customer.email), `suggestions for "${q}"`);
      }
    });

    test("the other reseller's customers cannot be activated for, nor are they in the way", async () => {
      const fx = fixture();
      const a = await theirs(fx);
      const email = a.active.customer?.email ?? '';
      const page = await fx.otherApi.searchOrders({ state: 'processed', limit: 200 });
      const order = page.items.find((o) => o.availableCount > 1);
      assert.ok(order, 'the other reseller has available licenses');
      const { items } = await fx.otherApi.listLicenses(order.id, { status: 'available', limit: 2 });
      const [first, second] = items;
      assert.ok(first && second);
      const existing = { customer: { kind: 'existing', email } } as const;
      await expectProblem(fx.otherApi.activateLicense(first.id, existing, { idempotencyKey: key() }), 'customer_not_found');
      const own = await fx.otherApi.activateLicense(second.id, { customer: { ...newCustomer('own'), email } }, { idempotencyKey: key() });
      assert.equal(own.customer?.email, email, "registering the same email with another reseller is that reseller's own business");
      assert.notEqual(own.customer?.id, a.active.customer?.id);
    });
  });
}
