/**
 * A license's history, page by page, oldest first. Two entries are facts of the records
 * rather than rows: the purchase (always first) and, for a license activated when the data
 * was loaded, that activation; every change since is a stored row. The cursor says how many
 * facts were shown and where the stored rows continue, so that every entry comes once.
 */
import type { HistoryEntry, HistoryList } from '../api/contract/schemas.js';
import { BadCursorError, type Caller, type LicenseRecord, type OrderRecord, type StoreReads } from './store.js';
import { decodeJsonCursor, encodeJsonCursor } from '../internal/json-cursor.js';
import { factEntries } from './views.js';

interface Position {
  /** How many facts earlier pages showed. */
  facts: number;
  /** Where the stored rows continue; undefined: from their start. */
  rows?: string | undefined;
}

export async function historyPage(
  store: StoreReads,
  caller: Caller,
  license: LicenseRecord,
  order: OrderRecord,
  limit: number,
  cursor: string | undefined,
): Promise<HistoryList> {
  const at = cursor === undefined ? { facts: 0 } : readCursor(cursor);
  const first = await store.history(caller.id, license.id, { limit: 1 });
  const firstRowAt = first.items[0]?.at;
  // An activation that a stored row records (as every activation through the API does) is not a fact twice.
  const activationIsFact = license.activatedAt !== null && (firstRowAt === undefined || Date.parse(license.activatedAt) < Date.parse(firstRowAt));
  const facts = factEntries(activationIsFact ? license : { ...license, activatedAt: null }, order, caller.user.name);
  const shownFacts = facts.slice(at.facts, at.facts + limit);
  const items: HistoryEntry[] = [...shownFacts];
  const factsDone = at.facts + shownFacts.length;
  if (factsDone < facts.length) return { items, nextCursor: writeCursor({ facts: factsDone }) };
  const room = limit - items.length;
  if (room === 0) return { items, nextCursor: firstRowAt === undefined ? null : writeCursor({ facts: factsDone }) };
  const rows = await store.history(caller.id, license.id, { limit: room, cursor: at.rows });
  items.push(...rows.items.map((row) => ({ ...row, actor: { ...row.actor } })));
  return { items, nextCursor: rows.nextCursor === null ? null : writeCursor({ facts: factsDone, rows: rows.nextCursor }) };
}

function writeCursor(position: Position): string {
  return encodeJsonCursor([position.facts, position.rows ?? null]);
}

function readCursor(cursor: string): Position {
  const value = decodeJsonCursor(cursor);
  if (Array.isArray(value) && value.length === 2 && Number.isInteger(value[0]) && value[0] >= 0 && value[0] <= 2) {
    const rows: unknown = value[1];
    if (rows === null) return { facts: value[0] as number };
    if (typeof rows === 'string' && rows.length > 0) return { facts: value[0] as number, rows };
  }
  throw new BadCursorError('This cursor does not belong to this history; start again without it');
}
