/**
 * Totals of `GET /orders` over PostgreSQL, always exact, as one SQL expression that the
 * statement of the page holds (one round trip): from the tallies where they can, from the
 * licenses index for a customer's orders, and by counting the few matches of selective
 * searches and of what `q` found (see {@link totalSql}).
 */
import { Conditions } from './sql.js';
import { customerLicenseConditions, facetConditions, filterConditions, isCustomerOnly, type OrderFilter, type TextMatches, textFacetCondition, textOrdersSql } from './order-filter.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** A tally of orders per reseller and unit of time, and how its unit is bound. */
interface Tally {
  table: 'order_day_tally' | 'order_hour_total';
  column: 'day' | 'hour';
  unit: number;
  boundary: (unit: number) => string;
  cast: 'date' | 'timestamptz';
}

const BY_DAY: Tally = { table: 'order_day_tally', column: 'day', unit: DAY, boundary: (day) => isoDay(day), cast: 'date' };

const BY_HOUR: Tally = { table: 'order_hour_total', column: 'hour', unit: HOUR, boundary: (hour) => new Date(hour * HOUR).toISOString(), cast: 'timestamptz' };

/**
 * How many orders match `filter`, exactly, as an SQL expression, its values bound in `params`:
 * one statement whatever the parts, so that a total costs one round trip, with the page's. A customer's orders (within dates or not) are
 * counted from the licenses index alone; other selective searches count their few matches.
 * Searches without dates add up `order_facet_tally`. Dated ones add up a tally (by UTC day
 * and hour without facets, see {@link hoursTotalSql}; by UTC day with them) between the
 * tally boundaries nearest to their bounds, then count from the covering time index only
 * what lies between each bound and its boundary, adding it or taking it away: at most half
 * an hour, or half a day, at each edge.
 */
export function totalSql(filter: OrderFilter, params: unknown[]): string {
  if (filter.text !== undefined) return textTotalSql(filter, filter.text, params);
  if (isCustomerOnly(filter)) {
    const conditions = customerLicenseConditions(filter, params);
    return `(SELECT count(DISTINCT l.order_id) FROM licenses l WHERE ${conditions.sql})`;
  }
  const selective = filter.orderNumber !== undefined || filter.activationCode !== undefined || filter.customerId !== undefined;
  if (selective) return directCountSql(filter, params);
  const faceted =
    filter.productIds !== undefined || filter.state !== undefined || filter.paymentType !== undefined || filter.distributor !== undefined;
  const tally = faceted ? BY_DAY : BY_HOUR;
  const first = filter.from === undefined ? undefined : Math.round(filter.from / tally.unit);
  const end = filter.to === undefined ? undefined : Math.round(filter.to / tally.unit);
  if (first !== undefined && end !== undefined && end <= first) return directCountSql(filter, params);
  // Bound only when used: a parameter of no statement has no type.
  const facetTally = () => facetConditions(new Conditions(params), filter, '').add((p) => `reseller_id = ${p}`, filter.resellerId);
  if (filter.from === undefined && filter.to === undefined) return tallySql('order_facet_tally', facetTally());
  const parts: string[] = [];
  if (faceted) {
    const tallied = facetTally();
    if (first !== undefined) tallied.add((p) => `${tally.column} >= ${p}::${tally.cast}`, tally.boundary(first));
    if (end !== undefined) tallied.add((p) => `${tally.column} < ${p}::${tally.cast}`, tally.boundary(end));
    parts.push(tallySql(tally.table, tallied));
  } else {
    parts.push(hoursTotalSql(filter.resellerId, first, end, params));
  }
  const edge = (from: number, to: number, sign: '+' | '-') => {
    if (from < to) parts.push(`${sign} ${directCountSql({ ...filter, from, to }, params)}`);
  };
  if (filter.from !== undefined && first !== undefined) {
    edge(filter.from, first * tally.unit, '+');
    edge(first * tally.unit, filter.from, '-');
  }
  if (filter.to !== undefined && end !== undefined) {
    edge(end * tally.unit, filter.to, '+');
    edge(filter.to, end * tally.unit, '-');
  }
  return parts.join(' ');
}

/**
 * The total of a search with `q`: the orders of the products or distribution companies it
 * found, counted as a facet (from the tallies when it can), and the distinct orders it found
 * by number, code or email that are not among those: counted in the process when `q` is the
 * only filter ({@link TextMatches.beyondFacets}), else in the statement, where their order rows
 * are read only when another filter needs them.
 */
function textTotalSql(filter: OrderFilter, text: TextMatches, params: unknown[]): string {
  // Found broadly: every order tested once, in one pass.
  if (text.broad !== undefined) return directCountSql(filter, params);
  const { text: _text, ...others } = filter;
  const faceted = text.productIds.length > 0 || text.distributors.length > 0;
  const parts: string[] = [];
  if (faceted) parts.push(totalSql({ ...others, textFacets: text }, params));
  if (text.orderSeqs.length + text.customerIds.length === 0) return parts.join(' + ');
  // q alone: what it found beyond the facets was counted in the process (resolveFilter).
  if (text.beyondFacets !== undefined) return [...parts, `${new Conditions(params).bind(text.beyondFacets)}::bigint`].join(' + ');
  const conditions = filterConditions(others, params);
  const found = textOrdersSql(conditions, text, filter.resellerId);
  const facets = textFacetCondition(conditions, text, 'o.');
  if (facets !== null) conditions.raw(`NOT ${facets}`);
  parts.push(`(SELECT count(*) FROM (SELECT DISTINCT id FROM (${found}) found) m JOIN orders o ON o.id = m.id WHERE ${conditions.sql})`);
  return parts.join(' + ');
}

function directCountSql(filter: OrderFilter, params: unknown[]): string {
  const conditions = filterConditions(filter, params);
  return `(SELECT count(*) FROM orders o WHERE ${conditions.sql})`;
}

/**
 * The reseller's orders from hour `first` up to hour `end` (either open), without facets: the
 * whole UTC days between from `order_day_total` and only the hours at either end from
 * `order_hour_total`, so that a month reads some 30 rows and 40 hours rather than 720 hours.
 */
function hoursTotalSql(resellerId: string, first: number | undefined, end: number | undefined, params: unknown[]): string {
  const hours = (from: number | undefined, to: number | undefined) => {
    const conditions = new Conditions(params).add((p) => `reseller_id = ${p}`, resellerId);
    if (from !== undefined) conditions.add((p) => `hour >= ${p}::timestamptz`, BY_HOUR.boundary(from));
    if (to !== undefined) conditions.add((p) => `hour < ${p}::timestamptz`, BY_HOUR.boundary(to));
    return tallySql(BY_HOUR.table, conditions);
  };
  const firstDay = first === undefined ? undefined : Math.ceil(first / 24);
  const endDay = end === undefined ? undefined : Math.floor(end / 24);
  if (firstDay !== undefined && endDay !== undefined && firstDay >= endDay) return hours(first, end);
  const days = new Conditions(params).add((p) => `reseller_id = ${p}`, resellerId);
  if (firstDay !== undefined) days.add((p) => `day >= ${p}::date`, isoDay(firstDay));
  if (endDay !== undefined) days.add((p) => `day < ${p}::date`, isoDay(endDay));
  const parts = [tallySql('order_day_total', days)];
  if (first !== undefined && firstDay !== undefined && first < firstDay * 24) parts.push(hours(first, firstDay * 24));
  if (end !== undefined && endDay !== undefined && endDay * 24 < end) parts.push(hours(endDay * 24, end));
  return parts.join(' + ');
}

function tallySql(table: string, conditions: Conditions): string {
  return `(SELECT coalesce(sum(orders), 0) FROM ${table} WHERE ${conditions.sql})`;
}

function isoDay(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}
