/**
 * Writes a demo world into an empty PostgreSQL database: directories first, then the orders
 * and their licenses streamed in large batches (one `INSERT … SELECT FROM unnest(arrays)`
 * per table and batch, so a batch costs one round trip whatever its size), with the bulk
 * indexes and foreign keys dropped meanwhile; then the indexes, the tallies, and
 * `VACUUM ANALYZE` (statistics for the planner, a visibility map for index-only scans).
 */
import { storedActivationLink } from '../shared/rows.js';
import type { Pool, PoolClient } from 'pg';
import type { DemoLicenseRecord, DemoOrderRecord, DemoWorld } from '../../../../src/api/memory/demo-data.js';
import { orderCounts, statusInOrder } from '../../../../src/rules/index.js';
import { createBulkIndexes, dropBulkIndexes } from './schema.js';

export interface PostgresSeedOptions {
  /** Orders per batch; default 5,000. */
  batchSize?: number;
  /** Called after each batch with the number of orders written so far. */
  onProgress?: (orders: number) => void;
  /** Recorded in the `meta` table. */
  seed?: number;
}

export interface PostgresSeedSummary {
  orders: number;
  licenses: number;
  customers: number;
}



/** Fills an empty database with `world`. Throws when the database already holds a reseller. */
export async function seedPostgres(pool: Pool, world: DemoWorld, options: PostgresSeedOptions = {}): Promise<PostgresSeedSummary> {
  const client = await pool.connect();
  try {
    await client.query('SET synchronous_commit = off');
    const { rows } = await client.query<{ n: number }>('SELECT count(*) AS n FROM resellers');
    if ((rows[0]?.n ?? 0) > 0) throw new Error('The database is already seeded');
    await insertDirectories(client, world);
    await dropBulkIndexes(client);
    const summary: PostgresSeedSummary = { orders: 0, licenses: 0, customers: world.customers.length };
    const batchSize = options.batchSize ?? 5_000;
    const bought = new Set<string>();
    let batch: { order: DemoOrderRecord; licenses: DemoLicenseRecord[] }[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      summary.licenses += await writeBatch(client, batch, bought);
      summary.orders += batch.length;
      batch = [];
      options.onProgress?.(summary.orders);
    };
    for (const entry of world.orders()) {
      batch.push(entry);
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    await client.query('SET maintenance_work_mem = $$256MB$$');
    await createBulkIndexes(client);
    await client.query('BEGIN');
    await client.query(TALLY_FILLS);
    await client.query(
      `INSERT INTO meta (key, value) VALUES ('seed', $1), ('seeded_at', $2)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [String(options.seed ?? ''), new Date().toISOString()],
    );
    await client.query('COMMIT');
    await client.query('VACUUM ANALYZE');
    return summary;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

const FACETS = 'product_id, state, payment_type, distributor_lower';
const UTC_DAY = `(purchased_at AT TIME ZONE 'UTC')::date`;

/** Fills the tallies from the orders (see schema.ts). */
const TALLY_FILLS = `
  DELETE FROM order_day_tally; DELETE FROM order_facet_tally; DELETE FROM order_day_total; DELETE FROM order_hour_total;
  INSERT INTO order_day_tally (reseller_id, day, ${FACETS}, orders)
    SELECT reseller_id, ${UTC_DAY}, ${FACETS}, count(*) FROM orders GROUP BY reseller_id, ${UTC_DAY}, ${FACETS};
  INSERT INTO order_facet_tally (reseller_id, ${FACETS}, orders)
    SELECT reseller_id, ${FACETS}, sum(orders) FROM order_day_tally GROUP BY reseller_id, ${FACETS};
  INSERT INTO order_day_total (reseller_id, day, orders)
    SELECT reseller_id, day, sum(orders) FROM order_day_tally GROUP BY reseller_id, day;
  INSERT INTO order_hour_total (reseller_id, hour, orders)
    SELECT reseller_id, date_trunc('hour', purchased_at, 'UTC'), count(*) FROM orders GROUP BY 1, 2;
`;

async function insertDirectories(client: PoolClient, world: DemoWorld): Promise<void> {
  await client.query('BEGIN');
  try {
    for (const r of world.resellers) {
      await client.query(
        'INSERT INTO resellers (id, name, user_name, user_email, currency, balance, token_label) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [r.id, r.name, r.user.name, r.user.email, r.currency, r.balance?.value ?? 0, r.tokenLabel],
      );
    }
    await client.query(
      `INSERT INTO products (id, name) SELECT * FROM unnest($1::text[], $2::text[])
       ON CONFLICT (id) DO UPDATE SET name = excluded.name`,
      [world.products.map((p) => p.id), world.products.map((p) => p.name)],
    );
    const prices = world.prices ?? [];
    await client.query(
      `INSERT INTO prices (reseller_id, product_id, unit_price, term_months)
       SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::int[])`,
      [
        prices.map((p) => p.resellerId),
        prices.map((p) => p.productId),
        prices.map((p) => p.unitPrice.value),
        prices.map((p) => p.termMonths),
      ],
    );
    const c = world.customers;
    await client.query(
      `INSERT INTO customers (reseller_id, id, email, email_lower, name_lower, organization, organization_lower, first_name, last_name)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])`,
      [
        c.map((x) => x.resellerId),
        c.map((x) => x.id),
        c.map((x) => x.email),
        c.map((x) => x.email.toLowerCase()),
        c.map((x) => `${x.firstName} ${x.lastName}`.toLowerCase()),
        c.map((x) => x.organization),
        c.map((x) => x.organization.toLowerCase()),
        c.map((x) => x.firstName),
        c.map((x) => x.lastName),
      ],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/** Writes a batch of orders with their licenses in one transaction; returns the license count. */
async function writeBatch(
  client: PoolClient,
  batch: { order: DemoOrderRecord; licenses: DemoLicenseRecord[] }[],
  bought: Set<string>,
): Promise<number> {
  const orders = columns(16);
  const licenses = columns(16);
  const newlyBought: [string, string][] = [];
  for (const { order: o, licenses: ls } of batch) {
    const counts = orderCounts(ls.map((l) => statusInOrder(o.state, l.activatedAt !== null, (l.expiredAt ?? null) !== null)));
    push(orders, [
      o.resellerId, o.id, o.orderNumber, o.orderNumber.toLowerCase(), o.purchasedAt, o.user, o.productId,
      o.amount.value, o.amount.currency, o.paymentType, o.state, o.distributionCompany,
      (o.distributionCompany ?? '').toLowerCase(), counts.quantity, counts.activeCount, counts.availableCount,
    ]);
    const key = `${o.resellerId}\n${o.productId}`;
    if (!bought.has(key)) {
      bought.add(key);
      newlyBought.push([o.resellerId, o.productId]);
    }
    ls.forEach((l, position) => {
      push(licenses, [
        l.resellerId, l.id, l.orderId, position, o.purchasedAt, l.activationCode,
        storedActivationLink(l.activationCode, l.activationLink), l.validFrom, l.validTo, l.recurrent,
        l.customerId, l.activatedAt, l.distributionCompany,
        l.expiredAt ?? null, l.scheduledChange?.recurrent ?? null, l.scheduledChange?.effectiveOn ?? null,
      ]);
    });
  }
  await client.query('BEGIN');
  try {
    await client.query(
      `INSERT INTO orders (reseller_id, id, order_number, order_number_lower, purchased_at, user_name, product_id, amount,
         currency, payment_type, state, distribution_company, distributor_lower, quantity, active_count, available_count)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[],
         $8::bigint[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::int[], $15::int[], $16::int[])`,
      orders,
    );
    if (licenses[0]!.length > 0) {
      await client.query(
        `INSERT INTO licenses (reseller_id, id, order_id, position, order_purchased_at, activation_code, activation_link,
           valid_from, valid_to, recurrent, customer_id, activated_at, distribution_company, expired_at, scheduled_recurrent, scheduled_on)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::timestamptz[], $6::text[], $7::text[],
           $8::date[], $9::date[], $10::boolean[], $11::text[], $12::timestamptz[], $13::text[], $14::timestamptz[], $15::boolean[], $16::date[])`,
        licenses,
      );
    }
    for (const [resellerId, productId] of newlyBought) {
      await client.query('INSERT INTO reseller_products (reseller_id, product_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
        resellerId,
        productId,
      ]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  return licenses[0]!.length;
}

function columns(n: number): unknown[][] {
  return Array.from({ length: n }, () => []);
}

function push(target: unknown[][], values: unknown[]): void {
  values.forEach((value, i) => target[i]!.push(value));
}
