/**
 * Request bodies, content types and idempotency keys as an attacker sends them, and what the
 * server makes of a body's bytes.
 */
import fc from 'fast-check';
import { LIMITS } from '../../../src/api/contract/schemas.js';
import { type Hints, jsonFor } from './from-schema.js';
import { hostileText } from './hostile.js';

export interface Body {
  bytes: Buffer;
  /** Sent in two chunks without Content-Length. */
  chunked: boolean;
}

/** Edits of a JSON text that break it, or keep it JSON in odd ways. */
const editJson: fc.Arbitrary<(text: string) => string | Buffer> = fc.oneof(
  fc.nat(60).map((n) => (text: string) => text.slice(0, n)),
  fc.constantFrom('}', ',', ']', 'x', '\u0000', ' ').map((junk) => (text: string) => text + junk),
  fc.constant((text: string) => `\uFEFF${text}`),
  fc.constant((text: string) => text.replace(/true|false|"[^"]*"/, '1e999')),
  fc.constant((text: string) => text.replace(/"([^"]*)"/, '"$1\u0000"')),
  fc.constant((text: string) => text.replace('{', '{"customer":1,"recurrent":"yes",')),
  fc.constant((text: string) => Buffer.from(text, 'utf16le')),
  fc.constant((text: string) => Buffer.concat([Buffer.from(text.slice(0, 5)), Buffer.from([0xff, 0xfe, 0xc0, 0x80]), Buffer.from(text.slice(5))])),
);

/** Bodies for a JSON schema: mostly JSON values derived from it, else edited, odd or oversized. */
export function bodiesFor(schema: unknown, hints: Hints = {}): fc.Arbitrary<Body> {
  const text = fc.oneof(
    { weight: 12, arbitrary: jsonFor(schema, hints).map((value) => JSON.stringify(value) ?? '') },
    { weight: 3, arbitrary: fc.tuple(jsonFor(schema, hints), editJson).map(([value, edit]) => edit(JSON.stringify(value) ?? '')) },
    { weight: 1, arbitrary: fc.constantFrom('', 'null', '[]', '{}', '"x"', '1e999', '[[[[[[[[[[]]]]]]]]]]', `${'['.repeat(5_000)}${']'.repeat(5_000)}`) },
    { weight: 1, arbitrary: hostileText },
    { weight: 1, arbitrary: fc.integer({ min: LIMITS.bodyBytes - 100, max: LIMITS.bodyBytes * 3 }).map((n) => JSON.stringify({ customer: { kind: 'new', organization: 'x'.repeat(n) } })) },
  );
  return fc.tuple(text, fc.nat(9)).map(([t, n]) => ({ bytes: Buffer.isBuffer(t) ? t : Buffer.from(t, 'utf8'), chunked: n === 0 }));
}

/** The body as the server reads it: too large, or its text (UTF-8, BOM dropped) and JSON value. */
export function readBody(body: Body): { tooLarge: boolean; empty: boolean; json: { value: unknown } | null } {
  const text = new TextDecoder().decode(body.bytes);
  let json: { value: unknown } | null = null;
  try {
    json = { value: JSON.parse(text) };
  } catch {
    json = null;
  }
  return { tooLarge: body.bytes.length > LIMITS.bodyBytes, empty: text.length === 0, json };
}

export interface ContentType {
  header: string | undefined;
  /** Whether the server takes it for JSON. */
  json: boolean;
}

export const contentTypes: fc.Arbitrary<ContentType> = fc.oneof(
  { weight: 12, arbitrary: fc.constant({ header: 'application/json', json: true }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      { header: 'application/json; charset=utf-8', json: true },
      { header: 'Application/JSON', json: true },
      { header: 'application/problem+json', json: true },
      { header: 'application/merge-patch+json', json: true },
      { header: 'text/plain', json: false },
      { header: 'application/x-www-form-urlencoded', json: false },
      { header: 'multipart/form-data; boundary=x', json: false },
      { header: 'application/jsonp', json: false },
      { header: 'application/json, text/plain', json: false },
      { header: '', json: false },
      { header: undefined, json: false },
    ),
  },
);

/** Idempotency-Key values: from the schema's pattern, odd ones, hostile ones that a header can carry. */
export const keys: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 10, arbitrary: fc.stringMatching(/^[\x21-\x7E]{1,40}$/) },
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.constantFrom('', ' ', 'a b', '\tkey\t', ' padded ', 'é', 'x'.repeat(256), 'key\u00ff') },
  { weight: 1, arbitrary: hostileText.filter((s) => /^[\t\x20-\x7e\x80-\xff]*$/.test(s)) },
);
