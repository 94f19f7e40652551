/**
 * The renewals' queries: `GET /licenses` (the reseller's licenses across orders by `validTo`,
 * a range of licenses_by_valid_to with every filter of the contract) and its counts per
 * product, the open terms that ended, the scheduled changes that are due, and the latest digest's day.
 */
import type { ParsedLicenseCountsQuery, ParsedLicenseSearchQuery } from '../../../../src/api/contract/schemas.js';
import type { FoundLicenseRecord, LicenseRecord, ProductCountRecord, StorePage } from '../../../../src/service/store.js';
import { decodeCursor, encodeCursor } from '../shared/cursor.js';
import { cachedStatement, type Db } from './database.js';
import { everyOrderNumberHolds, someStemHolds } from './number-stems.js';
import { Conditions, phrase } from './order-filter.js';
import { BROAD_MATCHES, productsNamed } from './order-search.js';
import { autoRenewSql, countJoins, productCountsSql, STATUS_SQL, tallyConditions } from '../shared/license-status.js';
import {
  FOUND_LICENSE_COLUMNS, FOUND_LICENSE_JOINS, type FoundLicenseRow, foundLicenseRecord, LICENSE_COLUMNS, LICENSE_JOINS, type LicenseRow, licenseRecord,
} from './rows.js';

/** `joins` (starting with `licenses l`) walking the licenses through one of their indexes. */
const by = (index: string, joins = LICENSE_JOINS) => joins.replace('licenses l', `licenses l INDEXED BY ${index}`);

/**
 * The licenses' orders, joined after the licenses (CROSS JOIN fixes SQLite's order of tables):
 * a count reads the licenses only for what no tally answers, `q`, which their own columns
 * mostly test. Given the choice, SQLite walked every order and its licenses, grouped by
 * product from an index of orders: 1.8 s for the counts of a fragment of a name on 1,000,000
 * orders, against 0.7 s licenses first.
 */
const ORDERS = 'CROSS JOIN orders o ON o.seq = l.order_seq';
const CUSTOMERS = 'LEFT JOIN customers c ON c.seq = l.customer_seq';

const NOTHING: StorePage<FoundLicenseRecord> = { items: [], nextCursor: null, total: 0 };

/**
 * A page of the reseller's licenses by `validTo` (then seq, in the same direction), each
 * with its order's product, and the total of matches. A cursor is `[sort, validTo, seq]` of a page's last license.
 */
export function searchLicenses(
  db: Db, resellerSeq: number, asked: ParsedLicenseSearchQuery & { limit: number }, { broadMatches = BROAD_MATCHES } = {},
): StorePage<FoundLicenseRecord> {
  const query = filtering(db, resellerSeq, asked);
  const sort = query.sort ?? 'validTo:asc';
  const conditions = filterConditions(db, resellerSeq, query, broadMatches);
  const total = countLicenses(db, resellerSeq, query, conditions);
  if (total === 0) return NOTHING;
  const descending = sort === 'validTo:desc';
  if (query.cursor !== undefined) {
    const [validTo, seq] = decodeCursor(query.cursor, sort, ['s', 'n']);
    conditions.add(`(l.valid_to, l.seq) ${descending ? '<' : '>'} (@afterValidTo, @afterSeq)`, 'afterValidTo', validTo);
    conditions.params['afterSeq'] = seq;
  }
  const direction = descending ? 'DESC' : 'ASC';
  const rows = cachedStatement<Record<string, unknown>, FoundLicenseRow>(
    db,
    `SELECT ${FOUND_LICENSE_COLUMNS} FROM ${by('licenses_by_valid_to', FOUND_LICENSE_JOINS)} WHERE ${conditions.sql}
     ORDER BY l.valid_to ${direction}, l.seq ${direction} LIMIT @limit`,
  ).all({ ...conditions.params, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(foundLicenseRecord),
    nextCursor: rows.length > query.limit && last ? encodeCursor([sort, last.valid_to, last.seq]) : null,
    total,
  };
}

/** The filters of `GET /licenses` as conditions over `licenses l` (with `orders o` where they read them). */
function filterConditions(db: Db, resellerSeq: number, query: ParsedLicenseCountsQuery, broadMatches: number): Conditions {
  const conditions = new Conditions().add('l.reseller_seq = @reseller', 'reseller', resellerSeq);
  if (query.expiringFrom !== undefined) conditions.add('l.valid_to >= @from', 'from', query.expiringFrom);
  if (query.expiringTo !== undefined) conditions.add('l.valid_to <= @to', 'to', query.expiringTo);
  if (query.productId !== undefined) conditions.add('o.product_seq = (SELECT seq FROM products WHERE id = @product)', 'product', query.productId);
  if (query.status !== undefined) conditions.where.push(`(${STATUS_SQL[query.status]})`);
  if (query.autoRenew !== undefined) conditions.where.push(autoRenewSql(query.autoRenew, 'l.recurrent = 1'));
  if (query.q !== undefined) {
    // What q finds besides codes is looked up first, by the trigram indexes of emails and
    // order numbers, and each license is tested by its own columns: testing its customer's
    // and order's texts joined every order and customer to the reseller's licenses.
    const q = query.q.toLowerCase();
    const named = productsNamed(db, resellerSeq, q).map((p) => p.seq);
    // When a stem of the numbers holds it ("-2026": every number of the stem "ord-2026-"), or
    // past `broadMatches` orders found by number, each license's order number is tested
    // instead of listing the orders.
    const broad = someStemHolds(db, resellerSeq, q) || numbersFound(db, q, broadMatches + 1) > broadMatches;
    const either = [
      'instr(lower(l.activation_code), @q) > 0',
      'l.customer_seq IN (SELECT rowid FROM customer_email_text WHERE customer_email_text MATCH @qPhrase)',
      broad ? 'instr(o.order_number_lower, @q) > 0' : 'l.order_seq IN (SELECT rowid FROM order_text WHERE order_text MATCH @qPhrase)',
      ...(named.length > 0 ? ['o.product_seq IN (SELECT value FROM json_each(@qProducts))'] : []),
    ];
    conditions.add(`(${either.join(' OR ')})`, 'q', q);
    conditions.params['qPhrase'] = phrase(q);
    if (named.length > 0) conditions.params['qProducts'] = JSON.stringify(named);
  }
  return conditions;
}

/** How many orders' numbers (of any reseller) hold the fragment `q`, counted up to `atMost`. */
function numbersFound(db: Db, q: string, atMost: number): number {
  return cachedStatement<[string, number], { n: number }>(db, 'SELECT count(*) AS n FROM (SELECT rowid FROM order_text WHERE order_text MATCH ? LIMIT ?)')
    .get(phrase(q), atMost)!.n;
}

/**
 * `asked` without `q` when `q` filters nothing: every order's number holds it (each of the
 * reseller's stems of order numbers does), and so every license. The tally then counts it.
 */
function filtering<Q extends ParsedLicenseCountsQuery>(db: Db, resellerSeq: number, asked: Q): Q {
  return asked.q !== undefined && everyOrderNumberHolds(db, resellerSeq, asked.q.toLowerCase()) ? { ...asked, q: undefined } : asked;
}

/**
 * The same filters over the license tally `t`, when it can answer them (every filter but
 * `q`): a range of a few thousand tally rows however wide the window. Null when it cannot.
 */
function tallyFilter(resellerSeq: number, query: ParsedLicenseCountsQuery): Conditions | null {
  const tally = tallyConditions(query, 't.recurrent = 1');
  if (tally === null) return null;
  const counted = new Conditions().add('t.reseller_seq = @reseller', 'reseller', resellerSeq);
  if (query.expiringFrom !== undefined) counted.add('t.valid_to >= @from', 'from', query.expiringFrom);
  if (query.expiringTo !== undefined) counted.add('t.valid_to <= @to', 'to', query.expiringTo);
  if (query.productId !== undefined) counted.add('t.product_seq = (SELECT seq FROM products WHERE id = @product)', 'product', query.productId);
  counted.where.push(...tally);
  return counted;
}

/** The total of a search: from the license tally when it can answer the filters, else by counting the matching licenses. */
function countLicenses(db: Db, resellerSeq: number, query: ParsedLicenseCountsQuery, conditions: Conditions): number {
  const counted = tallyFilter(resellerSeq, query);
  if (counted === null) {
    const sql = `SELECT count(*) AS n FROM licenses l ${countJoins(conditions.sql, ORDERS, CUSTOMERS)} WHERE ${conditions.sql}`;
    return cachedStatement<Record<string, unknown>, { n: number }>(db, sql).get(conditions.params)?.n ?? 0;
  }
  const sql = `SELECT coalesce(sum(t.licenses), 0) AS n FROM license_tally t WHERE ${counted.sql}`;
  return cachedStatement<Record<string, unknown>, { n: number }>(db, sql).get(counted.params)?.n ?? 0;
}

/**
 * `GET /licenses/counts`: how many licenses match the filters, per product, from the
 * license tally when it can answer them (the same few thousand rows as a search's total),
 * else by counting the matching licenses with their orders.
 */
export function countLicensesByProduct(db: Db, resellerSeq: number, asked: ParsedLicenseCountsQuery, { broadMatches = BROAD_MATCHES } = {}): ProductCountRecord[] {
  const query = filtering(db, resellerSeq, asked);
  const tally = tallyFilter(resellerSeq, query);
  const conditions = tally ?? filterConditions(db, resellerSeq, query, broadMatches);
  const sql = productCountsSql(tally ? { tally: tally.sql } : { licenses: conditions.sql }, { column: 'product_seq', key: 'seq' }, { orders: ORDERS, customers: CUSTOMERS });
  return cachedStatement<Record<string, unknown>, { id: string; name: string; n: number }>(db, sql)
    .all(conditions.params)
    .map((row) => ({ product: { id: row.id, name: row.name }, count: row.n }));
}

/** Licenses of open terms (not marked expired) with `validTo` before `before`, earliest first. */
export function endedTerms(db: Db, resellerSeq: number, before: string, limit: number): LicenseRecord[] {
  return cachedStatement<[number, string, number], LicenseRow>(
    db,
    `SELECT ${LICENSE_COLUMNS} FROM ${by('licenses_open_terms')}
     WHERE l.reseller_seq = ? AND l.expired_at IS NULL AND l.valid_to < ? ORDER BY l.valid_to, l.id LIMIT ?`,
  )
    .all(resellerSeq, before, limit)
    .map(licenseRecord);
}

/** Licenses whose scheduled change is effective on or before `through`, earliest first. */
export function dueScheduledChanges(db: Db, resellerSeq: number, through: string, limit: number): LicenseRecord[] {
  return cachedStatement<[number, string, number], LicenseRow>(
    db,
    `SELECT ${LICENSE_COLUMNS} FROM ${by('licenses_scheduled')}
     WHERE l.reseller_seq = ? AND l.scheduled_on IS NOT NULL AND l.scheduled_on <= ? ORDER BY l.scheduled_on, l.id LIMIT ?`,
  )
    .all(resellerSeq, through, limit)
    .map(licenseRecord);
}

export function lastRenewalDigest(db: Db, resellerSeq: number): string | null {
  return cachedStatement<[number], { day: string | null }>(db, 'SELECT max(day) AS day FROM renewal_digests WHERE reseller_seq = ?').get(resellerSeq)?.day ?? null;
}
