/**
 * The whole life of an order (v1.1): the catalog, buying from the CSS balance or by card,
 * cancelling within the window, and the customer's side of an activation code, which answers
 * without a token and tells nothing of the reseller's records.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CatalogProduct, OrderSummary } from '../../src/api/contract/schemas.js';
import { expectProblem, key, newCustomer, walkLicenses } from './support.js';
import type { FixtureGetter } from './suite.js';

const DAY = 86_400_000;

export function defineLifecycleTests(fixture: FixtureGetter): void {
  describe('buying, cancelling, and the customer activation page', () => {
    const cheapest = async (): Promise<CatalogProduct> => {
      const { items } = await fixture().api.getCatalog();
      const [product] = [...items].sort((a, b) => a.unitPrice.value - b.unitPrice.value);
      assert.ok(product, 'the catalog offers a product');
      return product;
    };
    const buy = (product: CatalogProduct, quantity: number, paymentType: 'css_balance' | 'credit_card' = 'credit_card', idempotencyKey = key()) =>
      fixture().api.createOrder({ productId: product.id, quantity, paymentType, distributionCompany: null }, { idempotencyKey });

    test("the catalog lists what the reseller may buy, priced in the reseller's currency", async () => {
      const { api } = fixture();
      const [me, catalog] = await Promise.all([api.getMe(), api.getCatalog()]);
      assert.ok(catalog.items.length > 0);
      for (const product of catalog.items) {
        assert.equal(product.unitPrice.currency, me.currency, product.name);
        assert.ok(product.unitPrice.value > 0 && product.termMonths > 0, product.name);
      }
      assert.equal(me.balance.currency, me.currency);
    });

    test('buying from the CSS balance issues the licenses, comes first among today’s orders and debits the balance', async () => {
      const { api } = fixture();
      const product = await cheapest();
      const before = (await api.getMe()).balance.value;
      const order = await buy(product, 3, 'css_balance');
      assert.equal(order.quantity, 3);
      assert.equal(order.availableCount, 3);
      assert.equal(order.activeCount, 0);
      assert.equal(order.state, 'processed');
      assert.deepEqual(order.amount, { value: product.unitPrice.value * 3, currency: product.unitPrice.currency });
      assert.equal(order.product.id, product.id);
      assert.deepEqual(order.actions.cancel, { allowed: true, reason: null });
      assert.equal((await api.getMe()).balance.value, before - order.amount.value);
      const today = await api.searchOrders({ purchasedFrom: new Date(Date.now() - DAY).toISOString(), limit: 5 });
      assert.equal(today.items[0]?.id, order.id, 'the new order comes first');
      const licenses = await walkLicenses(api, order.id);
      assert.equal(licenses.length, 3);
      assert.equal(new Set(licenses.map((l) => l.activationCode)).size, 3, 'each license has a code of its own');
      for (const license of licenses) {
        assert.equal(license.status, 'available');
        assert.ok(license.validFrom <= license.validTo);
      }
    });

    test('buying by credit card leaves the balance alone, and one key buys once', async () => {
      const { api } = fixture();
      const product = await cheapest();
      const before = (await api.getMe()).balance.value;
      const idempotencyKey = key();
      const first = await buy(product, 1, 'credit_card', idempotencyKey);
      const again = await buy(product, 1, 'credit_card', idempotencyKey);
      assert.deepEqual(again, first, 'the same key answers the same order');
      assert.equal((await api.getMe()).balance.value, before);
      const matches = await api.searchOrders({ orderNumber: first.orderNumber });
      assert.equal(matches.total, 1, 'one order was made');
    });

    test('an order above the CSS balance is refused with insufficient_balance and changes nothing', async () => {
      const { api } = fixture();
      const product = await cheapest();
      const { balance } = await api.getMe();
      const quantity = Math.min(10_000, Math.floor(balance.value / product.unitPrice.value) + 1);
      if (quantity * product.unitPrice.value <= balance.value) return; // a balance this large cannot be exceeded within 10,000 licenses
      const totalBefore = (await api.searchOrders({ limit: 1 })).total;
      await expectProblem(buy(product, quantity, 'css_balance'), 'insufficient_balance');
      assert.equal((await api.getMe()).balance.value, balance.value);
      assert.equal((await api.searchOrders({ limit: 1 })).total, totalBefore);
    });

    test('orders bought from the CSS balance at the same time each debit it once, and never below zero', async () => {
      const { api } = fixture();
      const product = await cheapest();
      const before = (await api.getMe()).balance.value;
      // Six at once: those the balance cannot pay are refused, none is paid by a debit another overwrote.
      const results = await Promise.allSettled(Array.from({ length: 6 }, () => buy(product, 2, 'css_balance')));
      const bought = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      for (const r of results) {
        if (r.status === 'rejected') assert.equal((r.reason as { code?: string }).code, 'insufficient_balance');
      }
      const after = (await api.getMe()).balance.value;
      assert.equal(after, before - bought.reduce((sum, order) => sum + order.amount.value, 0), 'every order debited once');
      assert.ok(after >= 0);
      // The balance the others left is given back, so that later tests buy as before.
      for (const order of bought) await api.cancelOrder(order.id, { idempotencyKey: key() });
      assert.equal((await api.getMe()).balance.value, before);
    });

    test('a product outside the catalog is not_found; a quantity beyond 10,000 is not valid', async () => {
      const { api } = fixture();
      await expectProblem(api.createOrder({ productId: 'prd_no_such', quantity: 1, paymentType: 'credit_card', distributionCompany: null }, { idempotencyKey: key() }), 'not_found');
      const product = await cheapest();
      await expectProblem(buy(product, 10_001), 'validation_failed');
      await expectProblem(buy(product, 0), 'validation_failed');
    });

    test('cancelling within the window refunds the order and its licenses and credits a CSS balance payment', async () => {
      const { api } = fixture();
      const product = await cheapest();
      const order = await buy(product, 2, 'css_balance');
      const before = (await api.getMe()).balance.value;
      const cancelled = await api.cancelOrder(order.id, { idempotencyKey: key() });
      assert.equal(cancelled.state, 'refunded');
      assert.deepEqual(cancelled.actions.cancel, { allowed: false, reason: 'order_refunded' });
      assert.equal((await api.getMe()).balance.value, before + order.amount.value);
      for (const license of await walkLicenses(api, order.id)) {
        assert.equal(license.status, 'refunded');
        assert.deepEqual(license.actions.activate, { allowed: false, reason: 'order_refunded' });
      }
      await expectProblem(api.cancelOrder(order.id, { idempotencyKey: key() }), 'order_refunded');
      const refunded = await api.searchOrders({ orderNumber: order.orderNumber, state: 'refunded' });
      assert.equal(refunded.total, 1, 'the search finds it among refunded orders');
    });

    test('an order with an active license cannot be cancelled until it is deactivated', async () => {
      const { api } = fixture();
      const order = await buy(await cheapest(), 1);
      const [license] = await walkLicenses(api, order.id);
      await api.activateLicense(license!.id, { customer: newCustomer('cancel') }, { idempotencyKey: key() });
      const seen = await api.getOrder(order.id);
      assert.deepEqual(seen.actions.cancel, { allowed: false, reason: 'order_has_active_licenses' });
      await expectProblem(api.cancelOrder(order.id, { idempotencyKey: key() }), 'order_has_active_licenses');
      assert.equal((await api.getOrder(order.id)).state, 'processed');
    });

    test('an order older than 7 days cannot be cancelled', async () => {
      const { api } = fixture();
      const old = (await fixture().orders()).find(
        (o: OrderSummary) => o.state === 'processed' && o.activeCount === 0 && Date.parse(o.purchasedAt) < Date.now() - 8 * DAY,
      );
      assert.ok(old, 'the data holds a processed order older than a week with no active license');
      assert.deepEqual((await api.getOrder(old.id)).actions.cancel, { allowed: false, reason: 'cancellation_window_closed' });
      await expectProblem(api.cancelOrder(old.id, { idempotencyKey: key() }), 'cancellation_window_closed');
    });

    test("the activation page's answer holds the code, product, reseller's name, dates and status, and nothing else", async () => {
      const { api } = fixture();
      const license = await fixture().availableLicense();
      const info = await api.getActivation(license.activationCode.toLowerCase());
      assert.deepEqual(Object.keys(info).sort(), ['activationCode', 'product', 'reseller', 'status', 'validFrom', 'validTo']);
      assert.deepEqual(Object.keys(info.product), ['name']);
      assert.deepEqual(Object.keys(info.reseller), ['name']);
      assert.equal(info.activationCode, license.activationCode);
      assert.equal(info.status, 'available');
      assert.equal(info.reseller.name, (await api.getMe()).reseller.name);
      assert.equal(info.product.name, (await api.getOrder(license.orderId)).product.name);
      assert.deepEqual([info.validFrom, info.validTo], [license.validFrom, license.validTo]);
      await expectProblem(api.getActivation('NO-SUCH-CODE-0000'), 'not_found');
      await expectProblem(api.getActivation('<script>'), 'not_found');
    });

    test('the customer activates a code: the reseller sees it active, with customer_activated in its history', async () => {
      const { api } = fixture();
      const license = await fixture().availableLicense();
      const orderBefore = await api.getOrder(license.orderId);
      const customer = newCustomer('self');
      const done = await api.activateByCode(license.activationCode, { customer });
      assert.deepEqual(done, { status: 'active', product: { name: orderBefore.product.name }, validTo: license.validTo });
      const seen = await api.getLicense(license.id);
      assert.equal(seen.status, 'active');
      assert.equal(seen.customer?.email, customer.email);
      const order = await api.getOrder(license.orderId);
      assert.equal(order.activeCount, orderBefore.activeCount + 1);
      assert.equal(order.availableCount, orderBefore.availableCount - 1);
      const history = await api.getLicenseHistory(license.id);
      assert.ok(history.items.some((e) => e.kind === 'customer_activated'), 'customer_activated is in the history');
      assert.equal((await api.getActivation(license.activationCode)).status, 'active');
      await expectProblem(api.activateByCode(license.activationCode, { customer: newCustomer('again') }), 'license_already_active');
      await expectProblem(api.activateByCode(license.activationCode, { customer: { kind: 'existing', email: customer.email } }), 'license_already_active');
    });

    test("a refunded order's code is void on the activation page", async () => {
      const { api } = fixture();
      const order = await buy(await cheapest(), 1);
      await api.cancelOrder(order.id, { idempotencyKey: key() });
      const [license] = await walkLicenses(api, order.id);
      assert.equal((await api.getActivation(license!.activationCode)).status, 'refunded');
      await expectProblem(api.activateByCode(license!.activationCode, { customer: newCustomer('void') }), 'order_refunded');
    });

    test('the customer signs up as an existing customer only with a registered email, or as a new one only with a new email', async () => {
      const { api } = fixture();
      const license = await fixture().availableLicense();
      await expectProblem(api.activateByCode(license.activationCode, { customer: { kind: 'existing', email: 'nobody.registered@example.com' } }), 'customer_not_found');
      const registered = newCustomer('registered');
      const other = await fixture().availableLicense();
      await api.activateByCode(other.activationCode, { customer: registered });
      await expectProblem(api.activateByCode(license.activationCode, { customer: { ...newCustomer('clash'), email: registered.email } }), 'customer_exists');
      await expectProblem(api.activateByCode(license.activationCode, { customer: { kind: 'new' } as never }), 'validation_failed');
      assert.equal((await api.getLicense(license.id)).status, 'available', 'refusals change nothing');
    });
  });
}
