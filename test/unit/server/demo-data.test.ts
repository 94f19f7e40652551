import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createDemoWorld, type DemoLicenseRecord, type DemoOrderRecord, type DemoWorldOptions } from '../../../src/api/memory/demo-data.js';
import { IsoDate, Instant, Money, SafeLink } from '../../../src/api/contract/schemas.js';
import { RENEWAL_DAYS } from '../../../src/api/memory/demo-schedule.js';

const DAY = 86_400_000;

function collect(options: DemoWorldOptions) {
  const world = createDemoWorld(options);
  const entries: { order: DemoOrderRecord; licenses: DemoLicenseRecord[] }[] = [...world.orders()];
  const [a, b] = world.resellers;
  assert.ok(a && b);
  const ofA = entries.filter((e) => e.order.resellerId === a.id);
  const ofB = entries.filter((e) => e.order.resellerId === b.id);
  return { world, entries, a, b, ofA, ofB };
}

describe('the demo world', () => {
  const today = new Date('2026-03-10T15:42:17Z');

  test('is the same for the same seed and day, and differs for another seed', () => {
    const once = collect({ seed: 5, today });
    const again = collect({ seed: 5, today });
    assert.deepEqual(again.entries, once.entries);
    assert.deepEqual(again.world.customers, once.world.customers);
    const other = collect({ seed: 6, today });
    assert.notDeepEqual(other.entries.map((e) => e.order.id), once.entries.map((e) => e.order.id));
  });

  test('gives reseller A the asked number of orders, the big order included, and B fewer', () => {
    const { ofA, ofB } = collect({ today, orders: 320, bigOrderLicenses: 5000 });
    assert.equal(ofA.length, 320);
    assert.ok(ofB.length > 0 && ofB.length < ofA.length, `B has ${ofB.length}`);
    const big = ofA.filter((e) => e.licenses.length === 5000);
    assert.equal(big.length, 1);
    assert.equal(big[0]?.order.state, 'processed');
    assert.ok(today.getTime() - Date.parse(big[0]?.order.purchasedAt ?? '') < 7 * DAY, 'the big order is recent');
  });

  for (const now of ['2026-03-10T15:42:17Z', '2026-07-01T00:00:40Z', '2026-12-31T23:59:59Z']) {
    test(`covers every case of the contract when today is ${now}`, () => {
      const day = new Date(now);
      const { ofA, world } = collect({ today: day, seed: 3 });
      const orders = ofA.map((e) => e.order);
      const licenses = ofA.flatMap((e) => e.licenses);
      assert.deepEqual(new Set(orders.map((o) => o.state)), new Set(['processed', 'refunded']));
      assert.deepEqual(new Set(orders.map((o) => o.paymentType)), new Set(['css_balance', 'credit_card']));
      assert.ok(orders.some((o) => o.distributionCompany === null) && orders.some((o) => o.distributionCompany !== null));
      assert.deepEqual(new Set(licenses.map((l) => l.recurrent)), new Set([true, false]));
      assert.ok(licenses.some((l) => l.activatedAt !== null) && licenses.some((l) => l.activatedAt === null));
      const midnight = Math.floor(day.getTime() / DAY) * DAY;
      const todays = orders.filter((o) => Date.parse(o.purchasedAt) >= midnight && Date.parse(o.purchasedAt) <= day.getTime());
      assert.ok(todays.length >= 5, `${todays.length} orders today in UTC`);
      assert.ok(orders.every((o) => Date.parse(o.purchasedAt) <= day.getTime()), 'nothing is bought in the future');
      // The history spans 120 days, besides the orders bought a term before the renewals to watch.
      const older = ofA.filter((e) => Date.parse(e.order.purchasedAt) < day.getTime() - 121 * DAY);
      const daysLeft = (date: string) => Math.round((Date.parse(date) - midnight) / DAY);
      const byDay = (a: number[], b: number[]) => a[0]! - b[0]!;
      assert.deepEqual(older.map((e) => e.licenses.map((l) => daysLeft(l.validTo))).sort(byDay), RENEWAL_DAYS.map((days) => [days, days]).sort(byDay));
      assert.ok(world.customers.filter((c) => c.resellerId === world.resellers[0]?.id).length >= 10);
    });
  }

  test('has licenses renewing and lapsing in 1, 7, 30, 60 and 90 days, and expired ones, relative to today', () => {
    const { ofA } = collect({ today, seed: 4 });
    const midnight = Math.floor(today.getTime() / DAY) * DAY;
    const licenses = ofA.flatMap((e) => e.licenses.map((l) => ({ ...l, daysLeft: Math.round((Date.parse(l.validTo) - midnight) / DAY) })));
    for (const days of [1, 7, 30, 60, 90]) {
      const due = licenses.filter((l) => l.daysLeft === days && l.activatedAt !== null && !l.expiredAt);
      assert.ok(due.some((l) => l.recurrent), `one renews in ${days} days`);
      assert.ok(due.some((l) => !l.recurrent), `one lapses in ${days} days`);
    }
    const expired = licenses.filter((l) => l.expiredAt);
    assert.ok(expired.length >= 2 && expired.every((l) => l.daysLeft < 0 && !l.recurrent), 'some have expired');
    assert.ok(licenses.every((l) => Boolean(l.expiredAt) === l.daysLeft < 0), 'only licenses past their term are expired');
  });

  test('spreads the due orders\' terms over the coming 120 days, among the asked number of orders, oldest first', () => {
    const plain = collect({ today, seed: 4, orders: 2000 });
    const { ofA, entries } = collect({ today, seed: 4, orders: 2000, dueOrders: 600 });
    assert.equal(ofA.length, 2000);
    const midnight = Math.floor(today.getTime() / DAY) * DAY;
    const daysLeft = (date: string) => Math.round((Date.parse(date) - midnight) / DAY);
    const older = (e: { order: DemoOrderRecord }) => Date.parse(e.order.purchasedAt) < today.getTime() - 121 * DAY;
    const due = ofA.filter(older).filter((e) => !RENEWAL_DAYS.includes(daysLeft(e.licenses[0]!.validTo) as never) || e.licenses.length !== 2);
    assert.ok(due.length >= 590 && due.length <= 600, `${due.length} due orders`);
    const ends = due.flatMap((e) => e.licenses.map((l) => daysLeft(l.validTo)));
    assert.ok(ends.every((d) => d >= 1 && d <= 120), 'every due term ends in the next 120 days');
    for (const [from, to] of [[1, 30], [31, 60], [61, 90], [91, 120]] as const) {
      const orders = due.filter((e) => daysLeft(e.licenses[0]!.validTo) >= from && daysLeft(e.licenses[0]!.validTo) <= to).length;
      assert.ok(orders >= 130 && orders <= 170, `${orders} due orders end in days ${from}..${to}`);
    }
    const licenses = due.flatMap((e) => e.licenses.filter((l) => !l.expiredAt));
    assert.ok(licenses.some((l) => l.activatedAt !== null && l.recurrent) && licenses.some((l) => l.activatedAt !== null && !l.recurrent));
    assert.ok(due.some((e) => e.order.state === 'refunded'));
    const times = entries.map((e) => Date.parse(e.order.purchasedAt));
    assert.deepEqual(times, [...times].sort((x, y) => x - y));
    assert.equal(plain.ofA.filter(older).length, RENEWAL_DAYS.length, 'without due orders only the renewals to watch are older');
  });

  test('has an order from the last minutes, so that every time zone has orders today', () => {
    const { ofA } = collect({ today });
    const newest = Math.max(...ofA.map((e) => Date.parse(e.order.purchasedAt)));
    assert.ok(today.getTime() - newest <= 5 * 60_000);
  });

  test('keeps refunded orders free of activations and activations tied to customers of the reseller', () => {
    const { entries, world } = collect({ today, seed: 9 });
    const customers = new Map(world.customers.map((c) => [c.id, c]));
    for (const { order, licenses } of entries) {
      for (const license of licenses) {
        if (order.state === 'refunded') assert.equal(license.activatedAt, null, `${order.orderNumber} is refunded`);
        assert.equal(license.customerId === null, license.activatedAt === null);
        if (license.customerId !== null) assert.equal(customers.get(license.customerId)?.resellerId, order.resellerId);
        if (license.activatedAt !== null) assert.ok(Date.parse(license.activatedAt) >= Date.parse(order.purchasedAt), `${license.activatedAt} after ${order.purchasedAt}`);
      }
    }
  });

  test('has unique ids, order numbers and activation codes in the documented shapes', () => {
    const { entries, world } = collect({ today });
    const orders = entries.map((e) => e.order);
    const licenses = entries.flatMap((e) => e.licenses);
    const unique = (values: string[]) => assert.equal(new Set(values).size, values.length);
    unique(orders.map((o) => o.id));
    unique(orders.map((o) => o.orderNumber));
    unique(licenses.map((l) => l.id));
    unique(licenses.map((l) => l.activationCode));
    unique(world.customers.map((c) => c.id));
    unique(world.customers.map((c) => c.email));
    assert.ok(orders.every((o) => /^ord_[0-9a-z]+$/.test(o.id) && /^ORD-\d{4}-\d{6,}$/.test(o.orderNumber)));
    assert.ok(licenses.every((l) => /^lic_[0-9a-z]+$/.test(l.id) && /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/.test(l.activationCode)));
    assert.ok(licenses.every((l) => l.activationLink === `https://activate.example.com/a/${l.activationCode}`));
    assert.ok(world.customers.every((c) => /^cus_/.test(c.id) && /^[^@\s]+@[^@\s]+\.example$/.test(c.email)));
    assert.ok(world.products.length >= 6 && world.products.every((p) => /^prd_/.test(p.id)));
  });

  test('holds values the contract accepts', () => {
    const { entries } = collect({ today, bigOrderLicenses: 10 });
    for (const { order, licenses } of entries) {
      assert.ok(Instant.safeParse(order.purchasedAt).success, order.purchasedAt);
      assert.ok(Money.safeParse(order.amount).success && order.amount.value > 0);
      for (const l of licenses) {
        assert.ok(IsoDate.safeParse(l.validFrom).success && IsoDate.safeParse(l.validTo).success && l.validFrom < l.validTo);
        assert.ok(SafeLink.safeParse(l.activationLink).success);
        assert.ok(l.activatedAt === null || Instant.safeParse(l.activatedAt).success);
      }
    }
  });

  test('streams its orders oldest first, with the order numbers in the same order', () => {
    const { entries } = collect({ today });
    const times = entries.map((e) => Date.parse(e.order.purchasedAt));
    assert.deepEqual(times, [...times].sort((x, y) => x - y));
    const numbers = entries.map((e) => Number(e.order.orderNumber.slice(-6)));
    assert.deepEqual(numbers, numbers.map((_, i) => i + 1));
  });
});
