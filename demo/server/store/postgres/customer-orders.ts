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
import { ascending, type AscendingSeqs, type OrderList, readList } from '../shared/order-lists.js';
import { type KeptKey, KeptLists } from '../shared/kept-lists.js';
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

/** A customer's list of one facet as read: its customer's version, and its bytes (null for a customer holding none of the facets asked for). */
interface ListRow {
  customer_id: string;
  version: string | null;
  facet: string | null;
  orders: Uint8Array | null;
}

/**
 * The key of a customer's list of a facet among those kept, for its reseller: the customer's
 * id for its list of all orders, as the look-up gave it (a text value never holds a NUL).
 */
const keyOf = (customer: string, facet: string): KeptKey => (facet === '' ? customer : `${customer}\u0000${facet}`);

/** The lists read before by default: those of `db`. */
export interface ListSources {
  kept?: KeptLists;
}

/**
 * The lists of all orders ('') and of `facets` of the reseller's customers `customerIds`
 * (whose distinct orders ../shared/order-lists.ts counts), given the versions of their lists
 * (`customers.orders_list`, null for a customer without a list of all orders) as the
 * statement that found the customers read them, in the same order. A write of any list of a
 * customer gives it a new version (schema.ts), so the lists kept at a customer's version,
 * a facet's list the customer does not hold kept as empty, are its lists: only the customers
 * for whom one is missing are read, in one statement, each list whole with the version it was
 * read at.
 */
export async function customerLists(
  db: Db, resellerId: string, customerIds: readonly string[], versions: readonly (string | null)[], facets: readonly string[],
  { kept = keptListsOf(db) }: ListSources = {},
): Promise<OrderList[]> {
  if (customerIds.length !== versions.length) throw new Error(`${customerIds.length} customers came with ${versions.length} versions of their lists`);
  const wanted = ['', ...facets];
  const lists: OrderList[] = [];
  const stale: string[] = [];
  const now = kept.now();
  for (let i = 0; i < customerIds.length; i += 1) {
    const version = versions[i] ?? null;
    if (version === null) continue;
    const customer = customerIds[i]!;
    const found = lists.length;
    for (const facet of wanted) {
      const seqs = kept.trusted(keyOf(customer, facet), version, now, resellerId);
      if (seqs === undefined) {
        // Read again whole: the lists of this customer taken so far go back.
        lists.length = found;
        stale.push(customer);
        break;
      }
      if (seqs.length > 0) lists.push({ facet, seqs });
    }
  }
  if (stale.length > 0) lists.push(...(await readLists(db, resellerId, stale, wanted, kept)));
  return lists;
}

/** The lists of `wanted` facets of the customers, read whole and kept at the version each customer's lists had then. */
async function readLists(db: Db, resellerId: string, customerIds: readonly string[], wanted: readonly string[], kept: KeptLists): Promise<OrderList[]> {
  const { rows } = await db.query<ListRow>(
    `SELECT c.id AS customer_id, c.orders_list::text AS version, co.facet, co.orders
     FROM customers c
     LEFT JOIN customer_orders co ON co.reseller_id = c.reseller_id AND co.customer_id = c.id AND co.facet = ANY($3::text[])
     WHERE c.reseller_id = $1 AND c.id = ANY($2::text[])`,
    [resellerId, customerIds, wanted],
  );
  const read = new Map<string, { version: string | null; lists: Map<string, AscendingSeqs> }>();
  for (const row of rows) {
    let customer = read.get(row.customer_id);
    if (customer === undefined) read.set(row.customer_id, (customer = { version: row.version, lists: new Map() }));
    if (row.facet !== null && row.orders !== null) customer.lists.set(row.facet, readList(row.orders));
  }
  const lists: OrderList[] = [];
  for (const [customer, { version, lists: held }] of read) {
    for (const facet of wanted) {
      const seqs = held.get(facet);
      if (version !== null) kept.keep(keyOf(customer, facet), version, seqs ?? EMPTY, resellerId);
      if (seqs !== undefined) lists.push({ facet, seqs });
    }
  }
  return lists;
}

/** A list a customer does not hold, as kept. */
const EMPTY = ascending([]);
