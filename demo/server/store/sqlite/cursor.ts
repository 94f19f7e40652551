/**
 * Opaque keyset cursors: the sort key of the last item of a page and its row number,
 * base64url-encoded JSON. A cursor only says where to continue, so it holds no data a
 * caller could not already see, and a tampered cursor is just a bad request.
 */
import { BadCursorError } from '../../../../src/service/store.js';

export type CursorPart = string | number;

export function encodeCursor(parts: readonly CursorPart[]): string {
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor whose parts have the given types (`'s'` string, `'n'` safe integer),
 * or throws a {@link BadCursorError}.
 */
export function decodeCursor(cursor: string, types: readonly ('s' | 'n')[]): CursorPart[] {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parts = null;
  }
  const valid =
    Array.isArray(parts) &&
    parts.length === types.length &&
    parts.every((part, i) => (types[i] === 's' ? typeof part === 'string' : Number.isSafeInteger(part)));
  if (!valid) throw new BadCursorError('This cursor is not valid here; start again without it');
  return parts as CursorPart[];
}
