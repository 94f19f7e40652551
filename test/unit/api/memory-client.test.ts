import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createMemoryClient, MemoryLicensesClient, MemoryStore } from '../../../src/api/memory/memory-client.js';
import type { DemoLicenseRecord, DemoOrderRecord } from '../../../src/api/memory/demo-data.js';
import { ApiError, isAbortError } from '../../../src/api/contract/errors.js';
import { CONFIRMATION_EMAIL_LIMIT } from '../../../src/rules/licenses.js';

const RESELLER = { id: 'r1', name: 'Northwind', user: { name: 'Dana', email: 'dana@northwind.example' }, currency: 'EUR' };

function orderRecord(id: string, overrides: Partial<DemoOrderRecord> = {}): DemoOrderRecord {
  return {
    id,
    resellerId: 'r1',
    orderNumber: `ORD-${id}`,
    purchasedAt: '2026-11-27T09:00:00Z',
    user: 'Dana',
    productId: 'p1',
    amount: { value: 1000, currency: 'EUR' },
    paymentType: 'credit_card',
    state: 'processed',
    distributionCompany: null,
    ...overrides,
  };
}

function licenseRecord(orderId: string, n: number, overrides: Partial<DemoLicenseRecord> = {}): DemoLicenseRecord {
  const code = `CODE-${orderId}-${n}`;
  return {
    id: `${orderId}-l${n}`,
    orderId,
    resellerId: 'r1',
    activationCode: code,
    activationLink: `https://activate.example/${code}`,
    validFrom: '2026-11-27',
    validTo: '2027-11-26',
    recurrent: n % 2 === 0,
    customerId: null,
    activatedAt: null,
    distributionCompany: null,
    ...overrides,
  };
}

/** A store with one reseller, one product, and `orders` orders of `perOrder` licenses each. */
function smallStore(orders = 1, perOrder = 3) {
  const store = new MemoryStore();
  store.addReseller(RESELLER);
  store.addProduct({ id: 'p1', name: 'Office Suite' });
  for (let o = 0; o < orders; o += 1) {
    store.addOrder(orderRecord(`o${o}`, { purchasedAt: new Date(Date.UTC(2026, 10, 1, o)).toISOString() }));
    store.addLicenses(Array.from({ length: perOrder }, (_, n) => licenseRecord(`o${o}`, n)));
  }
  return store;
}

async function apiError(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ApiError, String(error));
    return error;
  }
  assert.fail('expected the call to fail');
}

describe('memory client', () => {
  test('what a caller does to an answer never changes the store', async () => {
    const api = new MemoryLicensesClient(smallStore(), { resellerId: 'r1' });
    const license = await api.getLicense('o0-l0');
    license.status = 'active';
    license.actions.activate.allowed = false;
    const order = await api.getOrder('o0');
    order.product.name = 'changed';
    assert.equal((await api.getLicense('o0-l0')).status, 'available');
    assert.equal((await api.getOrder('o0')).product.name, 'Office Suite');
  });

  test('hand-made records are copied when added', async () => {
    const store = smallStore(0);
    const record = orderRecord('o9');
    store.addOrder(record);
    record.orderNumber = 'changed later';
    const api = new MemoryLicensesClient(store, { resellerId: 'r1' });
    assert.equal((await api.getOrder('o9')).orderNumber, 'ORD-o9');
  });

  test('hostile text is answered as text, and an unsafe link is invalid_response', async () => {
    const store = smallStore();
    const script = '<img src=x onerror="alert(1)">\u202E';
    store.addOrder(orderRecord('evil', { orderNumber: script, distributionCompany: 'x'.repeat(10_000) }));
    store.addLicenses([licenseRecord('evil', 0, { activationLink: 'javascript:alert(1)' })]);
    const api = new MemoryLicensesClient(store, { resellerId: 'r1' });
    const order = await api.getOrder('evil');
    assert.equal(order.orderNumber, script);
    const error = await apiError(api.listLicenses('evil', {}));
    assert.equal(error.code, 'invalid_response');
    assert.ok(error.errors.some((e) => e.path === 'items.0.activationLink'));
  });

  test('an order of 100,000 licenses pages quickly and counts right', async () => {
    const store = smallStore(0);
    store.addOrder(orderRecord('big'));
    const activated = { activatedAt: '2026-11-27T10:00:00Z' };
    store.addLicenses(Array.from({ length: 100_000 }, (_, n) => licenseRecord('big', n, n % 10 === 0 ? activated : {})));
    const api = new MemoryLicensesClient(store, { resellerId: 'r1' });
    const started = performance.now();
    const order = await api.getOrder('big');
    assert.deepEqual([order.quantity, order.activeCount, order.availableCount], [100_000, 10_000, 90_000]);
    let page = await api.listLicenses('big', { limit: 500 });
    for (let i = 0; i < 5 && page.nextCursor; i += 1) page = await api.listLicenses('big', { limit: 500, cursor: page.nextCursor });
    assert.equal(page.items[0]?.id, 'big-l2500');
    const active = await api.listLicenses('big', { status: 'active', q: 'code-big-99', limit: 10 });
    const expected = [990, 9900, 9910, 9920, 9930, 9940, 9950, 9960, 9970, 9980].map((n) => `big-l${n}`);
    assert.deepEqual(active.items.map((l) => l.id), expected);
    assert.equal(active.total, 111);
    assert.ok(performance.now() - started < 2000, `took ${performance.now() - started} ms`);
  });

  test('an order added while paging neither repeats nor hides the orders already listed', async () => {
    const store = smallStore(10, 1);
    const api = new MemoryLicensesClient(store, { resellerId: 'r1' });
    const first = await api.searchOrders({ limit: 4, sort: 'purchasedAt:asc' });
    store.addOrder(orderRecord('early', { purchasedAt: '2020-01-01T00:00:00Z' }));
    const rest = await api.searchOrders({ limit: 200, sort: 'purchasedAt:asc', cursor: first.nextCursor! });
    assert.deepEqual([...first.items, ...rest.items].map((o) => o.id), ['o0', 'o1', 'o2', 'o3', 'o4', 'o5', 'o6', 'o7', 'o8', 'o9']);
    await apiError(api.searchOrders({ sort: 'amount:asc', cursor: first.nextCursor! }));
  });

  test('latency delays answers, and an abort meanwhile rejects and changes nothing', async () => {
    const store = smallStore();
    const api = new MemoryLicensesClient(store, { resellerId: 'r1', latencyMs: 300 });
    const controller = new AbortController();
    const started = performance.now();
    const call = api.setBillingState('o0-l0', { recurrent: false }, { idempotencyKey: 'k', signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await assert.rejects(call, (error) => isAbortError(error));
    assert.ok(performance.now() - started < 250, 'the abort is not held up by the latency');
    await api.getMe();
    assert.ok(performance.now() - started >= 300, 'answers wait for the latency');
    assert.equal(store.idempotencyKeys, 0);
  });

  test('an unknown reseller is unauthorized', async () => {
    const api = new MemoryLicensesClient(smallStore(), { resellerId: 'nobody' });
    assert.equal((await apiError(api.getMe())).code, 'unauthorized');
  });

  test('the confirmation email limit opens again after its window', async () => {
    let now = Date.parse('2026-11-27T09:00:00Z');
    const store = smallStore();
    const api = new MemoryLicensesClient(store, { resellerId: 'r1', now: () => new Date(now) });
    for (let i = 0; i < CONFIRMATION_EMAIL_LIMIT.count; i += 1) await api.resendConfirmationEmail('o0', { idempotencyKey: `k${i}` });
    now += 60_000;
    const error = await apiError(api.resendConfirmationEmail('o0', { idempotencyKey: 'late' }));
    assert.equal(error.code, 'rate_limited');
    assert.equal(error.retryAfter, CONFIRMATION_EMAIL_LIMIT.windowSeconds - 60);
    now += error.retryAfter! * 1000;
    const sent = await api.resendConfirmationEmail('o0', { idempotencyKey: 'late' });
    assert.equal(sent.to, RESELLER.user.email);
    assert.equal(store.outbox.length, CONFIRMATION_EMAIL_LIMIT.count + 1);
  });

  test('an idempotency key may be used for something else after 24 hours', async () => {
    let now = Date.parse('2026-11-27T09:00:00Z');
    const store = smallStore();
    const api = new MemoryLicensesClient(store, { resellerId: 'r1', now: () => new Date(now) });
    const customer = { kind: 'new', organization: 'Acme', firstName: 'Eve', lastName: 'Ng', email: 'eve@acme.example', country: 'DE' } as const;
    await api.activateLicense('o0-l0', { customer }, { idempotencyKey: 'once' });
    const existing = { customer: { kind: 'existing', email: customer.email } } as const;
    assert.equal((await apiError(api.activateLicense('o0-l1', existing, { idempotencyKey: 'once' }))).code, 'idempotency_key_reused');
    now += 24 * 60 * 60 * 1000 + 1;
    const later = await api.activateLicense('o0-l1', existing, { idempotencyKey: 'once' });
    assert.equal(later.status, 'active');
    assert.deepEqual(store.outbox.map((m) => m.to), [customer.email, customer.email]);
  });

  test('a refusal replayed under its key is the same refusal, even once its cause is gone', async () => {
    const store = smallStore();
    const api = new MemoryLicensesClient(store, { resellerId: 'r1' });
    const existing = { customer: { kind: 'existing', email: 'eve@acme.example' } } as const;
    assert.equal((await apiError(api.activateLicense('o0-l0', existing, { idempotencyKey: 'k1' }))).code, 'customer_not_found');
    store.addCustomerRecord({ id: 'c1', resellerId: 'r1', email: 'eve@acme.example', organization: 'Acme', firstName: 'Eve', lastName: 'Ng' });
    assert.equal((await apiError(api.activateLicense('o0-l0', existing, { idempotencyKey: 'k1' }))).code, 'customer_not_found');
    assert.equal((await api.activateLicense('o0-l0', existing, { idempotencyKey: 'k2' })).status, 'active');
  });

  test('an invalid request is not remembered under its key', async () => {
    const api = new MemoryLicensesClient(smallStore(), { resellerId: 'r1' });
    const invalid = { customer: { kind: 'existing', email: 'nope' } } as const;
    assert.equal((await apiError(api.activateLicense('o0-l0', invalid, { idempotencyKey: 'k' }))).code, 'validation_failed');
    const customer = { kind: 'new', organization: 'Acme', firstName: 'Eve', lastName: 'Ng', email: 'eve@acme.example', country: 'DE' } as const;
    assert.equal((await api.activateLicense('o0-l0', { customer }, { idempotencyKey: 'k' })).status, 'active');
  });

  test('customer suggestions list emails starting with what was typed first', async () => {
    const store = smallStore();
    const customers = [
      { id: 'c1', email: 'alex@zeta.example', organization: 'Zeta' },
      { id: 'c2', email: 'zoe@alexandria.example', organization: 'Alexandria' },
      { id: 'c3', email: 'bob@x.example', organization: 'X' },
    ];
    for (const c of customers) store.addCustomerRecord({ ...c, resellerId: 'r1', firstName: 'F', lastName: 'L' });
    const api = new MemoryLicensesClient(store, { resellerId: 'r1' });
    assert.deepEqual((await api.searchCustomers(' ALEX')).items.map((c) => c.id), ['c1', 'c2']);
    assert.equal((await api.searchCustomers('')).items.length, 3);
  });

  test('createMemoryClient serves either demo reseller', async () => {
    const a = createMemoryClient({ orders: 20, bigOrderLicenses: 10 });
    const b = createMemoryClient({ orders: 20, bigOrderLicenses: 10, reseller: 'B' });
    assert.notEqual((await a.getMe()).reseller.id, (await b.getMe()).reseller.id);
    assert.equal((await a.searchOrders({ limit: 200 })).total, 20);
  });
});
