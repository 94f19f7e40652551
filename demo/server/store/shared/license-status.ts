/**
 * A license's status as SQL over `licenses l` joined with `orders o`, the same in both SQL
 * stores: refunded with its order, expired once its term ended unrenewed, else active when
 * activated and available when not.
 */
import type { LicenseStatus } from '../../../../src/api/contract/schemas.js';

export const STATUS_SQL: Readonly<Record<LicenseStatus, string>> = {
  refunded: `o.state = 'refunded'`,
  expired: `o.state <> 'refunded' AND l.expired_at IS NOT NULL`,
  active: `o.state <> 'refunded' AND l.expired_at IS NULL AND l.activated_at IS NOT NULL`,
  available: `o.state <> 'refunded' AND l.expired_at IS NULL AND l.activated_at IS NULL`,
};

/** A license's status as one SQL value (`'refunded'`, `'expired'`, `'active'`, `'available'`), over `l` and `o` as {@link STATUS_SQL}. */
export const STATUS_VALUE_SQL = `CASE WHEN ${STATUS_SQL.refunded} THEN 'refunded' WHEN ${STATUS_SQL.expired} THEN 'expired'
  WHEN ${STATUS_SQL.active} THEN 'active' ELSE 'available' END`;

/**
 * The filters of a license search that a license tally can answer (it counts licenses by
 * `validTo`, product, status and recurrence), as conditions over the tally `t`: its status
 * column, and `recurrent`, the store's test of a true `t.recurrent`. Null when the search
 * has a filter that the tally cannot answer (`q`).
 */
export function tallyConditions(query: { status?: LicenseStatus; autoRenew?: boolean; q?: string }, recurrent: string): string[] | null {
  if (query.q !== undefined) return null;
  const conditions: string[] = [];
  if (query.status !== undefined) conditions.push(`t.status = '${query.status}'`);
  if (query.autoRenew !== undefined) conditions.push(`${query.autoRenew ? '' : 'NOT '}(t.status = 'active' AND ${recurrent})`);
  return conditions;
}

/** Auto Renew as SQL (`recurrent` is the store's test of a true `l.recurrent`), or its negation. */
export function autoRenewSql(value: boolean, recurrent: string): string {
  return `${value ? '' : 'NOT '}(${STATUS_SQL.active} AND ${recurrent})`;
}

/**
 * The joins a count of licenses needs for `conditions`: orders and customers only when a
 * condition reads them, so that counting a window of `validTo` reads the index alone.
 */
export function countJoins(conditions: string, orders: string, customers: string): string {
  return [/\bo\./.test(conditions) ? orders : '', /\bc\./.test(conditions) ? customers : ''].join(' ');
}

/**
 * `GET /licenses/counts` as SQL, the same in both SQL stores: the `id`, `name` and count `n`
 * of each product with a match. Summed from the license tally `t` when its conditions
 * (`tally`) answer the filters, else counted over `licenses l` matching `licenses`, with its
 * orders `o` (and `customers` when a condition reads `c`). `product` names the column of
 * the tally and of the orders that refers to a product, and the products' key it refers to.
 */
export function productCountsSql(
  where: { tally: string } | { licenses: string },
  product: { column: string; key: string },
  joins: { orders: string; customers: string },
): string {
  const counts =
    'tally' in where
      ? `SELECT t.${product.column} AS product, sum(t.licenses) AS n FROM license_tally t WHERE ${where.tally} GROUP BY t.${product.column}`
      : `SELECT o.${product.column} AS product, count(*) AS n FROM licenses l ${joins.orders} ${countJoins(where.licenses, '', joins.customers)}
         WHERE ${where.licenses} GROUP BY o.${product.column}`;
  return `SELECT p.id, p.name, counts.n FROM (${counts}) counts JOIN products p ON p.${product.key} = counts.product`;
}
