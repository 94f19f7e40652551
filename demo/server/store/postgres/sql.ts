/**
 * What the PostgreSQL store's queries share: the connection type, how values come back
 * (counts as numbers, dates as ISO text, instants as ISO 8601 UTC instants), conditions with
 * numbered parameters, and the rows of orders, licenses and customers as records.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { QueryResult, QueryResultRow } from 'pg';
import type { FoundLicenseRecord, LicenseRecord, OrderRecord, StorePage } from '../../../../src/service/store.js';
import type { OrderState } from '../../../../src/api/contract/schemas.js';
import { isoInstant } from '../../../../src/service/clock.js';
import { type OrderColumns, orderRecordOf } from '../shared/rows.js';

/** A pool or one of its clients: where a query runs. */
export interface Db {
  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
}

/**
 * How many distinct statements are prepared by name at most, per process: a connection holds
 * each it has run until it closes, so the names stop at a bound in case some statement's text
 * ever varied with its values (the store's texts vary only with which filters a search has,
 * a few hundred at most); a statement past the bound runs unprepared.
 */
export const NAMED_STATEMENTS = 1_000;

/** The name of each statement prepared by name, by its text. */
const statementNames = new Map<string, string>();

/** The name to prepare the statement `text` by, or undefined once {@link NAMED_STATEMENTS} are named. */
function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < NAMED_STATEMENTS) {
    name = `s_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return name;
}

/** A number for each connection statements were prepared on, which their names carry. */
const connectionNumbers = new WeakMap<pg.PoolClient, number>();
let connectionsNumbered = 0;

function connectionNumber(client: pg.PoolClient): number {
  let number = connectionNumbers.get(client);
  if (number === undefined) connectionNumbers.set(client, (number = (connectionsNumbered += 1)));
  return number;
}

/**
 * The pool, or the client of a transaction, with each statement prepared once per connection
 * (by a name made from its text) and reused afterwards, so that it skips parsing and, once
 * PostgreSQL finds its generic plan as good as planning it afresh, planning. The store's reads
 * and writes are the same few hundred statements with other values; planning cost up to half
 * of a keyed read (an order by number: 1,620 requests a second on 10 connections, 4,380 with
 * prepared statements).
 *
 * A name carries its connection's number too. PostgreSQL keeps a name per session, one a
 * connection; a server that serves several connections in one session (PGlite over a socket)
 * would otherwise refuse a name that another connection, or one closed since, prepared.
 */
export function preparedStatements(on: pg.Pool | pg.PoolClient): Db {
  const run = async <R extends QueryResultRow>(client: pg.PoolClient, text: string, values?: unknown[]) => {
    const name = statementName(text);
    const config = { ...(name === undefined ? {} : { name: `${name}_${connectionNumber(client)}` }), text, ...(values ? { values } : {}) };
    // pg's callback form, not its promise form: statement after statement, the promise form kept
    // each result and its rows alive through the next minor collections, which moved megabytes
    // to the old generation at each (1.7 to 4 MB of 12 MB allocated, for a search without q or
    // by an order number's fragment) and took 4 to 8 ms instead of 1 to 2. A failure's stack is
    // taken again here, as the promise form does, so that it leads back to the statement's
    // callers rather than to the socket's read.
    try {
      return await new Promise<QueryResult<R>>((resolve, reject) => {
        client.query<R>(config, (error, result) => (error ? reject(error) : resolve(result)));
      });
    } catch (error) {
      if (error instanceof Error) Error.captureStackTrace(error);
      throw error;
    }
  };
  if (!(on instanceof pg.Pool)) return { query: (text, values) => run(on, text, values) };
  return {
    query: async <R extends QueryResultRow>(text: string, values?: unknown[]) => {
      const client = await on.connect();
      try {
        const result = await run<R>(client, text, values);
        client.release();
        return result;
      } catch (error) {
        // As the pool's own query does: a connection that a statement failed on is closed, not reused.
        client.release(error instanceof Error ? error : true);
        throw error;
      }
    },
  };
}

const parseTimestamptz = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ, 'text') as (text: string) => Date;

/** A time as PostgreSQL writes it in UTC (ISO style, `2026-03-05 10:22:33.5+00`): its date, its time of day, and its fraction of a second. */
const UTC_TIMESTAMPTZ = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?\+00$/;

/**
 * A `timestamptz` as PostgreSQL writes it, as an ISO 8601 UTC instant in whole milliseconds,
 * rounded down ({@link isoInstant}). Written in UTC (a session in UTC, as most servers run),
 * it is rewritten in place, without making a Date and writing it again: a page of orders holds
 * fifty such times, and reading them so took a twentieth of the process's time for a search.
 * Any other (another time zone, a year past 9999 or before 1 AD, infinity) is parsed.
 */
export function isoOfTimestamptz(text: string): string {
  const utc = UTC_TIMESTAMPTZ.exec(text);
  if (utc === null) return isoInstant(parseTimestamptz(text).getTime());
  const milliseconds = utc[3] === undefined ? '000' : `${utc[3]}00`.slice(0, 3);
  return milliseconds === '000' ? `${utc[1]}T${utc[2]}Z` : `${utc[1]}T${utc[2]}.${milliseconds}Z`;
}

/** The type parsers of the store's pool (per pool, never the driver's global ones). */
export const TYPE_PARSERS = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
    if (format === 'binary') return pg.types.getTypeParser(oid, 'binary') as (value: string) => unknown;
    switch (oid) {
      case pg.types.builtins.INT8:
        return Number;
      case pg.types.builtins.DATE:
        return (text: string) => text;
      case pg.types.builtins.TIMESTAMPTZ:
        return isoOfTimestamptz;
      default:
        return pg.types.getTypeParser(oid, 'text') as (value: string) => unknown;
    }
  },
};

/** 2000-01-01T00:00:00Z, where PostgreSQL counts its times from, in milliseconds since 1970. */
const POSTGRES_EPOCH = Date.UTC(2000, 0, 1);

/**
 * The time whose `timestamptz_send` bytes (microseconds since 2000-01-01, most significant
 * first) start at `at` of `bytes`, in whole milliseconds since 1970, rounded down: how the
 * stores' statements send the purchase times that searches keep (order-times.ts) or compare
 * (the look-up of order-search.ts). Sent so, a time costs PostgreSQL a copy; computing
 * milliseconds there (`date_part('epoch', …)`, a float) was the larger part of a look-up that
 * finds thousands of orders, and rounding a float down could miss by one.
 */
function sentTime(bytes: DataView, at: number): number {
  // Exact below 2^53 microseconds (285 years either way).
  return POSTGRES_EPOCH + Math.floor(sentInt8(bytes, at) / 1000);
}

/** The `int8send` bytes (most significant first) at `at`: the high half signed and the low half not, exact below 2^53, with no BigInt. */
function sentInt8(bytes: DataView, at: number): number {
  return bytes.getInt32(at) * 2 ** 32 + bytes.getUint32(at + 4);
}

/** The times of `timestamptz_send` values end to end ({@link sentTime}). */
export function sentTimes(bytes: Uint8Array): number[] {
  return sentNumbers(bytes, 'times', sentTime);
}

/** The row numbers of `int8send` values end to end (below 2^53, as row numbers are). */
export function sentSeqs(bytes: Uint8Array): number[] {
  return sentNumbers(bytes, 'row numbers', sentInt8);
}

/**
 * Eight-byte values end to end, as the store's statements send the times and row numbers of
 * thousands of orders: one value, where a row an order cost the process more than the
 * statement cost the database.
 */
function sentNumbers(bytes: Uint8Array, what: string, read: (view: DataView, at: number) => number): number[] {
  if (bytes.length % 8 !== 0) throw new Error(`The ${what} read ${bytes.length} bytes, not whole ${what}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const numbers = new Array<number>(bytes.length / 8);
  for (let i = 0; i < numbers.length; i += 1) numbers[i] = read(view, i * 8);
  return numbers;
}

/**
 * A bound value (`$n`) read through a subquery, `(SELECT $n::type)`, which the indexes use as
 * they would the value itself, but which the planner does not look into: it estimates every
 * run of the statement alike, so that the connection keeps one plan of it after its first
 * runs (a generic plan) instead of planning it anew for each run's values, which can cost as
 * much as running it. Only for a statement whose plan does not hang on the value.
 */
export const unseen = (placeholder: string, type: string) => `(SELECT ${placeholder}::${type})`;

/** SQL conditions joined by AND, over numbered parameters; values are always bound. */
export class Conditions {
  readonly where: string[] = [];

  constructor(readonly params: unknown[] = []) {}

  /** Binds `value` and returns its placeholder (`$n`). */
  bind(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** Binds `value` and returns it as {@link unseen}, of the SQL type `type`. */
  bindUnseen(value: unknown, type: string): string {
    return unseen(this.bind(value), type);
  }

  /** Adds `condition(placeholder)` with `value` bound. */
  add(condition: (placeholder: string) => string, value: unknown): this {
    this.where.push(condition(this.bind(value)));
    return this;
  }

  raw(condition: string): this {
    this.where.push(condition);
    return this;
  }

  get sql(): string {
    return this.where.length === 0 ? 'TRUE' : this.where.join(' AND ');
  }
}

/** An order row: the columns both SQL stores share, and the purchase time as this one stores it. */
export interface OrderRow extends OrderColumns {
  purchased_at: string;
}

/** Columns of an {@link OrderRow}: `orders o` joined with `products p`. */
export const ORDER_COLUMNS = `o.id, o.order_number, o.purchased_at, o.user_name, o.product_id, p.name AS product_name,
  o.amount, o.currency, o.payment_type, o.state, o.distribution_company, o.quantity, o.active_count, o.available_count`;

export function orderRecord(row: OrderRow): OrderRecord {
  return orderRecordOf(row, row.purchased_at);
}

export interface LicenseRow {
  id: string;
  order_id: string;
  position: number;
  order_state: OrderState;
  activation_code: string;
  activation_link: string | null;
  valid_from: string;
  valid_to: string;
  recurrent: boolean;
  activated_at: string | null;
  distribution_company: string | null;
  customer_id: string | null;
  customer_email: string | null;
  customer_organization: string | null;
  expired_at: string | null;
  scheduled_recurrent: boolean | null;
  scheduled_on: string | null;
}

/** Columns of a {@link LicenseRow}: `licenses l` joined with `orders o`, left-joined with `customers c`. */
export const LICENSE_COLUMNS = `l.id, l.order_id, l.position, o.state AS order_state, l.activation_code, l.activation_link,
  l.valid_from, l.valid_to, l.recurrent, l.activated_at, l.distribution_company,
  c.id AS customer_id, c.email AS customer_email, c.organization AS customer_organization,
  l.expired_at, l.scheduled_recurrent, l.scheduled_on`;

export const LICENSE_JOINS = `licenses l
  JOIN orders o ON o.reseller_id = l.reseller_id AND o.id = l.order_id
  LEFT JOIN customers c ON c.reseller_id = l.reseller_id AND c.id = l.customer_id`;

export function licenseRecord(row: LicenseRow): LicenseRecord {
  return {
    id: row.id,
    orderId: row.order_id,
    orderState: row.order_state,
    activationCode: row.activation_code,
    activationLink: row.activation_link,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    recurrent: row.recurrent,
    activatedAt: row.activated_at,
    distributionCompany: row.distribution_company,
    customer:
      row.customer_id === null
        ? null
        : { id: row.customer_id, email: row.customer_email ?? '', organization: row.customer_organization ?? '' },
    expiredAt: row.expired_at,
    scheduledChange: row.scheduled_on === null ? null : { recurrent: row.scheduled_recurrent === true, effectiveOn: row.scheduled_on },
  };
}

/** A {@link LicenseRow} with its order's product. */
export interface FoundLicenseRow extends LicenseRow {
  product_id: string;
  product_name: string;
}

/** What a page of licenses reads: its columns over its joins, and the record each row makes. */
export interface LicenseSelect<R extends LicenseRow, T> {
  columns: string;
  joins: string;
  record: (row: R) => T;
}

/** Licenses as records: {@link LICENSE_COLUMNS} over {@link LICENSE_JOINS}. */
export const LICENSES: LicenseSelect<LicenseRow, LicenseRecord> = { columns: LICENSE_COLUMNS, joins: LICENSE_JOINS, record: licenseRecord };

/** Licenses found across orders, each with its order's product (`products p`, a row by its key). */
export const FOUND_LICENSES: LicenseSelect<FoundLicenseRow, FoundLicenseRecord> = {
  columns: `${LICENSE_COLUMNS}, o.product_id, p.name AS product_name`,
  joins: `${LICENSE_JOINS} JOIN products p ON p.id = o.product_id`,
  record: (row) => ({ ...licenseRecord(row), product: { id: row.product_id, name: row.product_name } }),
};

/**
 * A page of licenses (as `select` reads them) meeting `conditions` in `orderBy` order, with
 * the total that `counted` gives: one row more than `limit` is read to know whether a next
 * page exists, whose cursor `cursorOf` makes of the page's last row.
 */
export async function licensePageOf<R extends LicenseRow, T>(
  db: Db,
  select: LicenseSelect<R, T>,
  conditions: Conditions,
  orderBy: string,
  limit: number,
  counted: Promise<QueryResult<{ n: number }>>,
  cursorOf: (last: R) => string,
): Promise<StorePage<T>> {
  const take = conditions.bind(limit + 1);
  const listed = db.query<R>(`SELECT ${select.columns} FROM ${select.joins} WHERE ${conditions.sql} ORDER BY ${orderBy} LIMIT ${take}`, conditions.params);
  const [{ rows: count }, { rows }] = await Promise.all([counted, listed]);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(select.record),
    nextCursor: rows.length > limit && last ? cursorOf(last) : null,
    total: count[0]?.n ?? 0,
  };
}
