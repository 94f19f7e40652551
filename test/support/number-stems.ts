/**
 * The stems of order numbers in a SQL store (demo/server/store/shared/number-stems.ts): a
 * fragment that every order's number holds finds every order, as the search without it does;
 * once an order of another numbering is bought, that order is not found by it, and its own
 * numbering finds it. The purchase is rolled back, so that the store's data stays as seeded.
 */
import assert from 'node:assert/strict';
import type { OrdersQuery } from '../../src/api/contract/schemas.js';
import type { NewLicenseRecord, NewOrderRecord, OrderRecord, Store, StoreReads } from '../../src/service/store.js';
import { walk as walkPages } from '../conformance/support.js';

/**
 * Every order a search finds, page by page (pages of 7, so that cursors are followed), with
 * the total that every page gave (walkPages checks that they agree with the orders found).
 */
async function walk(store: Pick<StoreReads, 'searchOrders'>, resellerId: string, query: OrdersQuery): Promise<{ orders: OrderRecord[]; total: number }> {
  const orders = await walkPages((cursor) => store.searchOrders(resellerId, { ...query, limit: 7, ...(cursor === undefined ? {} : { cursor }) }), 7);
  return { orders, total: orders.length };
}

const ids = (found: { orders: OrderRecord[] }) => found.orders.map((o) => o.id);

/** The start that all of `numbers` share, lower case. */
export function sharedStart(numbers: readonly string[]): string {
  const lower = numbers.map((n) => n.toLowerCase());
  let start = lower[0] ?? '';
  for (const number of lower) while (!number.startsWith(start)) start = start.slice(0, -1);
  return start;
}

/** The distinct stems of `numbers` (lower case, less their trailing digits), sorted: what a store's `order_number_stems` should hold for them. */
export function stemsOf(numbers: readonly string[]): string[] {
  return [...new Set(numbers.map((n) => n.toLowerCase().replace(/[0-9]+$/, '')))].sort();
}

/** Thrown to roll back the purchase once it has been searched. */
class RollBack extends Error {}

/**
 * Checks the search by the start that the reseller's order numbers share (at least 5
 * characters), alone and with another filter and sort, before, during and after a
 * transaction that buys `bought` and is rolled back; its number, product, codes and
 * distribution company must not hold that start, and `ownFragment` is a fragment of its
 * number that no other order holds.
 */
export async function assertSharedNumberStart(
  store: Pick<Store, 'searchOrders' | 'transaction'>, resellerId: string, bought: { order: NewOrderRecord; licenses: NewLicenseRecord[] }, ownFragment: string,
): Promise<void> {
  const before = await walk(store, resellerId, {});
  assert.ok(before.orders.length > 7, 'the reseller has several pages of orders');
  const start = sharedStart(before.orders.map((o) => o.orderNumber));
  assert.ok(start.length >= 5, `the order numbers share a start ("${start}")`);
  const fragments = [start.slice(0, 3), start.slice(0, 5).toUpperCase(), start.slice(1, 5)];
  const everyOrder = async (on: Pick<StoreReads, 'searchOrders'>, step: string) => {
    for (const q of fragments) {
      const found = await walk(on, resellerId, { q });
      assert.deepEqual(ids(found), ids(before), `${step}: "${q}" finds every order, in order`);
      assert.equal(found.total, before.total, `${step}: "${q}": the total of every order`);
    }
  };
  await everyOrder(store, 'before');
  for (const sort of ['amount:asc', 'orderNumber:asc'] as const) {
    assert.deepEqual(ids(await walk(store, resellerId, { q: fragments[0], sort })), ids(await walk(store, resellerId, { sort })), `sorted by ${sort}`);
  }
  const processed = await walk(store, resellerId, { state: 'processed' });
  assert.deepEqual(ids(await walk(store, resellerId, { q: start.slice(0, 4), state: 'processed' })), ids(processed), 'with another filter');

  const done = store.transaction(async (tx) => {
    await tx.createOrder(resellerId, bought.order, bought.licenses);
    const after = await walk(tx, resellerId, {});
    assert.equal(after.total, before.total + 1);
    const others = after.orders.filter((o) => o.id !== bought.order.id);
    for (const q of fragments) {
      const found = await walk(tx, resellerId, { q });
      assert.deepEqual(ids(found), ids({ orders: others }), `"${q}" does not find the order numbered ${bought.order.orderNumber}`);
      assert.equal(found.total, before.total, `"${q}": the total without it`);
    }
    const own = await walk(tx, resellerId, { q: ownFragment });
    assert.deepEqual(ids(own), [bought.order.id], `"${ownFragment}" finds the order numbered ${bought.order.orderNumber}`);
    assert.equal(own.total, 1);
    throw new RollBack();
  });
  await assert.rejects(done, RollBack);
  await everyOrder(store, 'after the purchase was rolled back');
}
