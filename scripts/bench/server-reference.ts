/**
 * The answers a search should give, worked out with plain SQL that shares nothing with the
 * server's search (no tallies, no cursors, no chosen indexes): the total by counting every
 * match, and a page by OFFSET over the same matches in the default order; for SQLite and for
 * PostgreSQL, each over its own schema.
 */
import type { Db } from '../../demo/server/store/sqlite/database.js';
import type { QueryResult, QueryResultRow } from 'pg';
import type { OrdersQueryFields } from './server-shapes.js';

/** What a page of `GET /orders` must hold. */
export interface ReferencePage {
  total: number;
  ids: string[];
}

/** The total and the ids of the default-ordered page of `limit` orders after `offset`. */
export function referencePage(db: Db, resellerSeq: number, query: OrdersQueryFields, offset: number, limit: number): ReferencePage {
  const { where, params } = referenceWhere(resellerSeq, query);
  const total = db.prepare<unknown[], { n: number }>(`SELECT count(*) AS n FROM orders WHERE ${where}`).get(...params)?.n ?? 0;
  const ids = db
    .prepare<unknown[], { id: string }>(`SELECT id FROM orders WHERE ${where} ORDER BY purchased_at DESC, seq DESC LIMIT ? OFFSET ?`)
    .all(...params, limit, offset)
    .map((row) => row.id);
  return { total, ids };
}

function referenceWhere(resellerSeq: number, query: OrdersQueryFields): { where: string; params: unknown[] } {
  const where = ['reseller_seq = ?'];
  const params: unknown[] = [resellerSeq];
  const add = (condition: string, value: unknown) => {
    where.push(condition);
    params.push(value);
  };
  for (const [name, value] of Object.entries(query)) {
    if (name === 'purchasedFrom') add('purchased_at >= ?', Date.parse(value));
    else if (name === 'purchasedTo') add('purchased_at < ?', Date.parse(value));
    else if (name === 'orderNumber') add('lower(order_number) = lower(?)', value);
    else if (name === 'productName') add('product_seq IN (SELECT seq FROM products WHERE instr(lower(name), lower(?)) > 0)', value);
    else if (name === 'state') add('state = ?', value);
    else if (name === 'paymentType') add('payment_type = ?', value);
    else if (name === 'activationCode') add('seq IN (SELECT order_seq FROM licenses WHERE activation_code = ? COLLATE NOCASE)', value);
    else if (name === 'customerEmail') {
      add('seq IN (SELECT l.order_seq FROM licenses l JOIN customers c ON c.seq = l.customer_seq WHERE lower(c.email) = lower(?))', value);
    } else if (name === 'q') {
      // Every place q looks, scanned: nothing of the trigram indexes.
      where.push(`(instr(lower(order_number), lower(?)) > 0 OR instr(lower(coalesce(distribution_company, '')), lower(?)) > 0
        OR product_seq IN (SELECT seq FROM products WHERE instr(lower(name), lower(?)) > 0)
        OR seq IN (SELECT order_seq FROM licenses WHERE instr(lower(activation_code), lower(?)) > 0)
        OR seq IN (SELECT l.order_seq FROM licenses l JOIN customers c ON c.seq = l.customer_seq WHERE instr(lower(c.email), lower(?)) > 0))`);
      params.push(value, value, value, value, value);
    } else if (name !== 'limit' && name !== 'cursor') throw new Error(`No reference for the search field ${name}`);
  }
  return { where: where.join(' AND '), params };
}

/** A query on the PostgreSQL database: a pool or a client. */
export interface PgQueryable {
  query<R extends QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
}

/**
 * The same over the PostgreSQL schema (ids for keys, the id as the tie-breaker of the
 * default order, as the store's cursors use it).
 */
export async function referencePagePostgres(
  db: PgQueryable, resellerId: string, query: OrdersQueryFields, offset: number, limit: number,
): Promise<ReferencePage> {
  const { where, params } = referenceWherePostgres(resellerId, query);
  const counted = await db.query<{ n: string }>(`SELECT count(*) AS n FROM orders WHERE ${where}`, params);
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM orders WHERE ${where} ORDER BY purchased_at DESC, id DESC LIMIT ${limit} OFFSET ${offset}`,
    params,
  );
  return { total: Number(counted.rows[0]?.n ?? 0), ids: rows.map((row) => row.id) };
}

function referenceWherePostgres(resellerId: string, query: OrdersQueryFields): { where: string; params: unknown[] } {
  const params: unknown[] = [resellerId];
  const where = ['reseller_id = $1'];
  const add = (condition: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(condition(`$${params.length}`));
  };
  for (const [name, value] of Object.entries(query)) {
    if (name === 'purchasedFrom') add((p) => `purchased_at >= ${p}::timestamptz`, value);
    else if (name === 'purchasedTo') add((p) => `purchased_at < ${p}::timestamptz`, value);
    else if (name === 'orderNumber') add((p) => `lower(order_number) = lower(${p})`, value);
    else if (name === 'productName') add((p) => `product_id IN (SELECT id FROM products WHERE strpos(lower(name), lower(${p})) > 0)`, value);
    else if (name === 'state') add((p) => `state = ${p}`, value);
    else if (name === 'paymentType') add((p) => `payment_type = ${p}`, value);
    else if (name === 'activationCode') {
      add((p) => `id IN (SELECT order_id FROM licenses WHERE reseller_id = $1 AND lower(activation_code) = lower(${p}))`, value);
    } else if (name === 'customerEmail') {
      add(
        (p) => `id IN (SELECT l.order_id FROM licenses l JOIN customers c ON c.reseller_id = l.reseller_id AND c.id = l.customer_id
                WHERE l.reseller_id = $1 AND lower(c.email) = lower(${p}))`,
        value,
      );
    } else if (name === 'q') {
      // One IN over a UNION, which PostgreSQL turns into a semi-join (an OR of IN subqueries
      // would be run again for every order).
      add(
        (p) => `id IN (
          SELECT id FROM orders WHERE reseller_id = $1 AND (strpos(lower(order_number), lower(${p})) > 0
            OR strpos(lower(coalesce(distribution_company, '')), lower(${p})) > 0
            OR product_id IN (SELECT id FROM products WHERE strpos(lower(name), lower(${p})) > 0))
          UNION SELECT order_id FROM licenses WHERE reseller_id = $1 AND strpos(lower(activation_code), lower(${p})) > 0
          UNION SELECT l.order_id FROM licenses l JOIN customers c ON c.reseller_id = l.reseller_id AND c.id = l.customer_id
                  WHERE l.reseller_id = $1 AND strpos(lower(c.email), lower(${p})) > 0)`,
        value,
      );
    } else if (name !== 'limit' && name !== 'cursor') throw new Error(`No reference for the search field ${name}`);
  }
  return { where: where.join(' AND '), params };
}
