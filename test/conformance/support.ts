/**
 * What the contract tests share: the target under test, walking cursors while checking
 * that each item comes once, expecting problems, and finding data to work on through the
 * API itself (so that the suite runs against any implementation).
 */
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import type { LicensesApi } from '../../src/api/client.js';
import { newIdempotencyKey } from '../../src/api/client.js';
import type { ApiError } from '../../src/api/contract/errors.js';
import type { License, LicensesQuery, NewCustomerInput, OrdersQuery, OrderSummary } from '../../src/api/contract/schemas.js';
import { PROBLEMS } from '../../src/api/contract/problems.js';

/** What some checks need beyond reseller A's data. */
export type Need = 'a second reseller' | 'requests without a token';

/** An implementation under test, seen as two resellers. */
export interface ConformanceTarget {
  /** Reseller A: the suite works on its data. */
  api: LicensesApi;
  /** Reseller B: must never see or touch A's data. */
  otherApi?: LicensesApi;
  /**
   * For HTTP targets: where the API lives and both tokens, for the checks on the wire; a
   * null token sends none (a proxy in front of the API adds it).
   */
  http?: { apiBase: string; token: string | null; otherToken: string | null };
  /** What this target cannot give, and why: the checks that need it are skipped with that reason. */
  cannot?: Partial<Record<Need, string>>;
  teardown?(): Promise<void>;
}

/** A fresh idempotency key: one per user action. */
export const key = newIdempotencyKey;

/** A new customer that no one has registered yet. */
export function newCustomer(label = 'customer'): NewCustomerInput {
  const tag = newIdempotencyKey().slice(0, 12).toLowerCase();
  return {
    kind: 'new',
    organization: `Conformance ${label} ${tag}`,
    firstName: 'Casey',
    lastName: `Tester ${tag}`,
    email: `conformance.${label}.${tag}@example.com`,
    country: 'DE',
  };
}

/** Awaits a call that must fail with `code` (and the contract's status for it). */
export async function expectProblem(call: Promise<unknown>, code: keyof typeof PROBLEMS): Promise<ApiError> {
  let failure: unknown;
  try {
    await call;
  } catch (error) {
    failure = error;
  }
  assert.ok(failure !== undefined, `expected ${code}, but the call succeeded`);
  const error = failure as ApiError;
  assert.equal(error.code, code, `expected ${code}, got ${String(error.code)}: ${String(error.detail ?? failure)}`);
  assert.equal(error.status, PROBLEMS[code].status, `status of ${code}`);
  return error;
}

interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
}

/**
 * Follows `nextCursor` to the end: asserts that no item comes twice, that no page exceeds
 * `limit`, that only the last page lacks a cursor, and that every page's `total` agrees
 * with the number of items visited.
 */
export async function walk<T extends { id: string }>(fetchPage: (cursor?: string) => Promise<Page<T>>, limit: number): Promise<T[]> {
  const seen = new Set<string>();
  const items: T[] = [];
  const totals = new Set<number>();
  let cursor: string | undefined;
  for (let pages = 1; ; pages += 1) {
    const page = await fetchPage(cursor);
    assert.ok(page.items.length <= limit, `a page holds ${page.items.length} items, more than the limit ${limit}`);
    for (const item of page.items) {
      assert.ok(!seen.has(item.id), `${item.id} came twice while walking the cursors`);
      seen.add(item.id);
      items.push(item);
    }
    totals.add(page.total);
    if (page.nextCursor === null) break;
    assert.ok(page.items.length > 0, 'a page with a next cursor holds items');
    assert.ok(pages < 100_000, 'the cursors never end');
    cursor = page.nextCursor;
  }
  assert.deepEqual([...totals], [items.length], 'total agrees with the items visited');
  return items;
}

export function walkOrders(api: LicensesApi, query: OrdersQuery, limit = 200): Promise<OrderSummary[]> {
  return walk((cursor) => api.searchOrders({ ...query, limit, ...(cursor ? { cursor } : {}) }), limit);
}

export function walkLicenses(api: LicensesApi, orderId: string, query: LicensesQuery = {}, limit = 500): Promise<License[]> {
  return walk((cursor) => api.listLicenses(orderId, { ...query, limit, ...(cursor ? { cursor } : {}) }), limit);
}

/** The ids of `items`, sorted, for comparing result sets. */
export const ids = (items: readonly { id: string }[]) => items.map((i) => i.id).sort();

/**
 * The data one target is tested on, discovered through the API and cached: all of
 * reseller A's orders, and a pool of available licenses handed out one per test, so that
 * tests do not disturb each other.
 */
export class Fixture {
  readonly target: ConformanceTarget;
  #orders: Promise<OrderSummary[]> | undefined;
  #pool: License[] = [];
  #queue: OrderSummary[] | undefined;
  readonly #taken = new Set<string>();
  readonly #reserved = new Map<string, Promise<OrderSummary>>();
  readonly #reservedIds = new Set<string>();

  constructor(target: ConformanceTarget) {
    this.target = target;
  }

  get api(): LicensesApi {
    return this.target.api;
  }

  get otherApi(): LicensesApi {
    const { otherApi } = this.target;
    assert.ok(otherApi, 'this check needs a second reseller');
    return otherApi;
  }

  /** Whether the target gives what a check needs; skips the check, with the reason, when not. */
  needs(t: TestContext, need: Need): boolean {
    const reason = this.target.cannot?.[need];
    if (reason !== undefined) t.skip(reason);
    return reason === undefined;
  }

  /** Every order of reseller A, newest first, as they were when first asked for. */
  orders(): Promise<OrderSummary[]> {
    this.#orders ??= walkOrders(this.api, {});
    return this.#orders;
  }

  /** An order meeting `test`; fails the test when the data holds none. */
  async order(what: string, test: (order: OrderSummary) => boolean): Promise<OrderSummary> {
    const found = (await this.orders()).find(test);
    assert.ok(found, `the data holds no ${what}`);
    return found;
  }

  /**
   * An order that meets `test` now, kept for the tests that ask for it by `name`: no
   * license of it is handed out by {@link availableLicense}. Fails when there is none.
   */
  reservedOrder(name: string, test: (order: OrderSummary) => boolean): Promise<OrderSummary> {
    let found = this.#reserved.get(name);
    if (!found) {
      found = this.#reserve(name, test);
      this.#reserved.set(name, found);
    }
    return found;
  }

  async #reserve(name: string, test: (order: OrderSummary) => boolean): Promise<OrderSummary> {
    for (const cached of await this.orders()) {
      if (this.#reservedIds.has(cached.id) || !test(cached)) continue;
      const order = await this.api.getOrder(cached.id);
      if (!test(order)) continue;
      this.#reservedIds.add(order.id);
      return order;
    }
    assert.fail(`the data holds no ${name}`);
  }

  /**
   * Resends the confirmation of an order no other test uses, with `send`, which answers
   * null when the order's emails are rate-limited (say, by an earlier run of the suite);
   * the next order is then tried. The order is kept for the caller.
   */
  async firstResend<T>(send: (orderId: string, idempotencyKey: string) => Promise<T | null>): Promise<{ orderId: string; key: string; sent: T }> {
    let tried = 0;
    for (const order of await this.orders()) {
      if (this.#reservedIds.has(order.id) || order.quantity === 0) continue;
      this.#reservedIds.add(order.id);
      const idempotencyKey = key();
      const sent = await send(order.id, idempotencyKey);
      if (sent !== null) return { orderId: order.id, key: idempotencyKey, sent };
      tried += 1;
      assert.ok(tried < 20, 'the confirmation emails of 20 orders in a row are rate-limited');
    }
    assert.fail('the data holds no order whose confirmation can be resent');
  }

  /** An available license of a processed order that no other test has used. */
  async availableLicense(): Promise<License> {
    this.#queue ??= (await this.orders()).filter((o) => o.state === 'processed' && o.availableCount > 0 && o.quantity < 1000);
    for (;;) {
      const next = this.#pool.shift();
      if (next) {
        if (this.#taken.has(next.id) || this.#reservedIds.has(next.orderId)) continue;
        this.#taken.add(next.id);
        return next;
      }
      const order = this.#queue.shift();
      assert.ok(order, 'the data holds no more available licenses');
      if (this.#reservedIds.has(order.id)) continue;
      this.#pool.push(...(await this.api.listLicenses(order.id, { status: 'available', limit: 500 })).items);
    }
  }

  /** A license activated just now for a new customer, which no other test uses. */
  async activeLicense(): Promise<License> {
    const license = await this.availableLicense();
    return this.api.activateLicense(license.id, { customer: newCustomer('active') }, { idempotencyKey: key() });
  }

  /** A customer registered with reseller A. */
  async customer(): Promise<{ email: string; id: string }> {
    const { items } = await this.api.searchCustomers('');
    const first = items[0];
    if (first) return first;
    const license = await this.activeLicense();
    assert.ok(license.customer);
    return license.customer;
  }

  /** Marks a license as used by a test that found it some other way. */
  take(licenseId: string): void {
    this.#taken.add(licenseId);
  }
}
