/**
 * The PostgreSQL schema: an append-only list of migrations, applied in order, each in its own
 * transaction, under an advisory lock so that two processes starting at once migrate once.
 *
 * Built to be distributed by reseller later (Citus and the like) without changing it: the
 * reseller's id leads every primary key, foreign key and index of the per-reseller tables
 * (but one index: licenses by activation code alone, for the customer's activation page);
 * `products` is the one shared (reference) table. Text keys that are sorted or compared use
 * the "C" collation, so that their order is the order of their code points everywhere.
 *
 * Orders and licenses carry the search indexes listed in {@link BULK_INDEXES}, and their
 * foreign keys in {@link BULK_FOREIGN_KEYS}; the seed drops both while it loads and builds
 * them afterwards, which is many times faster than keeping them up to date row by row.
 */
import type { PoolClient } from 'pg';
import { createCustomerOrders, dropCustomerOrders } from './customer-orders.js';
import { createNumberStems, dropNumberStems } from './number-stems.js';
import { joinedSql, OTHER_CHARACTER } from './order-filter.js';
import { createLicenseTally, dropLicenseTally } from './tallies.js';

/** The search facets every orders index carries, so that a walk tests filters inside the index. */
const FACETS = 'product_id, state, payment_type, distributor_lower';

/** The secondary indexes of the big tables, by name. */
export const BULK_INDEXES: Readonly<Record<string, string>> = {
  // One per sort order: its key and the id (the cursors' tie-breaker), carrying every facet,
  // so that a page is picked from the index alone and only its rows are read.
  orders_by_time: `orders (reseller_id, purchased_at, id) INCLUDE (amount, ${FACETS})`,
  orders_by_amount: `orders (reseller_id, amount, id) INCLUDE (purchased_at, ${FACETS})`,
  orders_by_number: `orders (reseller_id, order_number_lower, id) INCLUDE (purchased_at, amount, ${FACETS})`,
  // Entry points for narrow facets, in purchase order.
  orders_by_product: 'orders (reseller_id, product_id, purchased_at, id) INCLUDE (amount, state, payment_type, distributor_lower)',
  orders_by_state: 'orders (reseller_id, state, payment_type, purchased_at, id) INCLUDE (amount, product_id, distributor_lower)',
  orders_by_distributor: 'orders (reseller_id, distributor_lower, purchased_at, id) INCLUDE (amount, product_id, state, payment_type)',
  // An order's licenses in the order they were issued.
  licenses_by_order: 'licenses (reseller_id, order_id, position)',
  licenses_by_code: 'licenses (reseller_id, lower(activation_code))',
  // The one lookup not led by a reseller: the customer's activation page has only the code.
  licenses_by_code_alone: 'licenses (lower(activation_code))',
  // A customer's orders in purchase order, from the index alone.
  licenses_by_customer: 'licenses (reseller_id, customer_id, order_purchased_at, order_id) WHERE customer_id IS NOT NULL',
  // The codes of the orders' licenses by their row numbers, as the index of numbers reads
  // them with the orders (number-index.ts): a range of them, where licenses_by_order meets
  // the orders' ids at random.
  licenses_by_order_seq: 'licenses (order_seq)',
  // An order's purchase time by row number, from the index alone: the times a search by q
  // picks its page by (order-times.ts), and the orders of that page.
  orders_by_seq: 'orders (seq) INCLUDE (purchased_at)',
  // Substring search (q): trigram indexes of the joined forms of order numbers and activation
  // codes (pg_trgm; order-filter.ts, joinedSql).
  orders_number_joined: `orders USING gin ((${joinedSql('order_number_lower')}) gin_trgm_ops)`,
  licenses_code_joined: `licenses USING gin ((${joinedSql('lower(activation_code)')}) gin_trgm_ops)`,
  // The few numbers and codes a fragment without trigrams can be held by (order-filter.ts, OTHER_CHARACTER).
  orders_number_other_characters: `orders (reseller_id) WHERE order_number_lower ~ ${OTHER_CHARACTER}`,
  licenses_code_other_characters: `licenses (reseller_id) WHERE activation_code ~ ${OTHER_CHARACTER}`,
  // Licenses across orders by the day they renew or lapse (GET /licenses), the id breaking ties.
  licenses_by_valid_to: 'licenses (reseller_id, valid_to, id)',
  // The terms still open, for the renewals to find those that ended.
  licenses_open_terms: 'licenses (reseller_id, valid_to, id) WHERE expired_at IS NULL',
  licenses_scheduled: 'licenses (reseller_id, scheduled_on, id) WHERE scheduled_on IS NOT NULL',
};

/** The foreign keys of the big tables, by constraint name. */
export const BULK_FOREIGN_KEYS: Readonly<Record<string, string>> = {
  orders_reseller_fk: 'orders ADD CONSTRAINT orders_reseller_fk FOREIGN KEY (reseller_id) REFERENCES resellers (id)',
  orders_product_fk: 'orders ADD CONSTRAINT orders_product_fk FOREIGN KEY (product_id) REFERENCES products (id)',
  licenses_order_fk:
    'licenses ADD CONSTRAINT licenses_order_fk FOREIGN KEY (reseller_id, order_id) REFERENCES orders (reseller_id, id)',
  licenses_customer_fk:
    'licenses ADD CONSTRAINT licenses_customer_fk FOREIGN KEY (reseller_id, customer_id) REFERENCES customers (reseller_id, id)',
};

/** Each entry moves the schema one version up. Append only: never edit an applied entry. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE resellers (
    id text COLLATE "C" PRIMARY KEY,
    name text NOT NULL,
    user_name text NOT NULL,
    user_email text NOT NULL,
    currency text NOT NULL,
    token_label text NOT NULL UNIQUE
  );

  -- SHA-256 of each bearer token; the tokens themselves are never stored.
  CREATE TABLE api_tokens (
    reseller_id text COLLATE "C" NOT NULL REFERENCES resellers (id),
    token_hash bytea NOT NULL,
    PRIMARY KEY (reseller_id, token_hash)
  );

  -- The vendor's catalog, shared by every reseller.
  CREATE TABLE products (
    id text COLLATE "C" PRIMARY KEY,
    name text NOT NULL
  );

  CREATE TABLE reseller_products (
    reseller_id text COLLATE "C" NOT NULL REFERENCES resellers (id),
    product_id text COLLATE "C" NOT NULL REFERENCES products (id),
    PRIMARY KEY (reseller_id, product_id)
  );

  CREATE TABLE customers (
    reseller_id text COLLATE "C" NOT NULL REFERENCES resellers (id),
    id text COLLATE "C" NOT NULL,
    email text NOT NULL,
    email_lower text COLLATE "C" NOT NULL,
    name_lower text NOT NULL,
    organization text NOT NULL,
    first_name text NOT NULL,
    last_name text NOT NULL,
    phone text,
    country text,
    PRIMARY KEY (reseller_id, id),
    UNIQUE (reseller_id, email_lower)
  );

  CREATE TABLE orders (
    reseller_id text COLLATE "C" NOT NULL,
    id text COLLATE "C" NOT NULL,
    order_number text NOT NULL,
    order_number_lower text COLLATE "C" NOT NULL,
    purchased_at timestamptz NOT NULL,
    user_name text NOT NULL,
    product_id text COLLATE "C" NOT NULL,
    amount bigint NOT NULL,
    currency text NOT NULL,
    payment_type text NOT NULL CHECK (payment_type IN ('css_balance', 'credit_card')),
    state text NOT NULL CHECK (state IN ('processed', 'refunded')),
    distribution_company text,
    -- The distributor in lower case, '' for none: what the distributor filter compares.
    distributor_lower text COLLATE "C" NOT NULL,
    quantity integer NOT NULL,
    active_count integer NOT NULL,
    available_count integer NOT NULL,
    PRIMARY KEY (reseller_id, id)
  );

  CREATE TABLE licenses (
    reseller_id text COLLATE "C" NOT NULL,
    id text COLLATE "C" NOT NULL,
    order_id text COLLATE "C" NOT NULL,
    -- Where the license stands in its order, from 0: the order they were issued in.
    position integer NOT NULL,
    -- The purchase time of the order (which never changes), for licenses_by_customer.
    order_purchased_at timestamptz NOT NULL,
    activation_code text NOT NULL,
    -- NULL stands for the standard link of the code, which most licenses have.
    activation_link text,
    valid_from date NOT NULL,
    valid_to date NOT NULL,
    recurrent boolean NOT NULL,
    customer_id text COLLATE "C",
    activated_at timestamptz,
    distribution_company text,
    PRIMARY KEY (reseller_id, id),
    CHECK ((customer_id IS NULL) = (activated_at IS NULL))
  );

  -- Orders per reseller, UTC day and facet: the totals of broad searches. Derived from the
  -- orders, which only the seed writes (no change ever creates an order or moves its facets),
  -- so the seed builds them once.
  CREATE TABLE order_day_tally (
    reseller_id text COLLATE "C" NOT NULL REFERENCES resellers (id),
    day date NOT NULL,
    product_id text COLLATE "C" NOT NULL,
    state text NOT NULL,
    payment_type text NOT NULL,
    distributor_lower text COLLATE "C" NOT NULL,
    orders integer NOT NULL,
    PRIMARY KEY (reseller_id, day, product_id, state, payment_type, distributor_lower)
  );
  -- The same over all time, for searches without dates.
  CREATE TABLE order_facet_tally (
    reseller_id text COLLATE "C" NOT NULL REFERENCES resellers (id),
    product_id text COLLATE "C" NOT NULL,
    state text NOT NULL,
    payment_type text NOT NULL,
    distributor_lower text COLLATE "C" NOT NULL,
    orders integer NOT NULL,
    PRIMARY KEY (reseller_id, product_id, state, payment_type, distributor_lower)
  );
  -- Orders per reseller and UTC day, for dated searches without facets.
  CREATE TABLE order_day_total (
    reseller_id text COLLATE "C" NOT NULL REFERENCES resellers (id),
    day date NOT NULL,
    orders integer NOT NULL,
    PRIMARY KEY (reseller_id, day)
  );

  -- What happened since the purchase, to one license or (license_id NULL) to its whole order.
  CREATE TABLE history (
    reseller_id text COLLATE "C" NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    order_id text COLLATE "C" NOT NULL,
    license_id text COLLATE "C",
    at timestamptz NOT NULL,
    actor text NOT NULL,
    kind text NOT NULL,
    detail text NOT NULL,
    PRIMARY KEY (reseller_id, seq),
    FOREIGN KEY (reseller_id, order_id) REFERENCES orders (reseller_id, id),
    FOREIGN KEY (reseller_id, license_id) REFERENCES licenses (reseller_id, id)
  );
  CREATE INDEX history_by_license ON history (reseller_id, license_id, at, seq) WHERE license_id IS NOT NULL;
  CREATE INDEX history_by_order ON history (reseller_id, order_id, at, seq) WHERE license_id IS NULL;

  -- Every mail, written in the transaction of the change it reports, sent after it commits.
  CREATE TABLE outbox (
    reseller_id text COLLATE "C" NOT NULL REFERENCES resellers (id),
    id text COLLATE "C" NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    at timestamptz NOT NULL,
    kind text NOT NULL CHECK (kind IN ('activation', 'confirmation')),
    to_address text NOT NULL,
    subject text NOT NULL,
    text text NOT NULL,
    order_id text COLLATE "C" NOT NULL,
    license_id text COLLATE "C",
    sent_at timestamptz,
    send_error text,
    PRIMARY KEY (reseller_id, id),
    FOREIGN KEY (reseller_id, order_id) REFERENCES orders (reseller_id, id),
    FOREIGN KEY (reseller_id, license_id) REFERENCES licenses (reseller_id, id)
  );
  CREATE INDEX outbox_by_order ON outbox (reseller_id, order_id, kind, at);
  CREATE INDEX outbox_by_time ON outbox (reseller_id, at, seq);
  CREATE INDEX outbox_pending ON outbox (reseller_id, seq) WHERE sent_at IS NULL AND send_error IS NULL;

  CREATE TABLE idempotency_keys (
    reseller_id text COLLATE "C" NOT NULL REFERENCES resellers (id),
    key text COLLATE "C" NOT NULL,
    fingerprint text NOT NULL,
    status integer NOT NULL,
    -- The answer's JSON text, exactly as it was given.
    body text NOT NULL,
    at timestamptz NOT NULL,
    PRIMARY KEY (reseller_id, key)
  );
  CREATE INDEX idempotency_keys_by_age ON idempotency_keys (reseller_id, at);

  -- Facts about the data set itself (seed number, when it was seeded).
  CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);
  `,
  `
  -- The CSS balance, in minor units of the reseller's currency; the seed sets it.
  ALTER TABLE resellers ADD COLUMN balance bigint NOT NULL DEFAULT 0;
  ALTER TABLE resellers ALTER COLUMN balance DROP DEFAULT;

  -- What one license of a product costs the reseller for one term, in the reseller's currency:
  -- the products it may buy.
  CREATE TABLE prices (
    reseller_id text COLLATE "C" NOT NULL REFERENCES resellers (id),
    product_id text COLLATE "C" NOT NULL REFERENCES products (id),
    unit_price bigint NOT NULL CHECK (unit_price >= 0),
    term_months integer NOT NULL CHECK (term_months BETWEEN 1 AND 120),
    PRIMARY KEY (reseller_id, product_id)
  );

  -- The order tallies of the first migration are no longer the seed's alone: creating an order
  -- or changing its state keeps them exact in the same transaction (tallies.ts).
  -- history.kind has no CHECK: every HistoryKind of the contract is accepted as it is.
  -- Licenses by code alone: licenses_by_code_alone in BULK_INDEXES.
  `,
  `
  -- Orders per reseller and UTC hour, for dated searches without facets: their totals add up
  -- whole hours and count only what lies within an hour of each bound. Derived from the orders
  -- like the other tallies (the seed fills it; a database seeded before it is filled here).
  CREATE TABLE order_hour_total (
    reseller_id text COLLATE "C" NOT NULL REFERENCES resellers (id),
    hour timestamptz NOT NULL,
    orders integer NOT NULL,
    PRIMARY KEY (reseller_id, hour)
  );
  INSERT INTO order_hour_total (reseller_id, hour, orders)
    SELECT reseller_id, date_trunc('hour', purchased_at, 'UTC'), count(*) FROM orders GROUP BY 1, 2;
  `,
  `
  -- A mail that failed is tried again later (attempts, next_attempt_at) until it is sent or given up.
  ALTER TABLE outbox ADD COLUMN attempts integer NOT NULL DEFAULT 0,
    ADD COLUMN next_attempt_at timestamptz,
    ADD COLUMN gave_up boolean NOT NULL DEFAULT false;
  UPDATE outbox SET attempts = 1 WHERE send_error IS NOT NULL;
  DROP INDEX IF EXISTS outbox_pending;
  CREATE INDEX outbox_due ON outbox (seq) WHERE sent_at IS NULL AND NOT gave_up;
  `,
  `
  -- Who did what: history.actor is now the actor's name, actor_kind what the actor is. Every
  -- row written before was the reseller's; new rows always name their kind.
  ALTER TABLE history ADD COLUMN actor_kind text NOT NULL DEFAULT 'reseller'
    CHECK (actor_kind IN ('reseller', 'customer', 'system'));
  ALTER TABLE history ALTER COLUMN actor_kind DROP DEFAULT;

  -- A license can be deactivated (customer_id and activated_at back to NULL, which the CHECK of
  -- licenses allows) or pass to another customer; licenses_by_customer follows both, and the
  -- customer-email search reads it live. A customer's email and names can be corrected:
  -- email_lower and name_lower are rewritten with them.
  `,
  `
  -- Substring search (q) with trigram indexes: customers' emails here, order numbers and
  -- activation codes with the bulk indexes (orders_number_text, licenses_code_text).
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
  CREATE INDEX customers_email_text ON customers USING gin (email_lower gin_trgm_ops);
  `,
  `
  -- Renewals: when a term ended without a renewal (the license is expired), and a billing
  -- change scheduled for a later day (both columns or neither). Their indexes are bulk
  -- indexes (licenses_by_valid_to, licenses_open_terms, licenses_scheduled).
  ALTER TABLE licenses ADD COLUMN expired_at timestamptz,
    ADD COLUMN scheduled_recurrent boolean,
    ADD COLUMN scheduled_on date,
    ADD CONSTRAINT licenses_scheduled_whole CHECK ((scheduled_recurrent IS NULL) = (scheduled_on IS NULL));

  -- The day of each renewal-notice digest: one per reseller and day, never sent twice.
  CREATE TABLE renewal_digests (
    reseller_id text COLLATE "C" NOT NULL REFERENCES resellers (id),
    day date NOT NULL,
    PRIMARY KEY (reseller_id, day)
  );

  -- Renewal-notice digests are mails about licenses of many orders: a new kind, and no order.
  ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check,
    ADD CONSTRAINT outbox_kind_check CHECK (kind IN ('activation', 'confirmation', 'renewal_notice')),
    ALTER COLUMN order_id DROP NOT NULL;
  `,
  `
  -- Bulk jobs (POST /jobs): each job with its progress, and its rows in order, whose result
  -- columns stay NULL until the row has run (a row with a result never runs again).
  CREATE TABLE jobs (
    reseller_id text COLLATE "C" NOT NULL REFERENCES resellers (id),
    id text COLLATE "C" NOT NULL,
    -- The order jobs were queued in, for the job runner.
    seq bigint GENERATED ALWAYS AS IDENTITY,
    kind text NOT NULL CHECK (kind IN ('activation', 'billing_change', 'confirmation_email')),
    status text NOT NULL CHECK (status IN ('queued', 'running', 'done')),
    total integer NOT NULL,
    done integer NOT NULL,
    succeeded integer NOT NULL,
    failed integer NOT NULL,
    created_at timestamptz NOT NULL,
    finished_at timestamptz,
    PRIMARY KEY (reseller_id, id)
  );
  -- What the job runner looks for, whoever's it is: the jobs not done, oldest first.
  CREATE INDEX jobs_unfinished ON jobs (seq) WHERE status <> 'done';
  CREATE TABLE job_rows (
    reseller_id text COLLATE "C" NOT NULL,
    job_id text COLLATE "C" NOT NULL,
    position integer NOT NULL,
    target text NOT NULL,
    input jsonb NOT NULL,
    ok boolean,
    code text,
    detail text,
    license_id text,
    PRIMARY KEY (reseller_id, job_id, position),
    FOREIGN KEY (reseller_id, job_id) REFERENCES jobs (reseller_id, id)
  );
  -- The rows still to run, in order.
  CREATE INDEX job_rows_pending ON job_rows (reseller_id, job_id, position) WHERE ok IS NULL;
  `,
  `
  -- Licenses per reseller, validTo, product, status and recurrence: the totals of GET /licenses
  -- (see tallies.ts), filled and kept by its triggers, made with the bulk indexes.
  CREATE TABLE license_tally (
    reseller_id text COLLATE "C" NOT NULL,
    valid_to date NOT NULL,
    product_id text COLLATE "C" NOT NULL,
    status text NOT NULL CHECK (status IN ('refunded', 'expired', 'active', 'available')),
    recurrent boolean NOT NULL,
    licenses integer NOT NULL,
    PRIMARY KEY (reseller_id, valid_to, product_id, status, recurrent)
  );
  `,
  `
  -- A row number per order, which the customers' order lists hold (the ids are text).
  ALTER TABLE orders ADD COLUMN seq bigint GENERATED BY DEFAULT AS IDENTITY;
  -- The orders each customer holds a license of, per facet ('' for all of them, 'p:' a product,
  -- 'd:' a distribution company), as the text ',seq,seq,…,': the totals of q when it finds
  -- customers by email (see customer-orders.ts), filled and kept by its triggers, made with the bulk indexes.
  CREATE TABLE customer_orders (
    reseller_id text COLLATE "C" NOT NULL,
    customer_id text COLLATE "C" NOT NULL,
    facet text COLLATE "C" NOT NULL,
    orders text NOT NULL,
    PRIMARY KEY (reseller_id, customer_id, facet)
  );
  `,
  `
  -- The customers' order lists as bytes, four an order (see shared/order-lists.ts) instead of
  -- its digits and a comma: a search reads fewer bytes and parses no digits. The lists are made
  -- afresh from the licenses: their triggers are dropped here, and createCustomerOrders (with
  -- the bulk indexes) fills the table and creates them with their functions.
  DROP TRIGGER IF EXISTS customer_orders_written ON licenses;
  DROP TRIGGER IF EXISTS customer_orders_changed ON licenses;
  DROP TRIGGER IF EXISTS customer_orders_order ON orders;
  ALTER TABLE customer_orders ALTER COLUMN orders TYPE bytea USING ''::bytea;
  `,
  `
  -- An order's purchase time and row number never change: licenses copy the time
  -- (order_purchased_at), the customers' order lists hold the row number, and a search keeps
  -- the time by row number (order-times.ts). As in the SQLite store, an update refuses to.
  CREATE OR REPLACE FUNCTION orders_keys_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'An order''s purchase time and row number do not change';
  END $$;
  CREATE TRIGGER orders_keys_fixed BEFORE UPDATE OF purchased_at, seq ON orders FOR EACH ROW
    WHEN (OLD.purchased_at IS DISTINCT FROM NEW.purchased_at OR OLD.seq IS DISTINCT FROM NEW.seq)
    EXECUTE FUNCTION orders_keys_fixed();
  `,
  `
  -- Each reseller's stems of order numbers (see number-stems.ts), filled with its triggers when
  -- the bulk indexes are built.
  CREATE TABLE order_number_stems (
    reseller_id text COLLATE "C" NOT NULL REFERENCES resellers (id),
    stem text COLLATE "C" NOT NULL,
    PRIMARY KEY (reseller_id, stem)
  );
  `,
  `
  -- The organization in lower case, which customer suggestions search as they search
  -- email_lower and name_lower: folded as JavaScript folds the text searched for ("Ärzte" finds
  -- "ÄRZTE"), where lower() folds what the database's locale knows (ASCII letters alone in
  -- the C locale). ASCII organizations are folded here, the others by foldOrganizations.
  ALTER TABLE customers ADD COLUMN organization_lower text NOT NULL DEFAULT '';
  UPDATE customers SET organization_lower = lower(organization);
  `,
  `
  -- The version of each customer's list of all its orders (customer_orders, facet ''): the
  -- transaction that last wrote it, NULL while it has none. A search by a fragment of an email
  -- reads it with the customers it finds, instead of looking up each one's list for its
  -- version (a few hundred index probes, half the look-up: customer-orders.ts). The trigger on
  -- the lists keeps it, once a transaction, and so follows the refill after a bulk load too.
  ALTER TABLE customers ADD COLUMN orders_list xid8;
  CREATE OR REPLACE FUNCTION customer_list_written() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    version xid8 := CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE pg_current_xact_id() END;
    list customer_orders := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  BEGIN
    UPDATE customers SET orders_list = version
    WHERE reseller_id = list.reseller_id AND id = list.customer_id AND orders_list IS DISTINCT FROM version;
    RETURN NULL;
  END $$;
  CREATE TRIGGER customer_list_written AFTER INSERT OR UPDATE ON customer_orders FOR EACH ROW
    WHEN (NEW.facet = '') EXECUTE FUNCTION customer_list_written();
  CREATE TRIGGER customer_list_dropped AFTER DELETE ON customer_orders FOR EACH ROW
    WHEN (OLD.facet = '') EXECUTE FUNCTION customer_list_written();
  UPDATE customers c SET orders_list = pg_current_xact_id()
  WHERE EXISTS (SELECT 1 FROM customer_orders co WHERE co.reseller_id = c.reseller_id AND co.customer_id = c.id AND co.facet = '');
  `,
  `
  -- Each license carries its order's row number (order_seq), as it carries the order's purchase
  -- time: a search by q that finds orders by the codes of their licenses gets their row numbers
  -- with the codes, and tells their products and distribution companies from those kept by row
  -- number (order-times.ts) instead of looking each order up, a few hundred index probes that
  -- were more than half of what such a search cost the database. A trigger sets it from the
  -- order at every write of a license's order, whatever the writer gives.
  ALTER TABLE licenses ADD COLUMN order_seq bigint;
  UPDATE licenses l SET order_seq = o.seq FROM orders o WHERE o.reseller_id = l.reseller_id AND o.id = l.order_id;
  ALTER TABLE licenses ALTER COLUMN order_seq SET NOT NULL;
  CREATE OR REPLACE FUNCTION licenses_order_seq() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    NEW.order_seq := (SELECT o.seq FROM orders o WHERE o.reseller_id = NEW.reseller_id AND o.id = NEW.order_id);
    RETURN NEW;
  END $$;
  CREATE TRIGGER licenses_order_seq BEFORE INSERT OR UPDATE OF reseller_id, order_id, order_seq ON licenses
    FOR EACH ROW EXECUTE FUNCTION licenses_order_seq();

  -- How many times an order was moved to another product or distribution company (by hand: no
  -- write of the service moves one), as the SQLite store counts them. The products and
  -- companies kept by row number are trusted only while it stays what it was when they were read.
  CREATE TABLE order_facet_moves (id integer PRIMARY KEY CHECK (id = 1), moves bigint NOT NULL);
  INSERT INTO order_facet_moves (id, moves) VALUES (1, 0);
  CREATE OR REPLACE FUNCTION order_facets_moved() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    UPDATE order_facet_moves SET moves = moves + 1;
    RETURN NULL;
  END $$;
  CREATE TRIGGER order_facets_moved AFTER UPDATE OF product_id, distributor_lower ON orders FOR EACH ROW
    WHEN (OLD.product_id IS DISTINCT FROM NEW.product_id OR OLD.distributor_lower IS DISTINCT FROM NEW.distributor_lower)
    EXECUTE FUNCTION order_facets_moved();
  `,
  `
  -- Every list of a customer (customer_orders, each facet) is versioned by the customer's
  -- orders_list, which a write of any of them now moves, not only of its list of all orders: a
  -- search that finds customers and products or distribution companies reads the versions with
  -- the customers, and reads no list kept at its customer's version (it asked for each facet's
  -- list by its row's version in a statement of its own, at every search). A list gone takes
  -- the version away when it was the list of all orders (the customer then holds none), and
  -- leaves none given.
  CREATE OR REPLACE FUNCTION customer_list_written() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    list customer_orders := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    version xid8 := CASE WHEN TG_OP = 'DELETE' AND OLD.facet = '' THEN NULL ELSE pg_current_xact_id() END;
  BEGIN
    UPDATE customers SET orders_list = version
    WHERE reseller_id = list.reseller_id AND id = list.customer_id AND orders_list IS DISTINCT FROM version
      AND NOT (TG_OP = 'DELETE' AND orders_list IS NULL);
    RETURN NULL;
  END $$;
  DROP TRIGGER customer_list_written ON customer_orders;
  DROP TRIGGER customer_list_dropped ON customer_orders;
  CREATE TRIGGER customer_list_written AFTER INSERT OR UPDATE OR DELETE ON customer_orders FOR EACH ROW
    EXECUTE FUNCTION customer_list_written();
  `,
  `
  -- Searches keep every order's number by row number (number-index.ts), exact up to a row number
  -- past which no order can appear. So an order's row number is always the identity column's
  -- (an insert giving its own takes OVERRIDING SYSTEM VALUE), and the count of moves also counts
  -- an order whose number or reseller changed, an order deleted and the table emptied, all by
  -- hand (no write of the service does any of these): the numbers kept are then read again.
  ALTER TABLE orders ALTER COLUMN seq SET GENERATED ALWAYS;
  DROP TRIGGER order_facets_moved ON orders;
  CREATE TRIGGER order_facets_moved AFTER UPDATE OF product_id, distributor_lower, order_number_lower, reseller_id ON orders FOR EACH ROW
    WHEN (OLD.product_id IS DISTINCT FROM NEW.product_id OR OLD.distributor_lower IS DISTINCT FROM NEW.distributor_lower
      OR OLD.order_number_lower IS DISTINCT FROM NEW.order_number_lower OR OLD.reseller_id IS DISTINCT FROM NEW.reseller_id)
    EXECUTE FUNCTION order_facets_moved();
  CREATE TRIGGER orders_deleted AFTER DELETE ON orders FOR EACH ROW EXECUTE FUNCTION order_facets_moved();
  CREATE TRIGGER orders_emptied AFTER TRUNCATE ON orders FOR EACH STATEMENT EXECUTE FUNCTION order_facets_moved();
  `,
  `
  -- A fragment of q without an ASCII letter or digit ("---", "@.-") has no trigram for
  -- customers_email_text to look up, which was then read whole: the emails holding a run of
  -- three such characters, the only ones that can hold it, are listed apart (as the numbers and
  -- codes are: orders_number_symbols and licenses_code_symbols in BULK_INDEXES).
  CREATE INDEX customers_email_symbols ON customers (reseller_id) WHERE email_lower ~ '[^A-Za-z0-9]{3}';
  `,
  `
  -- The index of numbers keeps the codes of each order's licenses too (number-index.ts), read
  -- with their order. The service issues an order's licenses with it, in its transaction, and
  -- never changes a code, moves a license to another order or reseller, or deletes one; the
  -- count of moves counts each of these done by hand, and a license added to an order of an
  -- earlier transaction (an order notes the transaction that made it: created_in, none for the
  -- orders made before this), so that the codes kept are read again.
  ALTER TABLE orders ADD COLUMN created_in xid8;
  ALTER TABLE orders ALTER COLUMN created_in SET DEFAULT pg_current_xact_id();
  CREATE TRIGGER licenses_moved AFTER UPDATE OF activation_code, order_id, reseller_id ON licenses FOR EACH ROW
    WHEN (OLD.activation_code IS DISTINCT FROM NEW.activation_code OR OLD.order_id IS DISTINCT FROM NEW.order_id
      OR OLD.reseller_id IS DISTINCT FROM NEW.reseller_id)
    EXECUTE FUNCTION order_facets_moved();
  CREATE TRIGGER licenses_deleted AFTER DELETE ON licenses FOR EACH ROW EXECUTE FUNCTION order_facets_moved();
  CREATE TRIGGER licenses_emptied AFTER TRUNCATE ON licenses FOR EACH STATEMENT EXECUTE FUNCTION order_facets_moved();
  CREATE OR REPLACE FUNCTION licenses_added_late() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF EXISTS (SELECT 1 FROM added a JOIN orders o ON o.reseller_id = a.reseller_id AND o.id = a.order_id
               WHERE o.created_in IS DISTINCT FROM pg_current_xact_id()) THEN
      UPDATE order_facet_moves SET moves = moves + 1;
    END IF;
    RETURN NULL;
  END $$;
  CREATE TRIGGER licenses_added_late AFTER INSERT ON licenses REFERENCING NEW TABLE AS added FOR EACH STATEMENT
    EXECUTE FUNCTION licenses_added_late();
  `,
  `
  -- Substring search (q) looks codes, order numbers and emails up by their joined forms
  -- (order-filter.ts, joinedSql): dashes, dots, at signs, spaces, underscores and plus signs
  -- read as letters, so that pg_trgm reads one word, and a fragment across such a character
  -- has trigrams that span it. The trigram indexes of the texts' own words are not read any
  -- more; those of the joined numbers and codes are made with the bulk indexes. Only a
  -- fragment with some other character than these and ASCII letters and digits can be
  -- without trigrams now: the texts holding one are listed apart, instead of those holding
  -- three symbols in a row.
  DROP INDEX IF EXISTS customers_email_text, orders_number_text, licenses_code_text,
    customers_email_symbols, orders_number_symbols, licenses_code_symbols;
  CREATE INDEX customers_email_joined ON customers USING gin ((translate(email_lower, '-.@ _+', 'uliooo')) gin_trgm_ops);
  CREATE INDEX customers_email_other_characters ON customers (reseller_id) WHERE email_lower ~ '[^-A-Za-z0-9.@ _+]';
  `,
  `
  -- Customers keep their emails' joined forms (email_joined), which their trigram index now
  -- indexes: PostgreSQL checks each email the index finds against the pattern again, and
  -- translate() cost that check more than the rest of the look-up together (1.9 µs an
  -- email: a fragment of a name finds a few hundred).
  ALTER TABLE customers ADD COLUMN email_joined text COLLATE "C"
    GENERATED ALWAYS AS (translate(email_lower, '-.@ _+', 'uliooo')) STORED;
  DROP INDEX customers_email_joined;
  CREATE INDEX customers_email_joined ON customers USING gin (email_joined gin_trgm_ops);
  `,
];

/** The migration that adds customers.organization_lower (1-based, as schema_migrations counts). */
const ORGANIZATION_LOWER = MIGRATIONS.findIndex((sql) => sql.includes('ADD COLUMN organization_lower')) + 1;

/** Folds, as JavaScript does, the organizations beyond ASCII that lower() may have left. */
async function foldOrganizations(client: PoolClient): Promise<void> {
  const { rows } = await client.query<{ reseller_id: string; id: string; organization: string }>(
    "SELECT reseller_id, id, organization FROM customers WHERE organization ~ '[^[:ascii:]]'",
  );
  if (rows.length === 0) return;
  await client.query(
    `UPDATE customers c SET organization_lower = f.organization_lower
     FROM unnest($1::text[], $2::text[], $3::text[]) AS f (reseller_id, id, organization_lower)
     WHERE c.reseller_id = f.reseller_id AND c.id = f.id`,
    [rows.map((r) => r.reseller_id), rows.map((r) => r.id), rows.map((r) => r.organization.toLowerCase())],
  );
}

/** What migrations take besides their SQL, by their number. */
const MIGRATION_STEPS: ReadonlyMap<number, (client: PoolClient) => Promise<void>> = new Map([[ORGANIZATION_LOWER, foldOrganizations]]);

/** Applies migration `version` (1-based): its SQL, then what it takes besides. */
export async function applyMigration(client: PoolClient, version: number): Promise<void> {
  await client.query(MIGRATIONS[version - 1]!);
  await MIGRATION_STEPS.get(version)?.(client);
}

/** The key of the advisory lock held while migrating (any constant shared by every process). */
const MIGRATION_LOCK = 7_310_204_551;

/**
 * Brings the schema up to date: takes the migration lock (waiting for another process that
 * holds it), applies each migration not yet in `schema_migrations` in its own transaction,
 * then builds any bulk index or foreign key that is missing. Returns how many were applied.
 */
export async function migrate(client: PoolClient): Promise<number> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const { rows } = await client.query<{ version: number }>('SELECT coalesce(max(version), 0) AS version FROM schema_migrations');
    const current = rows[0]?.version ?? 0;
    let applied = 0;
    for (let version = current + 1; version <= MIGRATIONS.length; version += 1) {
      await client.query('BEGIN');
      try {
        await applyMigration(client, version);
        await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
        await client.query('COMMIT');
        applied += 1;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
    await createBulkIndexes(client);
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
}

/**
 * Drops the indexes and foreign keys of orders and licenses (and the triggers of the license
 * tally, the customers' order lists and the stems of order numbers) before a bulk load.
 */
export async function dropBulkIndexes(client: PoolClient): Promise<void> {
  await dropLicenseTally(client);
  await dropCustomerOrders(client);
  await dropNumberStems(client);
  for (const definition of Object.values(BULK_FOREIGN_KEYS)) {
    const [table, , , name] = definition.split(' ');
    await client.query(`ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${name}`);
  }
  for (const name of Object.keys(BULK_INDEXES)) await client.query(`DROP INDEX IF EXISTS ${name}`);
}

/**
 * Builds the indexes and foreign keys of orders and licenses that are missing, and the license
 * tally, the customers' order lists and the stems of order numbers when their triggers are.
 */
export async function createBulkIndexes(client: PoolClient): Promise<void> {
  for (const [name, definition] of Object.entries(BULK_INDEXES)) {
    await client.query(`CREATE INDEX IF NOT EXISTS ${name} ON ${definition}`);
  }
  const { rows } = await client.query<{ conname: string }>(
    "SELECT conname FROM pg_constraint WHERE contype = 'f' AND conrelid IN ('orders'::regclass, 'licenses'::regclass)",
  );
  const present = new Set(rows.map((row) => row.conname));
  for (const [name, definition] of Object.entries(BULK_FOREIGN_KEYS)) {
    if (!present.has(name)) await client.query(`ALTER TABLE ${definition}`);
  }
  await createLicenseTally(client);
  await createCustomerOrders(client);
  await createNumberStems(client);
}
