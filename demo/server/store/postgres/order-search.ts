/**
 * `GET /orders` over PostgreSQL. Filters become conditions on indexed columns (product names
 * and customer emails are resolved to ids first); a page's ids are picked by a keyset walk
 * that the covering indexes of schema.ts answer from the index alone, and only the page's
 * rows are read; a customer's orders are picked from the licenses index alone. What `q` finds
 * is looked up first ({@link textMatches}); the filter's conditions are order-filter.ts's, and
 * the exact totals order-count.ts's, in the page's statement.
 */
import type { OrderSort, ParsedOrdersQuery, Product } from '../../../../src/api/contract/schemas.js';
import type { OrderRecord, StorePage } from '../../../../src/service/store.js';
import { decodeCursor, encodeCursor } from '../shared/cursor.js';
import { customerLists } from './customer-orders.js';
import { eachOnce, firstNotBelow, isCodeFragment, numberIndexOf } from './number-index.js';
import { type MarkedPage, type OrderTimes, orderTimesOf } from './order-times.js';
import { countListedOrders, holdingMarks } from '../shared/order-lists.js';
import { totalSql } from './order-count.js';
import {
  codeHolds, containing, customerLicenseConditions, emailHolds, filterConditions, isCustomerOnly, isTextOnly, lookupOf, numberHolds, type OrderFilter, type TextMatches,
} from './order-filter.js';
import { Conditions, type Db, ORDER_COLUMNS, type OrderRow, orderRecord, sentSeqs, sentTimes, unseen } from './sql.js';

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

/**
 * While the index of numbers (number-index.ts) holds all but at most this many of the orders a
 * look-up met, the orders past it are found by number one by one in row number order (about a
 * millisecond for 2,000); further behind, by the trigram index, all of them.
 */
const INDEX_BEHIND_AT_MOST = 2_048;
/** The largest row number PostgreSQL can hold: an upper bound that makes the planner read the orders past the index as a range of a few. */
const LARGEST_INT8 = '9223372036854775807';

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
  const byText = sort.column === 'purchased_at' && filter.text?.beyondFacets !== undefined;
  const conditions = byCustomer ? customerLicenseConditions(filter) : byText ? new Conditions() : filterConditions(filter);
  const [key, id] = byCustomer ? ['l.order_purchased_at', 'l.order_id'] : [`o.${sort.column}`, 'o.id'];
  const comparison = sort.direction === 'DESC' ? '<' : '>';
  const afterKeys = after === null ? null : [conditions.bind(after[0]), conditions.bind(after[1])];
  const isAfter = (keys: string) => (afterKeys === null ? 'TRUE' : `(${keys}) ${comparison} (${afterKeys.join(', ')})`);
  if (!byText && afterKeys !== null) conditions.raw(isAfter(`${key}, ${id}`));
  const order = (prefix: string) => `${prefix}sort_key ${sort.direction}, ${prefix}id ${sort.direction}`;
  const reseller = conditions.bind(resellerId);
  const cut: PageCut = { reseller, count: query.limit + 1, direction: sort.direction, isAfter };
  const text = byText ? filter.text : undefined;
  let pageRows: string;
  if (text?.pageSeqs !== undefined && text.productIds.length + text.distributors.length === 0) {
    pageRows = pickedPageSql(conditions, text.pageSeqs, cut);
  } else {
    // The page's ids and sort keys, then its orders read whole by id.
    const picked = text !== undefined
      ? textPageSql(conditions, text, cut)
      : `${byCustomer ? `SELECT DISTINCT ${id} AS id, ${key} AS sort_key FROM licenses l` : `SELECT ${id}, ${key} AS sort_key FROM orders o`}
         WHERE ${conditions.sql} ORDER BY ${key} ${sort.direction}, ${id} ${sort.direction} LIMIT ${conditions.bind(query.limit + 1)}`;
    pageRows = `SELECT ${ORDER_COLUMNS}, page.sort_key
      FROM (${picked}) page
      JOIN orders o ON o.reseller_id = ${reseller} AND o.id = page.id
      JOIN products p ON p.id = o.product_id`;
  }
  // The page and the total in one statement (one round trip); the total's row stands alone when the page is empty.
  const totalExpression = totalSql(filter, conditions.params);
  const sql = `SELECT total.n AS total, page.* FROM (SELECT (${totalExpression})::bigint AS n) total
    LEFT JOIN LATERAL (${pageRows}) page ON TRUE
    ORDER BY ${order('page.')}`;
  const { rows: found } = await db.query<{ total: number } & (PageRow | NoPageRow)>(sql, conditions.params);
  const rows = found.flatMap((row) => (row.id === null ? [] : [row]));
  const total = found[0]?.total ?? 0;
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > query.limit && last ? encodeCursor([sortName, last.sort_key, last.id]) : null;
  return { items: page.map(orderRecord), nextCursor, total };
}

/**
 * The rows of a page of what `q` alone found when it found no product nor distribution
 * company: the orders picked by their times from the marks ({@link TextMatches.pageSeqs}),
 * each read once by its row number (orders_by_seq), whole, after the cursor and cut to the
 * page, with its product's name. The page of {@link textPageSql} joins the orders by id after
 * merging them with the products' and companies' first orders, whose walks read their index
 * alone: read by row number, then by id, each order of a page was looked up twice.
 */
function pickedPageSql(conditions: Conditions, pageSeqs: readonly number[], cut: PageCut): string {
  const { reseller, direction, isAfter } = cut;
  return `SELECT ${ORDER_COLUMNS}, o.purchased_at AS sort_key
    FROM (SELECT o.* FROM unnest(${conditions.bindUnseen(pageSeqs, 'int8[]')}) AS s (seq)
      CROSS JOIN LATERAL (SELECT o.* FROM orders o WHERE o.seq = s.seq AND o.reseller_id = ${reseller} LIMIT 1) o
      WHERE ${isAfter('o.purchased_at, o.id')}
      ORDER BY o.purchased_at ${direction}, o.id ${direction} LIMIT ${conditions.bind(cut.count)}) o
    JOIN products p ON p.id = o.product_id`;
}

/** How a page is cut: the reseller's placeholder, how many orders it needs (it may read more), the direction, and the cursor's condition on some keys. */
interface PageCut {
  reseller: string;
  count: number;
  direction: 'ASC' | 'DESC';
  isAfter: (keys: string) => string;
}

/**
 * A page of what `q` alone found, in purchase order, when it found customers, products or
 * distribution companies (and orders by number or code, or none). When the orders found by
 * email, number or code that can be on the page were picked from their marks by their times
 * ({@link TextMatches.pageSeqs}; none when it found products or companies alone), those
 * orders and the first orders of the products or distribution companies found, merged. Else
 * (an order past the row numbers whose times are kept, order-times.ts), in the database: each
 * found customer's first orders after the cursor from licenses_by_customer alone (a page's worth
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
  const { reseller, direction, isAfter } = cut;
  // How many orders the walks read is written into the statement, not bound: a plan made for
  // any number (a generic plan, which the connection keeps after its first runs) expects a
  // tenth of the orders and joins them whole; with the number, the planner takes the index
  // walks below whatever the values. It is the page's count rounded up to a power of two, so
  // that the page sizes a caller can ask for (1 to 200) make a few statements, not one each,
  // which would spend the names of prepared statements (sql.ts); the merged walks are then cut
  // to the page's count, which is bound (`pageCut`), so that no more orders are read whole.
  if (!Number.isSafeInteger(cut.count) || cut.count < 1) throw new RangeError(`A page reads a whole number of orders above 0, not ${cut.count}`);
  const count = 2 ** Math.ceil(Math.log2(cut.count));
  const limit = String(count);
  const ordered = (keys: string) => `ORDER BY ${keys.split(', ').map((k) => `${k} ${direction}`).join(', ')}`;
  const first = (keys: string) => `${ordered(keys)} LIMIT ${limit}`;
  const pageCut = `${ordered('sort_key, id')} LIMIT ${conditions.bind(cut.count)}`;
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
    return `${picked} SELECT DISTINCT id, sort_key FROM (${parts.join(' UNION ALL ')}) found ${pageCut}`;
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
  if (text.orderSeqs.length > 0) parts.push(ordersWhere(`o.seq = ANY(${conditions.bind(text.orderSeqs)}::int8[])`));
  return `${bound} SELECT DISTINCT id, sort_key FROM (${parts.join(' UNION ALL ')}) found ${pageCut}`;
}

/** The products the reseller has bought, by name (byte order, as the other store lists them). */
export async function resellerProducts(db: Db, resellerId: string): Promise<Product[]> {
  const { rows } = await db.query<Product>(
    `SELECT p.id, p.name FROM reseller_products rp JOIN products p ON p.id = rp.product_id
     WHERE rp.reseller_id = $1 ORDER BY p.name COLLATE "C", p.id`,
    [resellerId],
  );
  return rows;
}

/**
 * The reseller's products whose name holds `fragment` (lower case), folded as JavaScript folds
 * it (lower() folds what the database's locale knows: ASCII letters alone in the C locale):
 * the product filter's and the renewals'.
 */
export async function productsNamed(db: Db, resellerId: string, fragment: string): Promise<Product[]> {
  return (await resellerProducts(db, resellerId)).filter((p) => p.name.toLowerCase().includes(fragment));
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
    productIds = (needle === undefined ? await resellerProducts(db, resellerId) : await productsNamed(db, resellerId, needle))
      .filter((p) => query.productId === undefined || p.id === query.productId)
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
  // A fragment that every order's number holds ("ord") filters nothing: no text matches (../shared/number-stems.ts).
  const text = query.q === undefined ? undefined : (await textMatches(db, resellerId, query.q.toLowerCase(), broadMatches)) ?? undefined;
  if (text !== undefined && text.broad === undefined && text.productIds.length + text.distributors.length + text.orderSeqs.length + text.customerIds.length === 0) return null;
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
    if (text.customerIds.length + text.orderSeqs.length > 0) {
      // Orders found by email, number or code, besides products or distribution companies or
      // not: a fragment of a product's name ("end") is held by hundreds of codes too. Walking
      // every order in purchase order for a page, testing each, and counting the orders found
      // by number or code in the statement cost 6–7 ms a search on 1,000,000 orders.
      text.beyondFacets = await countFoundBeyondFacets(db, resellerId, text, page);
    } else {
      // Products or distribution companies alone: the tallies count them, and their own indexes page them (textPageSql).
      text.beyondFacets = 0;
      if (page !== undefined) text.pageSeqs = [];
    }
  }
  return filter;
}

/**
 * The orders found by email, number or code that are not of the products or distribution
 * companies found: the customers' orders from their lists, less those on the lists of those
 * products and companies, and the orders found by number or code that are neither. With
 * `page`, the orders found that can be on it are picked from the same marks
 * ({@link TextMatches.pageSeqs}) by their purchase times: those the look-up gave, and for the
 * customers' orders those kept by row number (order-times.ts), read first when not met before.
 */
async function countFoundBeyondFacets(db: Db, resellerId: string, text: TextMatches, page?: MarkedPage): Promise<number> {
  const facets = [...text.productIds.map((id) => `p:${id}`), ...text.distributors.map((name) => `d:${name}`)];
  const facetKeys = new Set(facets);
  const times = orderTimesOf(db);
  times.know(text.orderSeqs, text.orderTimes, text.heldOrders);
  // The row numbers of the orders found by number or code beyond the facets (told by the
  // products and companies kept by row number where they are known), and the customers' lists.
  const [probes, lists] = await Promise.all([
    beyondFacets(db, resellerId, text, facetKeys, times),
    customerLists(db, resellerId, text.customerIds, text.customerListVersions, facets),
  ]);
  const count = (gone?: ReadonlySet<number>) =>
    holdingMarks(() => ({ listed: countListedOrders(lists, probes), picked: page === undefined ? null : times.pickMarked(page, gone) }));
  let counted = count();
  if (counted.picked?.unknown !== undefined) {
    const unknown = counted.picked.unknown;
    await times.read(db, unknown);
    counted = count(new Set(unknown.filter((seq) => Number.isNaN(times.timeOf(seq)))));
  }
  let picked = counted.picked?.seqs;
  if (picked !== undefined && page !== undefined && facetKeys.size > 0) {
    // The products' and companies' own orders fill the page down to the time they reach: a
    // marked order bought before it cannot be on the page, and is not read for it (the codes
    // that hold a fragment of a product's name are of orders of every age, 26 read for nothing).
    // Told anew: products and companies may have been read while the lists were.
    const reach = times.facetsReach(page, times.ofFacets(text.orderMoves, facetKeys));
    if (reach !== null) picked = picked.filter((seq) => times.timeOf(seq) >= reach);
  }
  text.pageSeqs = picked;
  const { listed } = counted;
  return listed.all - listed.faceted + listed.unlisted.length;
}

/**
 * The row numbers of the orders found by number or code of none of `facets` (`p:` and `d:`
 * keys): told by the products and companies kept by row number where they are known under the
 * look-up's count of moves; the others looked up, in one statement whose row numbers come as
 * one JSON array (hundreds of orders when a fragment of a product's name is held by codes
 * too: a row each cost the process more than the statement cost the database).
 */
async function beyondFacets(db: Db, resellerId: string, text: TextMatches, facets: ReadonlySet<string>, times: OrderTimes): Promise<number[]> {
  if (facets.size === 0) return text.orderSeqs;
  const beyond: number[] = [];
  const unknown: number[] = [];
  const isOfFacets = times.ofFacets(text.orderMoves, facets);
  for (const seq of text.orderSeqs) {
    const of = isOfFacets(seq);
    if (of === undefined) unknown.push(seq);
    else if (!of) beyond.push(seq);
  }
  if (unknown.length === 0) return beyond;
  times.startReadingAhead(db);
  const { rows } = await db.query<{ seqs: string }>(
    `SELECT coalesce(json_agg(seq), '[]')::text AS seqs FROM orders
     WHERE reseller_id = $1 AND seq = ANY($2::int8[]) AND product_id <> ALL($3::text[]) AND distributor_lower <> ALL($4::text[])`,
    [resellerId, unknown, text.productIds, text.distributors],
  );
  return [...beyond, ...(JSON.parse(rows[0]!.seqs) as unknown[]).map(Number)];
}

/** Whether the first `count` of `held` (row numbers in ascending order) hold `seq`. */
function isHeld(held: readonly number[], count: number, seq: number): boolean {
  const at = firstNotBelow(held, seq, 0, count);
  return at < count && held[at] === seq;
}

/**
 * What a fragment (lower case) finds, in one statement; null when every order's number holds it.
 * - The reseller's products (a few), matched here as the product name filter matches them
 *   (JavaScript's lower case, which PostgreSQL's lower() does not match beyond ASCII letters
 *   in the C locale), and the distribution companies whose lower case holds it: that is
 *   stored as JavaScript writes it (`distributor_lower`), so LIKE matches it as `includes`
 *   does, and only those found come to the process (listing every company of the tallies
 *   and keeping them distinct was a third of the look-up of a fragment that finds a few
 *   orders: 0.06 of 0.2 ms).
 * - The orders whose number or a license's code holds it, which the trigram indexes of their
 *   joined forms find (order-filter.ts, joinedSql). They come as two rows, of their row numbers (for orders
 *   found by a code, those their licenses carry) and of their purchase times, as `int8send`
 *   and `timestamptz_send` values end to end (sentSeqs, sentTimes): a fragment of three digits
 *   finds thousands, and a row each cost the process more than the look-up cost the
 *   database. Their ids are read for the page's orders alone: a JSON array of thousands cost
 *   the look-up a sixth more ("250" among 1,000,000 orders: 4.8 against 4.0 ms), and the
 *   process more again.
 *   - An order found by its number and a code, or by several codes, comes once for each: they
 *     are told apart below, which costs less than grouping them in the statement.
 *   - Past `broadMatches` of them, the fragment is broad: they are found in the page's
 *     statement instead.
 *   - Of a fragment of three bytes or more, the orders found by number up to the row number
 *     the index of numbers (number-index.ts) holds are found there, not here: here only those
 *     past it, read one by one in row number order (the trigram index would list every order
 *     holding the fragment, to be read from the table and checked). So are those found by a
 *     code, for a fragment of three ASCII letters or digits and a dash before or after them or
 *     not, which hundreds of codes hold (the index keeps the codes with the numbers): here only
 *     the licenses of the orders past it.
 *     When the index is given up (the count of moves below is not the one it was read under),
 *     the look-up runs again without it.
 * - The largest row number of the orders, which tells the index of numbers to read those it
 *   does not hold yet.
 * - The customers whose email holds it, with the versions of their order lists (`orders_list`,
 *   customer-orders.ts), as one row of two JSON arrays in the same order: the lists kept at
 *   those versions are not read again, and a row each cost the server an eighth of a search
 *   by a fragment of a name, which finds a few hundred customers.
 * - The count of orders moved by hand (`order_facet_moves`), under which the products and
 *   companies kept by row number are trusted (order-times.ts).
 *
 * Every value is read unseen (sql.ts): given the values, the planner estimated each
 * fragment's matches and planned the statement anew for each search (0.4–0.5 ms of a
 * 1–1.5 ms look-up), to the same plan; estimated alike, the connection keeps one plan after
 * its first runs. When each of the reseller's stems of order numbers holds the fragment, so
 * does every order's number: the other look-ups do not run (`every_number` gates them once,
 * as a one-time filter), and the search is the search without q.
 */
async function textMatches(db: Db, resellerId: string, fragment: string, broadMatches: number, withIndex = true): Promise<TextMatches | null> {
  const index = withIndex ? numberIndexOf(db) : undefined;
  // The orders held by the index of numbers are found there, those past them here.
  const through = index !== undefined && index.behind <= INDEX_BEHIND_AT_MOST && Buffer.byteLength(fragment) >= 3 ? index.through : 0;
  const values: unknown[] = [resellerId, containing(fragment)];
  const bound = (value: unknown, type: string) => unseen(`$${values.push(value)}`, type);
  const [reseller, pattern] = [unseen('$1', 'text'), unseen('$2', 'text')];
  // A fragment without trigrams is looked up by the partial indexes of runs of such characters.
  const lookup = lookupOf(fragment, (value) => bound(value, 'text'));
  const after = through === 0 ? '' : bound(through, 'int8');
  // The rows of `table` (as `alias`) of the orders past those held, by their row number `seq`: a range of a few.
  const pastHeld = (columns: string, table: string, seq: string, alias: string) =>
    `(SELECT ${columns} FROM ${table} WHERE ${seq} > ${after} AND ${seq} <= ${LARGEST_INT8} OFFSET 0) ${alias}`;
  const numbered = through === 0 ? 'orders o' : pastHeld('seq, purchased_at, reseller_id, order_number_lower', 'orders', 'seq', 'o');
  // The codes of the orders held that hold three letters or digits (and a dash around them) are found there too, those past them here.
  const codesHeld = through > 0 && isCodeFragment(fragment);
  const licensed = codesHeld ? pastHeld('order_seq, order_purchased_at, reseller_id, activation_code', 'licenses', 'order_seq', 'l') : 'licenses l';
  type Found = {
    kind: 'every number' | 'product' | 'distributor' | 'order times' | 'order seqs' | 'customers' | 'order moves' | 'largest order';
    id: string;
    name: string | null;
    version: string | null;
  };
  const unlessEveryNumber = 'NOT (SELECT holds FROM every_number)';
  const { rows } = await db.query<Found>(
    `WITH every_number AS MATERIALIZED (
       SELECT NOT EXISTS (SELECT 1 FROM order_number_stems s WHERE s.reseller_id = ${reseller} AND s.stem NOT LIKE ${pattern}) AS holds)
     SELECT 'every number' AS kind, '' AS id, NULL AS name, NULL AS version FROM every_number WHERE holds
     UNION ALL
     SELECT 'product', p.id, p.name, NULL FROM reseller_products rp JOIN products p ON p.id = rp.product_id
       WHERE rp.reseller_id = ${reseller}
     UNION ALL
     SELECT DISTINCT 'distributor', distributor_lower, distributor_lower, NULL FROM order_facet_tally
       WHERE reseller_id = ${reseller} AND orders > 0 AND distributor_lower <> '' AND distributor_lower LIKE ${pattern}
     UNION ALL
     SELECT kind, list, NULL, NULL FROM (
       SELECT encode(string_agg(timestamptz_send(at), ''::bytea), 'base64') AS times, encode(string_agg(int8send(seq), ''::bytea), 'base64') AS seqs
       FROM (
         SELECT o.seq, o.purchased_at AS at FROM ${numbered}
           WHERE o.reseller_id = ${reseller} AND ${numberHolds(lookup)} AND ${unlessEveryNumber}
         UNION ALL
         SELECT l.order_seq, l.order_purchased_at FROM ${licensed}
           WHERE l.reseller_id = ${reseller} AND ${codeHolds(lookup)} AND ${unlessEveryNumber}
         LIMIT ${broadMatches + 1}) found) lists
       CROSS JOIN LATERAL (VALUES ('order times', lists.times), ('order seqs', lists.seqs)) list (kind, list)
       WHERE list IS NOT NULL
     UNION ALL
     SELECT 'customers', json_agg(c.id)::text, NULL, json_agg(c.orders_list::text)::text FROM customers c
       WHERE c.reseller_id = ${reseller} AND ${emailHolds(lookup)} AND ${unlessEveryNumber}
       HAVING count(*) > 0
     UNION ALL
     SELECT 'order moves', moves::text, NULL, NULL FROM order_facet_moves
     UNION ALL
     SELECT 'largest order', (SELECT max(seq) FROM orders)::text, NULL, NULL`,
    values,
  );
  index?.met(Number(rows.find((row) => row.kind === 'largest order')?.id ?? 0));
  if (rows.some((row) => row.kind === 'every number')) return null;
  const of = (kind: string) =>
    rows.filter((row) => row.kind === kind && (row.name === null || row.name.toLowerCase().includes(fragment))).map((row) => row.id);
  const customers = rows.find((row) => row.kind === 'customers');
  const found = {
    productIds: of('product'),
    distributors: of('distributor'),
    customerIds: customers === undefined ? [] : (JSON.parse(customers.id) as string[]),
    customerListVersions: customers === undefined ? [] : (JSON.parse(customers.version!) as (string | null)[]),
  };
  const list = (kind: 'order times' | 'order seqs') => rows.find((row) => row.kind === kind)?.id;
  const orderMoves = rows.find((row) => row.kind === 'order moves')?.id ?? null;
  const seqs = sentSeqs(Buffer.from(list('order seqs') ?? '', 'base64'));
  const times = sentTimes(Buffer.from(list('order times') ?? '', 'base64'));
  if (times.length !== seqs.length) throw new Error(`The orders found read ${seqs.length} row numbers and ${times.length} purchase times`);
  const numbers = through === 0 ? [] : index!.find(resellerId, fragment, through, orderMoves);
  const codes = codesHeld && numbers !== null ? index!.findCodes(resellerId, fragment, through, orderMoves) : [];
  // The numbers held were read under another count of moves (and are given up): the look-up again, without them.
  if (numbers === null || codes === null) return textMatches(db, resellerId, fragment, broadMatches, false);
  const held = codes.length === 0 ? numbers : eachOnce(numbers, codes);
  if (held.length + seqs.length > broadMatches) return { ...found, orderSeqs: [], heldOrders: 0, orderTimes: [], orderMoves, broad: fragment };
  // The orders held come once each, in row number order, their times kept: the index hands
  // every time it reads to those kept by row number, which keep them for good. They are not
  // read here: the page reads the times of the newest few alone (order-times.ts), and reading
  // thousands, a cache miss each in eight bytes a row, cost a search under load a third of a
  // millisecond. (Were one missing, the page would read it as any order whose time is not known.)
  const heldOrders = held.length;
  const orderSeqs: number[] = held;
  const orderTimes: number[] = [];
  // An order found by its number and a code, or by several codes, comes once for each.
  const seen = new Set<number>();
  for (let i = 0; i < seqs.length; i += 1) {
    const seq = seqs[i]!;
    if (seen.has(seq) || (seq <= through && isHeld(held, heldOrders, seq))) continue;
    seen.add(seq);
    orderSeqs.push(seq);
    orderTimes.push(times[i]!);
  }
  return { ...found, orderSeqs, heldOrders, orderTimes, orderMoves };
}

