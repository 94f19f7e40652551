/**
 * A vendor's catalog may name a product with capitals beyond ASCII ("ÜBERWACHUNG …"), which
 * SQL's lower() leaves as they are (SQLite always, PostgreSQL in the C locale). The stores fold
 * names as JavaScript folds the text searched for: the renewals' search by `q` finds such a
 * product's licenses by its name in any case.
 */
import assert from 'node:assert/strict';
import type { DemoWorld } from '../../src/api/memory/demo-data.js';
import type { StoreReads } from '../../src/service/store.js';
import { walk } from '../conformance/support.js';

/**
 * The word the world's second product's name ends with, and how a reseller types it. At the
 * end, so that the products keep their order by name.
 */
export const FOLDED_PRODUCT = { index: 1, suffix: 'ÜBERWACHUNG', typed: 'überwachung' } as const;

/** `world` with its second product named with capitals beyond ASCII ({@link FOLDED_PRODUCT}). */
export function withFoldedProduct<W extends DemoWorld>(world: W): W {
  const product = world.products[FOLDED_PRODUCT.index]!;
  product.name = `${product.name} ${FOLDED_PRODUCT.suffix}`;
  return world;
}

/** The ids of `world`'s products whose name holds `q`, folded as JavaScript folds it: what a plain search of names finds. */
export function productsNamed(world: DemoWorld, q: string): string[] {
  return world.products.filter((p) => p.name.toLowerCase().includes(q.toLowerCase())).map((p) => p.id);
}

/** The renewals' search and counts by a fragment of that name find that product's licenses, as the product filter does. */
export async function assertProductNameFolds(store: Pick<StoreReads, 'searchLicenses' | 'countLicensesByProduct'>, resellerId: string, world: DemoWorld): Promise<void> {
  const product = world.products[FOLDED_PRODUCT.index]!;
  const ids = async (query: { q?: string; productId?: string }) =>
    (await walk((cursor) => store.searchLicenses(resellerId, { ...query, limit: 200, ...(cursor === undefined ? {} : { cursor }) }), 200)).map((l) => l.id);
  const expected = await ids({ productId: product.id });
  assert.ok(expected.length > 0, 'the reseller holds licenses of the product');
  for (const q of [FOLDED_PRODUCT.typed, `${product.name.split(' ').at(-2)!.toUpperCase()} ${FOLDED_PRODUCT.typed}`]) {
    assert.deepEqual(await ids({ q }), expected, `"${q}" finds the licenses of ${product.name}`);
    const counts = await store.countLicensesByProduct(resellerId, { q });
    assert.deepEqual(counts.map((c) => [c.product.id, c.count]), [[product.id, expected.length]], `"${q}": the counts`);
  }
}
