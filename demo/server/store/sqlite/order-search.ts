/**
 * `GET /orders`: the search. Filters become conditions on indexed columns (product names are
 * resolved to product keys first), pages follow keyset cursors on the sort key and the row
 * number, and totals come from {@link countOrders}. Statements are prepared once and reused.
 * A cursor handed out for another sort order, or not by this search, is a {@link BadCursorError}.
 */
import type { OrderSort, ParsedOrdersQuery, Product } from '../../../../src/api/contract/schemas.js';
import { LIMITS } from '../../../../src/api/contract/schemas.js';
import { type OrderRecord, type StorePage } from '../../../../src/service/store.js';
import { decodeCursor, encodeCursor } from '../shared/cursor.js';
import { firstFoundOrders } from './first-in-order.js';
import { foundOrdersMarked, holdingMarks, isMarked } from '../shared/order-lists.js';
import { cachedStatement, type Db, readUnlessChanged } from './database.js';
import { countOrders } from './order-count.js';
import { type OrderDirectory, orderDirectory } from './order-directory.js';
import { everyOrderNumberHolds } from './number-stems.js';
import {
  Conditions, customerLicenseConditions, filterConditions, foundNothing, LICENSES_BY_CODE, type OrderFilter, phrase, textAlone, type TextMatches,
} from './order-filter.js';
import { ORDER_COLUMNS, type OrderRow, orderRecord } from './rows.js';

/** How many index entries a page may walk in sort order before sorting the matches is cheaper. */
const WALK_BUDGET = 20_000;

/**
 * Past this many orders whose number holds a fragment ("ord", which every number holds), they
 * are not listed but tested in the statements that count and page them (order-filter.ts):
 * listing a million row numbers from the trigram index, with their times, cost more than
 * testing every order.
 */
export const BROAD_MATCHES = 200_000;

interface SortPlan {
  column: 'purchased_at' | 'amount' | 'order_number_lower';
  index: 'orders_by_time' | 'orders_by_amount' | 'orders_by_number';
  direction: 'ASC' | 'DESC';
  keyType: 's' | 'n';
  key: (row: OrderRow & { sort_key: string | number }) => string | number;
}

const SORTS: Record<OrderSort, SortPlan> = {
  'purchasedAt:desc': { column: 'purchased_at', index: 'orders_by_time', direction: 'DESC', keyType: 'n', key: (r) => r.sort_key },
  'purchasedAt:asc': { column: 'purchased_at', index: 'orders_by_time', direction: 'ASC', keyType: 'n', key: (r) => r.sort_key },
  'amount:desc': { column: 'amount', index: 'orders_by_amount', direction: 'DESC', keyType: 'n', key: (r) => r.sort_key },
  'amount:asc': { column: 'amount', index: 'orders_by_amount', direction: 'ASC', keyType: 'n', key: (r) => r.sort_key },
  'orderNumber:asc': { column: 'order_number_lower', index: 'orders_by_number', direction: 'ASC', keyType: 's', key: (r) => r.sort_key },
};

/** One page of the reseller's orders matching `query`, with the total of all matches. */
export function searchOrders(db: Db, resellerSeq: number, query: ParsedOrdersQuery, { broadMatches = BROAD_MATCHES } = {}): StorePage<OrderRecord> {
  const sortName = query.sort ?? 'purchasedAt:desc';
  const sort = SORTS[sortName];
  const limit = query.limit ?? LIMITS.ordersPageDefault;
  const after = query.cursor === undefined ? null : readCursor(query.cursor, sortName, sort);
  // A fragment that every order's number holds ("ord") filters nothing (number-stems.ts): the search is the search without it.
  // The order directory is read once a search, when q needs it: the orders it holds do not change within one.
  const fragment = query.q?.toLowerCase();
  const text = fragment === undefined || everyOrderNumberHolds(db, resellerSeq, fragment) ? null : { fragment, directory: orderDirectory(db) };
  const directory = text?.directory ?? null;
  const filter = resolveFilter(db, resellerSeq, query, text, broadMatches);
  if (filter === null) return { items: [], nextCursor: null, total: 0 };

  // What the count finds by number, code or email stays marked for the page: picked from the marks, or tested on a walk (found_order).
  const { total, rows } = holdingMarks(() => {
    const total = countOrders(db, filter, directory);
    if (total === 0) return { total, rows: [] };
    const { source, order, params } = pageSource(db, directory, filter, sort, after, total, limit);
    const sql = `SELECT ${ORDER_COLUMNS}, o.${sort.column} AS sort_key FROM ${source} ORDER BY ${order} LIMIT @limit`;
    withFoundOrder(db);
    return { total, rows: cachedStatement<Record<string, unknown>, OrderRow & { sort_key: string | number }>(db, sql).all({ ...params, limit: limit + 1 }) };
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor([sortName, sort.key(last), last.seq]) : null;
  return { items: page.map(orderRecord), nextCursor, total };
}

/** The databases that know `found_order(seq)`: 1 when the order is marked for the search in progress. */
const knowFoundOrder = new WeakSet<Db>();

function withFoundOrder(db: Db): void {
  if (knowFoundOrder.has(db)) return;
  db.function('found_order', { directOnly: true }, (seq) => (isMarked(Number(seq)) ? 1 : 0));
  knowFoundOrder.add(db);
}

/** Where a page's orders come from (`o` and `p` joined), in which order, with its parameters. */
interface PageSource {
  source: string;
  order: string;
  params: Record<string, unknown>;
}

/**
 * The cheapest way to a page: a customer's orders in purchase order straight from the
 * licenses index; what `q` alone found by number or code, in purchase order, picked by the
 * times its look-up gave, only the page's rows read; what `q` alone found by email too (no
 * product or distribution company), newest first, picked from the orders its count marked by
 * their times in the order directory, only the page's rows read; else a walk along the sort order's index
 * when matches are dense enough to fill a page soon; else the few matches found through the
 * filter's own index, their keys sorted alone and only the page's rows read (a unary + on the
 * sort key keeps SQLite from walking the sort index past many orders that do not match).
 */
function pageSource(
  db: Db, directory: OrderDirectory | null, filter: OrderFilter, sort: SortPlan, after: Cursor | null, total: number, limit: number,
): PageSource {
  const before = sort.direction === 'DESC' ? '<' : '>';
  const customer = sort.column === 'purchased_at' ? customerLicenseConditions(filter) : null;
  if (customer !== null) {
    if (after !== null) addAfter(customer, '(l.order_purchased_at, l.order_seq)', before, after);
    return {
      source: `(SELECT DISTINCT l.order_purchased_at AS at, l.order_seq AS seq FROM licenses l WHERE ${customer.sql}
                ORDER BY at ${sort.direction}, seq ${sort.direction} LIMIT @limit) page
               JOIN orders o ON o.seq = page.seq JOIN products p ON p.seq = o.product_seq`,
      order: `+o.purchased_at ${sort.direction}, o.seq ${sort.direction}`,
      params: customer.params,
    };
  }
  const alone = sort.column === 'purchased_at' ? textAlone(filter) : null;
  if (alone !== null && alone.broad === undefined && alone.customerSeqs.length + alone.productSeqs.length + alone.distributors.length === 0) {
    return {
      source: 'json_each(@picked) page CROSS JOIN orders o ON o.seq = page.value JOIN products p ON p.seq = o.product_seq',
      order: `o.purchased_at ${sort.direction}, o.seq ${sort.direction}`,
      params: {
        picked: JSON.stringify(
          firstFoundOrders(alone.orderTimes, alone.orderSeqs, (a, b) => a - b, sort.direction, after && { at: Number(after.key), key: after.seq }, limit + 1)
            .map((i) => alone.orderSeqs[i]!),
        ),
      },
    };
  }
  const facetless = alone !== null && alone.productSeqs.length + alone.distributors.length === 0;
  if (directory !== null && facetless && sort.direction === 'DESC' && foundOrdersMarked()) {
    // What the count marked is all that q found (by email, number or code): the page is picked from the marks.
    const before = after && { at: Number(after.key), seq: after.seq };
    return {
      source: 'json_each(@picked) page CROSS JOIN orders o ON o.seq = page.value JOIN products p ON p.seq = o.product_seq',
      order: 'o.purchased_at DESC, o.seq DESC',
      params: { picked: JSON.stringify(directory.newestMarked(filter.resellerSeq, before, limit + 1)) },
    };
  }
  const walk = ((limit + 1) * resellerOrders(db, filter.resellerSeq)) / total <= WALK_BUDGET;
  const key = walk ? `o.${sort.column}` : `+o.${sort.column}`;
  const order = `${key} ${sort.direction}, o.seq ${sort.direction}`;
  const conditions = filterConditions(filter, walk);
  if (after !== null) addAfter(conditions, `(${key}, o.seq)`, before, after);
  const source = walk
    ? `orders o INDEXED BY ${sort.index} JOIN products p ON p.seq = o.product_seq WHERE ${conditions.sql}`
    : `(SELECT o.seq FROM orders o WHERE ${conditions.sql} ORDER BY ${order} LIMIT @limit) page
       JOIN orders o ON o.seq = page.seq JOIN products p ON p.seq = o.product_seq`;
  return { source, order, params: conditions.params };
}

/** Keeps what comes after the cursor: `keys` compared with its key and row number. */
function addAfter(conditions: Conditions, keys: string, comparison: '<' | '>', after: Cursor): void {
  conditions.add(`${keys} ${comparison} (@afterKey, @afterSeq)`, 'afterKey', after.key);
  conditions.params.afterSeq = after.seq;
}

interface Cursor {
  key: string | number;
  seq: number;
}

function readCursor(cursor: string, sortName: OrderSort, sort: SortPlan): Cursor {
  const [key, seq] = decodeCursor(cursor, sortName, [sort.keyType, 'n']);
  return { key: key as string | number, seq: seq as number };
}

/** The query as conditions on stored columns (`q` as `text`, its fragment in lower case, when it filters), or null when nothing can match. */
function resolveFilter(
  db: Db, resellerSeq: number, query: ParsedOrdersQuery, text: { fragment: string; directory: OrderDirectory } | null, broadMatches: number,
): OrderFilter | null {
  let productSeqs: number[] | undefined;
  if (query.productId !== undefined || query.productName !== undefined) {
    const needle = query.productName?.toLowerCase();
    productSeqs = (needle === undefined ? resellerProducts(db, resellerSeq) : productsNamed(db, resellerSeq, needle))
      .filter((p) => query.productId === undefined || p.id === query.productId)
      .map((p) => p.seq);
    if (productSeqs.length === 0) return null;
  }
  let matches: TextMatches | undefined;
  if (text !== null) {
    const { fragment, directory } = text;
    const names = productsNamed(db, resellerSeq, fragment);
    const distributors = resellerDistributors(db, resellerSeq).filter((name) => name.includes(fragment));
    matches = {
      productSeqs: names.map((p) => p.seq),
      distributors,
      ...textOrders(db, directory, resellerSeq, fragment, broadMatches),
      customerSeqs: textCustomerSeqs(db, resellerSeq, fragment),
    };
    if (foundNothing(matches)) return null;
  }
  return {
    resellerSeq,
    from: query.purchasedFrom === undefined ? undefined : Date.parse(query.purchasedFrom),
    to: query.purchasedTo === undefined ? undefined : Date.parse(query.purchasedTo),
    productSeqs,
    state: query.state,
    paymentType: query.paymentType,
    distributor: query.distributionCompany?.toLowerCase(),
    orderNumber: query.orderNumber?.toLowerCase(),
    activationCode: query.activationCode,
    customerEmail: query.customerEmail?.toLowerCase(),
    text: matches,
  };
}

/**
 * The reseller's orders whose number holds the fragment, or that hold a license whose code
 * holds it, each once, with their purchase times, from the trigram indexes. The look-up by
 * number gives row numbers, whose reseller and purchase time come from the order directory;
 * an order found both ways is told apart here: grouping them in SQL costs more than the look-ups.
 */
function textOrders(
  db: Db, directory: OrderDirectory, resellerSeq: number, fragment: string, broadMatches: number,
): Pick<TextMatches, 'orderSeqs' | 'orderTimes' | 'broad'> {
  const byNumber = cachedStatement<[string, number], number>(db, 'SELECT rowid FROM order_text WHERE order_text MATCH ? LIMIT ?')
    .pluck()
    .all(phrase(fragment), broadMatches + 1);
  if (byNumber.length > broadMatches) return { orderSeqs: [], orderTimes: [], broad: fragment };
  const byCode = cachedStatement<Record<string, unknown>, [number, number]>(db, `SELECT l.order_seq, l.order_purchased_at FROM ${LICENSES_BY_CODE}`)
    .raw()
    .all({ codePhrase: phrase(fragment), reseller: resellerSeq });
  const found: Pick<TextMatches, 'orderSeqs' | 'orderTimes'> = { orderSeqs: [], orderTimes: [] };
  for (const seq of byNumber) {
    if (directory.resellerOf(seq) !== resellerSeq) continue;
    found.orderSeqs.push(seq);
    found.orderTimes.push(directory.timeOf(seq));
  }
  if (byCode.length === 0) return found;
  const seen = new Set<number>(found.orderSeqs);
  for (const [seq, at] of byCode) {
    if (seen.has(seq)) continue;
    seen.add(seq);
    found.orderSeqs.push(seq);
    found.orderTimes.push(at);
  }
  return found;
}

/** The reseller's customers whose email holds the fragment, from the trigram index. */
function textCustomerSeqs(db: Db, resellerSeq: number, fragment: string): number[] {
  const sql = `SELECT c.seq FROM customer_email_text t CROSS JOIN customers c ON c.seq = t.rowid
    WHERE customer_email_text MATCH @phrase AND c.reseller_seq = @reseller`;
  return cachedStatement<Record<string, unknown>, { seq: number }>(db, sql)
    .all({ phrase: phrase(fragment), reseller: resellerSeq })
    .map((row) => row.seq);
}

/**
 * All orders of the reseller, from its few `order_facet_tally` rows; kept on a reader thread
 * until the database changes (see {@link readUnlessChanged}, which runs it again on the
 * store's own connection, where a count taken inside a transaction that rolls back would
 * otherwise outlive it).
 */
function resellerOrders(db: Db, resellerSeq: number): number {
  return readUnlessChanged(db, `orders ${resellerSeq}`, () => [countOrders(db, { resellerSeq })])[0]!;
}

/** The distribution companies (lower case) the reseller's orders were sold through, from the facet tally. */
function resellerDistributors(db: Db, resellerSeq: number): readonly string[] {
  return readUnlessChanged(db, `distributors ${resellerSeq}`, () =>
    cachedStatement<[number], { name: string }>(
      db,
      "SELECT DISTINCT distributor_lower AS name FROM order_facet_tally WHERE reseller_seq = ? AND orders > 0 AND distributor_lower <> ''",
    )
      .all(resellerSeq)
      .map((row) => row.name),
  );
}

/**
 * The reseller's products whose name holds `fragment` (lower case), folded as JavaScript folds
 * it (SQLite's lower() folds ASCII letters alone): the product filter's, `q`'s and the renewals'.
 */
export function productsNamed(db: Db, resellerSeq: number, fragment: string): readonly Readonly<Product & { seq: number }>[] {
  return resellerProducts(db, resellerSeq).filter((p) => p.name.toLowerCase().includes(fragment));
}

/** The products the reseller has bought, by name; `seq` is the internal key. */
export function resellerProducts(db: Db, resellerSeq: number): readonly Readonly<Product & { seq: number }>[] {
  return readUnlessChanged(db, `products ${resellerSeq}`, () =>
    cachedStatement<[number], Product & { seq: number }>(
      db,
      `SELECT p.seq, p.id, p.name FROM reseller_products rp JOIN products p ON p.seq = rp.product_seq
       WHERE rp.reseller_seq = ? ORDER BY p.name, p.id`,
    )
      .all(resellerSeq)
      .map((product) => Object.freeze(product)),
  );
}
