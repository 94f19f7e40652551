/**
 * Keyset cursors of the SQL stores: base64url JSON of what the page was (a sort name or an
 * order id), the sort key of its last item and that item's key. A cursor only says where to
 * continue; one that does not fit the query is a {@link BadCursorError}.
 */
import { BadCursorError } from '../../../../src/service/store.js';

export type CursorPart = string | number;

export function encodeCursor(parts: readonly CursorPart[]): string {
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

/** `'s'` a string, `'n'` a safe integer, `'t'` an ISO 8601 instant. */
export type CursorType = 's' | 'n' | 't';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** The parts of a cursor of the given types whose first part is `scope`, or a {@link BadCursorError}. */
export function decodeCursor(cursor: string, scope: string, types: readonly CursorType[]): CursorPart[] {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parts = null;
  }
  const valid =
    Array.isArray(parts) &&
    parts.length === types.length + 1 &&
    parts[0] === scope &&
    types.every((type, i) => {
      const part: unknown = parts[i + 1];
      if (type === 'n') return Number.isSafeInteger(part);
      if (typeof part !== 'string') return false;
      return type === 's' || (INSTANT.test(part) && !Number.isNaN(Date.parse(part)));
    });
  if (!valid) throw new BadCursorError('This cursor does not belong to this query; start again without it');
  return (parts as CursorPart[]).slice(1);
}
