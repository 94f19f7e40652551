/** Reading licenses: one license, an order's licenses page by page, a license's history. */
import type { HistoryEntry, HistoryList, LicensePage, ParsedLicensesQuery } from '../../src/api/contract/schemas.js';
import { LIMITS } from '../../src/api/contract/schemas.js';
import { decodeCursor, encodeCursor } from './store/sqlite/cursor.js';
import type { Db } from './store/sqlite/database.js';
import { Conditions } from './store/sqlite/order-filter.js';
import { fieldProblem, notFound } from './problems.js';
import { isoInstant, LICENSE_COLUMNS, LICENSE_JOINS, type LicenseRow, licenseView, type OrderRow } from './views.js';

/** The reseller's license with this id, or a 404 (also for another reseller's license). */
export function findLicense(db: Db, resellerSeq: number, licenseId: string): LicenseRow {
  const row = db
    .prepare<[string, number], LicenseRow>(`SELECT ${LICENSE_COLUMNS} FROM ${LICENSE_JOINS} WHERE l.id = ? AND l.reseller_seq = ?`)
    .get(licenseId, resellerSeq);
  if (!row) throw notFound('The license');
  return row;
}

/** The license by its internal key, after a change. */
export function licenseBySeq(db: Db, seq: number): LicenseRow {
  const row = db.prepare<[number], LicenseRow>(`SELECT ${LICENSE_COLUMNS} FROM ${LICENSE_JOINS} WHERE l.seq = ?`).get(seq);
  if (!row) throw new Error(`License ${seq} vanished`);
  return row;
}

/** One page of the order's licenses in the order they were issued, with the total of matches. */
export function listLicenses(db: Db, order: OrderRow, query: ParsedLicensesQuery): LicensePage {
  const limit = query.limit ?? LIMITS.licensesPageDefault;
  const conditions = new Conditions().add('l.order_seq = @order', 'order', order.seq);
  if (query.status !== undefined) {
    const refunded = order.state === 'refunded';
    if (refunded !== (query.status === 'refunded')) return { items: [], nextCursor: null, total: 0 };
    if (query.status === 'active') conditions.where.push('l.activated_at IS NOT NULL');
    if (query.status === 'available') conditions.where.push('l.activated_at IS NULL');
  }
  if (query.q !== undefined) {
    conditions.add('(instr(lower(l.activation_code), @q) > 0 OR instr(c.email_lower, @q) > 0)', 'q', query.q.toLowerCase());
  }
  const counted = db
    .prepare<Record<string, unknown>, { n: number }>(`SELECT count(*) AS n FROM ${LICENSE_JOINS} WHERE ${conditions.sql}`)
    .get(conditions.params);
  if (query.cursor !== undefined) {
    const [orderId, after] = decodeCursor(query.cursor, ['s', 'n']);
    if (orderId !== order.id) throw fieldProblem('cursor', 'This cursor belongs to another order');
    conditions.add('l.seq > @after', 'after', after);
  }
  const rows = db
    .prepare<Record<string, unknown>, LicenseRow>(
      `SELECT ${LICENSE_COLUMNS} FROM ${LICENSE_JOINS} WHERE ${conditions.sql} ORDER BY l.seq LIMIT ${limit + 1}`,
    )
    .all(conditions.params);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(licenseView),
    nextCursor: rows.length > limit && last ? encodeCursor([order.id, last.seq]) : null,
    total: counted?.n ?? 0,
  };
}

/**
 * The license's audit trail, oldest first: its purchase and its activation (facts of the
 * order and license rows), then what was recorded since for it or for its whole order.
 */
export function licenseHistory(db: Db, license: LicenseRow, order: OrderRow, resellerUser: string): HistoryList {
  const entries: HistoryEntry[] = [
    {
      id: `${license.id}.purchased`,
      at: isoInstant(order.purchased_at),
      actor: order.user_name,
      kind: 'purchased',
      detail: `Purchased with order ${order.order_number}`,
    },
  ];
  if (license.activated_at !== null) {
    entries.push({
      id: `${license.id}.activated`,
      at: isoInstant(license.activated_at),
      actor: resellerUser,
      kind: 'activated',
      detail: license.customer_email === null ? 'Activated' : `Activated for ${license.customer_email}`,
    });
  }
  const recorded = db
    .prepare<[number, number], { seq: number; at: number; actor: string; kind: HistoryEntry['kind']; detail: string }>(
      `SELECT seq, at, actor, kind, detail FROM history WHERE license_seq = ?
       UNION ALL
       SELECT seq, at, actor, kind, detail FROM history WHERE order_seq = ? AND license_seq IS NULL
       ORDER BY at, seq`,
    )
    .all(license.seq, license.order_seq);
  for (const row of recorded) {
    entries.push({ id: `his_${row.seq.toString(36)}`, at: isoInstant(row.at), actor: row.actor, kind: row.kind, detail: row.detail });
  }
  entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return { items: entries.slice(-LIMITS.history) };
}
