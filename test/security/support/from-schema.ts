/**
 * fast-check arbitraries derived from the contract's zod schemas. For each field they give,
 * most of the time, a value the schema accepts (so that requests get past validation and
 * reach the database), and otherwise a value just outside its bounds, hostile text, a value
 * of the wrong type or nothing at all. Whether the result is valid is for the schema itself
 * to say: tests use `schema.safeParse` as the oracle.
 */
import fc from 'fast-check';
import { hostileText, wrongType } from './hostile.js';

/** What zod keeps about a schema (`schema._zod.def`), as far as these arbitraries read it. */
interface Def {
  type: string;
  shape?: Record<string, unknown>;
  innerType?: unknown;
  options?: unknown[];
  entries?: Record<string, string>;
  values?: unknown[];
  pattern?: RegExp;
  checks?: { _zod: { def: { check: string; pattern?: RegExp; minimum?: number; maximum?: number; value?: number } } }[];
}

/** Arbitraries for fields whose rule is a refinement that cannot be read, by field name. */
export type Hints = Record<string, fc.Arbitrary<unknown>>;

function defOf(schema: unknown): Def {
  return (schema as { _zod: { def: Def } })._zod.def;
}

interface Bounds {
  pattern?: RegExp | undefined;
  minLength: number;
  maxLength: number;
  min: number;
  max: number;
}

function boundsOf(def: Def): Bounds {
  const bounds: Bounds = { pattern: def.pattern, minLength: 0, maxLength: 64, min: -1_000, max: 1_000 };
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if (c.check === 'string_format' && c.pattern) bounds.pattern = c.pattern;
    if (c.check === 'min_length') bounds.minLength = c.minimum ?? 0;
    if (c.check === 'max_length') bounds.maxLength = c.maximum ?? 64;
    if (c.check === 'greater_than') bounds.min = c.value ?? bounds.min;
    if (c.check === 'less_than') bounds.max = c.value ?? bounds.max;
  }
  return bounds;
}

/** Strings the field accepts, and the strings just outside its length bounds. */
function stringsFor(def: Def): { fitting: fc.Arbitrary<string>; outside: fc.Arbitrary<string> } {
  const b = boundsOf(def);
  const fitting = b.pattern
    ? fc.stringMatching(b.pattern).filter((s) => s.length >= b.minLength && s.length <= b.maxLength)
    : fc.string({ minLength: b.minLength, maxLength: Math.min(b.maxLength, 40) });
  const outside = fc.constantFrom('', 'x'.repeat(b.maxLength + 1));
  return { fitting, outside };
}

/** A JSON value for `schema`: mostly fitting, sometimes hostile, of the wrong type or out of bounds. */
export function jsonFor(schema: unknown, hints: Hints = {}): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const mostly = (fitting: fc.Arbitrary<unknown>, ...others: fc.Arbitrary<unknown>[]) =>
    fc.oneof({ weight: 12, arbitrary: fitting }, { weight: 2, arbitrary: hostileText }, { weight: 1, arbitrary: wrongType }, ...others);
  switch (def.type) {
    case 'optional':
      return jsonFor(def.innerType, hints);
    case 'object':
      return objectFor(def, hints);
    case 'union':
      return fc.oneof(...(def.options ?? []).map((option) => jsonFor(option, hints)));
    case 'literal':
      return mostly(fc.constantFrom(...(def.values ?? [])));
    case 'enum':
      return mostly(fc.constantFrom(...Object.values(def.entries ?? {})));
    case 'boolean':
      return mostly(fc.boolean(), fc.constantFrom('true', 0, 1));
    case 'string': {
      const { fitting, outside } = stringsFor(def);
      return mostly(fitting, outside);
    }
    default:
      throw new Error(`No arbitrary for a ${def.type} schema`);
  }
}

/** An object with the schema's fields, each now and then missing, and now and then an extra one. */
function objectFor(def: Def, hints: Hints): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.entries(def.shape ?? {}).map(([name, field]) => {
    const value = hints[name] ? fc.oneof({ weight: 6, arbitrary: hints[name] }, jsonFor(field, hints)) : jsonFor(field, hints);
    const absent = defOf(field).type === 'optional' ? 6 : 1;
    return fc.oneof({ weight: 14, arbitrary: value.map((v) => [[name, v]]) }, { weight: absent, arbitrary: fc.constant([]) });
  });
  const extra = fc.oneof(
    { weight: 10, arbitrary: fc.constant([]) },
    { weight: 1, arbitrary: fc.tuple(fc.oneof(hostileText, fc.constantFrom('__proto__', 'constructor', 'id')), fc.jsonValue({ maxDepth: 2 })).map((e) => [e]) },
  );
  return fc.tuple(...fields, extra).map((parts) => Object.fromEntries(parts.flat() as [string, unknown][]));
}

/**
 * The parameters of a query for an object schema, as name and text: each field present now
 * and then, with a fitting, boundary or hostile value; sometimes repeated, sometimes unknown.
 */
export function queryFor(schema: unknown, hints: Hints = {}): fc.Arbitrary<[string, string][]> {
  const fields = Object.entries(defOf(schema).shape ?? {}).map(([name, field]) => {
    const text = hints[name] ? fc.oneof({ weight: 3, arbitrary: hints[name].map(String) }, queryValue(field)) : queryValue(field);
    return fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: text.map((v) => [[name, v] as [string, string]]) });
  });
  const unknown = fc.oneof({ weight: 8, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.tuple(hostileText, hostileText).map((e) => [e]) });
  return fc.tuple(fc.tuple(...fields), unknown, fc.nat(9)).map(([present, extra, repeat]) => {
    const params = [...present.flat(), ...extra];
    const again = params[repeat];
    return repeat < 2 && again ? [...params, again] : params;
  });
}

/** One query parameter's text for a (possibly optional) field. */
function queryValue(field: unknown): fc.Arbitrary<string> {
  const def = defOf(field).type === 'optional' ? defOf(defOf(field).innerType) : defOf(field);
  const mostly = (fitting: fc.Arbitrary<string>, outside: fc.Arbitrary<string>) =>
    fc.oneof({ weight: 8, arbitrary: fitting }, { weight: 1, arbitrary: outside }, { weight: 2, arbitrary: hostileText });
  if (def.type === 'enum') {
    const values = Object.values(def.entries ?? {});
    return mostly(fc.constantFrom(...values), fc.constantFrom(...values.map((v) => v.toUpperCase()), ''));
  }
  if (def.type === 'number') {
    const b = boundsOf(def);
    const odd = fc.constantFrom(String(b.min - 1), String(b.max + 1), '1e2', '0x10', '1.5', ' 7', '7 ', '-0', '1e309', 'NaN', 'Infinity', '', '٣');
    return mostly(fc.integer({ min: b.min, max: b.max }).map(String), odd);
  }
  const { fitting, outside } = stringsFor(def);
  return mostly(fitting, outside);
}
