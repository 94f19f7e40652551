/**
 * Renewals as the API shows them: `GET /licenses` across orders (filters, sort, paging,
 * totals, cursors that do not travel), billing changes scheduled for a later day and
 * cancelled, and expired licenses, which refuse activation and billing changes. The data
 * holds licenses that renew or lapse within 90 days and some that expired (seeded around
 * today); the checks find them through the API.
 */
import { describe, test as anyTest } from 'node:test';
import assert from 'node:assert/strict';
import type { FoundLicense, LicenseSearchQuery, Product } from '../../src/api/contract/schemas.js';
import { addDays } from '../../src/rules/licenses.js';
import { expectProblem, ids, key, newCustomer, walk, type Fixture } from './support.js';
import type { FixtureGetter } from './suite.js';

const today = () => new Date().toISOString().slice(0, 10);

function walkSearch(fx: Fixture, query: LicenseSearchQuery, limit = 100): Promise<FoundLicense[]> {
  return walk((cursor) => fx.api.searchLicenses({ ...query, limit, ...(cursor ? { cursor } : {}) }), limit);
}

/** The next 100 days, where the seeded renewals lie. */
const window = () => ({ expiringFrom: addDays(today(), -60), expiringTo: addDays(today(), 100) });

export function defineRenewalTests(fixture: FixtureGetter): void {
  const test = (name: string, check: (fx: Fixture) => Promise<void>) => anyTest(name, () => check(fixture()));

  describe('licenses across orders (GET /licenses)', () => {
    test('walks a validTo window in validTo order, ascending by default and descending on request, each license once', async (fx) => {
      const ascending = await walkSearch(fx, window(), 7);
      assert.ok(ascending.length >= 10, `the window holds ${ascending.length} licenses`);
      const days = ascending.map((l) => l.validTo);
      assert.deepEqual(days, [...days].sort());
      assert.ok(days.every((d) => d >= window().expiringFrom && d <= window().expiringTo));
      const descending = await walkSearch(fx, { ...window(), sort: 'validTo:desc' }, 5);
      assert.deepEqual(descending.map((l) => l.validTo), [...days].reverse());
      assert.deepEqual(ids(descending), ids(ascending));
    });

    test('shows what renews and what lapses: status, autoRenew, the renewal deadline', async (fx) => {
      const soon = await walkSearch(fx, { expiringFrom: addDays(today(), 1), expiringTo: addDays(today(), 90), status: 'active' });
      const renewing = soon.filter((l) => l.autoRenew);
      const lapsing = soon.filter((l) => !l.autoRenew);
      assert.ok(renewing.length > 0 && lapsing.length > 0, 'some renew and some lapse within 90 days');
      for (const l of soon) assert.equal(l.renewalDeadline, addDays(l.validTo, -2));
      const onlyRenewing = await walkSearch(fx, { expiringFrom: addDays(today(), 1), expiringTo: addDays(today(), 90), autoRenew: true });
      assert.ok(onlyRenewing.every((l) => l.autoRenew && l.status === 'active'));
      assert.deepEqual(ids(onlyRenewing), ids(renewing));
      const notRenewing = await walkSearch(fx, { expiringFrom: addDays(today(), 1), expiringTo: addDays(today(), 90), autoRenew: false });
      assert.ok(notRenewing.every((l) => !l.autoRenew));
      assert.ok(ids(lapsing).every((id) => notRenewing.some((l) => l.id === id)));
    });

    test('filters by status, product and text (code, customer email, product name, order number), with totals', async (fx) => {
      const expired = await walkSearch(fx, { status: 'expired' });
      assert.ok(expired.length >= 2, 'the data holds expired licenses');
      assert.ok(expired.every((l) => l.status === 'expired' && !l.autoRenew && l.renewalDeadline === null));
      const sample = (await walkSearch(fx, { ...window(), status: 'active' }))[0];
      assert.ok(sample?.customer, 'an active license in the window');
      const order = await fx.api.getOrder(sample.orderId);
      const byProduct = await walkSearch(fx, { ...window(), productId: order.product.id });
      assert.ok(byProduct.some((l) => l.id === sample.id));
      for (const l of byProduct) assert.equal((await fx.api.getOrder(l.orderId)).product.id, order.product.id);
      const texts = [sample.activationCode.slice(2, 9).toLowerCase(), sample.customer.email.toUpperCase(), order.orderNumber.slice(-6), order.product.name.slice(1, 6)];
      for (const q of texts) {
        const found = await walkSearch(fx, { ...window(), q }, 50);
        assert.ok(found.some((l) => l.id === sample.id), `q=${q} finds the license`);
      }
      const byCode = await fx.api.searchLicenses({ q: sample.activationCode });
      assert.deepEqual(byCode.items.map((l) => l.id), [sample.id]);
      assert.equal(byCode.total, 1);
      await expectProblem(fx.api.searchLicenses({ q: 'ab' }), 'validation_failed');
      await expectProblem(fx.api.searchLicenses({ limit: 0 }), 'validation_failed');
      await expectProblem(fx.api.searchLicenses({ limit: 501 }), 'validation_failed');
      await expectProblem(fx.api.searchLicenses({ expiringFrom: '2026-13-01' }), 'validation_failed');
      assert.deepEqual(await fx.api.searchLicenses({ q: 'no-such-text-anywhere' }), { items: [], nextCursor: null, total: 0 });
    });

    test("names each license's product: its order's product, whatever the license's status", async (fx) => {
      const found = [
        ...(await walkSearch(fx, window(), 50)),
        ...(await walkSearch(fx, { status: 'expired' }, 50)),
        ...(await walkSearch(fx, { ...window(), status: 'refunded' }, 50)),
      ];
      const statuses = new Set(found.map((l) => l.status));
      assert.ok(statuses.has('active') && statuses.has('expired'), `the licenses found are ${[...statuses].join(', ')}`);
      const products = new Map<string, Product>();
      for (const license of found) {
        if (!products.has(license.orderId)) products.set(license.orderId, (await fx.api.getOrder(license.orderId)).product);
        assert.deepEqual(license.product, products.get(license.orderId), `the product of ${license.id}`);
      }
      assert.ok(new Set([...products.values()].map((p) => p.id)).size >= 2, 'the licenses found are of several products');
      const { product } = found[0]!;
      const ofProduct = await walkSearch(fx, { ...window(), productId: product.id }, 100);
      assert.ok(ofProduct.length > 0 && ofProduct.every((l) => l.product.id === product.id && l.product.name === product.name));
    });

    test('refuses a tampered cursor, or one of another sort, rather than starting over', async (fx) => {
      const page = await fx.api.searchLicenses({ ...window(), limit: 3 });
      assert.ok(page.nextCursor);
      await expectProblem(fx.api.searchLicenses({ ...window(), limit: 3, cursor: page.nextCursor.slice(0, -4) }), 'validation_failed');
      await expectProblem(fx.api.searchLicenses({ ...window(), limit: 3, cursor: 'bm90LWEtY3Vyc29y' }), 'validation_failed');
      await expectProblem(fx.api.searchLicenses({ ...window(), limit: 3, sort: 'validTo:desc', cursor: page.nextCursor }), 'validation_failed');
    });

    anyTest("never shows another reseller's licenses", async (t) => {
      const fx = fixture();
      if (!fx.needs(t, 'a second reseller')) return;
      const mine = new Set(ids(await walkSearch(fx, window(), 500)));
      const theirs = await walk((cursor) => fx.otherApi.searchLicenses({ ...window(), limit: 500, ...(cursor ? { cursor } : {}) }), 500);
      assert.ok(theirs.length > 0, 'the other reseller has licenses too');
      assert.ok(theirs.every((l) => !mine.has(l.id)));
    });
  });

  describe('billing changes scheduled for a later day', () => {
    test('schedules up to the renewal deadline, shows it, and cancels it, each in the history', async (fx) => {
      const license = await fx.activeLicense();
      const deadline = license.renewalDeadline;
      assert.ok(deadline);
      for (const effectiveOn of [addDays(today(), 1), deadline]) {
        const scheduled = await fx.api.setBillingState(license.id, { recurrent: !license.recurrent, effectiveOn }, { idempotencyKey: key() });
        assert.deepEqual(scheduled.scheduledBillingChange, { recurrent: !license.recurrent, effectiveOn });
        assert.equal(scheduled.recurrent, license.recurrent, 'nothing changes now');
        assert.deepEqual(scheduled.actions.cancelScheduledChange, { allowed: true, reason: null });
      }
      assert.deepEqual((await fx.api.getLicense(license.id)).scheduledBillingChange, { recurrent: !license.recurrent, effectiveOn: deadline });
      const cancelled = await fx.api.cancelScheduledBillingChange(license.id, { idempotencyKey: key() });
      assert.equal(cancelled.scheduledBillingChange, null);
      assert.deepEqual(cancelled.actions.cancelScheduledChange, { allowed: false, reason: 'no_scheduled_change' });
      await expectProblem(fx.api.cancelScheduledBillingChange(license.id, { idempotencyKey: key() }), 'no_scheduled_change');
      const kinds = (await fx.api.getLicenseHistory(license.id, { limit: 500 })).items.map((e) => e.kind);
      assert.equal(kinds.filter((k) => k === 'billing_change_scheduled').length, 2);
      assert.equal(kinds.filter((k) => k === 'billing_change_cancelled').length, 1);
      assert.ok(!kinds.includes('billing_state_changed'));
    });

    test('refuses a day that is not after today or past the deadline, naming effectiveOn', async (fx) => {
      const license = await fx.activeLicense();
      const deadline = license.renewalDeadline!;
      for (const effectiveOn of [today(), addDays(today(), -3), addDays(deadline, 1)]) {
        const error = await expectProblem(fx.api.setBillingState(license.id, { recurrent: true, effectiveOn }, { idempotencyKey: key() }), 'validation_failed');
        assert.deepEqual(error.errors.map((e) => e.path), ['effectiveOn']);
      }
      assert.equal((await fx.api.getLicense(license.id)).scheduledBillingChange, null);
    });

    test('a change now replaces a scheduled one', async (fx) => {
      const license = await fx.activeLicense();
      await fx.api.setBillingState(license.id, { recurrent: true, effectiveOn: addDays(today(), 3) }, { idempotencyKey: key() });
      const now = await fx.api.setBillingState(license.id, { recurrent: false }, { idempotencyKey: key() });
      assert.equal(now.scheduledBillingChange, null);
      assert.equal(now.recurrent, false);
    });

    test('refuses licenses that are not active', async (fx) => {
      const available = await fx.availableLicense();
      await expectProblem(fx.api.setBillingState(available.id, { recurrent: true, effectiveOn: addDays(today(), 2) }, { idempotencyKey: key() }), 'license_not_active');
      await expectProblem(fx.api.cancelScheduledBillingChange(available.id, { idempotencyKey: key() }), 'no_scheduled_change');
      await expectProblem(fx.api.cancelScheduledBillingChange('lic_no_such_license', { idempotencyKey: key() }), 'not_found');
    });
  });

  describe('expired licenses', () => {
    test('refuse activation and billing changes, here and on the customer’s activation page', async (fx) => {
      const [expired] = (await fx.api.searchLicenses({ status: 'expired', limit: 5 })).items;
      assert.ok(expired, 'the data holds an expired license');
      fx.take(expired.id);
      assert.deepEqual(expired.actions.activate, { allowed: false, reason: 'license_expired' });
      assert.deepEqual(expired.actions.changeBillingState, { allowed: false, reason: 'license_expired' });
      await expectProblem(fx.api.setBillingState(expired.id, { recurrent: true }, { idempotencyKey: key() }), 'license_expired');
      await expectProblem(fx.api.activateLicense(expired.id, { customer: newCustomer('late') }, { idempotencyKey: key() }), 'license_expired');
      assert.equal((await fx.api.getActivation(expired.activationCode)).status, 'expired');
      await expectProblem(fx.api.activateByCode(expired.activationCode, { customer: newCustomer('late') }), 'license_expired');
      const { product: _product, ...license } = expired;
      assert.deepEqual(await fx.api.getLicense(expired.id), license, 'the license as found, but for the product found with it');
    });
  });
}
