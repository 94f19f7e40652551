/**
 * Writes a transaction makes that wait and then go to the database together, in one
 * statement for all of them (one data-modifying WITH clause per table), instead of one
 * statement each.
 *
 * - Changes: new customers, activated licenses, orders' counts, a job's results and
 *   progress. They go before the transaction's next statement of any kind (see
 *   {@link DeferredWrites.flushChanges}), so that no statement sees the database without
 *   them. A bulk job's batch makes them for every row and reads what it needs ahead
 *   (read-ahead.ts), so they go with its log, in one statement per batch.
 * - Log: history entries and queued mails, read back only rarely. They wait until the
 *   transaction reads either table, and until it commits.
 *
 * Each is written in the order it was made; a license activated twice, or an order counted
 * twice, before they go is written once, as it was last.
 */
import type { NewCustomerRecord, NewHistoryRecord, NewMail } from '../../../../src/service/store.js';
import type { Db } from './sql.js';

/** One table's writes: the WITH clause that makes them (given the placeholders of its values), and its values. */
export interface Part {
  sql: (...placeholders: string[]) => string;
  values: unknown[];
  /** How many rows the clause must answer (it says RETURNING), else the error thrown. */
  answers?: { rows: number; otherwise: string };
}

/** The rows of a JSON array parameter, with their place in it (n), as columns of these types. */
const recordset = (json: string, alias: string, columns: string) => {
  const names = columns.split(',').map((column) => column.trim().split(' ')[0]).join(', ');
  return `ROWS FROM (jsonb_to_recordset(${json}::jsonb) AS (${columns})) WITH ORDINALITY AS ${alias}(${names}, n)`;
};

const CUSTOMERS = (json: string) => `INSERT INTO customers (reseller_id, id, email, email_lower, name_lower, organization,
    organization_lower, first_name, last_name, phone, country)
  SELECT reseller_id, id, email, email_lower, name_lower, organization, organization_lower, first_name, last_name, phone, country
  FROM ${recordset(json, 'c', `reseller_id text, id text, email text, email_lower text, name_lower text, organization text,
    organization_lower text, first_name text, last_name text, phone text, country text`)}
  ORDER BY n`;

// The updates join arrays, whose length the planner knows (unlike a JSON array's), so that it
// looks each row up by its key instead of scanning the table.
const ACTIVATIONS = (reseller: string, id: string, customer: string, at: string) => `UPDATE licenses l
  SET customer_id = v.customer_id, activated_at = v.activated_at
  FROM unnest(${reseller}::text[], ${id}::text[], ${customer}::text[], ${at}::timestamptz[]) AS v(reseller_id, id, customer_id, activated_at)
  WHERE l.reseller_id = v.reseller_id AND l.id = v.id`;

const ORDER_COUNTS = (reseller: string, id: string, active: string, available: string) => `UPDATE orders o
  SET active_count = v.active_count, available_count = v.available_count
  FROM unnest(${reseller}::text[], ${id}::text[], ${active}::integer[], ${available}::integer[]) AS v(reseller_id, id, active_count, available_count)
  WHERE o.reseller_id = v.reseller_id AND o.id = v.id`;

const HISTORY = (json: string) => `INSERT INTO history (reseller_id, order_id, license_id, at, actor_kind, actor, kind, detail)
  SELECT reseller_id, order_id, license_id, at, actor_kind, actor, kind, detail
  FROM ${recordset(json, 'h', `reseller_id text, order_id text, license_id text, at timestamptz, actor_kind text, actor text,
    kind text, detail text`)}
  ORDER BY n`;

const MAIL = (json: string) => `INSERT INTO outbox (reseller_id, id, at, kind, to_address, subject, text, order_id, license_id)
  SELECT reseller_id, id, at, kind, to_address, subject, text, order_id, license_id
  FROM ${recordset(json, 'm', `reseller_id text, id text, at timestamptz, kind text, to_address text, subject text, text text,
    order_id text, license_id text`)}
  ORDER BY n`;

export class DeferredWrites {
  #customers: object[] = [];
  /** By reseller and license: the last activation of each (reseller, license, customer, time). */
  #activations = new Map<string, unknown[]>();
  /** By reseller and order: the last counts of each (reseller, order, active, available). */
  #orderCounts = new Map<string, unknown[]>();
  #history: object[] = [];
  #mail: object[] = [];
  #job: Part[] = [];

  customer(resellerId: string, customer: NewCustomerRecord): void {
    const { id, email, organization, firstName, lastName, phone, country } = customer;
    this.#customers.push({
      reseller_id: resellerId, id, email, email_lower: email.toLowerCase(), name_lower: `${firstName} ${lastName}`.toLowerCase(),
      organization, organization_lower: organization.toLowerCase(), first_name: firstName, last_name: lastName, phone, country,
    });
  }

  activation(resellerId: string, licenseId: string, customerId: string, at: string): void {
    this.#activations.set(`${resellerId}\n${licenseId}`, [resellerId, licenseId, customerId, at]);
  }

  orderCounts(resellerId: string, orderId: string, counts: { activeCount: number; availableCount: number }): void {
    this.#orderCounts.set(`${resellerId}\n${orderId}`, [resellerId, orderId, counts.activeCount, counts.availableCount]);
  }

  history(resellerId: string, entry: NewHistoryRecord): void {
    const { orderId, licenseId, at, actor, kind, detail } = entry;
    this.#history.push({ reseller_id: resellerId, order_id: orderId, license_id: licenseId, at, actor_kind: actor.kind, actor: actor.name, kind, detail });
  }

  mail(resellerId: string, mail: NewMail): void {
    const { id, at, kind, to, subject, text, orderId, licenseId } = mail;
    this.#mail.push({ reseller_id: resellerId, id, at, kind, to_address: to, subject, text, order_id: orderId, license_id: licenseId });
  }

  /** A job's results and progress, as jobs.ts writes them. */
  job(parts: Part[]): void {
    this.#job.push(...parts);
  }

  /**
   * Writes the changes that wait (customers, licenses, orders, jobs): before any other statement.
   * Their one statement is handed to the connection before this returns, so a statement
   * sent after the call (even without waiting for it) runs after them.
   */
  flushChanges(db: Db): Promise<void> {
    const parts = this.#changes();
    return parts.length === 0 ? Promise.resolve() : write(db, parts);
  }

  /** Writes everything that waits: before the transaction reads history or the outbox, and before it commits. */
  flush(db: Db): Promise<void> {
    const parts = [...this.#changes(), ...json(this.#history, HISTORY), ...json(this.#mail, MAIL)];
    this.#history = [];
    this.#mail = [];
    return parts.length === 0 ? Promise.resolve() : write(db, parts);
  }

  /** The changes as parts of a statement, forgotten here. */
  #changes(): Part[] {
    const parts = [
      ...json(this.#customers, CUSTOMERS), ...arrays(this.#activations, ACTIVATIONS), ...arrays(this.#orderCounts, ORDER_COUNTS), ...this.#job,
    ];
    this.#customers = [];
    this.#activations = new Map();
    this.#orderCounts = new Map();
    this.#job = [];
    return parts;
  }
}

/** Rows as one JSON array. */
function json(rows: object[], sql: Part['sql']): Part[] {
  return rows.length === 0 ? [] : [{ sql, values: [JSON.stringify(rows)] }];
}

/** Rows (each a list of column values) as one array per column. */
function arrays(rows: Map<string, unknown[]>, sql: Part['sql']): Part[] {
  const list = [...rows.values()];
  return list.length === 0 ? [] : [{ sql, values: list[0]!.map((_, column) => list.map((row) => row[column])) }];
}

/**
 * One statement for every part: the sub-statements of a WITH clause all run, each to its
 * end, before the statement ends, and the foreign keys are checked after them (a license
 * may name a customer added beside it). It answers how many rows each part that must
 * answer some did answer; a shortfall throws, so that the transaction does not commit.
 */
async function write(db: Db, parts: Part[]): Promise<void> {
  const values: unknown[] = [];
  const clauses = parts.map((part, i) => {
    const placeholders = part.values.map((value) => `$${values.push(value)}`);
    return `w${i} AS (${part.sql(...placeholders)})`;
  });
  const counted = parts.flatMap((part, i) => (part.answers ? [`(SELECT count(*) FROM w${i})::integer AS w${i}`] : []));
  const { rows } = await db.query<Record<string, number>>(`WITH ${clauses.join(',\n')}\nSELECT ${counted.join(', ') || '1'}`, values);
  for (const [i, part] of parts.entries()) {
    if (part.answers && rows[0]?.[`w${i}`] !== part.answers.rows) throw new Error(part.answers.otherwise);
  }
}
