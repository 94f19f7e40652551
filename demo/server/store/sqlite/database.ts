/**
 * The demo backend's SQLite database: connection settings, the schema and its migrations.
 *
 * Designed for searching a million orders: every filter and sort of `GET /orders` has an
 * index that starts with the reseller, keyset cursors follow those indexes, product names are
 * resolved through the small products table, and totals of the broad filters come from the
 * tallies of tallies.ts, which the seed builds and every write of an order keeps exact. Times
 * are integer milliseconds since the epoch; internal joins use integer `seq` keys, while the
 * API only ever sees the opaque `id` columns.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createDemoWorld } from '../../../../src/api/memory/demo-data.js';
import { createCustomerOrders, dropCustomerOrders } from './customer-orders.js';
import { createNumberStems, dropNumberStems } from './number-stems.js';
import { createLicenseTally, dropLicenseTally, TALLY_FILLS } from './tallies.js';

export type Db = Database.Database;

/**
 * The indexes of the two big tables. The seed drops them while it loads and builds them
 * afterwards, which is several times faster than keeping them up to date row by row.
 */
const FACETS = 'product_seq, state, payment_type, distributor_lower';
const BULK_INDEXES: Readonly<Record<string, string>> = {
  orders_by_id: 'UNIQUE INDEX orders_by_id ON orders (id)',
  // One index per sort order: its key, then seq (the cursors' tie-breaker), then every facet
  // and the purchase time, so that a walk in sort order tests each filter inside the index.
  orders_by_time: `INDEX orders_by_time ON orders (reseller_seq, purchased_at, seq, ${FACETS})`,
  orders_by_amount: `INDEX orders_by_amount ON orders (reseller_seq, amount, seq, purchased_at, ${FACETS})`,
  orders_by_number: `INDEX orders_by_number ON orders (reseller_seq, order_number_lower, seq, purchased_at, ${FACETS})`,
  // Entry points for the narrow facets, again carrying the other facets.
  orders_by_product: 'INDEX orders_by_product ON orders (reseller_seq, product_seq, purchased_at, state, payment_type, distributor_lower)',
  orders_by_state: 'INDEX orders_by_state ON orders (reseller_seq, state, payment_type, purchased_at, product_seq, distributor_lower)',
  orders_by_distributor: 'INDEX orders_by_distributor ON orders (reseller_seq, distributor_lower, purchased_at, product_seq, state, payment_type)',
  licenses_by_id: 'UNIQUE INDEX licenses_by_id ON licenses (id)',
  licenses_by_order: 'INDEX licenses_by_order ON licenses (order_seq)',
  licenses_by_code: 'INDEX licenses_by_code ON licenses (activation_code COLLATE NOCASE)',
  // A customer's orders in purchase order, without reading a license or an order row.
  licenses_by_customer_time:
    'INDEX licenses_by_customer_time ON licenses (customer_seq, order_purchased_at, order_seq) WHERE customer_seq IS NOT NULL',
  // Licenses across orders by the day they renew or lapse (GET /licenses); seq, the cursors' tie-breaker, ends every key.
  licenses_by_valid_to: 'INDEX licenses_by_valid_to ON licenses (reseller_seq, valid_to)',
  // The terms still open, for the renewals to find those that ended.
  licenses_open_terms: 'INDEX licenses_open_terms ON licenses (reseller_seq, valid_to) WHERE expired_at IS NULL',
  licenses_scheduled: 'INDEX licenses_scheduled ON licenses (reseller_seq, scheduled_on) WHERE scheduled_on IS NOT NULL',
};

function bulkIndexSql(): string {
  return Object.values(BULK_INDEXES)
    .map((definition) => `CREATE ${definition.replace('INDEX ', 'INDEX IF NOT EXISTS ')};`)
    .join('\n');
}

/**
 * The trigram indexes of `GET /orders?q=` (FTS5 tables over the rows' own columns): an
 * order's number, each license's activation code, each customer's email (product names and
 * distribution companies are few, and matched in their short lists). Triggers keep them up to date; like the bulk indexes, the seed drops the triggers
 * while it loads and the indexes are rebuilt afterwards.
 */
const TEXT_INDEXES = {
  order_text: { table: 'orders', columns: ['order_number_lower'] },
  license_code_text: { table: 'licenses', columns: ['activation_code'] },
  customer_email_text: { table: 'customers', columns: ['email_lower'] },
} as const;

/** The CREATE statements of the trigram indexes (tables only; their triggers come with the bulk indexes). */
function textIndexTables(): string {
  return Object.entries(TEXT_INDEXES)
    .map(([name, { table, columns }]) => `CREATE VIRTUAL TABLE ${name} USING fts5(${columns.join(', ')}, content='${table}', content_rowid='seq', tokenize='trigram');`)
    .join('\n');
}

/** The triggers that keep one trigram index in step with its table. */
function textIndexTriggers(name: string, table: string, columns: readonly string[]): string {
  const list = columns.join(', ');
  const values = (row: 'new' | 'old') => columns.map((c) => `${row}.${c}`).join(', ');
  return `
  CREATE TRIGGER ${name}_insert AFTER INSERT ON ${table} BEGIN
    INSERT INTO ${name} (rowid, ${list}) VALUES (new.seq, ${values('new')});
  END;
  CREATE TRIGGER ${name}_delete AFTER DELETE ON ${table} BEGIN
    INSERT INTO ${name} (${name}, rowid, ${list}) VALUES ('delete', old.seq, ${values('old')});
  END;
  CREATE TRIGGER ${name}_update AFTER UPDATE OF ${list} ON ${table} BEGIN
    INSERT INTO ${name} (${name}, rowid, ${list}) VALUES ('delete', old.seq, ${values('old')});
    INSERT INTO ${name} (rowid, ${list}) VALUES (new.seq, ${values('new')});
  END;`;
}

/**
 * Drops the indexes of orders and licenses (and the triggers of the trigram indexes, the
 * license tally, the customers' order lists and the stems of order numbers) before a bulk load.
 */
export function dropBulkIndexes(db: Db): void {
  for (const name of Object.keys(BULK_INDEXES)) db.exec(`DROP INDEX IF EXISTS ${name}`);
  dropLicenseTally(db);
  dropCustomerOrders(db);
  dropNumberStems(db);
  for (const name of Object.keys(TEXT_INDEXES)) {
    for (const event of ['insert', 'delete', 'update']) db.exec(`DROP TRIGGER IF EXISTS ${name}_${event}`);
  }
}

/**
 * Builds the indexes of orders and licenses again after a bulk load, and each trigram index,
 * the license tally, the customers' order lists and the stems of order numbers whose
 * triggers are missing (after a bulk load, or the migration that made it) from its table.
 * A trigram index is rebuilt and then merged into one segment ('optimize'): a rebuild leaves
 * many, and a search reads each of them, which made a fragment of an activation code 4 to 6
 * times slower to find among 3 million licenses.
 */
export function createBulkIndexes(db: Db): void {
  db.exec(bulkIndexSql());
  createLicenseTally(db);
  createCustomerOrders(db);
  createNumberStems(db);
  const hasTrigger = db.prepare<[string], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name = ?");
  for (const [name, { table, columns }] of Object.entries(TEXT_INDEXES)) {
    if (hasTrigger.get(`${name}_insert`) !== undefined) continue;
    const existing = db.prepare<[string], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?").get(name);
    if (existing === undefined) continue; // an older schema, which a migration brings up to date first
    db.transaction(() => {
      db.exec(textIndexTriggers(name, table, columns));
      db.exec(`INSERT INTO ${name} (${name}) VALUES ('rebuild'); INSERT INTO ${name} (${name}) VALUES ('optimize')`);
    })();
  }
}

/**
 * The history table, named `name`, taking the kinds `kinds`. Migrations build it with the
 * kinds of their time; the SQL of an applied migration never changes, so a new kind takes a
 * new migration rather than an edit of this.
 */
function historyTable(name: string, kinds: readonly string[]): string {
  return `CREATE TABLE ${name} (
    seq INTEGER PRIMARY KEY,
    order_seq INTEGER NOT NULL REFERENCES orders(seq),
    license_seq INTEGER REFERENCES licenses(seq),
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN (${kinds.map((kind) => `'${kind}'`).join(', ')})),
    detail TEXT NOT NULL
  ) STRICT;`;
}

/** The history kinds of contract v1.1 (`HistoryKind`), as its migration wrote them. */
const HISTORY_KINDS_V11 = [
  'purchased', 'activated', 'billing_state_changed', 'email_sent', 'customer_activated', 'deactivated', 'transferred',
  'customer_changed', 'billing_change_scheduled', 'billing_change_cancelled', 'renewed', 'expired', 'refunded',
] as const;

/** Each entry moves the schema one version up; applied in order, once, in a transaction. */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE resellers (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    user_name TEXT NOT NULL,
    user_email TEXT NOT NULL,
    currency TEXT NOT NULL,
    token_label TEXT NOT NULL UNIQUE
  ) STRICT;

  -- SHA-256 of each bearer token; the tokens themselves are never stored.
  CREATE TABLE api_tokens (
    token_hash BLOB PRIMARY KEY,
    reseller_seq INTEGER NOT NULL REFERENCES resellers(seq)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE products (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
  ) STRICT;

  CREATE TABLE reseller_products (
    reseller_seq INTEGER NOT NULL REFERENCES resellers(seq),
    product_seq INTEGER NOT NULL REFERENCES products(seq),
    PRIMARY KEY (reseller_seq, product_seq)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE customers (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    reseller_seq INTEGER NOT NULL REFERENCES resellers(seq),
    email TEXT NOT NULL,
    email_lower TEXT NOT NULL,
    name_lower TEXT NOT NULL,
    organization TEXT NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    phone TEXT,
    country TEXT
  ) STRICT;
  CREATE UNIQUE INDEX customers_by_email ON customers (reseller_seq, email_lower);

  CREATE TABLE orders (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    reseller_seq INTEGER NOT NULL REFERENCES resellers(seq),
    order_number TEXT NOT NULL,
    order_number_lower TEXT NOT NULL,
    purchased_at INTEGER NOT NULL,
    user_name TEXT NOT NULL,
    product_seq INTEGER NOT NULL REFERENCES products(seq),
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    payment_type TEXT NOT NULL CHECK (payment_type IN ('css_balance', 'credit_card')),
    state TEXT NOT NULL CHECK (state IN ('processed', 'refunded')),
    distribution_company TEXT,
    distributor_lower TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    active_count INTEGER NOT NULL,
    available_count INTEGER NOT NULL
  ) STRICT;

  -- Orders per reseller, UTC day and facet: the totals of broad searches. Rebuilt by the seed,
  -- the only writer of orders (the API never creates orders nor changes their facets).
  CREATE TABLE order_tally (
    reseller_seq INTEGER NOT NULL,
    day INTEGER NOT NULL,
    product_seq INTEGER NOT NULL,
    state TEXT NOT NULL,
    payment_type TEXT NOT NULL,
    distributor_lower TEXT NOT NULL,
    orders INTEGER NOT NULL,
    PRIMARY KEY (reseller_seq, day, product_seq, state, payment_type, distributor_lower)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE licenses (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    order_seq INTEGER NOT NULL REFERENCES orders(seq),
    reseller_seq INTEGER NOT NULL REFERENCES resellers(seq),
    activation_code TEXT NOT NULL,
    -- NULL stands for the standard link of the code (see licenseLink), which most licenses have.
    activation_link TEXT,
    valid_from TEXT NOT NULL,
    valid_to TEXT NOT NULL,
    recurrent INTEGER NOT NULL CHECK (recurrent IN (0, 1)),
    customer_seq INTEGER REFERENCES customers(seq),
    activated_at INTEGER,
    distribution_company TEXT,
    CHECK ((customer_seq IS NULL) = (activated_at IS NULL))
  ) STRICT;

  -- What happened since the purchase, to one license or (license_seq NULL) to its whole order.
  -- The purchase and the activation themselves are facts of the order and license rows.
  ${historyTable('history', ['billing_state_changed', 'email_sent'])}
  CREATE INDEX history_by_license ON history (license_seq) WHERE license_seq IS NOT NULL;
  CREATE INDEX history_by_order ON history (order_seq) WHERE license_seq IS NULL;

  CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    at INTEGER NOT NULL,
    reseller_seq INTEGER NOT NULL REFERENCES resellers(seq),
    kind TEXT NOT NULL CHECK (kind IN ('activation', 'confirmation')),
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    text TEXT NOT NULL,
    order_seq INTEGER REFERENCES orders(seq),
    license_seq INTEGER REFERENCES licenses(seq),
    sent_at INTEGER,
    send_error TEXT
  ) STRICT;
  CREATE INDEX outbox_by_order ON outbox (order_seq, kind, at) WHERE order_seq IS NOT NULL;

  CREATE TABLE idempotency_keys (
    reseller_seq INTEGER NOT NULL REFERENCES resellers(seq),
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (reseller_seq, key)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);

  -- Facts about the data set itself (seed number, when it was seeded).
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT, WITHOUT ROWID;
  `,
  `
  -- See tallies.ts: the totals of searches without dates, and of dated ones without facets.
  CREATE TABLE order_facet_tally (
    reseller_seq INTEGER NOT NULL,
    product_seq INTEGER NOT NULL,
    state TEXT NOT NULL,
    payment_type TEXT NOT NULL,
    distributor_lower TEXT NOT NULL,
    orders INTEGER NOT NULL,
    PRIMARY KEY (reseller_seq, product_seq, state, payment_type, distributor_lower)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE order_hour_tally (
    reseller_seq INTEGER NOT NULL,
    hour INTEGER NOT NULL,
    orders INTEGER NOT NULL,
    PRIMARY KEY (reseller_seq, hour)
  ) STRICT, WITHOUT ROWID;
  ${TALLY_FILLS.order_facet_tally}
  ${TALLY_FILLS.order_hour_tally}
  -- The purchase time of each license's order (which never changes), for licenses_by_customer_time;
  -- the seed writes it with each license.
  ALTER TABLE licenses ADD COLUMN order_purchased_at INTEGER NOT NULL DEFAULT 0;
  UPDATE licenses SET order_purchased_at = (SELECT o.purchased_at FROM orders o WHERE o.seq = licenses.order_seq);
  DROP INDEX IF EXISTS licenses_by_customer;
  `,
  `
  -- A reseller's idempotency keys by age, to keep only the newest of them.
  CREATE INDEX idempotency_keys_by_reseller_age ON idempotency_keys (reseller_seq, created_at);
  `,
  `
  -- A mail that failed is tried again later (attempts, next_attempt_at) until it is sent or given up.
  ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE outbox ADD COLUMN next_attempt_at INTEGER;
  ALTER TABLE outbox ADD COLUMN gave_up INTEGER NOT NULL DEFAULT 0 CHECK (gave_up IN (0, 1));
  UPDATE outbox SET attempts = 1 WHERE send_error IS NOT NULL;
  CREATE INDEX outbox_due ON outbox (seq) WHERE sent_at IS NULL AND gave_up = 0;
  -- One reseller's outbox, newest first.
  CREATE INDEX outbox_by_reseller_time ON outbox (reseller_seq, at, seq);
  `,
  `
  -- The CSS balance, in minor units of the reseller's currency.
  ALTER TABLE resellers ADD COLUMN balance INTEGER NOT NULL DEFAULT 0;

  -- What one license of a product costs the reseller (in its currency), for one term. The
  -- products a reseller may buy are those it has a price for.
  CREATE TABLE prices (
    reseller_seq INTEGER NOT NULL REFERENCES resellers(seq),
    product_seq INTEGER NOT NULL REFERENCES products(seq),
    unit_price INTEGER NOT NULL,
    term_months INTEGER NOT NULL CHECK (term_months BETWEEN 1 AND 120),
    PRIMARY KEY (reseller_seq, product_seq)
  ) STRICT, WITHOUT ROWID;

  -- The history kinds of contract v1.1. SQLite cannot alter a CHECK: the table is built again,
  -- keeping its rows (and their seq, which history ids are made of) and its indexes.
  ${historyTable('history_v11', HISTORY_KINDS_V11)}
  INSERT INTO history_v11 (seq, order_seq, license_seq, at, actor, kind, detail)
    SELECT seq, order_seq, license_seq, at, actor, kind, detail FROM history;
  DROP TABLE history;
  ALTER TABLE history_v11 RENAME TO history;
  CREATE INDEX history_by_license ON history (license_seq) WHERE license_seq IS NOT NULL;
  CREATE INDEX history_by_order ON history (order_seq) WHERE license_seq IS NULL;

  -- A database seeded before: its resellers get the demo world's balances and prices (the
  -- catalog's yearly price at the reseller's rate, for 12 months). A new one has no resellers yet.
  ${demoDirectoryFill()}
  `,
  `
  -- Who did what: the reseller's user, the customer on the activation page, or the system.
  ALTER TABLE history ADD COLUMN actor_kind TEXT NOT NULL DEFAULT 'reseller' CHECK (actor_kind IN ('reseller', 'customer', 'system'));
  -- A license's history (and its order's) page by page, oldest first.
  CREATE INDEX history_by_license_time ON history (license_seq, at, seq) WHERE license_seq IS NOT NULL;
  CREATE INDEX history_by_order_time ON history (order_seq, at, seq) WHERE license_seq IS NULL;
  -- They lead with what the older indexes held, which they replace.
  DROP INDEX history_by_license;
  DROP INDEX history_by_order;
  `,
  `
  -- Substring search (q): trigram indexes of what an order is found by, filled with their
  -- triggers when the bulk indexes are built (see TEXT_INDEXES).
  ${textIndexTables()}
  `,
  `
  -- Renewals: when a term ended without a renewal (the license is expired), and a billing
  -- change scheduled for a later day (both columns or neither). Their indexes are bulk
  -- indexes (licenses_by_valid_to, licenses_open_terms, licenses_scheduled).
  ALTER TABLE licenses ADD COLUMN expired_at INTEGER;
  ALTER TABLE licenses ADD COLUMN scheduled_recurrent INTEGER CHECK (scheduled_recurrent IN (0, 1));
  ALTER TABLE licenses ADD COLUMN scheduled_on TEXT;

  -- The day of each renewal-notice digest: one per reseller and day, never sent twice.
  CREATE TABLE renewal_digests (
    reseller_seq INTEGER NOT NULL REFERENCES resellers(seq),
    day TEXT NOT NULL,
    PRIMARY KEY (reseller_seq, day)
  ) STRICT, WITHOUT ROWID;

  -- Mails of the renewal-notice kind, about licenses of many orders (no order). SQLite cannot
  -- alter a CHECK: the outbox is built again with its rows, their seq and its indexes.
  CREATE TABLE outbox_v12 (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    at INTEGER NOT NULL,
    reseller_seq INTEGER NOT NULL REFERENCES resellers(seq),
    kind TEXT NOT NULL CHECK (kind IN ('activation', 'confirmation', 'renewal_notice')),
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    text TEXT NOT NULL,
    order_seq INTEGER REFERENCES orders(seq),
    license_seq INTEGER REFERENCES licenses(seq),
    sent_at INTEGER,
    send_error TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    gave_up INTEGER NOT NULL DEFAULT 0 CHECK (gave_up IN (0, 1))
  ) STRICT;
  INSERT INTO outbox_v12 (seq, id, at, reseller_seq, kind, to_address, subject, text, order_seq, license_seq, sent_at, send_error,
      attempts, next_attempt_at, gave_up)
    SELECT seq, id, at, reseller_seq, kind, to_address, subject, text, order_seq, license_seq, sent_at, send_error,
      attempts, next_attempt_at, gave_up FROM outbox;
  DROP TABLE outbox;
  ALTER TABLE outbox_v12 RENAME TO outbox;
  CREATE INDEX outbox_by_order ON outbox (order_seq, kind, at) WHERE order_seq IS NOT NULL;
  CREATE INDEX outbox_due ON outbox (seq) WHERE sent_at IS NULL AND gave_up = 0;
  CREATE INDEX outbox_by_reseller_time ON outbox (reseller_seq, at, seq);
  `,
  `
  -- Bulk jobs (POST /jobs): each job with its progress, and its rows in order, whose result
  -- columns stay NULL until the row has run (a row with a result never runs again).
  CREATE TABLE jobs (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    reseller_seq INTEGER NOT NULL REFERENCES resellers(seq),
    kind TEXT NOT NULL CHECK (kind IN ('activation', 'billing_change', 'confirmation_email')),
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done')),
    total INTEGER NOT NULL,
    done INTEGER NOT NULL,
    succeeded INTEGER NOT NULL,
    failed INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    finished_at INTEGER
  ) STRICT;
  CREATE UNIQUE INDEX jobs_by_reseller ON jobs (reseller_seq, id);
  -- What the job runner looks for: the jobs not done, oldest first.
  CREATE INDEX jobs_unfinished ON jobs (seq) WHERE status <> 'done';
  CREATE TABLE job_rows (
    reseller_seq INTEGER NOT NULL REFERENCES resellers(seq),
    job_seq INTEGER NOT NULL REFERENCES jobs(seq),
    row INTEGER NOT NULL,
    target TEXT NOT NULL,
    input TEXT NOT NULL,
    ok INTEGER CHECK (ok IN (0, 1)),
    code TEXT,
    detail TEXT,
    license_id TEXT,
    PRIMARY KEY (job_seq, row)
  ) STRICT, WITHOUT ROWID;
  -- The rows still to run, in order.
  CREATE INDEX job_rows_pending ON job_rows (job_seq, row) WHERE ok IS NULL;
  `,
  `
  -- Licenses per reseller, validTo, product, status and recurrence: the totals of GET /licenses
  -- (see LICENSE_TALLY_TRIGGERS), filled with its triggers when the bulk indexes are built.
  CREATE TABLE license_tally (
    reseller_seq INTEGER NOT NULL,
    valid_to TEXT NOT NULL,
    product_seq INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('refunded', 'expired', 'active', 'available')),
    recurrent INTEGER NOT NULL,
    licenses INTEGER NOT NULL,
    PRIMARY KEY (reseller_seq, valid_to, product_seq, status, recurrent)
  ) STRICT, WITHOUT ROWID;
  `,
  `
  -- The orders each customer holds a license of, per facet ('' for all of them, 'p:' a product,
  -- 'd:' a distribution company), as the text ',seq,seq,…,': the totals of q when it finds
  -- customers by email (see customer-orders.ts), filled with its triggers when the bulk indexes are built.
  CREATE TABLE customer_orders (
    customer_seq INTEGER NOT NULL,
    facet TEXT NOT NULL,
    orders TEXT NOT NULL,
    PRIMARY KEY (customer_seq, facet)
  ) STRICT, WITHOUT ROWID;
  `,
  `
  -- Each trigram index merged into one segment (see createBulkIndexes), once for the indexes
  -- built before a rebuild did so.
  INSERT INTO order_text (order_text) VALUES ('optimize');
  INSERT INTO license_code_text (license_code_text) VALUES ('optimize');
  INSERT INTO customer_email_text (customer_email_text) VALUES ('optimize');
  `,
  `
  -- The customers' order lists in a table with row numbers, keyed by a unique index: a list of
  -- a few thousand characters then stays whole in its page, where a table WITHOUT ROWID keeps
  -- only about a thousand bytes of a row there and the rest on overflow pages (a search reads
  -- its few hundred lists about a third faster). The lists are copied; their triggers, which
  -- name the table, are kept (the legacy rename leaves them as they are: SQLite's own recipe
  -- for changing a table's form).
  CREATE TABLE customer_orders_by_row (
    customer_seq INTEGER NOT NULL,
    facet TEXT NOT NULL,
    orders TEXT NOT NULL,
    UNIQUE (customer_seq, facet)
  ) STRICT;
  INSERT INTO customer_orders_by_row (customer_seq, facet, orders) SELECT customer_seq, facet, orders FROM customer_orders;
  DROP TABLE customer_orders;
  PRAGMA legacy_alter_table = ON;
  ALTER TABLE customer_orders_by_row RENAME TO customer_orders;
  PRAGMA legacy_alter_table = OFF;
  `,
  `
  -- The customers' order lists as bytes, four an order (see shared/order-lists.ts) instead of
  -- its digits and a comma: a search reads about half as many bytes and parses no digits. The
  -- lists are made afresh from the licenses: their triggers are dropped here, and
  -- createCustomerOrders (when the bulk indexes are built) fills the table and creates them.
  DROP TRIGGER IF EXISTS customer_orders_insert;
  DROP TRIGGER IF EXISTS customer_orders_delete;
  DROP TRIGGER IF EXISTS customer_orders_update;
  DROP TRIGGER IF EXISTS customer_orders_order;
  DROP TABLE customer_orders;
  CREATE TABLE customer_orders (
    customer_seq INTEGER NOT NULL,
    facet TEXT NOT NULL,
    orders BLOB NOT NULL,
    UNIQUE (customer_seq, facet)
  ) STRICT;
  `,
  `
  -- An order's reseller and purchase time never change, and orders are never deleted (an order
  -- is canceled): the searches keep both by row number in memory (order-directory.ts), which a
  -- change, or a row number freed and given again, would leave out of date.
  CREATE TRIGGER orders_keys_fixed BEFORE UPDATE OF reseller_seq, purchased_at ON orders
    WHEN NEW.reseller_seq IS NOT OLD.reseller_seq OR NEW.purchased_at IS NOT OLD.purchased_at
    BEGIN SELECT RAISE(ABORT, 'An order''s reseller and purchase time do not change'); END;
  CREATE TRIGGER orders_kept BEFORE DELETE ON orders
    BEGIN SELECT RAISE(ABORT, 'Orders are not deleted; an order is canceled'); END;
  `,
  `
  -- Each reseller's stems of order numbers (see number-stems.ts), filled with its triggers when
  -- the bulk indexes are built.
  CREATE TABLE order_number_stems (
    reseller_seq INTEGER NOT NULL,
    stem TEXT NOT NULL,
    PRIMARY KEY (reseller_seq, stem)
  ) STRICT, WITHOUT ROWID;
  `,
  `
  -- The organization in lower case, which customer suggestions search as they search
  -- email_lower and name_lower: folded as JavaScript folds the text searched for ("Ärzte" finds
  -- "ÄRZTE"), where SQLite's lower() folds ASCII letters alone.
  ALTER TABLE customers ADD COLUMN organization_lower TEXT NOT NULL DEFAULT '';
  UPDATE customers SET organization_lower = text_lower(organization);
  `,
  `
  -- How many times an order was moved to another product or distribution company (no write of
  -- the service does; one by hand may, and the customers' lists follow it): the searches keep
  -- each order's product by row number in memory (order-directory.ts), and read them again
  -- when this count has changed since.
  CREATE TABLE order_facet_moves (id INTEGER PRIMARY KEY CHECK (id = 1), moves INTEGER NOT NULL) STRICT;
  INSERT INTO order_facet_moves (id, moves) VALUES (1, 0);
  CREATE TRIGGER order_facets_moved AFTER UPDATE OF product_seq, distributor_lower ON orders
    WHEN NEW.product_seq IS NOT OLD.product_seq OR NEW.distributor_lower IS NOT OLD.distributor_lower
    BEGIN UPDATE order_facet_moves SET moves = moves + 1; END;
  `,
];

/**
 * Gives the resellers of the demo world that a database already holds their starting balance
 * and their prices, as the seed would (see {@link createDemoWorld}); others keep nothing.
 */
function demoDirectoryFill(): string {
  const world = createDemoWorld({ orders: 0, bigOrderLicenses: 0 });
  const text = (value: string) => `'${value.replaceAll("'", "''")}'`;
  const balances = world.resellers.map((r) => `(${text(r.id)}, ${r.balance?.value ?? 0})`).join(', ');
  const prices = (world.prices ?? [])
    .map((p) => `(${text(p.resellerId)}, ${text(p.productId)}, ${p.unitPrice.value}, ${p.termMonths})`)
    .join(', ');
  return `
  WITH balances (reseller_id, balance) AS (VALUES ${balances})
  UPDATE resellers SET balance = (SELECT b.balance FROM balances b WHERE b.reseller_id = resellers.id)
  WHERE id IN (SELECT reseller_id FROM balances);
  WITH demo_prices (reseller_id, product_id, unit_price, term_months) AS (VALUES ${prices})
  INSERT OR IGNORE INTO prices (reseller_seq, product_seq, unit_price, term_months)
  SELECT r.seq, p.seq, d.unit_price, d.term_months
  FROM demo_prices d JOIN resellers r ON r.id = d.reseller_id JOIN products p ON p.id = d.product_id;`;
}

/** The version of the schema this code works with (the `user_version` a migrated database has). */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Opens (creating when needed) the database at `path` (`:memory:` allowed) with WAL, foreign
 * keys, `synchronous=NORMAL` and a busy timeout, and brings its schema up to date.
 */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  withReadSettings(db);
  migrate(db);
  return db;
}

/**
 * A read-only connection to the database file at `path`, which {@link openDatabase} has
 * opened (and so migrated, in WAL mode) before: a reader thread's (see readers.ts).
 */
export function openReader(path: string): Db {
  return withReadSettings(new Database(path, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS }));
}

/** How long a statement waits for a lock another connection holds. */
const BUSY_TIMEOUT_MS = 5_000;

/** What every connection reads with: a 64 MiB page cache, temporary tables in memory. */
function withReadSettings(db: Db): Db {
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  return db;
}

/**
 * Gives the connection `text_lower(text)`: the text in lower case as JavaScript folds it, as
 * the stores fold what is searched for (SQLite's lower() folds ASCII letters alone: "ÄRZTE"
 * stays "Ärzte"), for the migrations that fill a column of such text.
 */
function withTextLower(db: Db): Db {
  db.function('text_lower', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? text.toLowerCase() : text));
  return db;
}

/**
 * Applies the migrations not applied yet (up to `version`, which tests of older databases
 * lower), then, at the latest schema, builds any bulk index that is missing.
 */
export function migrate(db: Db, version: number = SCHEMA_VERSION): void {
  withTextLower(db);
  const current = Number(db.pragma('user_version', { simple: true }));
  MIGRATIONS.slice(current, version).forEach((sql, offset) => {
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${current + offset + 1}`);
    })();
  });
  // The bulk indexes are those of the latest schema (some index columns that older ones lack).
  if (Math.max(current, version) >= SCHEMA_VERSION) createBulkIndexes(db);
}

const statementCaches = new WeakMap<Db, Map<string, Database.Statement>>();
/** How many distinct statements a database keeps prepared; searches combine filters into a few hundred. */
const CACHED_STATEMENTS = 512;

/**
 * The statement for `sql`, prepared once per database and reused afterwards (preparing costs
 * as much as running a selective search). The least recently used are dropped past
 * {@link CACHED_STATEMENTS}. Bind every value as a parameter, so that the SQL text repeats.
 */
export function cachedStatement<P extends unknown[] | object = unknown[], R = unknown>(db: Db, sql: string): Database.Statement<P, R> {
  let cache = statementCaches.get(db);
  if (!cache) statementCaches.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (statement) cache.delete(sql);
  else {
    statement = db.prepare(sql);
    if (cache.size >= CACHED_STATEMENTS) cache.delete(cache.keys().next().value as string);
  }
  cache.set(sql, statement);
  return statement as Database.Statement<P, R>;
}

const unchangedReads = new WeakMap<Db, { version: number; values: Map<string, unknown> }>();

/**
 * What `read` answers, kept by `key` on a read-only connection (a reader thread's) until
 * another connection commits (SQLite changes `PRAGMA data_version` then): a search's small
 * reads of what seldom changes, such as a reseller's products, then cost one pragma. On a
 * connection that writes, whose own commits leave that version as it is, `read` runs each
 * time. What it answers is shared, so it is frozen.
 */
export function readUnlessChanged<T extends object>(db: Db, key: string, read: () => T): Readonly<T> {
  if (!db.readonly) return Object.freeze(read());
  const version = db.pragma('data_version', { simple: true }) as number;
  let kept = unchangedReads.get(db);
  if (kept?.version !== version) unchangedReads.set(db, (kept = { version, values: new Map() }));
  if (kept.values.has(key)) return kept.values.get(key) as Readonly<T>;
  const value = Object.freeze(read());
  kept.values.set(key, value);
  return value;
}

/** A value of the `meta` table, or null. */
export function readMeta(db: Db, key: string): string | null {
  const row = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(key);
  return row?.value ?? null;
}

export function writeMeta(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}
