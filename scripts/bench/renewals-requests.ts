/**
 * What `<licenses-renewals>` asks the API for its first page, as request paths (the same
 * queries as the element's, from its own {@link groupQuery} and {@link groupFilters}), and
 * the answers those requests should give, worked out with plain SQL that shares nothing with
 * the server's search (no tallies, no chosen indexes): each group's total by counting every
 * match, its first page (with each license's product) by sorting the matches, and its counts
 * per product by grouping the matches; for SQLite and for PostgreSQL, each over its own schema.
 */
import type { Db } from '../../demo/server/store/sqlite/database.js';
import { type Group, groupFilters, groupQuery, type Window } from '../../src/elements/licenses-renewals/renewals-data.js';
import type { LicenseSearchQuery } from '../../src/api/contract/schemas.js';
import type { PgQueryable } from './server-reference.js';

/** The rows of the element's table per page. */
export const RENEWALS_PAGE = 50;

/** A request the element sends: a page of a group's rows (`GET /licenses`), or the group's counts (`GET /licenses/counts`). */
export type RenewalsRequest = { kind: 'rows'; group: Group; window: Window; limit: number } | { kind: 'counts'; group: Group; window: Window };

/** The query of a request, as the element sends it. */
export function requestQuery(request: RenewalsRequest): LicenseSearchQuery {
  return request.kind === 'rows' ? { ...groupQuery(request.group, request.window), limit: request.limit } : groupFilters(request.group, request.window);
}

/** The path below the API base of a request, its query as the HTTP client writes it. */
export function requestPath(apiPath: string, request: RenewalsRequest): string {
  const params = new URLSearchParams(Object.entries(requestQuery(request)).map(([name, value]) => [name, String(value)]));
  return `${apiPath}/licenses${request.kind === 'counts' ? '/counts' : ''}?${params.toString()}`;
}

/**
 * What a request must answer: the total of matches; for rows, the ids of its page in order
 * with the product id of each; for counts, each product's id and count in the contract's
 * order (most first, then by id).
 */
export interface ReferenceAnswer {
  total: number;
  ids: string[];
  products: string[];
}

/** The counts per product of a reference, in the contract's order, as `id:count`. */
function byProduct(rows: readonly { product: string; n: number | string }[]): string[] {
  const counts = rows.map((row) => ({ product: row.product, n: Number(row.n) }));
  counts.sort((a, b) => b.n - a.n || (a.product < b.product ? -1 : a.product > b.product ? 1 : 0));
  return counts.map((c) => `${c.product}:${c.n}`);
}

/** Each group as plain SQL over `licenses l` joined with `orders o` (`recurrent` is the store's true test). */
function groupSql(group: Group, recurrent: string): string {
  const active = `o.state <> 'refunded' AND l.expired_at IS NULL AND l.activated_at IS NOT NULL`;
  return group === 'renew' ? `(${active} AND ${recurrent})` : `(${active} AND NOT ${recurrent})`;
}

/** The reference answer of a request on the SQLite database; ties on `validTo` go by the row's seq, as the store's cursors do. */
export function referenceSqlite(db: Db, resellerSeq: number, request: RenewalsRequest): ReferenceAnswer {
  const where = [`l.reseller_seq = ?`, 'l.valid_to >= ?', 'l.valid_to <= ?', groupSql(request.group, 'l.recurrent = 1')];
  const params: unknown[] = [resellerSeq, request.window.from, request.window.to];
  const from = `FROM licenses l JOIN orders o ON o.seq = l.order_seq WHERE ${where.join(' AND ')}`;
  const product = '(SELECT id FROM products WHERE seq = o.product_seq)';
  const total = db.prepare<unknown[], { n: number }>(`SELECT count(*) AS n ${from}`).get(...params)?.n ?? 0;
  if (request.kind === 'counts') {
    const rows = db.prepare<unknown[], { product: string; n: number }>(`SELECT ${product} AS product, count(*) AS n ${from} GROUP BY o.product_seq`).all(...params);
    return { total, ids: [], products: byProduct(rows) };
  }
  const rows = db
    .prepare<unknown[], { id: string; product: string }>(`SELECT l.id, ${product} AS product ${from} ORDER BY l.valid_to, l.seq LIMIT ?`)
    .all(...params, request.limit);
  return { total, ids: rows.map((row) => row.id), products: rows.map((row) => row.product) };
}

/** The reference answer of a request on the PostgreSQL database; ties on `validTo` go by the license's id. */
export async function referencePostgres(db: PgQueryable, resellerId: string, request: RenewalsRequest): Promise<ReferenceAnswer> {
  const where = ['l.reseller_id = $1', 'l.valid_to >= $2::date', 'l.valid_to <= $3::date', groupSql(request.group, 'l.recurrent')];
  const params: unknown[] = [resellerId, request.window.from, request.window.to];
  const from = `FROM licenses l JOIN orders o ON o.reseller_id = l.reseller_id AND o.id = l.order_id WHERE ${where.join(' AND ')}`;
  const total = Number((await db.query<{ n: string }>(`SELECT count(*) AS n ${from}`, params)).rows[0]?.n ?? 0);
  if (request.kind === 'counts') {
    const { rows } = await db.query<{ product: string; n: string }>(`SELECT o.product_id AS product, count(*) AS n ${from} GROUP BY o.product_id`, params);
    return { total, ids: [], products: byProduct(rows) };
  }
  const { rows } = await db.query<{ id: string; product: string }>(`SELECT l.id, o.product_id AS product ${from} ORDER BY l.valid_to, l.id LIMIT ${request.limit}`, params);
  return { total, ids: rows.map((row) => row.id), products: rows.map((row) => row.product) };
}
