/**
 * `customer_orders`: the orders each customer holds a license of, as one list per customer
 * and facet (the bytes of ../shared/order-lists.ts, by the orders' `seq`, which
 * `order_list_entry` writes and `position` finds), which answers the
 * total of a substring search (`q`) that finds customers by email without visiting their
 * orders. Each customer has one list of all its orders (facet ''), one per product (`p:` and
 * the product's id) and one per distribution company (`d:` and its lower-case name), so that
 * the orders of the products or companies the fragment also found can be told apart.
 * Triggers keep the lists exact in the transaction of every write of a license's customer or
 * order and of an order's product or distribution company; like the license tally, the seed
 * drops them while it loads, and the lists are then rebuilt from the licenses
 * ({@link createCustomerOrders}).
 */
import type { PoolClient } from 'pg';
import type { OrderList } from '../shared/order-lists.js';
import { KeptLists } from '../shared/kept-lists.js';
import type { Db } from './sql.js';
import { dropTriggers, recreateWhenMissing, type TriggerKept } from './trigger-kept.js';

/** The lists an order `o` is on, as rows of `f.facet`: all orders, its product, its distribution company when it has one. */
const FACETS = `CROSS JOIN LATERAL (VALUES (''), ('p:' || o.product_id), ('d:' || o.distributor_lower)) f (facet)`;
const HAS_FACET = "f.facet <> 'd:'";

/** An update's assignment that takes the entry of the order `seq` off the list of `t`, and the condition that the list holds it. */
const takeOff = (seq: string) => `orders = order_list_without(t.orders, position(order_list_entry(${seq}) in t.orders))`;
const listHolds = (seq: string) => `position(order_list_entry(${seq}) in t.orders) > 0`;

const FUNCTIONS = `
  -- An order's entry in a list: its row number, seven bits a byte, the first byte's high bit set.
  CREATE OR REPLACE FUNCTION order_list_entry(seq bigint) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT substring(int8send((128 + ((seq >> 21) & 127)) << 24 | (((seq >> 14) & 127) << 16) | (((seq >> 7) & 127) << 8) | (seq & 127)) from 5)
  $$;
  -- The list without the entry it holds at the position at (from 1), which a search for the entry gave.
  CREATE OR REPLACE FUNCTION order_list_without(list bytea, at integer) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT overlay(list placing ''::bytea from at for 4)
  $$;
  CREATE OR REPLACE FUNCTION customer_orders_add(r text, c text, ord text) RETURNS void LANGUAGE sql AS $$
    INSERT INTO customer_orders AS t (reseller_id, customer_id, facet, orders)
    SELECT r, c, f.facet, order_list_entry(o.seq) FROM orders o ${FACETS} WHERE o.reseller_id = r AND o.id = ord AND ${HAS_FACET}
    ON CONFLICT (reseller_id, customer_id, facet) DO UPDATE SET orders = t.orders || excluded.orders
      WHERE position(excluded.orders in t.orders) = 0
  $$;
  -- Takes the order off the customer's lists when it holds no license of it any more, and drops the lists left empty.
  CREATE OR REPLACE FUNCTION customer_orders_remove(r text, c text, ord text) RETURNS void LANGUAGE sql AS $$
    UPDATE customer_orders t SET ${takeOff('o.seq')} FROM orders o
    WHERE o.reseller_id = r AND o.id = ord AND t.reseller_id = r AND t.customer_id = c AND ${listHolds('o.seq')}
      AND NOT EXISTS (SELECT 1 FROM licenses l WHERE l.reseller_id = r AND l.order_id = ord AND l.customer_id = c);
    DELETE FROM customer_orders WHERE reseller_id = r AND customer_id = c AND octet_length(orders) = 0;
  $$;
  CREATE OR REPLACE FUNCTION customer_orders_license() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP <> 'INSERT' AND OLD.customer_id IS NOT NULL THEN PERFORM customer_orders_remove(OLD.reseller_id, OLD.customer_id, OLD.order_id); END IF;
    IF TG_OP <> 'DELETE' AND NEW.customer_id IS NOT NULL THEN PERFORM customer_orders_add(NEW.reseller_id, NEW.customer_id, NEW.order_id); END IF;
    RETURN NULL;
  END $$;
  -- An order that changes product or distribution company moves to other lists of each of its holders.
  CREATE OR REPLACE FUNCTION customer_orders_order() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    UPDATE customer_orders t SET ${takeOff('OLD.seq')}
    WHERE t.reseller_id = OLD.reseller_id AND t.facet <> '' AND ${listHolds('OLD.seq')}
      AND t.customer_id IN (SELECT customer_id FROM licenses WHERE reseller_id = OLD.reseller_id AND order_id = OLD.id);
    DELETE FROM customer_orders WHERE reseller_id = OLD.reseller_id AND octet_length(orders) = 0
      AND customer_id IN (SELECT customer_id FROM licenses WHERE reseller_id = OLD.reseller_id AND order_id = OLD.id);
    PERFORM customer_orders_add(NEW.reseller_id, h.customer_id, NEW.id)
      FROM (SELECT DISTINCT customer_id FROM licenses WHERE reseller_id = NEW.reseller_id AND order_id = NEW.id AND customer_id IS NOT NULL) h;
    RETURN NULL;
  END $$;`;

const TRIGGERS: Readonly<Record<string, string>> = {
  customer_orders_written: 'AFTER INSERT OR DELETE ON licenses FOR EACH ROW EXECUTE FUNCTION customer_orders_license()',
  customer_orders_changed: `AFTER UPDATE OF reseller_id, customer_id, order_id ON licenses FOR EACH ROW
    WHEN (OLD.reseller_id IS DISTINCT FROM NEW.reseller_id OR OLD.customer_id IS DISTINCT FROM NEW.customer_id OR OLD.order_id IS DISTINCT FROM NEW.order_id)
    EXECUTE FUNCTION customer_orders_license()`,
  customer_orders_order: `AFTER UPDATE OF product_id, distributor_lower ON orders FOR EACH ROW
    WHEN (OLD.product_id IS DISTINCT FROM NEW.product_id OR OLD.distributor_lower IS DISTINCT FROM NEW.distributor_lower)
    EXECUTE FUNCTION customer_orders_order()`,
};

/** Every list, from the licenses: what the triggers keep up to date. */
const FILL = `INSERT INTO customer_orders (reseller_id, customer_id, facet, orders)
  SELECT o.reseller_id, o.customer_id, f.facet, string_agg(order_list_entry(o.seq), ''::bytea)
  FROM (SELECT DISTINCT l.reseller_id, l.customer_id, o.seq, o.product_id, o.distributor_lower
        FROM licenses l JOIN orders o ON o.reseller_id = l.reseller_id AND o.id = l.order_id WHERE l.customer_id IS NOT NULL) o
  ${FACETS} WHERE ${HAS_FACET}
  GROUP BY 1, 2, 3`;

/** The lists with their functions and triggers, for {@link recreateWhenMissing}. */
const CUSTOMER_ORDERS: TriggerKept = { table: 'customer_orders', functions: FUNCTIONS, fill: FILL, triggers: TRIGGERS };

/** Drops the triggers of the lists before a bulk load. */
export async function dropCustomerOrders(client: PoolClient): Promise<void> {
  await dropTriggers(client, CUSTOMER_ORDERS);
}

/**
 * When the lists' triggers are missing (after a bulk load, or the migration that made the
 * table), lists every customer's orders afresh and creates them, in one transaction.
 */
export async function createCustomerOrders(client: PoolClient): Promise<void> {
  await recreateWhenMissing(client, CUSTOMER_ORDERS);
}

/** The lists each pool (or transaction) has read. */
const keptLists = new WeakMap<Db, KeptLists>();

/** The lists `db` has read. */
function keptListsOf(db: Db): KeptLists {
  let kept = keptLists.get(db);
  if (kept === undefined) keptLists.set(db, (kept = new KeptLists()));
  return kept;
}

/**
 * A list's version, as SQL over `customer_orders co`: for a list of all orders, the customer's
 * `orders_list`, the transaction that last wrote it, which the search's look-up reads with
 * the customers it finds (order-search.ts); for a facet's, the row's own (`xmin`), read here
 * alone. Both are the transaction that last wrote the list.
 */
const LIST_VERSION = `CASE WHEN co.facet = '' THEN (SELECT c.orders_list::text FROM customers c WHERE c.reseller_id = co.reseller_id AND c.id = co.customer_id)
  ELSE co.xmin::text END`;

/** A list's row: its version, and its bytes unless the version is the one kept. */
interface ListRow {
  customer_id: string;
  facet: string;
  version: string;
  orders: Uint8Array | null;
}

/** The key of a customer's list of a facet among those kept (a text value never holds a NUL). */
const keyOf = (resellerId: string, customer: string, facet: string) => `${resellerId}\u0000${customer}\u0000${facet}`;

/** Where a search's lists come from besides the database. */
export interface ListSources {
  /** The lists read before (those of `db` by default). */
  kept?: KeptLists;
  /**
   * The versions of the customers' lists of all orders (null for a customer without one), in
   * the order of the customers, as the statement that found the customers read them: those
   * kept at their version are then not asked for again.
   */
  versions?: readonly (string | null)[];
}

/**
 * The lists of all orders ('') and of `facets` of the reseller's customers `customerIds`
 * (whose distinct orders ../shared/order-lists.ts counts). Only the lists written since
 * they were kept are handed over (see ../shared/kept-lists.ts).
 */
export async function customerLists(
  db: Db, resellerId: string, customerIds: readonly string[], facets: readonly string[], { kept = keptListsOf(db), versions }: ListSources = {},
): Promise<OrderList[]> {
  if (customerIds.length === 0) return [];
  if (versions === undefined) return readLists(db, resellerId, customerIds, ['', ...facets], kept);
  const lists: OrderList[] = [];
  const stale: string[] = [];
  customerIds.forEach((customer, i) => {
    const version = versions[i] ?? null;
    if (version === null) return;
    const key = keyOf(resellerId, customer, '');
    const orders = kept.versionOf(key) === version ? kept.get(key, version) : undefined;
    if (orders === undefined) stale.push(customer);
    else lists.push({ facet: '', orders });
  });
  if (stale.length > 0) lists.push(...(await readLists(db, resellerId, stale, [''], kept)));
  if (facets.length > 0) lists.push(...(await readLists(db, resellerId, customerIds, facets, kept)));
  return lists;
}

/** The lists of `wanted` facets of the customers, handing over only those written since `kept` read them. */
async function readLists(db: Db, resellerId: string, customerIds: readonly string[], wanted: readonly string[], kept: KeptLists): Promise<OrderList[]> {
  const known: { customers: string[]; facets: string[]; versions: string[] } = { customers: [], facets: [], versions: [] };
  for (const customer of customerIds) {
    for (const facet of wanted) {
      const version = kept.versionOf(keyOf(resellerId, customer, facet));
      if (version === undefined) continue;
      known.customers.push(customer);
      known.facets.push(facet);
      known.versions.push(version);
    }
  }
  const { rows } = await db.query<ListRow>(
    `SELECT co.customer_id, co.facet, listed.version,
       CASE WHEN listed.version = known.version THEN NULL ELSE co.orders END AS orders
     FROM customer_orders co
     CROSS JOIN LATERAL (SELECT ${LIST_VERSION} AS version) listed
     LEFT JOIN unnest($4::text[], $5::text[], $6::text[]) AS known (customer_id, facet, version)
       ON known.customer_id = co.customer_id AND known.facet = co.facet
     WHERE co.reseller_id = $1 AND co.customer_id = ANY($2::text[]) AND co.facet = ANY($3::text[])`,
    [resellerId, customerIds, wanted, known.customers, known.facets, known.versions],
  );
  const lists: OrderList[] = [];
  const missing: ListRow[] = [];
  for (const row of rows) {
    const key = keyOf(resellerId, row.customer_id, row.facet);
    if (row.orders !== null) kept.keep(key, row.version, row.orders);
    const orders = row.orders ?? kept.get(key, row.version);
    if (orders === undefined) missing.push(row);
    else lists.push({ facet: row.facet, orders });
  }
  if (missing.length > 0) {
    // Lists another search gave up (past the budget) while this one waited for the database: read whole.
    const { rows: read } = await db.query<ListRow & { orders: Uint8Array }>(
      `SELECT co.customer_id, co.facet, ${LIST_VERSION} AS version, co.orders
       FROM customer_orders co JOIN unnest($2::text[], $3::text[]) AS m (customer_id, facet) ON m.customer_id = co.customer_id AND m.facet = co.facet
       WHERE co.reseller_id = $1`,
      [resellerId, missing.map((row) => row.customer_id), missing.map((row) => row.facet)],
    );
    for (const row of read) {
      kept.keep(keyOf(resellerId, row.customer_id, row.facet), row.version, row.orders);
      lists.push({ facet: row.facet, orders: row.orders });
    }
  }
  return lists;
}
