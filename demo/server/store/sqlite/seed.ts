/**
 * Writes a demo world into an empty database, streaming its orders in batched transactions
 * so that a million of them fit in memory and in a few minutes. The orders' counts are
 * derived here with the shared rules, since no use case runs for the loaded data.
 */
import type { Money } from '../../../../src/api/contract/schemas.js';
import { storedActivationLink } from '../shared/rows.js';
import type { DemoLicenseRecord, DemoOrderRecord, DemoWorld } from '../../../../src/api/memory/demo-data.js';
import { orderCounts, statusInOrder } from '../../../../src/rules/index.js';
import { createBulkIndexes, type Db, dropBulkIndexes, writeMeta } from './database.js';
import { rebuildTallies } from './tallies.js';



export interface SeedOptions {
  /** Orders per transaction; default 5,000. */
  batchSize?: number;
  /** Called after each batch with the number of orders written so far. */
  onProgress?: (orders: number) => void;
  /** Recorded in the `meta` table. */
  seed?: number;
}

export interface SeedSummary {
  orders: number;
  licenses: number;
  customers: number;
}

/** Fills an empty database with `world`. Throws when the database already holds data. */
export function seedDatabase(db: Db, world: DemoWorld, options: SeedOptions = {}): SeedSummary {
  const existing = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM resellers').get();
  if (existing && existing.n > 0) throw new Error('The database is already seeded');
  const keys = insertDirectories(db, world);
  const journal = String(db.pragma('journal_mode', { simple: true }));
  // A fresh file has nothing to protect yet: load without journal or sync, index afterwards.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  dropBulkIndexes(db);
  const writeOrder = orderWriter(db, keys);
  const batchSize = options.batchSize ?? 5_000;
  const summary: SeedSummary = { orders: 0, licenses: 0, customers: world.customers.length };
  let batch: { order: DemoOrderRecord; licenses: DemoLicenseRecord[] }[] = [];
  const flush = db.transaction(() => {
    for (const entry of batch) summary.licenses += writeOrder(entry.order, entry.licenses);
    summary.orders += batch.length;
  });
  for (const entry of world.orders()) {
    batch.push(entry);
    if (batch.length >= batchSize) {
      flush();
      batch = [];
      options.onProgress?.(summary.orders);
    }
  }
  flush();
  options.onProgress?.(summary.orders);
  db.transaction(() => {
    createBulkIndexes(db);
    rebuildTallies(db);
    writeMeta(db, 'seed', String(options.seed ?? ''));
    writeMeta(db, 'seeded_at', new Date().toISOString());
  })();
  db.pragma(`journal_mode = ${journal}`);
  db.pragma('synchronous = NORMAL');
  db.exec('ANALYZE');
  return summary;
}

interface SeqMaps {
  reseller: Map<string, number>;
  product: Map<string, number>;
  customer: Map<string, number>;
}

function insertDirectories(db: Db, world: DemoWorld): SeqMaps {
  const maps: SeqMaps = { reseller: new Map(), product: new Map(), customer: new Map() };
  const reseller = db.prepare(
    'INSERT INTO resellers (id, name, user_name, user_email, currency, token_label, balance) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const product = db.prepare('INSERT INTO products (id, name) VALUES (?, ?)');
  const price = db.prepare('INSERT INTO prices (reseller_seq, product_seq, unit_price, term_months) VALUES (?, ?, ?, ?)');
  const customer = db.prepare(
    `INSERT INTO customers (id, reseller_seq, email, email_lower, name_lower, organization, organization_lower, first_name, last_name)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (const r of world.resellers) {
      const balance = r.balance ?? { value: 0, currency: r.currency };
      inCurrency(balance, r.currency, `the balance of ${r.id}`);
      const { lastInsertRowid } = reseller.run(r.id, r.name, r.user.name, r.user.email, r.currency, r.tokenLabel, balance.value);
      maps.reseller.set(r.id, Number(lastInsertRowid));
    }
    for (const p of world.products) maps.product.set(p.id, Number(product.run(p.id, p.name).lastInsertRowid));
    const currencies = new Map(world.resellers.map((r) => [r.id, r.currency]));
    for (const p of world.prices ?? []) {
      inCurrency(p.unitPrice, currencies.get(p.resellerId), `the price of ${p.productId} for ${p.resellerId}`);
      price.run(required(maps.reseller, p.resellerId), required(maps.product, p.productId), p.unitPrice.value, p.termMonths);
    }
    for (const c of world.customers) {
      const resellerSeq = required(maps.reseller, c.resellerId);
      const nameLower = `${c.firstName} ${c.lastName}`.toLowerCase();
      const info = customer.run(
        c.id, resellerSeq, c.email, c.email.toLowerCase(), nameLower, c.organization, c.organization.toLowerCase(), c.firstName, c.lastName,
      );
      maps.customer.set(c.id, Number(info.lastInsertRowid));
    }
  })();
  return maps;
}

/** Returns a function that inserts one order with its licenses and returns the license count. */
function orderWriter(db: Db, maps: SeqMaps): (order: DemoOrderRecord, licenses: DemoLicenseRecord[]) => number {
  const order = db.prepare(
    `INSERT INTO orders (id, reseller_seq, order_number, order_number_lower, purchased_at, user_name, product_seq,
       amount, currency, payment_type, state, distribution_company, distributor_lower, quantity, active_count, available_count)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const bought = db.prepare('INSERT OR IGNORE INTO reseller_products (reseller_seq, product_seq) VALUES (?, ?)');
  const license = db.prepare(
    `INSERT INTO licenses (id, order_seq, reseller_seq, activation_code, activation_link, valid_from, valid_to,
       recurrent, customer_seq, activated_at, distribution_company, order_purchased_at, expired_at, scheduled_recurrent, scheduled_on)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return (o, licenses) => {
    const resellerSeq = required(maps.reseller, o.resellerId);
    const productSeq = required(maps.product, o.productId);
    const counts = orderCounts(licenses.map((l) => statusInOrder(o.state, l.activatedAt !== null, (l.expiredAt ?? null) !== null)));
    const purchasedAt = Date.parse(o.purchasedAt);
    const { lastInsertRowid } = order.run(
      o.id, resellerSeq, o.orderNumber, o.orderNumber.toLowerCase(), purchasedAt, o.user, productSeq,
      o.amount.value, o.amount.currency, o.paymentType, o.state, o.distributionCompany,
      (o.distributionCompany ?? '').toLowerCase(), counts.quantity, counts.activeCount, counts.availableCount,
    );
    bought.run(resellerSeq, productSeq);
    for (const l of licenses) {
      const customerSeq = l.customerId === null ? null : required(maps.customer, l.customerId);
      const activatedAt = l.activatedAt === null ? null : Date.parse(l.activatedAt);
      license.run(
        l.id, lastInsertRowid, resellerSeq, l.activationCode, storedActivationLink(l.activationCode, l.activationLink), l.validFrom, l.validTo,
        l.recurrent ? 1 : 0, customerSeq, activatedAt, l.distributionCompany, purchasedAt,
        l.expiredAt ? Date.parse(l.expiredAt) : null, l.scheduledChange ? (l.scheduledChange.recurrent ? 1 : 0) : null, l.scheduledChange?.effectiveOn ?? null,
      );
    }
    return licenses.length;
  };
}

/** Amounts are stored in minor units of the reseller's currency, without one of their own. */
function inCurrency(money: Money, currency: string | undefined, what: string): void {
  if (money.currency !== currency) throw new Error(`${what} is in ${money.currency}, not the reseller's ${currency}`);
}

function required(map: Map<string, number>, key: string): number {
  const value = map.get(key);
  if (value === undefined) throw new Error(`Unknown reference ${key}`);
  return value;
}
