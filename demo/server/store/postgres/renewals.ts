/**
 * The renewals' queries: `GET /licenses` (the reseller's licenses across orders by `validTo`,
 * a range of licenses_by_valid_to with every filter of the contract) and its counts per
 * product, the open terms that ended, the scheduled changes that are due, and the latest digest's day.
 */
import type { ParsedLicenseCountsQuery, ParsedLicenseSearchQuery } from '../../../../src/api/contract/schemas.js';
import type { FoundLicenseRecord, LicenseRecord, ProductCountRecord, StorePage } from '../../../../src/service/store.js';
import { decodeCursor, encodeCursor } from '../shared/cursor.js';
import { autoRenewSql, countJoins, productCountsSql, STATUS_SQL, tallyConditions } from '../shared/license-status.js';
import { containing, emailHolds, lookupOf, numberHolds } from './order-filter.js';
import { productsNamed, type SearchOptions, searchOptions } from './order-search.js';
import { Conditions, type Db, FOUND_LICENSES, LICENSE_COLUMNS, LICENSE_JOINS, type LicenseRow, licensePageOf, licenseRecord } from './sql.js';

/**
 * A page of the reseller's licenses by `validTo` (then id, in the same direction), each with
 * its order's product, and the total of matches. A cursor is `[sort, validTo, id]` of a page's last license.
 */
export async function searchLicenses(
  db: Db, resellerId: string, asked: ParsedLicenseSearchQuery & { limit: number }, search: Required<SearchOptions> = searchOptions(),
): Promise<StorePage<FoundLicenseRecord>> {
  const text = await licenseText(db, resellerId, asked.q, search.broadMatches);
  const query = filtering(asked, text);
  const sort = query.sort ?? 'validTo:asc';
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor, sort, ['s', 's']);
  const conditions = filterConditions(resellerId, query, text);
  const counted = countLicenses(db, resellerId, query, conditions);
  const descending = sort === 'validTo:desc';
  if (after !== null) {
    const [validTo, id] = after;
    conditions.add((p) => `(l.valid_to, l.id) ${descending ? '<' : '>'} (${p}::date, ${conditions.bind(id)})`, validTo);
  }
  const direction = descending ? 'DESC' : 'ASC';
  const orderBy = `l.valid_to ${direction}, l.id ${direction}`;
  return licensePageOf(db, FOUND_LICENSES, conditions, orderBy, query.limit, counted, (last) => encodeCursor([sort, last.valid_to, last.id]));
}

/**
 * What `q` (lower case, `fragment`) finds besides codes, looked up first by the indexes: the
 * reseller's products whose name holds it ({@link productsNamed}), the customers whose email
 * holds it, and the row numbers of the orders whose number holds it (the trigram indexes of
 * their joined forms, order-filter.ts). A license is then tested by its own columns
 * (`customer_id`, `order_seq`), where testing each license's customer and order by their texts
 * joined every order to a window's licenses: 1.1 s for the next 30 days' 203,810 licenses on
 * 1,000,000 orders, most of it hashing the orders.
 */
interface LicenseText {
  fragment: string;
  named: string[];
  customerIds: string[];
  orderSeqs: number[];
  /**
   * True when a stem of the reseller's order numbers holds it, so that every number of the
   * stem does ("-2026": "ord-2026-"), or more orders' numbers hold it than the search lists
   * (`broadMatches`, as the orders search's): each license's order number is then tested
   * instead. Listed, the 950,000 orders that "-2026" finds took a search 4.3 s.
   */
  broad: boolean;
}

/**
 * What `q` finds ({@link LicenseText}), in one statement besides the products; undefined
 * without `q`, or when `q` filters nothing: every order's number holds it (each of the
 * reseller's stems of order numbers does), and so every license.
 */
async function licenseText(db: Db, resellerId: string, q: string | undefined, broadMatches: number): Promise<LicenseText | undefined> {
  if (q === undefined) return undefined;
  const fragment = q.toLowerCase();
  const values: unknown[] = [resellerId, containing(fragment)];
  const lookup = lookupOf(fragment, (value) => `$${values.push(value)}`);
  const [named, { rows }] = await Promise.all([
    productsNamed(db, resellerId, fragment),
    db.query<{ every_order: boolean; some_stem: boolean; customers: string; orders: string }>(
      `WITH every_order AS MATERIALIZED (
         SELECT NOT EXISTS (SELECT 1 FROM order_number_stems s WHERE s.reseller_id = $1 AND s.stem NOT LIKE $2) AS holds),
       some_stem AS MATERIALIZED (
         SELECT EXISTS (SELECT 1 FROM order_number_stems s WHERE s.reseller_id = $1 AND s.stem LIKE $2) AS holds)
       SELECT (SELECT holds FROM every_order) AS every_order, (SELECT holds FROM some_stem) AS some_stem,
         (SELECT coalesce(json_agg(c.id), '[]')::text FROM customers c WHERE c.reseller_id = $1 AND ${emailHolds(lookup)}) AS customers,
         (SELECT coalesce(json_agg(found.seq), '[]')::text FROM (SELECT o.seq FROM orders o
          WHERE o.reseller_id = $1 AND ${numberHolds(lookup)} AND NOT (SELECT holds FROM some_stem) LIMIT ${broadMatches + 1}) found) AS orders`,
      values,
    ),
  ]);
  const row = rows[0]!;
  if (row.every_order) return undefined;
  const orderSeqs = (JSON.parse(row.orders) as (number | string)[]).map(Number);
  const broad = row.some_stem || orderSeqs.length > broadMatches;
  return {
    fragment,
    named: named.map((p) => p.id),
    customerIds: JSON.parse(row.customers) as string[],
    orderSeqs: broad ? [] : orderSeqs,
    broad,
  };
}

/**
 * The filters of `GET /licenses` as conditions over `licenses l` (with `orders o` where they
 * read them); `text`, what `q` finds ({@link licenseText}), none when it filters nothing.
 */
function filterConditions(resellerId: string, query: ParsedLicenseCountsQuery, text: LicenseText | undefined): Conditions {
  const conditions = new Conditions();
  conditions.add((p) => `l.reseller_id = ${p}`, resellerId);
  if (query.expiringFrom !== undefined) conditions.add((p) => `l.valid_to >= ${p}::date`, query.expiringFrom);
  if (query.expiringTo !== undefined) conditions.add((p) => `l.valid_to <= ${p}::date`, query.expiringTo);
  if (query.productId !== undefined) conditions.add((p) => `o.product_id = ${p}`, query.productId);
  if (query.status !== undefined) conditions.raw(`(${STATUS_SQL[query.status]})`);
  if (query.autoRenew !== undefined) conditions.raw(autoRenewSql(query.autoRenew, 'l.recurrent'));
  if (text !== undefined) {
    const either = [`strpos(lower(l.activation_code), ${conditions.bind(text.fragment)}) > 0`];
    if (text.customerIds.length > 0) either.push(`l.customer_id = ANY(${conditions.bind(text.customerIds)}::text[])`);
    if (text.broad) either.push(`strpos(o.order_number_lower, ${conditions.bind(text.fragment)}) > 0`);
    else if (text.orderSeqs.length > 0) either.push(`l.order_seq = ANY(${conditions.bind(text.orderSeqs)}::int8[])`);
    if (text.named.length > 0) either.push(`o.product_id = ANY(${conditions.bind(text.named)}::text[])`);
    conditions.raw(`(${either.join(' OR ')})`);
  }
  return conditions;
}

/**
 * The same filters over the license tally `t`, when it can answer them (every filter but
 * `q`): a range of a few thousand tally rows however wide the window. Null when it cannot.
 */
function tallyFilter(resellerId: string, query: ParsedLicenseCountsQuery): Conditions | null {
  const tally = tallyConditions(query, 't.recurrent');
  if (tally === null) return null;
  const counted = new Conditions();
  counted.add((p) => `t.reseller_id = ${p}`, resellerId);
  if (query.expiringFrom !== undefined) counted.add((p) => `t.valid_to >= ${p}::date`, query.expiringFrom);
  if (query.expiringTo !== undefined) counted.add((p) => `t.valid_to <= ${p}::date`, query.expiringTo);
  if (query.productId !== undefined) counted.add((p) => `t.product_id = ${p}`, query.productId);
  for (const condition of tally) counted.raw(condition);
  return counted;
}

const ORDERS = 'JOIN orders o ON o.reseller_id = l.reseller_id AND o.id = l.order_id';
const CUSTOMERS = 'LEFT JOIN customers c ON c.reseller_id = l.reseller_id AND c.id = l.customer_id';

/** `asked` without `q` when `q` filters nothing (what it finds, `text`, is none): the tally then counts it. */
const filtering = <Q extends ParsedLicenseCountsQuery>(asked: Q, text: LicenseText | undefined): Q =>
  text === undefined && asked.q !== undefined ? { ...asked, q: undefined } : asked;

/** The total of a search: from the license tally when it can answer the filters, else by counting the matching licenses. */
function countLicenses(db: Db, resellerId: string, query: ParsedLicenseCountsQuery, conditions: Conditions) {
  const counted = tallyFilter(resellerId, query);
  if (counted === null) {
    return db.query<{ n: number }>(`SELECT count(*) AS n FROM licenses l ${countJoins(conditions.sql, ORDERS, CUSTOMERS)} WHERE ${conditions.sql}`, [...conditions.params]);
  }
  return db.query<{ n: number }>(`SELECT coalesce(sum(t.licenses), 0) AS n FROM license_tally t WHERE ${counted.sql}`, [...counted.params]);
}

/**
 * `GET /licenses/counts`: how many licenses match the filters, per product, from the
 * license tally when it can answer them (the same few thousand rows as a search's total),
 * else by counting the matching licenses with their orders.
 */
export async function countLicensesByProduct(
  db: Db, resellerId: string, asked: ParsedLicenseCountsQuery, search: Required<SearchOptions> = searchOptions(),
): Promise<ProductCountRecord[]> {
  const text = await licenseText(db, resellerId, asked.q, search.broadMatches);
  const query = filtering(asked, text);
  const tally = tallyFilter(resellerId, query);
  const conditions = tally ?? filterConditions(resellerId, query, text);
  const sql = productCountsSql(tally ? { tally: tally.sql } : { licenses: conditions.sql }, { column: 'product_id', key: 'id' }, { orders: ORDERS, customers: CUSTOMERS });
  const { rows } = await db.query<{ id: string; name: string; n: string }>(sql, [...conditions.params]);
  return rows.map((row) => ({ product: { id: row.id, name: row.name }, count: Number(row.n) }));
}

/** Licenses of open terms (not marked expired) with `validTo` before `before`, earliest first. */
export async function endedTerms(db: Db, resellerId: string, before: string, limit: number): Promise<LicenseRecord[]> {
  const { rows } = await db.query<LicenseRow>(
    `SELECT ${LICENSE_COLUMNS} FROM ${LICENSE_JOINS}
     WHERE l.reseller_id = $1 AND l.expired_at IS NULL AND l.valid_to < $2::date ORDER BY l.valid_to, l.id LIMIT $3`,
    [resellerId, before, limit],
  );
  return rows.map(licenseRecord);
}

/** Licenses whose scheduled change is effective on or before `through`, earliest first. */
export async function dueScheduledChanges(db: Db, resellerId: string, through: string, limit: number): Promise<LicenseRecord[]> {
  const { rows } = await db.query<LicenseRow>(
    `SELECT ${LICENSE_COLUMNS} FROM ${LICENSE_JOINS}
     WHERE l.reseller_id = $1 AND l.scheduled_on IS NOT NULL AND l.scheduled_on <= $2::date ORDER BY l.scheduled_on, l.id LIMIT $3`,
    [resellerId, through, limit],
  );
  return rows.map(licenseRecord);
}

export async function lastRenewalDigest(db: Db, resellerId: string): Promise<string | null> {
  const { rows } = await db.query<{ day: string | null }>('SELECT max(day) AS day FROM renewal_digests WHERE reseller_id = $1', [resellerId]);
  return rows[0]?.day ?? null;
}
