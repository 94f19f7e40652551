/**
 * Checking answers against the contract's schemas quickly. zod runs interpreted in the kit
 * (see `jitless` in schemas.ts): it checks a page of 500 licenses in about 5 ms, most of it
 * spent copying objects, a second for an export of 100,000 keys. `quickParse` first walks the
 * value with a checker made once per schema from the schema's own definition; a value it
 * passes is answered as it is. Anything else (a failing or unknown field, an unknown key, a
 * kind of schema or check the walk does not know) goes to zod's `safeParse`, which finds
 * the issues, strips unknown keys or transforms. So the answer is always zod's own.
 */
import type { ZodMiniType } from 'zod/mini';

type Check = (value: unknown) => boolean;

/** The parts of a zod schema's or check's definition that the walk reads (zod's `_zod.def`, its introspection API). */
interface Def {
  type: string;
  check?: string;
  format?: string;
  pattern?: RegExp;
  checks?: { _zod: { def: Def } }[];
  shape?: Record<string, Schema>;
  element?: Schema;
  innerType?: Schema;
  entries?: Record<string, unknown>;
  minimum?: number;
  maximum?: number;
  fn?: (value: never) => unknown;
}

interface Schema {
  _zod: { def: Def };
  safeParse(value: unknown): { success: boolean; data?: unknown };
}

/** String formats whose check is their pattern alone (zod's `$ZodStringFormat` tests `pattern`, and nothing more, for these). */
const PATTERN_FORMATS = new Set(['date', 'datetime', 'email']);

const checkers = new WeakMap<object, Check>();

/** `schema.safeParse(value)`, answered without zod for a value the schema's quick check passes. */
export function quickParse<T>(schema: ZodMiniType<T>, value: unknown): ReturnType<ZodMiniType<T>['safeParse']> {
  if (checkerOf(schema as unknown as Schema)(value)) return { success: true, data: value as T } as ReturnType<ZodMiniType<T>['safeParse']>;
  return schema.safeParse(value);
}

function checkerOf(schema: Schema): Check {
  let check = checkers.get(schema);
  if (check === undefined) {
    check = compile(schema);
    checkers.set(schema, check);
  }
  return check;
}

/** zod itself on a value whose check the walk does not know: passes when zod answers the value unchanged. */
function byZod(schema: Schema): Check {
  return (value) => {
    const result = schema.safeParse(value);
    return result.success && Object.is(result.data, value);
  };
}

/** The checks a definition lists, as one check; null when one of them is of a kind the walk does not know. */
function refinements(def: Def): Check | null {
  const checks: Check[] = [];
  for (const { _zod } of def.checks ?? []) {
    const c = _zod.def;
    const { minimum = 0, maximum = 0, fn } = c;
    if (c.check === 'min_length') checks.push((v) => (v as { length: number }).length >= minimum);
    else if (c.check === 'max_length') checks.push((v) => (v as { length: number }).length <= maximum);
    else if (c.check === 'custom' && fn !== undefined && c.type === 'custom') checks.push((v) => fn(v as never) === true);
    else return null;
  }
  return (value) => checks.every((check) => check(value));
}

function compile(schema: Schema): Check {
  const def = schema._zod.def;
  const refined = refinements(def);
  if (refined === null) return byZod(schema);
  switch (def.type) {
    case 'boolean':
      return (v) => typeof v === 'boolean';
    case 'enum': {
      const members = new Set(Object.values(def.entries ?? {}));
      return (v) => typeof v === 'string' && members.has(v);
    }
    case 'string': {
      if (def.format !== undefined && !(PATTERN_FORMATS.has(def.format) && def.pattern)) return byZod(schema);
      const pattern = def.pattern;
      return (v) => typeof v === 'string' && (pattern === undefined || testPattern(pattern, v)) && refined(v);
    }
    case 'nullable': {
      const inner = checkerOf(def.innerType!);
      return (v) => v === null || inner(v);
    }
    case 'array': {
      const element = checkerOf(def.element!);
      return (v) => Array.isArray(v) && refined(v) && v.every((item) => element(item));
    }
    case 'object': {
      const fields = Object.entries(def.shape ?? {});
      // An optional or defaulted field makes the set of keys vary: zod decides.
      if (fields.some(([, field]) => !['string', 'boolean', 'enum', 'number', 'nullable', 'object', 'array', 'literal'].includes(field._zod.def.type))) {
        return byZod(schema);
      }
      const checks = fields.map(([key, field]) => [key, checkerOf(field)] as const);
      return (v) => {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
        // Exactly the schema's keys, each its own: anything more is zod's to strip.
        if (Object.keys(v).length !== checks.length) return false;
        for (const [key, check] of checks) {
          if (!Object.hasOwn(v, key) || !check((v as Record<string, unknown>)[key])) return false;
        }
        return refined(v);
      };
    }
    default:
      return byZod(schema);
  }
}

function testPattern(pattern: RegExp, value: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(value);
}
