/**
 * `customer_orders`: the orders each customer holds a license of, as one list per customer
 * and facet, which answers the total of a substring search (`q`) that finds customers by
 * email without visiting their orders: a few hundred short rows are read, and the distinct
 * orders among them are counted in the process (see ../shared/order-lists.ts, whose form of a
 * list this is: four bytes an order, which `unhex` writes and `instr` and `replace` find). Each customer has one list of all its orders (facet ''), one per product (`p:` and the
 * product's row number) and one per distribution company (`d:` and its lower-case name), so
 * that the orders of the products or companies the fragment also found can be told apart.
 * Triggers keep the lists exact on every write of a license's customer or order and of an
 * order's product or distribution company; like the license tally, the seed drops them while
 * it loads, and the lists are then rebuilt from the licenses ({@link createCustomerOrders}).
 */
import { ascending, type AscendingSeqs, countListedOrders, type ListedOrders, type OrderList, readList } from '../shared/order-lists.js';
import { type KeptKey, KeptLists } from '../shared/kept-lists.js';
import { cachedStatement, type Db } from './database.js';
import { dropTriggers, recreateWhenMissing, type TriggerKept } from './trigger-kept.js';

/** Which lists an order is on, as the rows of `k` (all its orders, its product, its distribution company) with `o` the order. */
const FACET_KINDS = "(SELECT 0 AS kind UNION ALL SELECT 1 UNION ALL SELECT 2) k ON k.kind < 2 OR o.distributor_lower <> ''";
/** The list of `k` for the order `o`. */
const FACET = "CASE k.kind WHEN 0 THEN '' WHEN 1 THEN 'p:' || o.product_seq ELSE 'd:' || o.distributor_lower END";

/** The entry of the order `order` (an SQL expression of its row number) in a list, as hex digits. */
const entryHex = (order: string) => `printf('%02X%02X%02X%02X', 128 + ((${order} >> 21) & 127), (${order} >> 14) & 127, (${order} >> 7) & 127, ${order} & 127)`;
/** The entry of the order `order` in a list. */
const entry = (order: string) => `unhex(${entryHex(order)})`;

/** An insert's conflict clause: the new entry goes at the end of the customer's list of its facet, unless the list holds it. */
const APPEND_ONCE = 'ON CONFLICT (customer_seq, facet) DO UPDATE SET orders = CAST(orders || excluded.orders AS BLOB) WHERE instr(orders, excluded.orders) = 0';
/** An update's assignment that takes the entry of the order `order` off a list, and the condition that the list holds it. */
const takeOff = (order: string) => `orders = CAST(replace(orders, ${entry(order)}, x'') AS BLOB)`;
const listHolds = (order: string) => `instr(orders, ${entry(order)}) > 0`;

/** The facets of the order `order` (an SQL expression) as rows of `facet`. */
const orderFacets = (order: string) => `(SELECT ${FACET} AS facet FROM orders o JOIN ${FACET_KINDS} WHERE o.seq = ${order})`;

/** Lists the order `order` for the customer `customer` (SQL expressions; nothing when the customer is NULL), once. */
const addOrder = (customer: string, order: string) => `INSERT INTO customer_orders (customer_seq, facet, orders)
    SELECT ${customer}, facet, ${entry(order)} FROM ${orderFacets(order)} WHERE ${customer} IS NOT NULL
    ${APPEND_ONCE};`;

/**
 * Takes the order `order` off every list of the customer `customer` when it holds no license
 * of it any more, and drops the lists left empty (so that the lists equal a rebuild).
 */
const removeOrder = (customer: string, order: string) => `UPDATE customer_orders SET ${takeOff(order)}
    WHERE customer_seq = ${customer} AND ${listHolds(order)}
      AND NOT EXISTS (SELECT 1 FROM licenses WHERE order_seq = ${order} AND customer_seq = ${customer});
    DELETE FROM customer_orders WHERE customer_seq = ${customer} AND length(orders) = 0;`;

/** The customers holding a license of the order `order`. */
const holders = (order: string) => `(SELECT DISTINCT customer_seq FROM licenses WHERE order_seq = ${order} AND customer_seq IS NOT NULL)`;

/** The triggers that keep every list exact, by what they follow. */
export const CUSTOMER_ORDERS_TRIGGERS = {
  customer_orders_insert: `AFTER INSERT ON licenses WHEN new.customer_seq IS NOT NULL BEGIN ${addOrder('new.customer_seq', 'new.order_seq')} END`,
  customer_orders_delete: `AFTER DELETE ON licenses WHEN old.customer_seq IS NOT NULL BEGIN ${removeOrder('old.customer_seq', 'old.order_seq')} END`,
  customer_orders_update: `AFTER UPDATE OF customer_seq, order_seq ON licenses
    WHEN old.customer_seq IS NOT new.customer_seq OR old.order_seq IS NOT new.order_seq BEGIN
    ${removeOrder('old.customer_seq', 'old.order_seq')} ${addOrder('new.customer_seq', 'new.order_seq')} END`,
  // An order that changes product or distribution company moves to other lists of each of its holders.
  customer_orders_order: `AFTER UPDATE OF product_seq, distributor_lower ON orders
    WHEN old.product_seq IS NOT new.product_seq OR old.distributor_lower IS NOT new.distributor_lower BEGIN
    UPDATE customer_orders SET ${takeOff('old.seq')}
      WHERE facet <> '' AND customer_seq IN ${holders('old.seq')} AND ${listHolds('old.seq')};
    DELETE FROM customer_orders WHERE length(orders) = 0 AND customer_seq IN ${holders('old.seq')};
    INSERT INTO customer_orders (customer_seq, facet, orders)
      SELECT h.customer_seq, f.facet, ${entry('new.seq')} FROM ${holders('new.seq')} h JOIN ${orderFacets('new.seq')} f WHERE f.facet <> ''
      ${APPEND_ONCE}; END`,
} as const;

/** Every list, from the licenses: what the triggers keep up to date. */
export const CUSTOMER_ORDERS_FILL = `INSERT INTO customer_orders (customer_seq, facet, orders)
  SELECT customer_seq, facet, unhex(group_concat(${entryHex('order_seq')}, '')) FROM (
    SELECT DISTINCT l.customer_seq, ${FACET} AS facet, l.order_seq
    FROM licenses l JOIN orders o ON o.seq = l.order_seq JOIN ${FACET_KINDS} WHERE l.customer_seq IS NOT NULL)
  GROUP BY customer_seq, facet`;

/** The lists with their triggers, for {@link recreateWhenMissing}. */
const CUSTOMER_ORDERS: TriggerKept = { table: 'customer_orders', fill: CUSTOMER_ORDERS_FILL, triggers: CUSTOMER_ORDERS_TRIGGERS };

/** Drops the triggers of the lists before a bulk load. */
export function dropCustomerOrders(db: Db): void {
  dropTriggers(db, CUSTOMER_ORDERS);
}

/**
 * When the lists' triggers are missing (after a bulk load, or the migration that made the
 * table), lists every customer's orders afresh and creates them, in one transaction.
 */
export function createCustomerOrders(db: Db): void {
  recreateWhenMissing(db, CUSTOMER_ORDERS);
}

/** The lists each reader connection has read (see ../shared/kept-lists.ts), within its own budget. */
const keptLists = new WeakMap<Db, KeptLists>();
/** The bytes of lists a reader connection keeps at most. */
const KEPT_LISTS_BUDGET = 32 * 2 ** 20;
/** A customer's list of a facet it holds no order of, as kept. */
const NO_ORDERS = ascending([]);

/**
 * The distinct orders that the customers `customerSeqs` hold licenses of: how many in all, how
 * many of them are on the lists of `facets` too (`p:` a product, `d:` a distribution
 * company), and which of `probes` none holds (see {@link countListedOrders}).
 */
export function customersOrders(db: Db, customerSeqs: readonly number[], facets: readonly string[], probes: readonly number[]): ListedOrders {
  if (customerSeqs.length === 0) return countListedOrders([], probes);
  const wanted = ['', ...facets];
  return countListedOrders(db.readonly ? keptCustomerLists(db, customerSeqs, wanted) : wanted.flatMap((facet) => facetLists(db, customerSeqs, facet)), probes);
}

/**
 * The customers' lists of `facet` end to end (whole entries, so still a list), as one
 * statement: one value to hand over instead of hundreds, and no grouping, which would sort
 * the lists' bytes (a third of the read).
 */
function facetLists(db: Db, customerSeqs: readonly number[], facet: string): OrderList[] {
  const orders = cachedStatement<Record<string, string>, Uint8Array | null>(
    db,
    `SELECT CAST(group_concat(orders, '') AS BLOB) FROM customer_orders
     WHERE customer_seq IN (SELECT value FROM json_each(@customers)) AND facet = @facet`,
  ).pluck().get({ customers: JSON.stringify(customerSeqs), facet });
  return orders === null || orders === undefined ? [] : [{ facet, seqs: readList(orders) }];
}

/**
 * The customers' lists of each of `facets` on a read-only connection (a reader thread's),
 * which keeps the lists it reads until another connection commits: a search by a fragment of
 * an email then reads only the lists it has not met yet, where reading a few hundred cost a
 * quarter of it. A customer without a list of a facet is kept as such.
 */
function keptCustomerLists(db: Db, customerSeqs: readonly number[], facets: readonly string[]): OrderList[] {
  let kept = keptLists.get(db);
  if (kept === undefined) keptLists.set(db, (kept = new KeptLists({ budget: KEPT_LISTS_BUDGET })));
  const version = String(db.pragma('data_version', { simple: true }));
  const lists: OrderList[] = [];
  const add = (facet: string, seqs: AscendingSeqs) => {
    if (seqs.length > 0) lists.push({ facet, seqs });
  };
  for (const facet of facets) {
    // The customer's row number for its list of all orders; with the facet for the others (a text value never holds a NUL).
    const keyOf = (customer: number): KeptKey => (facet === '' ? customer : `${customer}\u0000${facet}`);
    const missing: number[] = [];
    for (const customer of customerSeqs) {
      const seqs = kept.get(keyOf(customer), version);
      if (seqs === undefined) missing.push(customer);
      else add(facet, seqs);
    }
    if (missing.length === 0) continue;
    const rows = cachedStatement<Record<string, string>, [number, Uint8Array]>(
      db,
      'SELECT customer_seq, orders FROM customer_orders WHERE customer_seq IN (SELECT value FROM json_each(@customers)) AND facet = @facet',
    ).raw().all({ customers: JSON.stringify(missing), facet });
    const read = new Map(rows);
    for (const customer of missing) {
      const bytes = read.get(customer);
      const seqs = bytes === undefined ? NO_ORDERS : readList(bytes);
      kept.keep(keyOf(customer), version, seqs);
      add(facet, seqs);
    }
  }
  return lists;
}
