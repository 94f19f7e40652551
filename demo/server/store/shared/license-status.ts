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
