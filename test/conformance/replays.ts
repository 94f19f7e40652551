/** Retrying changes safely (idempotency keys) and resending order confirmations. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LicensesApi } from '../../src/api/client.js';
import type { ConfirmationEmailResult } from '../../src/api/contract/schemas.js';
import { expectProblem, key, newCustomer } from './support.js';
import type { FixtureGetter } from './suite.js';

/** Resends through the API, answering null when the order's emails are rate-limited. */
function resendWith(api: LicensesApi) {
  return async (orderId: string, idempotencyKey: string): Promise<ConfirmationEmailResult | null> => {
    try {
      return await api.resendConfirmationEmail(orderId, { idempotencyKey });
    } catch (error) {
      if ((error as { code?: unknown }).code === 'rate_limited') return null;
      throw error;
    }
  };
}

export function defineReplayTests(fixture: FixtureGetter): void {
  describe('retrying a change with the same idempotency key', () => {
    test('an activation sent twice answers the same and activates once', async () => {
      const fx = fixture();
      const license = await fx.availableLicense();
      const before = await fx.api.getOrder(license.orderId);
      const body = { customer: newCustomer('replay') };
      const idempotencyKey = key();
      const first = await fx.api.activateLicense(license.id, body, { idempotencyKey });
      const again = await fx.api.activateLicense(license.id, body, { idempotencyKey });
      assert.deepEqual(again, first);
      const after = await fx.api.getOrder(license.orderId);
      assert.equal(after.activeCount, before.activeCount + 1, 'one activation only');
      const { items } = await fx.api.getLicenseHistory(license.id);
      assert.equal(items.filter((e) => e.kind === 'activated').length, 1);
      const { items: customers } = await fx.api.searchCustomers(body.customer.email);
      assert.equal(customers.filter((c) => c.email === body.customer.email).length, 1, 'one customer registered');
    });

    test('the replay answers what was answered first, even after later changes', async () => {
      const fx = fixture();
      const license = await fx.availableLicense();
      const body = { customer: newCustomer('later') };
      const idempotencyKey = key();
      const first = await fx.api.activateLicense(license.id, body, { idempotencyKey });
      await fx.api.setBillingState(license.id, { recurrent: !first.recurrent }, { idempotencyKey: key() });
      assert.deepEqual(await fx.api.activateLicense(license.id, body, { idempotencyKey }), first);
      assert.equal((await fx.api.getLicense(license.id)).recurrent, !first.recurrent, 'the replay changed nothing');
    });

    test('a key reused for another request is refused with idempotency_key_reused', async () => {
      const fx = fixture();
      const license = await fx.availableLicense();
      const other = await fx.availableLicense();
      const idempotencyKey = key();
      const first = await fx.api.activateLicense(license.id, { customer: newCustomer('first') }, { idempotencyKey });
      await expectProblem(fx.api.activateLicense(license.id, { customer: newCustomer('second') }, { idempotencyKey }), 'idempotency_key_reused');
      await expectProblem(fx.api.activateLicense(other.id, { customer: newCustomer('third') }, { idempotencyKey }), 'idempotency_key_reused');
      await expectProblem(fx.api.setBillingState(license.id, { recurrent: true }, { idempotencyKey }), 'idempotency_key_reused');
      assert.deepEqual(await fx.api.getLicense(license.id), first);
      assert.deepEqual(await fx.api.getLicense(other.id), other, 'the other license is untouched');
    });

    test('a billing change replayed after another one does not undo it', async () => {
      const fx = fixture();
      const active = await fx.activeLicense();
      const offKey = key();
      const off = await fx.api.setBillingState(active.id, { recurrent: false }, { idempotencyKey: offKey });
      await fx.api.setBillingState(active.id, { recurrent: true }, { idempotencyKey: key() });
      assert.deepEqual(await fx.api.setBillingState(active.id, { recurrent: false }, { idempotencyKey: offKey }), off);
      assert.equal((await fx.api.getLicense(active.id)).recurrent, true);
      await expectProblem(fx.api.setBillingState(active.id, { recurrent: true }, { idempotencyKey: offKey }), 'idempotency_key_reused');
    });

    test('a key longer than 255 characters is validation_failed', async () => {
      const fx = fixture();
      const license = await fx.availableLicense();
      await expectProblem(fx.api.activateLicense(license.id, { customer: newCustomer() }, { idempotencyKey: 'k'.repeat(256) }), 'validation_failed');
      assert.equal((await fx.api.getLicense(license.id)).status, 'available');
    });
  });

  describe('resending the order confirmation', () => {
    test('goes to the reseller and names the message', async () => {
      const fx = fixture();
      const { orderId, sent } = await fx.firstResend(resendWith(fx.api));
      const me = await fx.api.getMe();
      assert.equal(sent.to, me.user.email);
      assert.ok(sent.messageId.length > 0);
      const { items } = await fx.api.listLicenses(orderId, { limit: 1 });
      const history = await fx.api.getLicenseHistory(items[0]!.id);
      assert.ok(history.items.some((e) => e.kind === 'email_sent'), "the email shows in the licenses' history");
    });

    test('too many resends are refused with rate_limited and a wait; a replay is still answered', async () => {
      const fx = fixture();
      const { orderId, key: firstKey, sent: first } = await fx.firstResend(resendWith(fx.api));
      const sent: ConfirmationEmailResult[] = [first];
      let refusal: { code: string; retryAfter: number | null } | undefined;
      for (let i = 0; i < 50 && !refusal; i += 1) {
        try {
          sent.push(await fx.api.resendConfirmationEmail(orderId, { idempotencyKey: key() }));
        } catch (error) {
          refusal = error as { code: string; retryAfter: number | null };
        }
      }
      assert.ok(refusal, `${sent.length} resends in a row were all accepted`);
      const error = await expectProblem(fx.api.resendConfirmationEmail(orderId, { idempotencyKey: key() }), 'rate_limited');
      assert.equal(refusal.code, 'rate_limited');
      assert.ok(error.retryAfter !== null && error.retryAfter >= 1, 'the refusal says how long to wait');
      assert.equal(new Set(sent.map((s) => s.messageId)).size, sent.length, 'each email has its own message id');
      assert.deepEqual(await fx.api.resendConfirmationEmail(orderId, { idempotencyKey: firstKey }), first);
    });

    test('for an unknown order is not_found', async () => {
      await expectProblem(fixture().api.resendConfirmationEmail('ord_does_not_exist', { idempotencyKey: key() }), 'not_found');
    });
  });
}
