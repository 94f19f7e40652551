/**
 * Totals of `GET /orders`, always exact. A customer's orders (within dates or not) are
 * counted from the licenses index alone; other selective searches (order number, activation
 * code) count their few matches directly. Searches without dates add up
 * `order_facet_tally`. Dated ones add up a tally (by hour without facets, by day with them)
 * between the tally boundaries nearest to their bounds, then count from the covering time
 * index only what lies between each bound and its boundary, adding it or taking it away: at
 * most half an hour, or half a day, at each edge.
 */
import { customersOrders } from './customer-orders.js';
import { cachedStatement, type Db } from './database.js';
import type { OrderDirectory } from './order-directory.js';
import {
  Conditions, customerLicenseConditions, facetConditions, filterConditions, textAlone, textFacetCondition, textOrdersSql, type OrderFilter, type TextMatches,
} from './order-filter.js';

/** A tally of orders per reseller and time unit. */
interface Tally {
  table: 'order_tally' | 'order_hour_tally';
  column: 'day' | 'hour';
  /** The unit in milliseconds. */
  unit: number;
}

const BY_DAY: Tally = { table: 'order_tally', column: 'day', unit: 86_400_000 };
const BY_HOUR: Tally = { table: 'order_hour_tally', column: 'hour', unit: 3_600_000 };

/** How many orders match `filter`; `directory`, when `q` found orders by number or code, is the order directory it found them with. */
export function countOrders(db: Db, filter: OrderFilter, directory: OrderDirectory | null = null): number {
  if (filter.text !== undefined) return countTextMatches(db, filter, filter.text, directory);
  const customer = customerLicenseConditions(filter);
  if (customer !== null) return countCustomerOrders(db, customer);
  const selective = filter.orderNumber !== undefined || filter.activationCode !== undefined || filter.customerEmail !== undefined;
  if (selective) return countDirectly(db, filter);
  const tallied = facetConditions(new Conditions().add('reseller_seq = @reseller', 'reseller', filter.resellerSeq), filter, '');
  if (filter.from === undefined && filter.to === undefined) return sumTally(db, 'order_facet_tally', tallied);
  const faceted = tallied.where.length > 1; // a condition besides the reseller's
  const tally = faceted ? BY_DAY : BY_HOUR;
  const first = filter.from === undefined ? undefined : Math.round(filter.from / tally.unit);
  const end = filter.to === undefined ? undefined : Math.round(filter.to / tally.unit);
  if (first !== undefined && end !== undefined && end <= first) return countDirectly(db, filter);
  if (first !== undefined) tallied.add(`${tally.column} >= @first`, 'first', first);
  if (end !== undefined) tallied.add(`${tally.column} < @end`, 'end', end);
  let total = sumTally(db, tally.table, tallied);
  if (filter.from !== undefined && first !== undefined) total += edgeCount(db, filter, first * tally.unit, filter.from);
  if (filter.to !== undefined && end !== undefined) total -= edgeCount(db, filter, end * tally.unit, filter.to);
  return total;
}

/** Matches from `bound` up to `boundary` when it lies before it, negated when it lies after. */
function edgeCount(db: Db, filter: OrderFilter, boundary: number, bound: number): number {
  if (bound === boundary) return 0;
  const between = { ...filter, from: Math.min(boundary, bound), to: Math.max(boundary, bound) };
  return bound < boundary ? countDirectly(db, between) : -countDirectly(db, between);
}

/** The distinct orders of the customer's licenses that meet `conditions`, from the licenses index alone. */
function countCustomerOrders(db: Db, conditions: Conditions): number {
  const sql = `SELECT count(DISTINCT l.order_seq) AS n FROM licenses l WHERE ${conditions.sql}`;
  return cachedStatement<Record<string, unknown>, { n: number }>(db, sql).get(conditions.params)?.n ?? 0;
}

/**
 * Orders a fragment (`q`) finds, with the other filters: those of the products or distribution
 * companies whose name holds it, counted as a facet (from the tallies when it can), and the
 * distinct orders found by number, code or email that are not among those. Without other
 * filters, they are told apart in the process ({@link countFoundBeyondFacets}), the found
 * customers' orders from their lists; with them, they are counted in SQL without leaving it,
 * and their order rows are read only when another filter needs them.
 */
function countTextMatches(db: Db, filter: OrderFilter, text: TextMatches, directory: OrderDirectory | null): number {
  // Found broadly: every order tested once, in one pass.
  if (text.broad !== undefined) return countDirectly(db, filter);
  const { text: _text, ...others } = filter;
  const faceted = text.productSeqs.length > 0 || text.distributors.length > 0;
  let total = faceted ? countOrders(db, { ...others, textFacets: text }) : 0;
  if (textAlone(filter) !== null) return total + countFoundBeyondFacets(db, text, directory);
  const conditions = filterConditions(others);
  const found = textOrdersSql(conditions, text);
  if (found === null) return total;
  const facets = textFacetCondition(conditions, text, 'o.');
  if (facets !== null) conditions.where.push(`NOT ${facets}`);
  const sql = `SELECT count(*) AS n FROM (${found}) m CROSS JOIN orders o ON o.seq = m.seq WHERE ${conditions.sql}`;
  total += cachedStatement<Record<string, unknown>, { n: number }>(db, sql).get(conditions.params)?.n ?? 0;
  return total;
}

/**
 * The orders found by email, number or code that are not of the products or distribution
 * companies found: the customers' orders from their lists, less those on the lists of those
 * products and companies, and the orders found by number or code that are neither, whose rows
 * are read only to tell their facets. Under a search holding the marks, every order found stays
 * marked (../shared/order-lists.ts).
 */
function countFoundBeyondFacets(db: Db, text: TextMatches, directory: OrderDirectory | null): number {
  const facets = [...text.productSeqs.map((seq) => `p:${seq}`), ...text.distributors.map((name) => `d:${name}`)];
  const listed = customersOrders(db, text.customerSeqs, facets, text.orderSeqs);
  let others = listed.unlisted;
  let total = listed.all - listed.faceted;
  if (facets.length === 0 || others.length === 0) return total + others.length;
  if (directory !== null && text.distributors.length === 0) {
    // Products alone: the orders' products from the directory. Reading hundreds of their rows
    // (a fragment of a product's name that codes hold too, "end") cost a quarter of the search.
    const products = new Set(text.productSeqs);
    const unread: number[] = [];
    for (const seq of others) {
      const product = directory.productOf(seq);
      if (product === undefined) unread.push(seq);
      else if (!products.has(product)) total += 1;
    }
    if (unread.length === 0) return total;
    others = unread;
  }
  const conditions = new Conditions();
  conditions.params.others = JSON.stringify(others);
  const sql = `SELECT count(*) AS n FROM json_each(@others) m CROSS JOIN orders o ON o.seq = m.value
    WHERE NOT ${textFacetCondition(conditions, text, 'o.')}`;
  total += cachedStatement<Record<string, unknown>, { n: number }>(db, sql).get(conditions.params)?.n ?? 0;
  return total;
}

function countDirectly(db: Db, filter: OrderFilter): number {
  const conditions = filterConditions(filter);
  const sql = `SELECT count(*) AS n FROM orders o WHERE ${conditions.sql}`;
  return cachedStatement<Record<string, unknown>, { n: number }>(db, sql).get(conditions.params)?.n ?? 0;
}

/** The sum of a tally's rows that meet `conditions`. */
function sumTally(db: Db, table: string, conditions: Conditions): number {
  const sql = `SELECT coalesce(sum(orders), 0) AS n FROM ${table} WHERE ${conditions.sql}`;
  return cachedStatement<Record<string, unknown>, { n: number }>(db, sql).get(conditions.params)?.n ?? 0;
}
