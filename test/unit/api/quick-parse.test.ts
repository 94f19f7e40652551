import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import * as s from '../../../src/api/contract/schemas.js';
import { quickParse } from '../../../src/api/contract/quick-parse.js';
import { license, order } from './fixtures.js';

const SEED = 20_261_205;

/** Values that break a field, or only change it: wrong types, bounds, formats, enum members. */
const REPLACEMENTS: unknown[] = [
  null, undefined, true, 0, -1, 1.5, '', 'x', 'x'.repeat(5000), [], {}, ['a'], { id: 'c1' },
  '2026-02-30', '2026-11-27', '2026-11-27T09:14:03Z', '2026-11-27T09:14:03', 'javascript:alert(1)',
  'http://evil.example/x', 'https://ok.example/x', 'active', 'available', 'refunded', 'expired', 'bogus',
  'not_found', 'license_not_active', { allowed: true, reason: null }, { allowed: false, reason: 'bogus' },
  { allowed: 'yes', reason: null }, { id: 'c1', email: 'a@b.example', organization: 'Org' }, { recurrent: true, effectiveOn: '2027-01-01' },
];

/** Every path to a field of `value`, nested objects included. */
function paths(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [prefix];
  return [prefix, ...Object.entries(value).flatMap(([key, inner]) => paths(inner, [...prefix, key]))];
}

function replaced(value: unknown, path: string[], by: unknown): unknown {
  if (path.length === 0) return by;
  const copy = { ...(value as Record<string, unknown>) };
  const [key, ...rest] = path as [string, ...string[]];
  copy[key] = replaced(copy[key], rest, by);
  return copy;
}

/** quickParse answers exactly what zod's safeParse answers. */
function agrees(schema: s.LicensePage extends never ? never : Parameters<typeof quickParse>[0], value: unknown): void {
  const quick = quickParse(schema, JSON.parse(JSON.stringify(value ?? null)));
  const zod = schema.safeParse(JSON.parse(JSON.stringify(value ?? null)));
  assert.equal(quick.success, zod.success, JSON.stringify(value));
  if (zod.success) assert.deepEqual(quick.data, zod.data);
  else assert.deepEqual(quick.error?.issues, zod.error.issues);
}

test('answers checked quickly pass or fail exactly as zod checks them, whatever field is broken', () => {
  const active = license({ status: 'active', autoRenew: true, customer: { id: 'c1', email: 'a@b.example', organization: 'Org' }, activatedAt: '2026-11-28T10:00:00Z' });
  let cases = 0;
  for (const base of [license(), active]) {
    for (const path of paths(base)) {
      for (const by of REPLACEMENTS) {
        const broken = replaced(base, path, by);
        agrees(s.License, broken);
        agrees(s.LicensePage, { items: [license(), broken], nextCursor: null, total: 2 });
        cases += 1;
      }
    }
  }
  for (const path of paths(order())) for (const by of REPLACEMENTS) agrees(s.OrderSummary, replaced(order(), path, by));
  assert.ok(cases > 500);
});

test('an answer with keys the contract does not know is answered without them, as zod strips them', () => {
  const page = JSON.parse('{"items":[{"__proto__":{"polluted":true},"extra":1}],"nextCursor":null,"total":1}');
  Object.assign(page.items[0], license());
  const result = quickParse(s.LicensePage, page);
  assert.ok(result.success);
  assert.deepEqual(Object.keys(result.data.items[0]!).sort(), Object.keys(license()).sort());
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  assert.deepEqual(result.data, s.LicensePage.parse(page));
});

test('generated pages of licenses pass or fail exactly as zod checks them', () => {
  const field = fc.constantFrom(...paths(license()).filter((p) => p.length > 0));
  const mutation = fc.option(fc.tuple(field, fc.oneof(fc.constantFrom(...REPLACEMENTS), fc.string(), fc.integer(), fc.boolean())), { nil: undefined });
  fc.assert(
    fc.property(fc.array(mutation, { maxLength: 6 }), fc.option(fc.string({ minLength: 0, maxLength: 3 }), { nil: null }), (mutations, cursor) => {
      const items = mutations.map((m, i) => (m === undefined ? license({ id: `l${i}` }) : replaced(license({ id: `l${i}` }), m[0], m[1])));
      agrees(s.LicensePage, { items, nextCursor: cursor, total: items.length });
    }),
    { seed: SEED, numRuns: 400 },
  );
});

test('a valid page is answered as it came, without a copy', () => {
  const page = { items: [license(), license({ id: 'l2' })], nextCursor: 'c', total: 2 };
  const result = quickParse(s.LicensePage, page);
  assert.ok(result.success);
  assert.equal(result.data, page);
});
