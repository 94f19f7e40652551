/** Arbitraries for the parts every request has: who calls, which id, which method; and query oracles. */
import { OPERATIONS, type Operation } from '../../../src/api/contract/operations.js';
import fc from 'fast-check';
import { hostileText, percentEncode } from './hostile.js';
import { type Expected, problem, success } from './expect.js';
import type * as z from 'zod/mini';

export interface Auth {
  /** The Authorization header, or undefined for none. */
  header: string | undefined;
  valid: boolean;
}

/** Mostly the reseller's own token (also in odd but valid spellings), else none or a wrong one. */
export function authFor(token: string): fc.Arbitrary<Auth> {
  const visible = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 80 });
  return fc.oneof(
    { weight: 16, arbitrary: fc.constant({ header: `Bearer ${token}`, valid: true }) },
    { weight: 1, arbitrary: fc.constantFrom(`bearer ${token}`, `BEARER   ${token}`).map((header) => ({ header, valid: true })) },
    { weight: 1, arbitrary: fc.constant({ header: undefined, valid: false }) },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(`Bearer ${token}x`, `Bearer ${token.toUpperCase()}`, `Basic ${Buffer.from(`a:${token}`).toString('base64')}`, 'Bearer', `Token ${token}`, `Bearer ${token} extra`, `Bearer é${token}`)
        .map((header) => ({ header, valid: false })),
    },
    { weight: 1, arbitrary: visible.map((t) => ({ header: `Bearer ${t}`, valid: false })) },
  );
}

/** The credential part of the Authorization header, which must never come back. */
export function secretOf(auth: Auth): string | undefined {
  return auth.header?.match(/^\S+\s+(.+)$/)?.[1];
}

/** Headers for `auth` plus `extra`. */
export function headersFor(auth: Auth, extra: Record<string, string> = {}): Record<string, string> {
  return auth.header === undefined ? extra : { Authorization: auth.header, ...extra };
}

/** An id for a path: mostly one of `own`, else someone else's, hostile text or too long. */
export function pathIdFrom(own: readonly string[], others: readonly string[]): fc.Arbitrary<string> {
  return fc
    .oneof(
      { weight: 6, arbitrary: fc.constantFrom(...own) },
      { weight: 1, arbitrary: fc.constantFrom(...others) },
      { weight: 3, arbitrary: hostileText.filter((s) => s.length > 0) },
      { weight: 1, arbitrary: fc.constantFrom('x'.repeat(201), `${own[0]}\u0000`, ` ${own[0]}`, (own[0] ?? '').toUpperCase()) },
    )
    // "." and ".." are path segments of their own, not ids: they lead elsewhere.
    .filter((id) => id !== '.' && id !== '..');
}

/** The query string of `params`, percent-encoded, and sometimes left with stray separators. */
export function queryString(params: readonly [string, string][], junk = ''): string {
  const text = params.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&') + junk;
  return text === '' ? '' : `?${text}`;
}

export const QUERY_JUNK = fc.oneof({ weight: 12, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('&', '&&', '&=', '&a', '&%zz=1', '&q=%E0%A4%A') });

/**
 * What the server must answer to a query: 400 for a repeated parameter or one that breaks the
 * schema, otherwise what `rest` says about the parsed query (by default, a success).
 */
export function queryOracle<T extends z.ZodMiniType>(
  search: string,
  schema: T,
  answer: z.ZodMiniType,
  rest: (parsed: z.output<T>) => Expected | readonly Expected[] = () => success(answer),
): Expected | readonly Expected[] {
  const params = new URLSearchParams(search);
  const names = [...params.keys()];
  if (new Set(names).size !== names.length) return problem('validation_failed');
  const parsed = schema.safeParse(Object.fromEntries(params));
  if (!parsed.success) return problem('validation_failed');
  return rest(parsed.data);
}

/** Node refuses a request line and headers over 16 KiB before the app sees them; near the limit, either may answer. */
export function withinHeaderLimit(path: string, expected: Expected | readonly Expected[]): Expected | readonly Expected[] {
  if (path.length > 16_500) return problem('header_fields_too_large');
  if (path.length > 15_500) return [problem('header_fields_too_large'), ...(Array.isArray(expected) ? expected : [expected as Expected])];
  return expected;
}

/** `value`, printed by fast-check in failure reports as its method and (shortened) path. */
export function described<T extends { method?: string; path: string }>(value: T): T {
  const path = value.path.length > 240 ? `${value.path.slice(0, 240)}… (${value.path.length} characters)` : value.path;
  return Object.assign(value, { [fc.toStringMethod]: () => `${value.method ?? 'GET'} ${path}` });
}

/** Whether the operations table lists `method` at `template` (a path of the table, `{name}` for parameters). */
export function isListed(method: string, template: string): boolean {
  return Object.values(OPERATIONS as Record<string, Operation>).some((row) => row.method === method && row.path === template);
}
