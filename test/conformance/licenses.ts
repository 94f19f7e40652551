/** An order's licenses: counts that add up, the rules shown on each license, filters, paging. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { License, OrderSummary } from '../../src/api/contract/schemas.js';
import { LicenseStatus } from '../../src/api/contract/schemas.js';
import { licenseActions, orderCounts } from '../../src/rules/licenses.js';
import { expectProblem, ids, walkLicenses, type Fixture } from './support.js';
import type { FixtureGetter } from './suite.js';

/** Asserts what the contract's rules say about one license. */
function assertFollowsRules(license: License): void {
  const what = `license ${license.id} (${license.status})`;
  assert.equal(license.autoRenew, license.recurrent && license.status === 'active', `${what}: Auto Renew`);
  assert.deepEqual(license.actions, licenseActions(license.status), `${what}: actions`);
  if (license.status === 'active') {
    assert.ok(license.customer !== null && license.activatedAt !== null, `${what} names its customer and activation time`);
  }
  if (license.status === 'available') {
    assert.ok(license.customer === null && license.activatedAt === null, `${what} has no customer yet`);
  }
}

/** Reads all of the order's licenses and checks them against its counts and the rules. */
async function assertOrderAddsUp(fx: Fixture, order: OrderSummary): Promise<License[]> {
  const current = await fx.api.getOrder(order.id);
  const licenses = await walkLicenses(fx.api, order.id);
  for (const license of licenses) {
    assert.equal(license.orderId, order.id);
    assertFollowsRules(license);
    if (current.state === 'refunded') assert.equal(license.status, 'refunded', 'a refunded order has refunded licenses only');
    else assert.notEqual(license.status, 'refunded', 'a processed order has no refunded licenses');
  }
  const { quantity, activeCount, availableCount } = current;
  assert.deepEqual({ quantity, activeCount, availableCount }, orderCounts(licenses.map((l) => l.status)), `counts of ${order.id}`);
  return licenses;
}

/** A processed order holding both active and available licenses. */
function mixedOrder(fx: Fixture): Promise<OrderSummary> {
  const mixed = (o: OrderSummary) => o.state === 'processed' && o.activeCount > 0 && o.availableCount > 1 && o.quantity >= 5 && o.quantity < 1000;
  return fx.reservedOrder('processed order with active and available licenses', mixed);
}

/** An order holding an expired license (the data holds some that lapsed before today). */
async function expiredOrder(fx: Fixture): Promise<OrderSummary> {
  const [expired] = (await fx.api.searchLicenses({ status: 'expired', limit: 1 })).items;
  assert.ok(expired, 'the data holds an expired license');
  return fx.api.getOrder(expired.orderId);
}

export function defineLicenseTests(fixture: FixtureGetter): void {
  describe("an order's licenses", () => {
    test('active and available counts agree with the licenses of every kind of order', async () => {
      const fx = fixture();
      const orders = await fx.orders();
      const sample = [
        await mixedOrder(fx),
        await fx.order('refunded order', (o) => o.state === 'refunded'),
        ...orders.filter((o) => o.quantity < 1000).slice(0, 12),
      ];
      for (const order of sample) await assertOrderAddsUp(fx, order);
    });

    test('the largest order pages through all its licenses and still adds up', async () => {
      const fx = fixture();
      const largest = (await fx.orders()).reduce((a, b) => (b.quantity > a.quantity ? b : a));
      const licenses = await assertOrderAddsUp(fx, largest);
      assert.equal(licenses.length, largest.quantity);
      const first = await fx.api.listLicenses(largest.id, {});
      assert.equal(first.items.length, Math.min(100, largest.quantity), 'a page holds 100 licenses by default');
    });

    test('small pages visit every license once, in a stable order', async () => {
      const fx = fixture();
      const order = await mixedOrder(fx);
      const whole = await walkLicenses(fx.api, order.id, {}, 500);
      const paged = await walkLicenses(fx.api, order.id, {}, 2);
      assert.deepEqual(paged.map((l) => l.id), whole.map((l) => l.id));
    });

    for (const status of LicenseStatus.options) {
      test(`the status filter shows ${status} licenses only`, async () => {
        const fx = fixture();
        const order =
          status === 'refunded' ? await fx.order('refunded order', (o) => o.state === 'refunded')
          : status === 'expired' ? await expiredOrder(fx)
          : await mixedOrder(fx);
        const all = await walkLicenses(fx.api, order.id);
        const found = await walkLicenses(fx.api, order.id, { status }, 2);
        assert.deepEqual(ids(found), ids(all.filter((l) => l.status === status)));
        assert.ok(found.length > 0, `the order holds ${status} licenses`);
      });
    }

    test('searching by part of an activation code finds that license', async () => {
      const fx = fixture();
      const order = await mixedOrder(fx);
      const all = await walkLicenses(fx.api, order.id);
      const target = all[all.length - 1]!;
      const part = target.activationCode.slice(2, -2).toLowerCase();
      const found = await walkLicenses(fx.api, order.id, { q: part });
      assert.ok(found.some((l) => l.id === target.id));
      const matches = (l: License) => l.activationCode.toLowerCase().includes(part) || (l.customer?.email.toLowerCase().includes(part) ?? false);
      assert.deepEqual(ids(found), ids(all.filter(matches)));
    });

    test("searching by a customer's email finds the licenses activated for them", async () => {
      const fx = fixture();
      const order = await mixedOrder(fx);
      const all = await walkLicenses(fx.api, order.id);
      const email = all.find((l) => l.customer)?.customer?.email ?? '';
      const found = await walkLicenses(fx.api, order.id, { q: email.toUpperCase(), status: 'active' });
      assert.ok(found.length > 0);
      const matches = (l: License) => l.status === 'active' && (l.customer?.email.toLowerCase().includes(email.toLowerCase()) ?? false);
      assert.deepEqual(ids(found), ids(all.filter(matches)));
    });

    for (const [query, path] of [
      [{ limit: 0 }, 'limit'],
      [{ limit: 501 }, 'limit'],
      [{ status: 'lapsed' }, 'status'],
    ] as const) {
      test(`a licenses query with ${JSON.stringify(query)} is refused, naming ${path}`, async () => {
        const fx = fixture();
        const order = await mixedOrder(fx);
        const error = await expectProblem(fx.api.listLicenses(order.id, query as never), 'validation_failed');
        assert.ok(error.errors.some((e) => e.path === path), `errors name ${path}: ${JSON.stringify(error.errors)}`);
      });
    }

    test('the licenses of an unknown order are not_found', async () => {
      await expectProblem(fixture().api.listLicenses('ord_does_not_exist', {}), 'not_found');
    });
  });

  describe('one license', () => {
    test('reads the same as in its order', async () => {
      const fx = fixture();
      const order = await mixedOrder(fx);
      const { items } = await fx.api.listLicenses(order.id, { limit: 3 });
      for (const listed of items) assert.deepEqual(await fx.api.getLicense(listed.id), listed);
    });

    test('its history starts with the purchase and runs oldest first', async () => {
      const fx = fixture();
      const order = await mixedOrder(fx);
      const { items } = await fx.api.listLicenses(order.id, { status: 'active', limit: 1 });
      const { items: history } = await fx.api.getLicenseHistory(items[0]!.id);
      assert.equal(history[0]?.kind, 'purchased');
      assert.ok(history.some((e) => e.kind === 'activated'), 'an active license has an activation in its history');
      history.forEach((entry, i) => {
        const previous = history[i - 1];
        if (previous) assert.ok(Date.parse(previous.at) <= Date.parse(entry.at), 'oldest first');
      });
    });

    test('an unknown license is not_found, and so is its history', async () => {
      const { api } = fixture();
      await expectProblem(api.getLicense('lic_does_not_exist'), 'not_found');
      await expectProblem(api.getLicenseHistory('lic_does_not_exist'), 'not_found');
    });
  });
}
