/** Activating licenses and switching auto-renewal, with every refusal the contract names. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LicensesApi } from '../../src/api/client.js';
import type { ActivationRequest, License } from '../../src/api/contract/schemas.js';
import { licenseActions } from '../../src/rules/licenses.js';
import { expectProblem, key, newCustomer, type Fixture } from './support.js';
import type { FixtureGetter } from './suite.js';

async function counts(api: LicensesApi, orderId: string) {
  const { quantity, activeCount, availableCount } = await api.getOrder(orderId);
  return { quantity, activeCount, availableCount };
}

async function historyKinds(api: LicensesApi, licenseId: string): Promise<string[]> {
  return (await api.getLicenseHistory(licenseId)).items.map((e) => e.kind);
}

/** A license of a refunded order. */
export async function refundedLicense(fx: Fixture): Promise<License> {
  const order = await fx.order('refunded order', (o) => o.state === 'refunded' && o.quantity > 0);
  const { items } = await fx.api.listLicenses(order.id, { limit: 1 });
  assert.ok(items[0], 'a refunded order lists its licenses');
  return items[0];
}

export function defineActivationTests(fixture: FixtureGetter): void {
  describe('activating a license', () => {
    test('for a registered customer: the license turns active and the order counts move by one', async () => {
      const fx = fixture();
      const customer = await fx.customer();
      const license = await fx.availableLicense();
      const before = await counts(fx.api, license.orderId);
      const active = await fx.api.activateLicense(license.id, { customer: { kind: 'existing', email: customer.email } }, { idempotencyKey: key() });
      assert.equal(active.id, license.id);
      assert.equal(active.status, 'active');
      assert.equal(active.customer?.id, customer.id);
      assert.ok(active.activatedAt !== null);
      assert.equal(active.autoRenew, active.recurrent);
      assert.deepEqual(active.actions, licenseActions('active'));
      assert.deepEqual(await fx.api.getLicense(license.id), active);
      const after = await counts(fx.api, license.orderId);
      assert.deepEqual(after, { ...before, activeCount: before.activeCount + 1, availableCount: before.availableCount - 1 });
      assert.deepEqual((await historyKinds(fx.api, license.id)).filter((k) => k === 'activated'), ['activated']);
    });

    test('for a new customer: the customer is registered and can be chosen next time', async () => {
      const fx = fixture();
      const input = newCustomer('new');
      const first = await fx.api.activateLicense((await fx.availableLicense()).id, { customer: input }, { idempotencyKey: key() });
      assert.equal(first.customer?.email, input.email);
      assert.equal(first.customer?.organization, input.organization);
      const { items } = await fx.api.searchCustomers(input.email);
      const registered = items.find((c) => c.email === input.email);
      const { email, organization, firstName, lastName } = input;
      assert.deepEqual(registered, { id: first.customer?.id, email, organization, firstName, lastName });
      const next = await fx.availableLicense();
      const second = await fx.api.activateLicense(next.id, { customer: { kind: 'existing', email } }, { idempotencyKey: key() });
      assert.equal(second.customer?.id, first.customer?.id);
    });

    test('customer suggestions match part of a name, organization or email', async () => {
      const fx = fixture();
      const input = newCustomer('suggest');
      await fx.api.activateLicense((await fx.availableLicense()).id, { customer: input }, { idempotencyKey: key() });
      for (const q of [input.lastName.slice(-8).toUpperCase(), input.organization.slice(-8), input.email.slice(0, 20)]) {
        const { items } = await fx.api.searchCustomers(q);
        assert.ok(items.some((c) => c.email === input.email), `suggestions for ${q}`);
      }
    });

    test('customer suggestions fold the case of letters beyond ASCII, in names and organizations alike', async () => {
      const fx = fixture();
      const plain = newCustomer('umlaut');
      const tag = plain.lastName.split(' ').at(-1)!;
      const input = { ...plain, organization: `ÄRZTEKAMMER ÖSTERREICH ${tag}`, firstName: 'Ümit', lastName: `ÖZDEMIR ${tag}` };
      await fx.api.activateLicense((await fx.availableLicense()).id, { customer: input }, { idempotencyKey: key() });
      for (const q of [`ärztekammer österreich ${tag}`, `Ärztekammer Österreich ${tag}`, `ümit`, `özdemi`]) {
        const { items } = await fx.api.searchCustomers(q);
        assert.ok(items.some((c) => c.email === input.email), `suggestions for ${q}`);
      }
    });

    test('a new customer with a registered email is refused with customer_exists and nothing changes', async () => {
      const fx = fixture();
      const customer = await fx.customer();
      const license = await fx.availableLicense();
      const taken = { ...newCustomer('dup'), email: customer.email };
      await expectProblem(fx.api.activateLicense(license.id, { customer: taken }, { idempotencyKey: key() }), 'customer_exists');
      assert.deepEqual(await fx.api.getLicense(license.id), license);
    });

    test('an email no customer is registered with is refused with customer_not_found', async () => {
      const fx = fixture();
      const license = await fx.availableLicense();
      const email = newCustomer('unknown').email;
      const call = fx.api.activateLicense(license.id, { customer: { kind: 'existing', email } }, { idempotencyKey: key() });
      const error = await expectProblem(call, 'customer_not_found');
      assert.ok(error.detail.length > 0);
      assert.equal((await fx.api.getLicense(license.id)).status, 'available');
    });

    test('an active license cannot be activated again: license_already_active', async () => {
      const fx = fixture();
      const active = await fx.activeLicense();
      await expectProblem(fx.api.activateLicense(active.id, { customer: newCustomer('again') }, { idempotencyKey: key() }), 'license_already_active');
      assert.deepEqual(await fx.api.getLicense(active.id), active);
    });

    test("a refunded order's license can be neither activated nor switched: order_refunded", async () => {
      const fx = fixture();
      const license = await refundedLicense(fx);
      assert.equal(license.status, 'refunded');
      assert.equal(license.autoRenew, false);
      assert.deepEqual(license.actions, licenseActions('refunded'));
      await expectProblem(fx.api.activateLicense(license.id, { customer: newCustomer('refunded') }, { idempotencyKey: key() }), 'order_refunded');
      await expectProblem(fx.api.setBillingState(license.id, { recurrent: !license.recurrent }, { idempotencyKey: key() }), 'order_refunded');
      assert.deepEqual(await fx.api.getLicense(license.id), license);
    });

    const invalid: [string, unknown, string][] = [
      ['an email that is not one', { customer: { kind: 'existing', email: 'not-an-email' } }, 'customer.email'],
      ['a new customer without a country', { customer: { ...newCustomer(), country: undefined } }, 'customer.country'],
      ['a country that does not exist', { customer: { ...newCustomer(), country: 'XX' } }, 'customer.country'],
      ['a blank first name', { customer: { ...newCustomer(), firstName: '   ' } }, 'customer.firstName'],
      ['an unknown kind of customer', { customer: { kind: 'maybe', email: 'a@example.com' } }, 'customer'],
      ['no customer at all', {}, 'customer'],
    ];
    for (const [what, body, path] of invalid) {
      test(`${what} is refused with validation_failed naming ${path}`, async () => {
        const fx = fixture();
        const license = await fx.availableLicense();
        const call = fx.api.activateLicense(license.id, body as ActivationRequest, { idempotencyKey: key() });
        const error = await expectProblem(call, 'validation_failed');
        assert.ok(error.errors.some((e) => e.path.startsWith(path)), `errors name ${path}: ${JSON.stringify(error.errors)}`);
        assert.equal((await fx.api.getLicense(license.id)).status, 'available');
      });
    }

    test('50 people activating one license at once: exactly one succeeds, 49 hear license_already_active', async () => {
      const fx = fixture();
      const customer = await fx.customer();
      const license = await fx.availableLicense();
      const before = await counts(fx.api, license.orderId);
      const body = { customer: { kind: 'existing', email: customer.email } } as const;
      const results = await Promise.allSettled(Array.from({ length: 50 }, () => fx.api.activateLicense(license.id, body, { idempotencyKey: key() })));
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as { code?: string; status?: number }] : []));
      assert.equal(won.length, 1, 'exactly one activation succeeds');
      assert.deepEqual(new Set(lost.map((e) => `${e.status} ${e.code}`)), new Set(['409 license_already_active']));
      assert.equal(lost.length, 49);
      const after = await counts(fx.api, license.orderId);
      assert.deepEqual(after, { ...before, activeCount: before.activeCount + 1, availableCount: before.availableCount - 1 });
      assert.equal(after.activeCount + after.availableCount, after.quantity);
      assert.equal((await historyKinds(fx.api, license.id)).filter((k) => k === 'activated').length, 1);
    });
  });

  describe('switching auto-renewal', () => {
    test('an active license switches off and on, and Auto Renew follows', async () => {
      const fx = fixture();
      const active = await fx.activeLicense();
      const off = await fx.api.setBillingState(active.id, { recurrent: false }, { idempotencyKey: key() });
      assert.equal(off.recurrent, false);
      assert.equal(off.autoRenew, false, 'an activated license without recurrence shows Auto Renew false');
      assert.equal(off.status, 'active');
      const on = await fx.api.setBillingState(active.id, { recurrent: true }, { idempotencyKey: key() });
      assert.equal(on.recurrent, true);
      assert.equal(on.autoRenew, true);
      assert.deepEqual(await fx.api.getLicense(active.id), on);
      assert.ok((await historyKinds(fx.api, active.id)).includes('billing_state_changed'));
    });

    test('a license that is not active yet cannot switch: license_not_active', async () => {
      const fx = fixture();
      const license = await fx.availableLicense();
      assert.deepEqual(license.actions.changeBillingState, { allowed: false, reason: 'license_not_active' });
      assert.equal(license.autoRenew, false, 'an available license never auto-renews');
      await expectProblem(fx.api.setBillingState(license.id, { recurrent: !license.recurrent }, { idempotencyKey: key() }), 'license_not_active');
      assert.deepEqual(await fx.api.getLicense(license.id), license);
    });

    test('a billing change without a proper value is validation_failed', async () => {
      const fx = fixture();
      const active = await fx.activeLicense();
      const call = fx.api.setBillingState(active.id, { recurrent: 'yes' } as never, { idempotencyKey: key() });
      const error = await expectProblem(call, 'validation_failed');
      assert.ok(error.errors.some((e) => e.path === 'recurrent'));
    });

    test('an unknown license is not_found for both changes', async () => {
      const { api } = fixture();
      await expectProblem(api.activateLicense('lic_does_not_exist', { customer: newCustomer() }, { idempotencyKey: key() }), 'not_found');
      await expectProblem(api.setBillingState('lic_does_not_exist', { recurrent: true }, { idempotencyKey: key() }), 'not_found');
    });
  });
}
