import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { createDemoWorld } from '../../../src/api/memory/demo-data.js';
import { OrdersQuery, type OrderSort } from '../../../src/api/contract/schemas.js';
import { type Db, openDatabase } from '../../../demo/server/store/sqlite/database.js';
import { searchOrders } from '../../../demo/server/store/sqlite/order-search.js';
import { seedDatabase } from '../../../demo/server/store/sqlite/seed.js';
import { callApi, jsonInit, useServer } from './fixture.js';

const DAY = 86_400_000;
const today = new Date('2026-03-10T16:45:00Z');
const world = createDemoWorld({ seed: 5, today, orders: 900, bigOrderLicenses: 20 });
const resellerA = world.resellers[0]!;
const entries = [...world.orders()].filter((e) => e.order.resellerId === resellerA.id);
const emails = new Map(world.customers.map((c) => [c.id, c.email]));

/** Ids of the orders holding a license activated for `email`, newest first, worked out from the world alone. */
function ordersOfCustomer(email: string, from?: number, to?: number): string[] {
  return entries
    .filter((e) => e.licenses.some((l) => l.customerId !== null && emails.get(l.customerId) === email))
    .filter((e) => (from === undefined || Date.parse(e.order.purchasedAt) >= from) && (to === undefined || Date.parse(e.order.purchasedAt) < to))
    .map((e, i) => ({ id: e.order.id, at: Date.parse(e.order.purchasedAt), i }))
    .sort((x, y) => y.at - x.at || y.i - x.i)
    .map((o) => o.id);
}

describe("searching a customer's orders", () => {
  let db: Db;
  let resellerSeq: number;
  const customerEmails = [...new Set(entries.flatMap((e) => e.licenses.map((l) => (l.customerId === null ? '' : emails.get(l.customerId) ?? ''))))]
    .filter((email) => email !== '')
    .sort();

  before(() => {
    db = openDatabase(':memory:');
    seedDatabase(db, world);
    resellerSeq = db.prepare<[string], { seq: number }>('SELECT seq FROM resellers WHERE id = ?').get(resellerA.id)!.seq;
  });
  after(() => db.close());

  test('walking the cursors of a customer email, within dates or not, visits each of its orders once, newest first', () => {
    const instant = fc.integer({ min: today.getTime() - 125 * DAY, max: today.getTime() + DAY });
    fc.assert(
      fc.property(fc.constantFrom(...customerEmails), fc.option(instant), fc.option(instant), fc.integer({ min: 1, max: 30 }), (email, from, to, limit) => {
        const want = ordersOfCustomer(email, from ?? undefined, to ?? undefined);
        const dates = {
          ...(from === null ? {} : { purchasedFrom: new Date(from).toISOString() }),
          ...(to === null ? {} : { purchasedTo: new Date(to).toISOString() }),
        };
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = searchOrders(db, resellerSeq, OrdersQuery.parse({ customerEmail: email.toUpperCase(), ...dates, limit, ...(cursor ? { cursor } : {}) }));
          assert.equal(page.total, want.length);
          seen.push(...page.items.map((o) => o.id));
          cursor = page.nextCursor ?? undefined;
        } while (cursor !== undefined && seen.length <= want.length);
        assert.deepEqual(seen, want);
      }),
      { numRuns: 120, seed: 3 },
    );
  });

  test('a customer email with another sort or another filter finds the same orders', () => {
    const email = customerEmails[0]!;
    const want = new Set(ordersOfCustomer(email));
    for (const sort of ['purchasedAt:asc', 'amount:desc', 'orderNumber:asc'] satisfies OrderSort[]) {
      const page = searchOrders(db, resellerSeq, OrdersQuery.parse({ customerEmail: email, sort, limit: 200 }));
      assert.equal(page.total, want.size);
      assert.deepEqual(new Set(page.items.map((o) => o.id)), want);
    }
    const processed = searchOrders(db, resellerSeq, OrdersQuery.parse({ customerEmail: email, state: 'processed', limit: 200 }));
    assert.deepEqual(processed.items.map((o) => o.id), ordersOfCustomer(email), 'a customer only holds active licenses of processed orders');
  });
});

describe('totals after activations', () => {
  const server = useServer();

  test("activating a license for a customer adds its order to the customer's search once, and leaves other totals as they were", async () => {
    const search = async (query: string) =>
      (await (await callApi(server(), `/orders?${query}`)).json()) as { items: { id: string; activeCount: number; availableCount: number }[]; total: number };
    const customers = (await (await callApi(server(), '/customers?q=')).json()) as { items: { email: string }[] };
    const email = customers.items[0]!.email;
    const customerQuery = `customerEmail=${encodeURIComponent(email)}&limit=200`;
    const before = await search(customerQuery);
    const all = await search('limit=1');
    const held = new Set(before.items.map((o) => o.id));
    const order = (await search('state=processed&limit=200')).items.find((o) => o.availableCount >= 2 && !held.has(o.id));
    assert.ok(order, 'an order with two available licenses the customer holds none of');
    const licenses = (await (await callApi(server(), `/orders/${order.id}/licenses?status=available`)).json()) as { items: { id: string }[] };

    for (const license of licenses.items.slice(0, 2)) {
      const activated = await callApi(server(), `/licenses/${license.id}/activation`, jsonInit('POST', { customer: { kind: 'existing', email } }));
      assert.equal(activated.status, 200);
      const after = await search(customerQuery);
      assert.equal(after.total, before.total + 1, 'the order counts once, however many of its licenses the customer holds');
      assert.deepEqual(new Set(after.items.map((o) => o.id)), new Set([...held, order.id]));
    }
    const changed = (await (await callApi(server(), `/orders/${order.id}`)).json()) as { activeCount: number; availableCount: number };
    assert.deepEqual([changed.activeCount, changed.availableCount], [order.activeCount + 2, order.availableCount - 2]);
    assert.equal((await search('limit=1')).total, all.total);
  });
});
