/**
 * `GET /orders` over PostgreSQL. Filters become conditions on indexed columns (product names
 * and customer emails are resolved to ids first); a page's ids are picked by a keyset walk
 * that the covering indexes of schema.ts answer from the index alone, and only the page's
 * rows are read; a customer's orders are picked from the licenses index alone. Totals are
 * exact (see {@link countOrders}).
 */
import type { OrderSort, ParsedOrdersQuery } from '../../../../src/api/contract/schemas.js';
import type { OrderRecord, StorePage } from '../../../../src/service/store.js';
import { type CursorPart, decodeCursor, encodeCursor } from '../shared/cursor.js';
import { firstFoundOrders } from '../shared/first-in-order.js';
import { customerLists } from './customer-orders.js';
import { type MarkedPage, orderTimesOf } from './order-times.js';
import { countListedOrders, holdingMarks } from '../shared/order-lists.js';
import { isoInstant } from '../../../../src/service/clock.js';
import { Conditions, type Db, ORDER_COLUMNS, type OrderRow, orderRecord, unseen } from './sql.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

interface SortPlan {
  column: 'purchased_at' | 'amount' | 'order_number_lower';
  direction: 'ASC' | 'DESC';
  keyType: 't' | 'n' | 's';
}

const SORTS: Record<OrderSort, SortPlan> = {
  'purchasedAt:desc': { column: 'purchased_at', direction: 'DESC', keyType: 't' },
  'purchasedAt:asc': { column: 'purchased_at', direction: 'ASC', keyType: 't' },
  'amount:desc': { column: 'amount', direction: 'DESC', keyType: 'n' },
  'amount:asc': { column: 'amount', direction: 'ASC', keyType: 'n' },
  'orderNumber:asc': { column: 'order_number_lower', direction: 'ASC', keyType: 's' },
};

/** A search in terms of stored columns (lower-cased where matching ignores case). */
export interface OrderFilter {
  resellerId: string;
  /** Milliseconds; inclusive. */
  from?: number | undefined;
  /** Milliseconds; exclusive. */
  to?: number | undefined;
  productIds?: string[] | undefined;
  state?: string | undefined;
  paymentType?: string | undefined;
  distributor?: string | undefined;
  orderNumber?: string | undefined;
  activationCode?: string | undefined;
  customerId?: string | undefined;
  /** What `q` found: orders of some products or distribution companies, or among some orders. */
  text?: TextMatches | undefined;
  /** Orders of the products or distribution companies `q` found, as a facet (what the tallies can count). */
  textFacets?: TextMatches | undefined;
}

/**
 * The orders a fragment (`q`) finds: those of the products whose name holds it, those sold
 * through the distribution companies whose name holds it, `orderIds`, found by their number or
 * a license's code (a few), and those holding a license of the `customerIds`, whose email holds
 * it (the trigram indexes of schema.ts). Those customers are kept as such: a fragment of a
 * name finds a few hundred of them, who hold tens of thousands of orders between them, and a
 * page needs only a few.
 */
interface TextMatches {
  productIds: string[];
  distributors: string[];
  orderIds: string[];
  /** The purchase time of each of `orderIds` (milliseconds), in the same order. */
  orderTimes: number[];
  /**
   * The fragment, when its number and code matches are too many to list ({@link SearchOptions}):
   * `orderIds` is then empty, and the orders are found by it in the statement.
   */
  broad?: string | undefined;
  customerIds: string[];
  /** The version of each of `customerIds`' list of all its orders (customer-orders.ts), null when it has none, in the same order. */
  customerListVersions: (string | null)[];
  /**
   * When `q` is the only filter and found customers, or orders by number or code alone: how
   * many orders it found by email, number or code that are not of the products or companies it
   * found, counted from the customers' order lists ({@link countFoundBeyondFacets}), or the
   * orders found.
   */
  beyondFacets?: number | undefined;
  /**
   * When `beyondFacets` was counted from the lists and the page is in purchase order: the
   * orders found by email, number or code that can be on the page, picked from those lists
   * by their purchase times (order-times.ts).
   */
  pageSeqs?: number[] | undefined;
}

/** How searches by `q` run. */
export interface SearchOptions {
  /**
   * Past this many orders found by number or code (a fragment such as "ord" finds every
   * order by its number), they are not listed to the process but tested in the statement,
   * which counts and pages them there: 100,000 by default.
   */
  broadMatches?: number;
}

export const BROAD_MATCHES = 100_000;

/** `options` with its defaults, checked once where a store takes them: the bound is written into a statement. */
export function searchOptions({ broadMatches = BROAD_MATCHES }: SearchOptions = {}): Required<SearchOptions> {
  if (!Number.isSafeInteger(broadMatches) || broadMatches < 1) throw new RangeError(`broadMatches must be a whole number above 0, got ${broadMatches}`);
  return { broadMatches };
}

/** An order of the page, with its sort key. */
type PageRow = OrderRow & { sort_key: string | number };
/** The total's row alone, when the page is empty. */
type NoPageRow = { [column in keyof PageRow]: null };

/** One page of the reseller's orders matching `query`, with the total of all matches. */
export async function searchOrders(
  db: Db,
  resellerId: string,
  query: ParsedOrdersQuery & { limit: number },
  { broadMatches }: Required<SearchOptions> = searchOptions(),
): Promise<StorePage<OrderRecord>> {
  const sortName = query.sort ?? 'purchasedAt:desc';
  const sort = SORTS[sortName];
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor, sortName, [sort.keyType, 's']);
  const markedPage: MarkedPage | undefined = sort.column === 'purchased_at'
    ? { direction: sort.direction, afterAt: after === null ? null : Date.parse(String(after[0])), count: query.limit + 1 }
    : undefined;
  const filter = await resolveFilter(db, resellerId, query, markedPage, broadMatches);
  if (filter === null) return { items: [], nextCursor: null, total: 0 };

  // A customer's orders in purchase order come from the licenses index alone (licenses_by_customer).
  const byCustomer = sort.column === 'purchased_at' && isCustomerOnly(filter);
  // What q alone found by number or code, in purchase order, from the times its look-up gave.
  const byNumber = sort.column === 'purchased_at' && filter.text !== undefined && isTextOnly(filter) && foundByNumberOrCode(filter.text)
    ? filter.text
    : null;
  const byText = byNumber === null && sort.column === 'purchased_at' && filter.text?.beyondFacets !== undefined;
  const conditions = byCustomer ? customerLicenseConditions(filter) : byText || byNumber !== null ? new Conditions() : filterConditions(filter);
  const [key, id] = byCustomer ? ['l.order_purchased_at', 'l.order_id'] : [`o.${sort.column}`, 'o.id'];
  const comparison = sort.direction === 'DESC' ? '<' : '>';
  const afterKeys = after === null || byNumber !== null ? null : [conditions.bind(after[0]), conditions.bind(after[1])];
  const isAfter = (keys: string) => (afterKeys === null ? 'TRUE' : `(${keys}) ${comparison} (${afterKeys.join(', ')})`);
  if (!byText && afterKeys !== null) conditions.raw(isAfter(`${key}, ${id}`));
  const order = (prefix: string) => `${prefix}sort_key ${sort.direction}, ${prefix}id ${sort.direction}`;
  const reseller = conditions.bind(resellerId);
  const picked = byNumber !== null
    ? foundPageSql(conditions, byNumber, firstFound(byNumber, sort.direction, after, query.limit + 1), conditions.bind(query.limit + 1))
    : byText && filter.text !== undefined
    ? textPageSql(conditions, filter.text, { reseller, count: query.limit + 1, direction: sort.direction, isAfter })
    : `${byCustomer ? `SELECT DISTINCT ${id} AS id, ${key} AS sort_key FROM licenses l` : `SELECT ${id}, ${key} AS sort_key FROM orders o`}
       WHERE ${conditions.sql} ORDER BY ${key} ${sort.direction}, ${id} ${sort.direction} LIMIT ${conditions.bind(query.limit + 1)}`;
  // The page and the total in one statement (one round trip); the total's row stands alone when the page is empty.
  const totalExpression = totalSql(filter, conditions.params);
  const sql = `SELECT total.n AS total, page.* FROM (SELECT (${totalExpression})::bigint AS n) total
    LEFT JOIN LATERAL (
      SELECT ${ORDER_COLUMNS}, page.sort_key
      FROM (${picked}) page
      JOIN orders o ON o.reseller_id = ${reseller} AND o.id = page.id
      JOIN products p ON p.id = o.product_id) page ON TRUE
    ORDER BY ${order('page.')}`;
  const { rows: found } = await db.query<{ total: number } & (PageRow | NoPageRow)>(sql, conditions.params);
  const rows = found.flatMap((row) => (row.id === null ? [] : [row]));
  const total = found[0]?.total ?? 0;
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > query.limit && last ? encodeCursor([sortName, last.sort_key, last.id]) : null;
  return { items: page.map(orderRecord), nextCursor, total };
}

/** True when `q` found orders by number or code only (no product, distribution company or customer). */
function foundByNumberOrCode(text: TextMatches): boolean {
  return text.broad === undefined && text.productIds.length + text.distributors.length + text.customerIds.length === 0;
}

/**
 * The first `count` of the orders `q` found by number or code, after the cursor (its purchase
 * time and order id), in purchase order (`direction`), ties by id as the orders' index has
 * them (byte order, which JavaScript's comparison of these ASCII ids follows).
 */
function firstFound(text: TextMatches, direction: 'ASC' | 'DESC', after: CursorPart[] | null, count: number): number[] {
  const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const cursor = after === null ? null : { at: Date.parse(String(after[0])), key: String(after[1]) };
  return firstFoundOrders(text.orderTimes, text.orderIds, byId, direction, cursor, count);
}

/** The page's orders `picked` (positions in what `q` found by number or code), as the page's ids and sort keys. */
function foundPageSql(conditions: Conditions, text: TextMatches, picked: readonly number[], limit: string): string {
  const ids = conditions.bind(picked.map((i) => text.orderIds[i]!));
  const times = conditions.bind(picked.map((i) => isoInstant(text.orderTimes[i]!)));
  return `SELECT id, sort_key FROM unnest(${ids}::text[], ${times}::timestamptz[]) AS found (id, sort_key) LIMIT ${limit}`;
}

/** How a page is cut: the reseller's placeholder, how many orders it reads, the direction, and the cursor's condition on some keys. */
interface PageCut {
  reseller: string;
  count: number;
  direction: 'ASC' | 'DESC';
  isAfter: (keys: string) => string;
}

/**
 * A page of what `q` alone found, in purchase order, when it found customers. When the
 * orders found by email, number or code that can be on the page were picked from their marks
 * by their times ({@link TextMatches.pageSeqs}), those orders and the first orders of the
 * products or distribution companies found, merged. Else (an order past the row numbers
 * whose times are kept, order-times.ts), in the database: each found
 * customer's first orders after the cursor from licenses_by_customer alone (a page's worth
 * each, as one customer may hold them all), the first orders of the products or distribution
 * companies it found, and the orders it found by number or code, merged. Walking every order
 * in purchase order and testing its licenses would visit thousands of orders for a page, as
 * the newest orders hold few activated licenses.
 *
 * The customers' orders are bounded first: their first order each (one index entry a
 * customer) gives a page's worth of distinct orders that the page cannot end after, so only
 * the customers whose first order reaches that bound are scanned, each up to it, instead of
 * taking a page's worth each (thousands of entries for a few hundred customers), or looking
 * again at every customer (half the statement's time). With fewer such orders than a page,
 * nothing is bounded.
 */
function textPageSql(conditions: Conditions, text: TextMatches, cut: PageCut): string {
  const { reseller, count, direction, isAfter } = cut;
  // The count is written into the statement, not bound: a plan made for any count (a generic
  // plan, which the connection keeps after its first runs) expects a tenth of the orders and
  // joins them whole; with the count, the planner takes the index walks below whatever the values.
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError(`A page reads a whole number of orders above 0, not ${count}`);
  const limit = String(count);
  const ordered = (keys: string) => `ORDER BY ${keys.split(', ').map((k) => `${k} ${direction}`).join(', ')}`;
  const first = (keys: string) => `${ordered(keys)} LIMIT ${limit}`;
  const ordersWhere = (condition: string) => `(SELECT o.id, o.purchased_at AS sort_key FROM orders o
    WHERE o.reseller_id = ${reseller} AND ${condition} AND ${isAfter('o.purchased_at, o.id')} ${first('o.purchased_at, o.id')})`;
  // The first orders of each product and distribution company found, one walk of its own
  // index each (orders_by_product, orders_by_distributor), which suits any of them. One walk of
  // the time index for all of them, testing each order met, suits the common products only
  // (a rare product's page would read most orders), so the planner chose it by the values,
  // planning the statement anew for each search. The lists are read unseen (sql.ts), and the
  // connection keeps one plan: half the time of a page of a product's orders.
  const facetWalk = (column: 'product_id' | 'distributor_lower', values: readonly string[]) =>
    `SELECT f.id, f.sort_key FROM unnest(${conditions.bindUnseen(values, 'text[]')}) AS facet (value)
     CROSS JOIN LATERAL ${ordersWhere(`o.${column} = facet.value`)} f`;
  const facetParts = [
    ...(text.productIds.length > 0 ? [facetWalk('product_id', text.productIds)] : []),
    ...(text.distributors.length > 0 ? [facetWalk('distributor_lower', text.distributors)] : []),
  ];
  if (text.pageSeqs !== undefined) {
    // The orders found by email, number or code that can be on the page, picked from the marks
    // by their times (countFoundBeyondFacets), and the first of the products or companies found.
    // Each by its row number (orders_by_seq), one look-up each (a subquery with a limit stays
    // apart): given the list as a condition, the planner may walk the time index instead,
    // testing each order met, or, with a generic plan, every order.
    const picked = `WITH picked AS MATERIALIZED (SELECT o.id, o.purchased_at AS sort_key FROM unnest(${conditions.bindUnseen(text.pageSeqs, 'int8[]')}) AS s (seq)
      CROSS JOIN LATERAL (SELECT o.id, o.purchased_at FROM orders o WHERE o.seq = s.seq AND o.reseller_id = ${reseller} LIMIT 1) o)`;
    const parts = [`SELECT id, sort_key FROM picked WHERE ${isAfter('sort_key, id')}`, ...facetParts];
    return `${picked} SELECT DISTINCT id, sort_key FROM (${parts.join(' UNION ALL ')}) found ${first('sort_key, id')}`;
  }
  const holders = `unnest(${conditions.bind(text.customerIds)}::text[]) AS holder (id)`;
  // The licenses of the customer `customer` (an SQL expression) of orders after the cursor.
  const held = (columns: string, customer: string) => `SELECT ${columns} FROM licenses l
    WHERE l.reseller_id = ${reseller} AND l.customer_id = ${customer} AND ${isAfter('l.order_purchased_at, l.order_id')}`;
  const [notAfter, unbounded] = direction === 'DESC' ? ['>=', '-infinity'] : ['<=', 'infinity'];
  const bound = `WITH newest AS MATERIALIZED (
      SELECT holder.id AS holder, n.id, n.sort_key FROM ${holders}
      CROSS JOIN LATERAL (${held('l.order_id AS id, l.order_purchased_at AS sort_key', 'holder.id')} ${ordered('l.order_purchased_at, l.order_id')} LIMIT 1) n),
    bound AS MATERIALIZED (
      SELECT coalesce(b.sort_key, '${unbounded}') AS sort_key, coalesce(b.id, '') AS id FROM (SELECT 1) one
      LEFT JOIN (SELECT DISTINCT sort_key, id FROM newest ${ordered('sort_key, id')} OFFSET ${count - 1} LIMIT 1) b ON TRUE)`;
  // Only the customers whose first order comes no later than the bound can hold orders of the page.
  const parts = [
    `SELECT c.id, c.sort_key FROM newest holder
     CROSS JOIN LATERAL (${held('DISTINCT l.order_id AS id, l.order_purchased_at AS sort_key', 'holder.holder')}
       AND (l.order_purchased_at, l.order_id) ${notAfter} (SELECT b.sort_key, b.id FROM bound b)
       ${first('l.order_purchased_at, l.order_id')}) c
     WHERE (holder.sort_key, holder.id) ${notAfter} (SELECT b.sort_key, b.id FROM bound b)`,
  ];
  parts.push(...facetParts);
  if (text.orderIds.length > 0) parts.push(ordersWhere(`o.id = ANY(${conditions.bind(text.orderIds)}::text[])`));
  return `${bound} SELECT DISTINCT id, sort_key FROM (${parts.join(' UNION ALL ')}) found ${first('sort_key, id')}`;
}

/**
 * The query as conditions on stored columns, or null when nothing can match; with `page`, how
 * a page in purchase order is cut, the orders of found customers that can be on it are
 * picked too ({@link TextMatches.pageSeqs}).
 */
async function resolveFilter(
  db: Db, resellerId: string, query: ParsedOrdersQuery, page: MarkedPage | undefined, broadMatches: number,
): Promise<OrderFilter | null> {
  let productIds: string[] | undefined;
  if (query.productId !== undefined || query.productName !== undefined) {
    const needle = query.productName?.toLowerCase();
    const { rows } = await db.query<{ id: string; name: string }>(
      `SELECT p.id, p.name FROM reseller_products rp JOIN products p ON p.id = rp.product_id WHERE rp.reseller_id = $1`,
      [resellerId],
    );
    productIds = rows
      .filter((p) => query.productId === undefined || p.id === query.productId)
      .filter((p) => needle === undefined || p.name.toLowerCase().includes(needle))
      .map((p) => p.id);
    if (productIds.length === 0) return null;
  }
  let customerId: string | undefined;
  if (query.customerEmail !== undefined) {
    const { rows } = await db.query<{ id: string }>('SELECT id FROM customers WHERE reseller_id = $1 AND email_lower = $2', [
      resellerId,
      query.customerEmail.toLowerCase(),
    ]);
    customerId = rows[0]?.id;
    if (customerId === undefined) return null;
  }
  const text = query.q === undefined ? undefined : await textMatches(db, resellerId, query.q.toLowerCase(), broadMatches);
  if (text !== undefined && text.broad === undefined && text.productIds.length + text.distributors.length + text.orderIds.length + text.customerIds.length === 0) return null;
  const filter: OrderFilter = {
    resellerId,
    from: query.purchasedFrom === undefined ? undefined : Date.parse(query.purchasedFrom),
    to: query.purchasedTo === undefined ? undefined : Date.parse(query.purchasedTo),
    productIds,
    state: query.state,
    paymentType: query.paymentType,
    distributor: query.distributionCompany?.toLowerCase(),
    orderNumber: query.orderNumber?.toLowerCase(),
    activationCode: query.activationCode?.toLowerCase(),
    customerId,
    text,
  };
  // Orders found broadly are counted and paged in the statement (filterConditions, textTotalSql).
  if (text !== undefined && text.broad === undefined && isTextOnly(filter)) {
    if (text.customerIds.length > 0) text.beyondFacets = await countFoundBeyondFacets(db, resellerId, text, page);
    else if (foundByNumberOrCode(text)) text.beyondFacets = text.orderIds.length;
    else if (text.orderIds.length === 0) {
      // Products or distribution companies alone: the tallies count them, and their own indexes page them (textPageSql).
      text.beyondFacets = 0;
      if (page !== undefined) text.pageSeqs = [];
    }
  }
  return filter;
}

/** True when `q` alone narrows the search. */
function isTextOnly(filter: OrderFilter): boolean {
  const { resellerId: _reseller, text: _text, ...others } = filter;
  return Object.values(others).every((value) => value === undefined);
}

/**
 * The orders found by email, number or code that are not of the products or distribution
 * companies found: the customers' orders from their lists, less those on the lists of those
 * products and companies, and the orders found by number or code that are neither (their rows
 * are read to tell). With `page`, the orders found that can be on it are picked from the
 * same marks ({@link TextMatches.pageSeqs}), the times of those not met before read first.
 */
async function countFoundBeyondFacets(db: Db, resellerId: string, text: TextMatches, page?: MarkedPage): Promise<number> {
  const facets = [...text.productIds.map((id) => `p:${id}`), ...text.distributors.map((name) => `d:${name}`)];
  const { rows: found } = text.orderIds.length === 0
    ? { rows: [] }
    : await db.query<{ seq: string; product_id: string; distributor_lower: string }>(
      'SELECT seq, product_id, distributor_lower FROM orders WHERE reseller_id = $1 AND id = ANY($2::text[])',
      [resellerId, text.orderIds],
    );
  const beyond = found.filter((row) => !text.productIds.includes(row.product_id) && !text.distributors.includes(row.distributor_lower));
  const lists = await customerLists(db, resellerId, text.customerIds, facets, { versions: text.customerListVersions });
  const probes = beyond.map((row) => Number(row.seq));
  const times = orderTimesOf(db);
  const count = (gone?: ReadonlySet<number>) =>
    holdingMarks(() => ({ listed: countListedOrders(lists, probes), picked: page === undefined ? null : times.pickMarked(page, gone) }));
  let counted = count();
  if (counted.picked?.unknown !== undefined) {
    const unknown = counted.picked.unknown;
    await times.read(db, unknown);
    counted = count(new Set(unknown.filter((seq) => Number.isNaN(times.timeOf(seq)))));
  }
  text.pageSeqs = counted.picked?.seqs;
  const { listed } = counted;
  return listed.all - listed.faceted + listed.unlisted.length;
}

/** `%fragment%` for LIKE, its own `%`, `_` and `\` taken literally. */
const containing = (fragment: string) => `%${fragment.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * What the trigram index of codes is asked for a fragment: the fragment, or for one with a
 * dash its longest part between dashes. pg_trgm reads a dash as a word break, and the
 * trigrams at a word's edge ("3f " of "j53f-5") are held by hundreds of thousands of codes
 * (1.5 ms a lookup against 0.1 ms). The codes found are then held to the whole fragment by
 * `strpos`, which no index answers, so the planner does not ask the index for it too.
 */
function codeLookup(fragment: string): string {
  const longest = fragment.split('-').reduce((a, b) => (b.length > a.length ? b : a), '');
  return longest.length >= 3 ? longest : fragment;
}

/** The condition on `licenses l` that its code holds a fragment, given as SQL: `%` {@link codeLookup} `%` for LIKE, and the fragment. */
const codeHolds = (codePattern: string, fragment: string) =>
  `lower(l.activation_code) LIKE ${codePattern} AND strpos(lower(l.activation_code), ${fragment}) > 0`;

/** What a fragment (lower case) finds among the reseller's products, distribution companies and orders. */
async function textMatches(db: Db, resellerId: string, fragment: string, broadMatches: number): Promise<TextMatches> {
  // Every product and distribution company of the reseller (a few), matched here as the
  // product name filter is (JavaScript's lower case); the orders the trigram indexes find, as
  // one row of their ids and one of their purchase times (milliseconds), each a JSON array: a
  // fragment of three digits finds thousands of orders, and reading a row each cost the
  // process more than the look-up cost the database (`date_part` gives a float,
  // where `extract` computes a numeric); and the customers whose email holds the fragment,
  // each with the version of its list of all orders, so that a list kept at that version is
  // not asked for again (one statement fewer for a search by a fragment of an email). An
  // order found by its number and a code, or by several codes, comes once for each: they are
  // told apart below, which costs less than grouping them in the statement. Past
  // `broadMatches` of them, the fragment is broad: they are found in the statement instead.
  //
  // Every value is read unseen (sql.ts): given the values, the planner estimated each
  // fragment's matches, planned the statement anew for each search (0.4–0.5 ms of a 1–1.5 ms
  // look-up), and came to the same plan. Estimated alike, the connection keeps one plan of
  // the statement after its first runs, whatever the data.
  const [reseller, pattern, codePattern, codeFragment] = [unseen('$1', 'text'), unseen('$2', 'text'), unseen('$3', 'text'), unseen('$4', 'text')];
  type Found = { kind: 'product' | 'distributor' | 'order ids' | 'order times' | 'customer'; id: string; name: string | null; version: string | null };
  const { rows } = await db.query<Found>(
    `SELECT 'product' AS kind, p.id, p.name, NULL AS version FROM reseller_products rp JOIN products p ON p.id = rp.product_id
       WHERE rp.reseller_id = ${reseller}
     UNION ALL
     SELECT DISTINCT 'distributor', distributor_lower, distributor_lower, NULL FROM order_facet_tally
       WHERE reseller_id = ${reseller} AND orders > 0 AND distributor_lower <> ''
     UNION ALL
     SELECT kind, list, NULL, NULL FROM (
       SELECT json_agg(id)::text AS ids, json_agg((date_part('epoch', at) * 1000)::bigint)::text AS times FROM (
         SELECT o.id, o.purchased_at AS at FROM orders o WHERE o.reseller_id = ${reseller} AND o.order_number_lower LIKE ${pattern}
         UNION ALL
         SELECT l.order_id, l.order_purchased_at FROM licenses l WHERE l.reseller_id = ${reseller} AND ${codeHolds(codePattern, codeFragment)}
         LIMIT ${broadMatches + 1}) found) lists
       CROSS JOIN LATERAL (VALUES ('order ids', lists.ids), ('order times', lists.times)) list (kind, list)
       WHERE list IS NOT NULL
     UNION ALL
     SELECT 'customer', c.id, NULL, co.xmin::text FROM customers c
       LEFT JOIN customer_orders co ON co.reseller_id = c.reseller_id AND co.customer_id = c.id AND co.facet = ''
       WHERE c.reseller_id = ${reseller} AND c.email_lower LIKE ${pattern}`,
    [resellerId, containing(fragment), containing(codeLookup(fragment)), fragment],
  );
  const of = (kind: string) =>
    rows.filter((row) => row.kind === kind && (row.name === null || row.name.toLowerCase().includes(fragment))).map((row) => row.id);
  const customers = rows.filter((row) => row.kind === 'customer');
  const found = {
    productIds: of('product'),
    distributors: of('distributor'),
    customerIds: customers.map((row) => row.id),
    customerListVersions: customers.map((row) => row.version),
  };
  const list = (kind: 'order ids' | 'order times') => JSON.parse(rows.find((row) => row.kind === kind)?.id ?? '[]') as unknown[];
  const ids = list('order ids');
  if (ids.length > broadMatches) return { ...found, orderIds: [], orderTimes: [], broad: fragment };
  const times = list('order times');
  if (ids.length !== times.length) throw new Error(`The orders found read ${ids.length} ids and ${times.length} purchase times`);
  const orderIds: string[] = [];
  const orderTimes: number[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < ids.length; i += 1) {
    const id = String(ids[i]);
    if (seen.has(id)) continue;
    seen.add(id);
    orderIds.push(id);
    orderTimes.push(Number(times[i]));
  }
  return { ...found, orderIds, orderTimes };
}

/**
 * The reseller's orders found by number, code or email, with their duplicates (`id`), as a
 * subquery (one of them at least); the found customers' orders come from licenses_by_customer
 * alone.
 */
function textOrdersSql(conditions: Conditions, text: TextMatches, resellerId: string): string {
  const parts: string[] = [];
  if (text.orderIds.length > 0) parts.push(`SELECT unnest(${conditions.bind(text.orderIds)}::text[]) AS id`);
  if (text.customerIds.length > 0) {
    parts.push(`SELECT l.order_id AS id FROM licenses l
                WHERE l.reseller_id = ${conditions.bind(resellerId)} AND l.customer_id = ANY(${conditions.bind(text.customerIds)}::text[]) AND l.customer_id IS NOT NULL`);
  }
  return parts.join(' UNION ALL ');
}

/** Of the products or distribution companies `q` found, with the column prefix; null when it found none. */
function textFacetCondition(conditions: Conditions, text: TextMatches, prefix: string): string | null {
  const either: string[] = [];
  if (text.productIds.length > 0) either.push(`${prefix}product_id = ANY(${conditions.bind(text.productIds)}::text[])`);
  if (text.distributors.length > 0) either.push(`${prefix}distributor_lower = ANY(${conditions.bind(text.distributors)}::text[])`);
  return either.length === 0 ? null : `(${either.join(' OR ')})`;
}

/** Adds the facets (the columns the tallies hold) with the given column prefix. */
function facetConditions(conditions: Conditions, filter: OrderFilter, prefix: string): Conditions {
  if (filter.productIds !== undefined) conditions.add((ids) => `${prefix}product_id = ANY(${ids}::text[])`, filter.productIds);
  if (filter.state !== undefined) conditions.add((p) => `${prefix}state = ${p}`, filter.state);
  if (filter.paymentType !== undefined) conditions.add((p) => `${prefix}payment_type = ${p}`, filter.paymentType);
  if (filter.distributor !== undefined) conditions.add((p) => `${prefix}distributor_lower = ${p}`, filter.distributor);
  if (filter.textFacets !== undefined) {
    const either = textFacetCondition(conditions, filter.textFacets, prefix);
    if (either !== null) conditions.raw(either);
  }
  return conditions;
}

/** Every condition of the filter on `orders o`. */
function filterConditions(filter: OrderFilter, params: unknown[] = []): Conditions {
  const conditions = new Conditions(params);
  const reseller = conditions.bind(filter.resellerId);
  conditions.raw(`o.reseller_id = ${reseller}`);
  if (filter.from !== undefined) conditions.add((p) => `o.purchased_at >= ${p}`, new Date(filter.from));
  if (filter.to !== undefined) conditions.add((p) => `o.purchased_at < ${p}`, new Date(filter.to));
  facetConditions(conditions, filter, 'o.');
  if (filter.orderNumber !== undefined) conditions.add((p) => `o.order_number_lower = ${p}`, filter.orderNumber);
  if (filter.activationCode !== undefined) {
    conditions.add(
      (p) => `o.id IN (SELECT l.order_id FROM licenses l WHERE l.reseller_id = ${reseller} AND lower(l.activation_code) = ${p})`,
      filter.activationCode,
    );
  }
  if (filter.customerId !== undefined) {
    conditions.add(
      (p) => `o.id IN (SELECT l.order_id FROM licenses l WHERE l.reseller_id = ${reseller} AND l.customer_id = ${p})`,
      filter.customerId,
    );
  }
  if (filter.text !== undefined) {
    const either = [textFacetCondition(conditions, filter.text, 'o.')];
    if (filter.text.orderIds.length > 0) either.push(`o.id = ANY(${conditions.bind(filter.text.orderIds)}::text[])`);
    const { broad } = filter.text;
    if (broad !== undefined) {
      // Every order is tested (the total counts them in one pass): by its number, then against
      // the orders of the codes and of the customers found, each set read once and hashed.
      const code = codeHolds(conditions.bind(containing(codeLookup(broad))), conditions.bind(broad));
      either.push(`o.order_number_lower LIKE ${conditions.bind(containing(broad))}`);
      either.push(`o.id IN (SELECT l.order_id FROM licenses l WHERE l.reseller_id = ${reseller} AND ${code})`);
      if (filter.text.customerIds.length > 0) either.push(`o.id IN (${textOrdersSql(conditions, filter.text, filter.resellerId)})`);
    } else if (filter.text.customerIds.length > 0) {
      // Tested order by order as the page's walk meets them (licenses_by_order), never listed whole.
      either.push(`EXISTS (SELECT 1 FROM licenses l WHERE l.reseller_id = o.reseller_id AND l.order_id = o.id
                   AND l.customer_id = ANY(${conditions.bind(filter.text.customerIds)}::text[]))`);
    }
    conditions.raw(`(${either.filter((part) => part !== null).join(' OR ')})`);
  }
  return conditions;
}

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
 * How many orders match `filter`, exactly. A customer's orders (within dates or not) are
 * counted from the licenses index alone; other selective searches count their few matches.
 * Searches without dates add up `order_facet_tally`. Dated ones add up a tally (by UTC day
 * and hour without facets, see {@link hoursTotalSql}; by UTC day with them) between the
 * tally boundaries nearest to their bounds, then count from the covering time index only
 * what lies between each bound and its boundary, adding it or taking it away: at most half
 * an hour, or half a day, at each edge.
 */
export async function countOrders(db: Db, filter: OrderFilter): Promise<number> {
  // One statement whatever the parts, so that a total costs one round trip.
  const params: unknown[] = [];
  const { rows } = await db.query<{ n: number }>(`SELECT (${totalSql(filter, params)})::bigint AS n`, params);
  return rows[0]?.n ?? 0;
}

/** The total of `filter` as an SQL expression, its values bound in `params`. */
function totalSql(filter: OrderFilter, params: unknown[]): string {
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
  if (text.orderIds.length + text.customerIds.length === 0) return parts.join(' + ');
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

/** True when only the customer and dates narrow the search: the licenses index answers it alone. */
function isCustomerOnly(filter: OrderFilter): boolean {
  return (
    filter.customerId !== undefined && filter.text === undefined && filter.textFacets === undefined && filter.orderNumber === undefined && filter.activationCode === undefined &&
    filter.productIds === undefined && filter.state === undefined && filter.paymentType === undefined &&
    filter.distributor === undefined
  );
}

/** The customer's licenses of orders within the filter's dates, on `licenses l` (licenses_by_customer). */
function customerLicenseConditions(filter: OrderFilter, params: unknown[] = []): Conditions {
  const conditions = new Conditions(params);
  conditions.add((p) => `l.reseller_id = ${p}`, filter.resellerId).add((p) => `l.customer_id = ${p}`, filter.customerId);
  if (filter.from !== undefined) conditions.add((p) => `l.order_purchased_at >= ${p}`, new Date(filter.from));
  if (filter.to !== undefined) conditions.add((p) => `l.order_purchased_at < ${p}`, new Date(filter.to));
  return conditions;
}
