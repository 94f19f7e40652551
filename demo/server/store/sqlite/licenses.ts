/** Reading licenses: an order's licenses page by page, and what was recorded about a license. */
import type { ParsedLicensesQuery } from '../../../../src/api/contract/schemas.js';
import { type HistoryRecord, type LicenseRecord, type StorePage } from '../../../../src/service/store.js';
import { decodeCursor, encodeCursor } from '../shared/cursor.js';
import { cachedStatement, type Db } from './database.js';
import { Conditions } from './order-filter.js';
import { STATUS_SQL } from '../shared/license-status.js';
import {
  type HistoryRow,
  historyRecord,
  LICENSE_COLUMNS,
  LICENSE_JOINS,
  LICENSE_VALUE_COLUMNS,
  type LicenseRow,
  licenseRecordOf,
  type LicenseValues,
} from './rows.js';

/** An order as the license queries need it. */
export interface OrderKey {
  seq: number;
  id: string;
  state: 'processed' | 'refunded';
  quantity: number;
}

const NOTHING: StorePage<LicenseRecord> = { items: [], nextCursor: null, total: 0 };

/** {@link LICENSE_JOINS}, the licenses read through their index by order. */
const BY_ORDER = LICENSE_JOINS.replace(/^licenses l /, 'licenses l INDEXED BY licenses_by_order ');

/**
 * One page of the order's licenses in the order they were issued, with the total of matches.
 * The status of a license is a fact of its row and its order's: refunded when the order is,
 * else active when activated and available when not. A cursor is `[orderId, seq]` of the last
 * license of a page; one of another order is a {@link BadCursorError}.
 *
 * Both queries walk `licenses_by_order` (order, seq) from the cursor. Without it, for an order
 * holding most of the table's licenses the planner scans the table by seq instead, and it
 * chooses the same plan for every order, small ones included. Unfiltered, the total is the
 * order's quantity (the writes insert exactly that many licenses and never delete one), so a
 * page of an order of 100,000 licenses does not count them all again. The rows are read as
 * arrays of the license's own values: its order's id and state are the key's.
 */
export function licensePage(db: Db, order: OrderKey, query: ParsedLicensesQuery & { limit: number }): StorePage<LicenseRecord> {
  const after = query.cursor === undefined ? null : readCursor(query.cursor, order.id);
  const conditions = new Conditions().add('l.order_seq = @order', 'order', order.seq);
  if (query.status !== undefined) {
    const refunded = order.state === 'refunded';
    if (refunded !== (query.status === 'refunded')) return NOTHING;
    if (query.status !== 'refunded') conditions.where.push(`(${STATUS_SQL[query.status]})`);
  }
  if (query.q !== undefined) {
    conditions.add('(instr(lower(l.activation_code), @q) > 0 OR instr(c.email_lower, @q) > 0)', 'q', query.q.toLowerCase());
  }
  // No condition beyond the order's own (a refunded order asked for its refunded licenses has none).
  const everyLicense = conditions.where.length === 1;
  const counted = everyLicense
    ? undefined
    : cachedStatement<Record<string, unknown>, { n: number }>(db, `SELECT count(*) AS n FROM ${BY_ORDER} WHERE ${conditions.sql}`).get(conditions.params);
  const total = everyLicense ? order.quantity : (counted?.n ?? 0);
  if (total === 0) return NOTHING;
  if (after !== null) conditions.add('l.seq > @after', 'after', after);
  const rows = cachedStatement<Record<string, unknown>, [...LicenseValues, number]>(
    db,
    `SELECT ${LICENSE_VALUE_COLUMNS}, l.seq FROM ${BY_ORDER} WHERE ${conditions.sql} ORDER BY l.seq LIMIT @limit`,
  )
    .raw(true)
    .all({ ...conditions.params, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((values) => licenseRecordOf(order, values)),
    // `l.seq` is the column after the license's values.
    nextCursor: rows.length > query.limit && last ? encodeCursor([order.id, last[14]]) : null,
    total,
  };
}

function readCursor(cursor: string, orderId: string): number {
  const [after] = decodeCursor(cursor, orderId, ['n']);
  return after as number;
}

/** The reseller's license with this id, as a row (with its internal keys), or undefined. */
export function licenseRow(db: Db, resellerSeq: number, licenseId: string): LicenseRow | undefined {
  return cachedStatement<[string, number], LicenseRow>(
    db,
    `SELECT ${LICENSE_COLUMNS} FROM ${LICENSE_JOINS} WHERE l.id = ? AND l.reseller_seq = ?`,
  ).get(licenseId, resellerSeq);
}

/**
 * The license holding this activation code, ignoring case, whoever's it is (through the
 * NOCASE index on codes), with its reseller's public id; one matching the case exactly first.
 */
export function licenseByCode(db: Db, code: string): (LicenseRow & { reseller_id: string }) | undefined {
  return cachedStatement<{ code: string }, LicenseRow & { reseller_id: string }>(
    db,
    `SELECT ${LICENSE_COLUMNS}, r.id AS reseller_id FROM ${LICENSE_JOINS} JOIN resellers r ON r.seq = l.reseller_seq
     WHERE l.activation_code = @code COLLATE NOCASE ORDER BY l.activation_code = @code DESC, l.seq LIMIT 1`,
  ).get({ code });
}

/**
 * A page of what was recorded about the license and about its whole order (license_seq NULL),
 * oldest first by time and then as recorded: each side walks its (…, at, seq) index from the
 * cursor and stops at `limit`, and the two are merged.
 */
export function licenseHistory(
  db: Db,
  license: { id: string; seq: number; order_seq: number },
  page: { limit: number; cursor?: string | undefined },
): { items: HistoryRecord[]; nextCursor: string | null } {
  const [afterAt, afterSeq] = page.cursor === undefined ? [-1, -1] : decodeCursor(page.cursor, license.id, ['n', 'n']);
  const side = (where: string) =>
    `SELECT * FROM (SELECT seq, at, actor, actor_kind, kind, detail FROM history
       WHERE ${where} AND (at, seq) > (@at, @seq) ORDER BY at, seq LIMIT @take)`;
  const rows = cachedStatement<Record<string, number>, HistoryRow>(
    db,
    `${side('license_seq = @license')} UNION ALL ${side('order_seq = @order AND license_seq IS NULL')} ORDER BY at, seq LIMIT @take`,
  ).all({ license: license.seq, order: license.order_seq, at: afterAt as number, seq: afterSeq as number, take: page.limit + 1 });
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return { items: items.map(historyRecord), nextCursor: rows.length > page.limit && last ? encodeCursor([license.id, last.at, last.seq]) : null };
}
