/** Hostile text and values: what an attacker types into every field, query and path. */
import fc from 'fast-check';

export const SQL_FRAGMENTS = [
  "' OR 1=1 --",
  "' OR '1'='1",
  '"; DROP TABLE orders; --',
  "'); DELETE FROM licenses; --",
  "' UNION SELECT token_hash, reseller_seq FROM api_tokens --",
  "%' OR '%'='",
  "1; UPDATE licenses SET activated_at = 1 --",
  "'; ATTACH DATABASE '/tmp/pwned.sqlite' AS pwned; --",
  '*/ OR /* 1=1',
  '@reseller',
  ':reseller',
  '?1',
  "\\' OR 1=1 --",
  "' COLLATE NOCASE OR ''='",
] as const;

export const PATH_TRAVERSALS = [
  '../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '%252e%252e%252fetc%252fpasswd',
  '..\\..\\windows\\win.ini',
  '....//....//etc/passwd',
  '/etc/passwd',
  '../.data/demo.sqlite',
  '..;/package.json',
] as const;

export const ODD_TEXT = [
  '\u0000',
  'a\u0000b',
  '\u0000\' OR 1=1 --',
  '\uFEFF',
  '\u202Eevil\u202C',
  '\u200B',
  '\uD800',
  '\uDFFF\uD800',
  '🦄🏳️‍🌈',
  'İıßẞ',
  'Ω≈ç√',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '${7*7}{{7*7}}',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  ' ',
  '\t',
  '\r\n',
  '%',
  '%zz',
  '%E0%A4%A',
  '&a=b',
  '#frag',
  '+',
] as const;

const LISTED = [...SQL_FRAGMENTS, ...PATH_TRAVERSALS, ...ODD_TEXT];

/** A string meant to break something: listed attacks, random code points, or long runs of them. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...LISTED) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 24 }) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...LISTED), fc.string({ maxLength: 8 }), fc.constantFrom(...LISTED)).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...LISTED), fc.integer({ min: 201, max: 3_000 })).map(([text, n]) => text.repeat(n).slice(0, n)) },
);

/** Huge, tiny and not quite numbers. */
export const HOSTILE_NUMBERS = [0, -0, -1, 1.5, 2 ** 53 + 1, Number.MAX_SAFE_INTEGER, 1e308, -1e308, Number.MIN_VALUE] as const;

/** A JSON value of the wrong type for almost any field. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.integer(),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);

/** Bytes of `text` percent-encoded, except the unreserved ones: any string, even a lone surrogate, goes in a URL. */
export function percentEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9_.~-]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
