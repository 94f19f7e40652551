/**
 * Who holds each license, and fixing mistakes (v1.1): deactivating, transferring,
 * correcting a customer, and the whole history, page by page.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HistoryEntry } from '../../src/api/contract/schemas.js';
import { expectProblem, key, newCustomer } from './support.js';
import type { FixtureGetter } from './suite.js';

export function defineHolderTests(fixture: FixtureGetter): void {
  describe('who holds a license, and fixing mistakes', () => {
    test('an active license offers deactivation and transfer; an available one says why not', async () => {
      const fx = fixture();
      const active = await fx.activeLicense();
      assert.deepEqual(active.actions.deactivate, { allowed: true, reason: null });
      assert.deepEqual(active.actions.transfer, { allowed: true, reason: null });
      const available = await fx.availableLicense();
      assert.deepEqual(available.actions.deactivate, { allowed: false, reason: 'license_not_active' });
      assert.deepEqual(available.actions.transfer, { allowed: false, reason: 'license_not_active' });
      await expectProblem(fx.api.deactivateLicense(available.id, { idempotencyKey: key() }), 'license_not_active');
      await expectProblem(fx.api.transferLicense(available.id, { customer: newCustomer('nobody') }, { idempotencyKey: key() }), 'license_not_active');
    });

    test('deactivating makes the license available again, detaches its customer, stops auto-renewal and moves the counts', async () => {
      const fx = fixture();
      const active = await fx.activeLicense();
      await fx.api.setBillingState(active.id, { recurrent: true }, { idempotencyKey: key() });
      const before = await fx.api.getOrder(active.orderId);
      const released = await fx.api.deactivateLicense(active.id, { idempotencyKey: key() });
      assert.equal(released.status, 'available');
      assert.equal(released.customer, null);
      assert.equal(released.activatedAt, null);
      assert.equal(released.recurrent, false);
      assert.equal(released.autoRenew, false);
      assert.deepEqual(released.actions.activate, { allowed: true, reason: null });
      assert.deepEqual(await fx.api.getLicense(active.id), released);
      const after = await fx.api.getOrder(active.orderId);
      assert.equal(after.activeCount, before.activeCount - 1);
      assert.equal(after.availableCount, before.availableCount + 1);
      const { items } = await fx.api.getLicenseHistory(active.id, { limit: 500 });
      assert.equal(items.at(-1)?.kind, 'deactivated');
      assert.deepEqual(items.at(-1)?.actor.kind, 'reseller');
      // It can be activated again, for someone else.
      const again = await fx.api.activateLicense(active.id, { customer: newCustomer('again') }, { idempotencyKey: key() });
      assert.equal(again.status, 'active');
    });

    test('a transfer hands the active license to another customer, existing or new, and keeps it active', async () => {
      const fx = fixture();
      const active = await fx.activeLicense();
      const counts = await fx.api.getOrder(active.orderId);
      const newcomer = newCustomer('transfer');
      const moved = await fx.api.transferLicense(active.id, { customer: newcomer }, { idempotencyKey: key() });
      assert.equal(moved.status, 'active');
      assert.equal(moved.customer?.email, newcomer.email);
      assert.equal(moved.activatedAt, active.activatedAt);
      const back = await fx.api.transferLicense(active.id, { customer: { kind: 'existing', email: active.customer!.email } }, { idempotencyKey: key() });
      assert.equal(back.customer?.id, active.customer?.id);
      const order = await fx.api.getOrder(active.orderId);
      assert.deepEqual([order.activeCount, order.availableCount], [counts.activeCount, counts.availableCount]);
      const kinds = (await fx.api.getLicenseHistory(active.id, { limit: 500 })).items.map((e) => e.kind);
      assert.deepEqual(kinds.filter((k) => k === 'transferred'), ['transferred', 'transferred']);
      await expectProblem(fx.api.transferLicense(active.id, { customer: { kind: 'existing', email: 'not.registered@example.com' } }, { idempotencyKey: key() }), 'customer_not_found');
    });

    test("a customer's email and names can be corrected, and an email another customer has is customer_exists", async () => {
      const fx = fixture();
      const active = await fx.activeLicense();
      const other = await fx.activeLicense();
      const id = active.customer!.id;
      const email = `corrected.${key().slice(0, 8).toLowerCase()}@example.com`;
      const corrected = await fx.api.updateCustomer(id, { email, firstName: 'Corrected' }, { idempotencyKey: key() });
      assert.equal(corrected.id, id);
      assert.equal(corrected.email, email);
      assert.equal(corrected.firstName, 'Corrected');
      assert.equal((await fx.api.getLicense(active.id)).customer?.email, email, 'the license shows the corrected email');
      const found = await fx.api.searchCustomers(email);
      assert.equal(found.items[0]?.id, id);
      await expectProblem(fx.api.updateCustomer(id, { email: other.customer!.email }, { idempotencyKey: key() }), 'customer_exists');
      await expectProblem(fx.api.updateCustomer(id, {}, { idempotencyKey: key() }), 'validation_failed');
      await expectProblem(fx.api.updateCustomer(id, { email: 'not an email' }, { idempotencyKey: key() }), 'validation_failed');
      await expectProblem(fx.api.updateCustomer('cus_no_such', { firstName: 'X' }, { idempotencyKey: key() }), 'not_found');
      const history = (await fx.api.getLicenseHistory(active.id, { limit: 500 })).items;
      assert.ok(history.some((e) => e.kind === 'customer_changed'), 'the license history records the correction');
    });

    test('a license with 1,100 billing changes shows all 1,102 entries, oldest first, across pages', async () => {
      const fx = fixture();
      const active = await fx.activeLicense();
      for (let i = 0; i < 1_100; i += 1) {
        await fx.api.setBillingState(active.id, { recurrent: (i % 2 === 0) !== active.recurrent }, { idempotencyKey: key() });
      }
      const entries: HistoryEntry[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await fx.api.getLicenseHistory(active.id, { limit: 250, ...(cursor ? { cursor } : {}) });
        assert.ok(page.items.length <= 250);
        entries.push(...page.items);
        cursor = page.nextCursor ?? undefined;
        pages += 1;
      } while (cursor && pages < 100);
      const changes = entries.filter((e) => e.kind === 'billing_state_changed');
      assert.equal(changes.length, 1_100);
      // The purchase, the activation, its email, and the 1,100 changes: nothing dropped, nothing twice.
      assert.equal(entries[0]?.kind, 'purchased');
      assert.equal(new Set(entries.map((e) => e.id)).size, entries.length);
      assert.ok(entries.length >= 1_102, `${entries.length} entries`);
      entries.forEach((entry, i) => {
        const previous = entries[i - 1];
        if (previous) assert.ok(Date.parse(previous.at) <= Date.parse(entry.at), 'oldest first');
      });
      assert.ok(pages >= 5, `${pages} pages`);
      await expectProblem(fx.api.getLicenseHistory(active.id, { cursor: 'not-a-cursor' }), 'validation_failed');
      await expectProblem(fx.api.getLicenseHistory(active.id, { limit: 501 }), 'validation_failed');
    });
  });
}
