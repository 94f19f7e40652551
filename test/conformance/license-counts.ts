/**
 * `GET /licenses/counts`: how many licenses `GET /licenses` finds with the same filters, in
 * all and for each product. Each count is checked against the `total` of the search with the
 * same filters and that product; the counts follow a license that is activated and switched
 * to auto-renewal; another reseller's licenses never count; broken filters are refused.
 */
import { describe, test as anyTest } from 'node:test';
import assert from 'node:assert/strict';
import type { LicenseCounts, LicenseCountsQuery } from '../../src/api/contract/schemas.js';
import type { LicensesApi } from '../../src/api/client.js';
import { addDays } from '../../src/rules/licenses.js';
import { expectProblem, key, newCustomer, type Fixture } from './support.js';
import type { FixtureGetter } from './suite.js';

const today = () => new Date().toISOString().slice(0, 10);

/** The filters the checks count with: the renewals view's groups, statuses, a product name's fragment (which no tally answers). */
function filterSets(productFragment: string): LicenseCountsQuery[] {
  const window = { expiringFrom: today(), expiringTo: addDays(today(), 90) };
  return [
    {},
    window,
    { ...window, autoRenew: true },
    { ...window, autoRenew: false, status: 'active' },
    { status: 'expired' },
    { ...window, status: 'refunded' },
    { expiringFrom: addDays(today(), -60), expiringTo: addDays(today(), 100), q: productFragment },
  ];
}

/** The count of `productId` in `counts`, 0 when it is not listed. */
const countOf = (counts: LicenseCounts, productId: string) => counts.byProduct.find((c) => c.product.id === productId)?.count ?? 0;

/** What `api` counts for `query` must be what its searches find: in all, and product by product. */
async function assertCountsMatchSearches(api: LicensesApi, query: LicenseCountsQuery): Promise<LicenseCounts> {
  const counts = await api.countLicenses(query);
  const what = JSON.stringify(query);
  assert.equal(counts.total, (await api.searchLicenses({ ...query, limit: 1 })).total, `the total of ${what}`);
  assert.equal(counts.byProduct.reduce((sum, c) => sum + c.count, 0), counts.total, `the products of ${what} add up to the total`);
  const { items: products } = await api.listProducts();
  for (const product of products) {
    // A query of one product finds none of the others.
    const found = query.productId === undefined || query.productId === product.id ? (await api.searchLicenses({ ...query, productId: product.id, limit: 1 })).total : 0;
    assert.equal(countOf(counts, product.id), found, `${product.name} in ${what}`);
  }
  for (const { product, count } of counts.byProduct) {
    assert.ok(count > 0, `${product.name} is listed with a match`);
    assert.deepEqual(product, products.find((p) => p.id === product.id), `${product.id} is named as in GET /products`);
  }
  const order = [...counts.byProduct].sort((a, b) => b.count - a.count || (a.product.id < b.product.id ? -1 : 1));
  assert.deepEqual(counts.byProduct, order, `${what}: most matches first, then by product id`);
  return counts;
}

export function defineLicenseCountTests(fixture: FixtureGetter): void {
  const test = (name: string, check: (fx: Fixture) => Promise<void>) => anyTest(name, () => check(fixture()));

  describe('license counts (GET /licenses/counts)', () => {
    test("counts what GET /licenses finds with the same filters, in all and for each product", async (fx) => {
      const { items: products } = await fx.api.listProducts();
      assert.ok(products.length >= 2, 'the reseller has bought several products');
      const fragment = products[0]!.name.slice(1, 6);
      const several = [];
      for (const query of filterSets(fragment)) several.push((await assertCountsMatchSearches(fx.api, query)).byProduct.length);
      assert.ok(several.some((n) => n >= 2), 'some of the counts hold several products');
      const one = await assertCountsMatchSearches(fx.api, { productId: products[0]!.id });
      assert.deepEqual(one.byProduct.map((c) => c.product.id), one.total > 0 ? [products[0]!.id] : []);
      assert.deepEqual(await fx.api.countLicenses({ productId: 'no-such-product' }), { total: 0, byProduct: [] });
      assert.deepEqual(await fx.api.countLicenses({ q: 'no-such-text-anywhere' }), { total: 0, byProduct: [] });
    });

    test('follows a license as it is activated and switched to auto-renewal', async (fx) => {
      const license = await fx.availableLicense();
      const { product } = await fx.api.getOrder(license.orderId);
      const day = { expiringFrom: license.validTo, expiringTo: license.validTo };
      const count = async (query: LicenseCountsQuery) => countOf(await fx.api.countLicenses({ ...day, ...query }), product.id);
      const before = { available: await count({ status: 'available' }), active: await count({ status: 'active' }), renewing: await count({ autoRenew: true }) };
      await fx.api.activateLicense(license.id, { customer: newCustomer('counted') }, { idempotencyKey: key() });
      assert.equal(await count({ status: 'available' }), before.available - 1);
      assert.equal(await count({ status: 'active' }), before.active + 1);
      const switched = await fx.api.setBillingState(license.id, { recurrent: true }, { idempotencyKey: key() });
      assert.equal(switched.autoRenew, true);
      assert.equal(await count({ autoRenew: true }), before.renewing + 1);
      await assertCountsMatchSearches(fx.api, day);
    });

    anyTest("never counts another reseller's licenses", async (t) => {
      const fx = fixture();
      if (!fx.needs(t, 'a second reseller')) return;
      const window = { expiringFrom: addDays(today(), -60), expiringTo: addDays(today(), 100) };
      const theirs = await assertCountsMatchSearches(fx.otherApi, window);
      assert.ok(theirs.total > 0, 'the other reseller has licenses in the window too');
      // A license of this reseller that changes moves this reseller's counts, not the other's.
      const license = await fx.availableLicense();
      const day = { expiringFrom: license.validTo, expiringTo: license.validTo, status: 'active' as const };
      const before = { mine: await fx.api.countLicenses(day), theirs: await fx.otherApi.countLicenses(day) };
      await fx.api.activateLicense(license.id, { customer: newCustomer('counted') }, { idempotencyKey: key() });
      assert.equal((await fx.api.countLicenses(day)).total, before.mine.total + 1);
      assert.deepEqual(await fx.otherApi.countLicenses(day), before.theirs);
      assert.deepEqual(await assertCountsMatchSearches(fx.otherApi, window), theirs);
    });

    test('refuses broken filters with validation_failed naming each', async (fx) => {
      const refusals: [Record<string, unknown>, string][] = [
        [{ q: 'ab' }, 'q'],
        [{ expiringFrom: '2026-13-01' }, 'expiringFrom'],
        [{ expiringTo: 'tomorrow' }, 'expiringTo'],
        [{ status: 'lapsed' }, 'status'],
        [{ autoRenew: 'maybe' }, 'autoRenew'],
      ];
      for (const [query, field] of refusals) {
        const problem = await expectProblem(fx.api.countLicenses(query as LicenseCountsQuery), 'validation_failed');
        assert.ok(problem.errors.some((e) => e.path === field), `${JSON.stringify(query)} names ${field}: ${JSON.stringify(problem.errors)}`);
      }
    });
  });
}
