/**
 * The PostgreSQL store: the service's Store port and what the demo server needs beside it,
 * over a node-postgres Pool. Storage only: queries and transactions, no business rules.
 *
 * A transaction runs on one pooled client at SERIALIZABLE isolation; when PostgreSQL asks for
 * a retry (a serialization failure or a deadlock) or two transactions race to save one
 * idempotency key, it is rolled back and `work` runs again, a bounded number of times.
 */
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Pool, PoolClient, PoolConfig, QueryResult, QueryResultRow } from 'pg';
import type {
  Actor,
  CatalogProduct,
  CustomerPatch,
  Money,
  OrderState,
  ParsedLicenseCountsQuery,
  ParsedLicenseSearchQuery,
  ParsedLicensesQuery,
  ParsedOrdersQuery,
  Product,
} from '../../../../src/api/contract/schemas.js';
import type { DemoWorld } from '../../../../src/api/memory/demo-data.js';
import { DeferredWrites } from './deferred-writes.js';
import { ReadAhead } from './read-ahead.js';
import { type GrowingTable, TableGrowth } from './table-growth.js';
import * as jobs from './jobs.js';
import type {
  CustomerRecord,
  FoundLicenseRecord,
  HistoryRecord,
  IdempotencyRecord,
  JobProgress,
  JobRecord,
  JobResultRecord,
  LicenseRecord,
  MailKind,
  MailRecord,
  NewCustomerRecord,
  NewHistoryRecord,
  NewJobRecord,
  NewLicenseRecord,
  NewMail,
  NewOrderRecord,
  OrderRecord,
  ProductCountRecord,
  ReadAheadRequest,
  ResellerRecord,
  ScheduledChangeRecord,
  StorePage,
  StoreReads,
  StoreTx,
} from '../../../../src/service/store.js';
import type { MailResult, OutboxMail, PendingMail, ServerStore } from '../server-store.js';
import { decodeCursor, encodeCursor } from '../shared/cursor.js';
import { CUSTOMER_COLUMNS, type CustomerRow, customerRecord } from '../shared/rows.js';
import { resellerProducts, type SearchOptions, searchOptions, searchOrders } from './order-search.js';
import { keepNumberIndex, numberIndexOf } from './number-index.js';
import { orderTimesOf } from './order-times.js';
import * as renewals from './renewals.js';
import { STATUS_SQL } from '../shared/license-status.js';
import { migrate } from './schema.js';
import { seedPostgres, type PostgresSeedOptions, type PostgresSeedSummary } from './seed.js';
import { moveTallies, type TallyKey } from './tallies.js';
import {
  Conditions,
  type Db,
  LICENSE_COLUMNS,
  LICENSE_JOINS,
  type LicenseRow,
  licensePageOf,
  LICENSES,
  licenseRecord,
  ORDER_COLUMNS,
  type OrderRow,
  preparedStatements,
  orderRecord,
  TYPE_PARSERS,
} from './sql.js';

/** How many times a transaction runs at most. */
const MAX_TRIES = 20;
/** SQLSTATEs after which a transaction runs again. */
const RETRIED = new Set(['40001', '40P01']);
const IDEMPOTENCY_KEY_CONSTRAINT = 'idempotency_keys_pkey';

interface HistoryRow {
  seq: number;
  at: string;
  actor_kind: Actor['kind'];
  actor: string;
  kind: HistoryRecord['kind'];
  detail: string;
}

const HISTORY_COLUMNS = 'h.seq, h.at, h.actor_kind, h.actor, h.kind, h.detail';

function historyRecord(row: HistoryRow): HistoryRecord {
  return {
    id: `his_${row.seq.toString(36)}`,
    at: row.at,
    actor: { kind: row.actor_kind, name: row.actor },
    kind: row.kind,
    detail: row.detail,
  };
}

/** Reads over a pool (each its own statement) or over a transaction's client. */
class PostgresReads implements StoreReads {
  constructor(
    protected readonly db: Db,
    protected readonly search: Required<SearchOptions> = searchOptions(),
  ) {}

  /**
   * What a transaction's reads of one order or license add: a row lock, so that changes of
   * one license (fifty people activating it at once) wait for each other instead of failing
   * serialization again and again. Reads outside a transaction lock nothing.
   */
  protected lockOf(_alias: string): string {
    return '';
  }

  async reseller(resellerId: string): Promise<ResellerRecord | null> {
    const { rows } = await this.db.query<{
      id: string; name: string; user_name: string; user_email: string; currency: string; balance: number;
    }>('SELECT id, name, user_name, user_email, currency, balance FROM resellers WHERE id = $1', [resellerId]);
    const row = rows[0];
    return row
      ? {
          id: row.id,
          name: row.name,
          user: { name: row.user_name, email: row.user_email },
          currency: row.currency,
          balance: { value: row.balance, currency: row.currency },
        }
      : null;
  }

  async catalog(resellerId: string): Promise<CatalogProduct[]> {
    const { rows } = await this.db.query<{ id: string; name: string; unit_price: number; currency: string; term_months: number }>(
      `SELECT p.id, p.name, pr.unit_price, r.currency, pr.term_months
       FROM prices pr JOIN products p ON p.id = pr.product_id JOIN resellers r ON r.id = pr.reseller_id
       WHERE pr.reseller_id = $1 ORDER BY p.name COLLATE "C", p.id`,
      [resellerId],
    );
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      unitPrice: { value: row.unit_price, currency: row.currency },
      termMonths: row.term_months,
    }));
  }

  async licenseByCode(activationCode: string): Promise<{ resellerId: string; license: LicenseRecord } | null> {
    // By the code alone (licenses_by_code_alone): the one read not led by a reseller.
    const { rows } = await this.db.query<LicenseRow & { reseller_id: string }>(
      `SELECT l.reseller_id, ${LICENSE_COLUMNS} FROM ${LICENSE_JOINS}
       WHERE lower(l.activation_code) = lower($1) ORDER BY l.reseller_id, l.id LIMIT 1${this.lockOf('l')}`,
      [activationCode],
    );
    const row = rows[0];
    return row ? { resellerId: row.reseller_id, license: licenseRecord(row) } : null;
  }

  products(resellerId: string): Promise<Product[]> {
    return resellerProducts(this.db, resellerId);
  }

  searchOrders(resellerId: string, query: ParsedOrdersQuery & { limit: number }): Promise<StorePage<OrderRecord>> {
    return searchOrders(this.db, resellerId, query, this.search);
  }

  async order(resellerId: string, orderId: string): Promise<OrderRecord | null> {
    const { rows } = await this.db.query<OrderRow>(
      `SELECT ${ORDER_COLUMNS} FROM orders o JOIN products p ON p.id = o.product_id WHERE o.reseller_id = $1 AND o.id = $2${this.lockOf('o')}`,
      [resellerId, orderId],
    );
    return rows[0] ? orderRecord(rows[0]) : null;
  }

  async activationCodes(resellerId: string, orderId: string): Promise<string[]> {
    const { rows } = await this.db.query<{ activation_code: string }>(
      'SELECT activation_code FROM licenses WHERE reseller_id = $1 AND order_id = $2 ORDER BY position',
      [resellerId, orderId],
    );
    return rows.map((row) => row.activation_code);
  }

  async licenses(resellerId: string, orderId: string, query: ParsedLicensesQuery & { limit: number }): Promise<StorePage<LicenseRecord>> {
    const after = query.cursor === undefined ? null : decodeCursor(query.cursor, orderId, ['n']);
    const conditions = new Conditions();
    conditions.add((p) => `l.reseller_id = ${p}`, resellerId).add((p) => `l.order_id = ${p}`, orderId);
    if (query.status !== undefined) conditions.raw(`(${STATUS_SQL[query.status]})`);
    if (query.q !== undefined) {
      conditions.add((q) => `(strpos(lower(l.activation_code), ${q}) > 0 OR strpos(c.email_lower, ${q}) > 0)`, query.q.toLowerCase());
    }
    // Unfiltered, the total is the order's quantity (exactly that many licenses are inserted
    // with it, and none is ever deleted): a page of a large order does not count it again.
    const counted =
      query.status === undefined && query.q === undefined
        ? this.db.query<{ n: number }>('SELECT quantity AS n FROM orders WHERE reseller_id = $1 AND id = $2', [resellerId, orderId])
        : this.db.query<{ n: number }>(`SELECT count(*) AS n FROM ${LICENSE_JOINS} WHERE ${conditions.sql}`, [...conditions.params]);
    if (after !== null) conditions.add((p) => `l.position > ${p}`, after[0]);
    return licensePageOf(this.db, LICENSES, conditions, 'l.position', query.limit, counted, (last) => encodeCursor([orderId, last.position]));
  }

  async license(resellerId: string, licenseId: string): Promise<LicenseRecord | null> {
    const { rows } = await this.db.query<LicenseRow>(
      `SELECT ${LICENSE_COLUMNS} FROM ${LICENSE_JOINS} WHERE l.reseller_id = $1 AND l.id = $2${this.lockOf('l')}`,
      [resellerId, licenseId],
    );
    return rows[0] ? licenseRecord(rows[0]) : null;
  }

  async history(
    resellerId: string,
    licenseId: string,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<{ items: HistoryRecord[]; nextCursor: string | null }> {
    // The cursor is the seq of the last row shown, scoped to the license; the walk continues
    // after that row's (at, seq), its time read back exactly by the primary key.
    const after = page.cursor === undefined ? null : decodeCursor(page.cursor, licenseId, ['n']);
    const bound = new Conditions([resellerId, licenseId, page.limit + 1]);
    let keyset = '';
    if (after !== null) {
      const seq = bound.bind(after[0]);
      keyset = `AND (h.at, h.seq) > ((SELECT c.at FROM history c WHERE c.reseller_id = $1 AND c.seq = ${seq}), ${seq}::bigint)`;
    }
    // Each side walks its own index (history_by_license, history_by_order) from the cursor and
    // stops after a page; the merge of the two short lists is the page.
    const { rows } = await this.db.query<HistoryRow>(
      `(SELECT ${HISTORY_COLUMNS} FROM history h
        WHERE h.reseller_id = $1 AND h.license_id = $2 ${keyset}
        ORDER BY h.at, h.seq LIMIT $3)
       UNION ALL
       (SELECT ${HISTORY_COLUMNS} FROM history h
        WHERE h.reseller_id = $1 AND h.license_id IS NULL
          AND h.order_id = (SELECT l.order_id FROM licenses l WHERE l.reseller_id = $1 AND l.id = $2) ${keyset}
        ORDER BY h.at, h.seq LIMIT $3)
       ORDER BY at, seq LIMIT $3`,
      bound.params,
    );
    const items = rows.slice(0, page.limit);
    const last = items.at(-1);
    return {
      items: items.map(historyRecord),
      nextCursor: rows.length > page.limit && last ? encodeCursor([licenseId, last.seq]) : null,
    };
  }

  async customers(resellerId: string, q: string, limit: number): Promise<CustomerRecord[]> {
    const { rows } = await this.db.query<CustomerRow>(
      `SELECT ${CUSTOMER_COLUMNS} FROM customers c
       WHERE c.reseller_id = $1
         AND (strpos(c.email_lower, $2) > 0 OR strpos(c.name_lower, $2) > 0 OR strpos(c.organization_lower, $2) > 0)
       ORDER BY strpos(c.email_lower, $2) = 1 DESC, c.email_lower, c.id
       LIMIT $3`,
      [resellerId, q, limit],
    );
    return rows.map(customerRecord);
  }

  async customerByEmail(resellerId: string, email: string): Promise<CustomerRecord | null> {
    const { rows } = await this.db.query<CustomerRow>(
      `SELECT ${CUSTOMER_COLUMNS} FROM customers c WHERE c.reseller_id = $1 AND c.email_lower = $2`,
      [resellerId, email.toLowerCase()],
    );
    return rows[0] ? customerRecord(rows[0]) : null;
  }

  async customer(resellerId: string, customerId: string): Promise<CustomerRecord | null> {
    const { rows } = await this.db.query<CustomerRow>(
      `SELECT ${CUSTOMER_COLUMNS} FROM customers c WHERE c.reseller_id = $1 AND c.id = $2`,
      [resellerId, customerId],
    );
    return rows[0] ? customerRecord(rows[0]) : null;
  }

  async customerLicenses(resellerId: string, customerId: string): Promise<{ id: string; orderId: string }[]> {
    // From licenses_by_customer, in purchase order.
    const { rows } = await this.db.query<{ id: string; order_id: string }>(
      `SELECT id, order_id FROM licenses WHERE reseller_id = $1 AND customer_id = $2
       ORDER BY order_purchased_at, order_id, position`,
      [resellerId, customerId],
    );
    return rows.map((row) => ({ id: row.id, orderId: row.order_id }));
  }

  async mailTimes(resellerId: string, orderId: string, kind: MailKind, since: string): Promise<string[]> {
    const { rows } = await this.db.query<{ at: string }>(
      `SELECT at FROM outbox WHERE reseller_id = $1 AND order_id = $2 AND kind = $3 AND at >= $4 ORDER BY at, seq`,
      [resellerId, orderId, kind, since],
    );
    return rows.map((row) => row.at);
  }

  async idempotency(resellerId: string, key: string): Promise<IdempotencyRecord | null> {
    const { rows } = await this.db.query<{ fingerprint: string; status: number; body: string; at: string }>(
      'SELECT fingerprint, status, body, at FROM idempotency_keys WHERE reseller_id = $1 AND key = $2',
      [resellerId, key],
    );
    const row = rows[0];
    return row ? { fingerprint: row.fingerprint, status: row.status, body: JSON.parse(row.body) as unknown, at: row.at } : null;
  }

  // Renewals (renewals.ts)

  searchLicenses(resellerId: string, query: ParsedLicenseSearchQuery & { limit: number }): Promise<StorePage<FoundLicenseRecord>> {
    return renewals.searchLicenses(this.db, resellerId, query, this.search);
  }

  countLicensesByProduct(resellerId: string, query: ParsedLicenseCountsQuery): Promise<ProductCountRecord[]> {
    return renewals.countLicensesByProduct(this.db, resellerId, query, this.search);
  }

  async resellerIds(): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string }>('SELECT id FROM resellers ORDER BY id');
    return rows.map((row) => row.id);
  }

  endedTerms(resellerId: string, before: string, limit: number): Promise<LicenseRecord[]> {
    return renewals.endedTerms(this.db, resellerId, before, limit);
  }

  dueScheduledChanges(resellerId: string, through: string, limit: number): Promise<LicenseRecord[]> {
    return renewals.dueScheduledChanges(this.db, resellerId, through, limit);
  }

  lastRenewalDigest(resellerId: string): Promise<string | null> {
    return renewals.lastRenewalDigest(this.db, resellerId);
  }

  job(resellerId: string, jobId: string): Promise<JobRecord | null> {
    return jobs.job(this.db, resellerId, jobId);
  }

  jobResults(resellerId: string, jobId: string, page: { limit: number; cursor?: string | undefined }) {
    return jobs.jobResults(this.db, resellerId, jobId, page);
  }
}

/**
 * Reads and writes on the client of one transaction. Some writes wait (deferred-writes.ts)
 * and some reads are answered from what was read ahead (read-ahead.ts): every statement the
 * transaction runs first writes the changes that wait and forgets what was read ahead.
 */
class PostgresTx extends PostgresReads implements StoreTx {
  /** The rows this transaction added to the tables that grow in bulk (see table-growth.ts). */
  readonly added = new Map<GrowingTable, number>();
  readonly #client: Db;
  readonly #deferred: DeferredWrites;
  readonly #ahead: ReadAhead;

  constructor(client: Db, search: Required<SearchOptions>) {
    const deferred = new DeferredWrites();
    const ahead = new ReadAhead();
    super({
      async query<R extends QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>> {
        await deferred.flushChanges(client);
        ahead.forget();
        return client.query<R>(text, values);
      },
    }, search);
    this.#client = client;
    this.#deferred = deferred;
    this.#ahead = ahead;
  }

  protected override lockOf(alias: string): string {
    return ` FOR UPDATE OF ${alias}`;
  }

  async readAhead(resellerId: string, wanted: ReadAheadRequest): Promise<void> {
    await this.#deferred.flushChanges(this.#client);
    this.#ahead.forget();
    await this.#ahead.load(this.#client, resellerId, wanted);
  }

  override async licenseByCode(activationCode: string) {
    const found = this.#ahead.licenseByCode(activationCode);
    return found === undefined ? super.licenseByCode(activationCode) : found;
  }

  override async license(resellerId: string, licenseId: string) {
    return this.#ahead.license(resellerId, licenseId) ?? super.license(resellerId, licenseId);
  }

  override async order(resellerId: string, orderId: string) {
    return this.#ahead.order(resellerId, orderId) ?? super.order(resellerId, orderId);
  }

  override async customerByEmail(resellerId: string, email: string) {
    const found = this.#ahead.customerByEmail(resellerId, email);
    return found === undefined ? super.customerByEmail(resellerId, email) : found;
  }

  async createOrder(resellerId: string, order: NewOrderRecord, licenses: NewLicenseRecord[]): Promise<void> {
    const distributorLower = (order.distributionCompany ?? '').toLowerCase();
    await this.db.query(
      `INSERT INTO orders (reseller_id, id, order_number, order_number_lower, purchased_at, user_name, product_id, amount,
         currency, payment_type, state, distribution_company, distributor_lower, quantity, active_count, available_count)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'processed', $11, $12, $13, 0, $13)`,
      [
        resellerId, order.id, order.orderNumber, order.orderNumber.toLowerCase(), order.purchasedAt, order.user,
        order.productId, order.amount.value, order.amount.currency, order.paymentType, order.distributionCompany,
        distributorLower, order.quantity,
      ],
    );
    if (licenses.length > 0) {
      this.#grew('licenses', licenses.length);
      // One statement for every license, in issue order (position = index in the array).
      await this.db.query(
        `INSERT INTO licenses (reseller_id, id, order_id, position, order_purchased_at, activation_code, activation_link,
           valid_from, valid_to, recurrent, customer_id, activated_at, distribution_company)
         SELECT $1, l.id, $2, l.n - 1, $3, l.code, NULL, l.valid_from, l.valid_to, false, NULL, NULL, l.distributor
         FROM unnest($4::text[], $5::text[], $6::date[], $7::date[], $8::text[])
           WITH ORDINALITY AS l (id, code, valid_from, valid_to, distributor, n)`,
        [
          resellerId, order.id, order.purchasedAt,
          licenses.map((l) => l.id), licenses.map((l) => l.activationCode), licenses.map((l) => l.validFrom),
          licenses.map((l) => l.validTo), licenses.map((l) => l.distributionCompany),
        ],
      );
    }
    await this.db.query('INSERT INTO reseller_products (reseller_id, product_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
      resellerId, order.productId,
    ]);
    const key: TallyKey = {
      purchasedAt: order.purchasedAt, productId: order.productId, state: 'processed', paymentType: order.paymentType, distributorLower,
    };
    await moveTallies(this.db, resellerId, [[key, 1]]);
  }

  async setOrderState(
    resellerId: string,
    orderId: string,
    state: OrderState,
    counts: { activeCount: number; availableCount: number },
  ): Promise<void> {
    const { rows } = await this.db.query<{
      purchased_at: string; product_id: string; state: OrderState; payment_type: string; distributor_lower: string;
    }>(
      `SELECT purchased_at, product_id, state, payment_type, distributor_lower FROM orders
       WHERE reseller_id = $1 AND id = $2 FOR UPDATE`,
      [resellerId, orderId],
    );
    const before = rows[0];
    if (before === undefined) return;
    await this.db.query('UPDATE orders SET state = $3, active_count = $4, available_count = $5 WHERE reseller_id = $1 AND id = $2', [
      resellerId, orderId, state, counts.activeCount, counts.availableCount,
    ]);
    if (before.state === state) return;
    const key: TallyKey = {
      purchasedAt: before.purchased_at, productId: before.product_id, state: before.state,
      paymentType: before.payment_type, distributorLower: before.distributor_lower,
    };
    await moveTallies(this.db, resellerId, [[key, -1], [{ ...key, state }, 1]]);
  }

  async setBalance(resellerId: string, balance: Money): Promise<void> {
    const { rowCount } = await this.db.query('UPDATE resellers SET balance = $2 WHERE id = $1 AND currency = $3', [
      resellerId, balance.value, balance.currency,
    ]);
    if (rowCount !== 1) throw new Error(`No reseller ${resellerId} keeps its balance in ${balance.currency}`);
  }

  async addCustomer(resellerId: string, customer: NewCustomerRecord): Promise<void> {
    this.#grew('customers', 1);
    this.#deferred.customer(resellerId, customer);
    this.#ahead.customerAdded(resellerId, customer);
  }

  async activate(resellerId: string, licenseId: string, customerId: string, at: string): Promise<void> {
    this.#deferred.activation(resellerId, licenseId, customerId, at);
    this.#ahead.activated(resellerId, licenseId, customerId, at);
  }

  async deactivate(resellerId: string, licenseId: string): Promise<void> {
    await this.#updateLicense(
      resellerId, licenseId, 'customer_id = NULL, activated_at = NULL, recurrent = false, scheduled_recurrent = NULL, scheduled_on = NULL', [],
    );
  }

  async setCustomer(resellerId: string, licenseId: string, customerId: string): Promise<void> {
    await this.#updateLicense(resellerId, licenseId, 'customer_id = $3', [customerId]);
  }

  async updateCustomer(resellerId: string, customerId: string, patch: CustomerPatch): Promise<void> {
    const bound = new Conditions([resellerId, customerId]);
    const sets: string[] = [];
    const set = (column: string, value: unknown) => sets.push(`${column} = ${bound.bind(value)}`);
    if (patch.email !== undefined) {
      set('email', patch.email);
      set('email_lower', patch.email.toLowerCase());
    }
    if (patch.organization !== undefined) {
      set('organization', patch.organization);
      set('organization_lower', patch.organization.toLowerCase());
    }
    if (patch.firstName !== undefined || patch.lastName !== undefined) {
      // name_lower is "first last" in lower case (as addCustomer writes it): it needs both names.
      const { rows } = await this.db.query<{ first_name: string; last_name: string }>(
        'SELECT first_name, last_name FROM customers WHERE reseller_id = $1 AND id = $2 FOR UPDATE',
        [resellerId, customerId],
      );
      const before = rows[0];
      if (before === undefined) throw new Error(`No customer ${customerId} of ${resellerId}`);
      const firstName = patch.firstName ?? before.first_name;
      const lastName = patch.lastName ?? before.last_name;
      set('first_name', firstName);
      set('last_name', lastName);
      set('name_lower', `${firstName} ${lastName}`.toLowerCase());
    }
    if (patch.phone !== undefined) set('phone', patch.phone);
    if (patch.country !== undefined) set('country', patch.country);
    const { rowCount } = await this.db.query(
      sets.length === 0
        ? 'SELECT 1 FROM customers WHERE reseller_id = $1 AND id = $2'
        : `UPDATE customers SET ${sets.join(', ')} WHERE reseller_id = $1 AND id = $2`,
      bound.params,
    );
    if (rowCount !== 1) throw new Error(`No customer ${customerId} of ${resellerId}`);
  }

  async setRecurrent(resellerId: string, licenseId: string, recurrent: boolean): Promise<void> {
    await this.db.query('UPDATE licenses SET recurrent = $3 WHERE reseller_id = $1 AND id = $2', [resellerId, licenseId, recurrent]);
  }

  async setOrderCounts(resellerId: string, orderId: string, counts: { activeCount: number; availableCount: number }): Promise<void> {
    this.#deferred.orderCounts(resellerId, orderId, counts);
    this.#ahead.ordersCounted(resellerId, orderId, counts);
  }

  async addHistory(resellerId: string, entry: NewHistoryRecord): Promise<void> {
    this.#deferred.history(resellerId, entry);
  }

  async queueMail(resellerId: string, mail: NewMail): Promise<void> {
    this.#deferred.mail(resellerId, mail);
  }

  /** Writes everything that waits (see deferred-writes.ts); before reading history or the outbox, and before committing. */
  async flush(): Promise<void> {
    await this.#deferred.flush(this.#client);
  }

  override async history(resellerId: string, licenseId: string, page: { limit: number; cursor?: string | undefined }) {
    await this.flush();
    return super.history(resellerId, licenseId, page);
  }

  override async mailTimes(resellerId: string, orderId: string, kind: MailKind, since: string): Promise<string[]> {
    await this.flush();
    return super.mailTimes(resellerId, orderId, kind, since);
  }

  async saveIdempotency(resellerId: string, key: string, record: IdempotencyRecord): Promise<void> {
    await this.db.query(
      'INSERT INTO idempotency_keys (reseller_id, key, fingerprint, status, body, at) VALUES ($1, $2, $3, $4, $5, $6)',
      [resellerId, key, record.fingerprint, record.status, JSON.stringify(record.body) ?? 'null', record.at],
    );
  }

  async trimIdempotency(resellerId: string, keep: number): Promise<void> {
    await this.db.query(
      `DELETE FROM idempotency_keys WHERE reseller_id = $1 AND at < (
         SELECT at FROM idempotency_keys WHERE reseller_id = $1 ORDER BY at DESC LIMIT 1 OFFSET $2)`,
      [resellerId, keep - 1],
    );
  }

  async expireIdempotency(before: string): Promise<void> {
    // Per reseller, so that the (reseller_id, at) index answers it.
    await this.db.query(
      'DELETE FROM idempotency_keys k USING resellers r WHERE k.reseller_id = r.id AND k.at < $1',
      [before],
    );
  }

  async setValidTo(resellerId: string, licenseId: string, validTo: string): Promise<void> {
    await this.#updateLicense(resellerId, licenseId, 'valid_to = $3', [validTo]);
  }

  async setExpired(resellerId: string, licenseId: string, at: string): Promise<void> {
    await this.#updateLicense(resellerId, licenseId, 'expired_at = $3', [at]);
  }

  async setScheduledChange(resellerId: string, licenseId: string, change: ScheduledChangeRecord | null): Promise<void> {
    await this.#updateLicense(resellerId, licenseId, 'scheduled_recurrent = $3, scheduled_on = $4', [change?.recurrent ?? null, change?.effectiveOn ?? null]);
  }

  /** Records the day's digest unless a digest of that day or a later one is recorded (the key is unique). */
  async claimRenewalDigest(resellerId: string, day: string): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `INSERT INTO renewal_digests (reseller_id, day) SELECT $1, $2::date
       WHERE NOT EXISTS (SELECT 1 FROM renewal_digests WHERE reseller_id = $1 AND day >= $2::date) ON CONFLICT DO NOTHING`,
      [resellerId, day],
    );
    return rowCount === 1;
  }

  createJob(resellerId: string, job: NewJobRecord): Promise<void> {
    this.#grew('job_rows', job.rows.length);
    return jobs.createJob(this.db, resellerId, job);
  }

  claimJob(resellerId: string, jobId: string, limit: number) {
    return jobs.claimJob(this.db, resellerId, jobId, limit);
  }

  async saveJobResults(resellerId: string, jobId: string, results: JobResultRecord[], progress: JobProgress): Promise<void> {
    this.#deferred.job(jobs.jobResultWrites(resellerId, jobId, results, progress));
  }

  #grew(table: GrowingTable, rows: number): void {
    this.added.set(table, (this.added.get(table) ?? 0) + rows);
  }

  /** `UPDATE licenses SET <assignments>` of one license ($1 reseller, $2 license, then `values`); it must exist. */
  async #updateLicense(resellerId: string, licenseId: string, assignments: string, values: unknown[]): Promise<void> {
    const { rowCount } = await this.db.query(`UPDATE licenses SET ${assignments} WHERE reseller_id = $1 AND id = $2`, [
      resellerId, licenseId, ...values,
    ]);
    if (rowCount !== 1) throw new Error(`No license ${licenseId} of ${resellerId}`);
  }
}

export interface PostgresStoreOptions extends PoolConfig {
  /** Migrate on open; default true. */
  migrate?: boolean;
  /** How searches by `q` run (order-search.ts). */
  search?: SearchOptions;
}

/** The store over a PostgreSQL database; open it with {@link openPostgresStore}. */
/** Every table the migrations create, for a reset. */
const DEMO_TABLES = [
  'job_rows', 'jobs', 'renewal_digests', 'prices',
  'idempotency_keys', 'outbox', 'history', 'licenses', 'orders', 'customers', 'reseller_products', 'api_tokens',
  'order_day_tally', 'order_facet_tally', 'order_day_total', 'order_hour_total', 'license_tally', 'customer_orders', 'order_number_stems', 'order_facet_moves', 'products', 'resellers', 'meta', 'schema_migrations',
];

export class PostgresStore extends PostgresReads implements ServerStore {
  readonly kind = 'PostgreSQL';
  readonly #pool: Pool;
  readonly #growth = new TableGrowth();

  /** Over `pool`, searching by `q` as `search` says (checked by {@link openPostgresStore}, which makes the store). */
  constructor(pool: Pool, search: Required<SearchOptions>) {
    super(preparedStatements(pool), search);
    this.#pool = pool;
    keepNumberIndex(this.db, pool, orderTimesOf(this.db));
  }

  /** The pool, for tools (the seed's command line, benchmarks). */
  get pool(): Pool {
    return this.#pool;
  }

  /**
   * Reads every order's purchase time, product and distribution company that searches keep by
   * row number (order-times.ts), and every order's number (number-index.ts), now, which the
   * first search needing them otherwise starts in the background: for tools and tests.
   */
  async readOrdersAhead(): Promise<void> {
    const times = orderTimesOf(this.db);
    while (!(await times.readAhead(this.db)));
    if (!(await numberIndexOf(this.db)!.catchUp())) throw new Error('The orders\' numbers were not read: a write of orders was under way, or the lock on orders failed');
  }

  /** Applies the migrations not applied yet; returns how many. */
  async migrate(): Promise<number> {
    const client = await this.#pool.connect();
    try {
      return await migrate(client);
    } finally {
      client.release();
    }
  }

  async transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      const client = await this.#pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
        const tx = new PostgresTx(preparedStatements(client), this.search);
        const result = await work(tx);
        await tx.flush();
        await client.query('COMMIT');
        this.#growth.committed(tx.added);
        await this.#growth.gather(client);
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        if (attempt >= MAX_TRIES || !isRetried(error)) throw error;
      } finally {
        client.release(broken);
      }
      await sleep(Math.random() * 10 * 2 ** Math.min(attempt, 5));
    }
  }

  unfinishedJobs(limit: number): Promise<{ resellerId: string; jobId: string }[]> {
    return jobs.unfinishedJobs(this.#pool, limit);
  }

  async tokenHashes(): Promise<{ hash: Buffer; resellerId: string }[]> {
    const { rows } = await this.#pool.query<{ token_hash: Buffer; reseller_id: string }>('SELECT token_hash, reseller_id FROM api_tokens');
    return rows.map((row) => ({ hash: row.token_hash, resellerId: row.reseller_id }));
  }

  async installTokens(tokens: readonly [string, string]): Promise<void> {
    const hash = (token: string) => createHash('sha256').update(token, 'utf8').digest();
    await this.#plainTransaction(async (client) => {
      await client.query('DELETE FROM api_tokens');
      const { rows } = await client.query<{ id: string; token_label: string }>('SELECT id, token_label FROM resellers');
      for (const reseller of rows) {
        const token = reseller.token_label === 'A' ? tokens[0] : reseller.token_label === 'B' ? tokens[1] : undefined;
        if (token !== undefined) {
          await client.query('INSERT INTO api_tokens (reseller_id, token_hash) VALUES ($1, $2)', [reseller.id, hash(token)]);
        }
      }
    });
  }

  /** Drops the demo's tables (and nothing else in the database), then builds the schema anew. */
  async reset(): Promise<void> {
    await this.#plainTransaction(async (client) => {
      await client.query(`DROP TABLE IF EXISTS ${DEMO_TABLES.join(', ')} CASCADE`);
    });
    await this.migrate();
  }

  async seededAt(): Promise<string | null> {
    const { rows } = await this.#pool.query<{ value: string }>("SELECT value FROM meta WHERE key = 'seeded_at'");
    return rows[0]?.value ?? null;
  }

  async isEmpty(): Promise<boolean> {
    const { rows } = await this.#pool.query('SELECT 1 FROM resellers LIMIT 1');
    return rows.length === 0;
  }

  async seed(world: DemoWorld, meta: { seed: number }): Promise<void> {
    await seedPostgres(this.#pool, world, { seed: meta.seed });
  }

  /** The seed with progress reports and a summary, for the command line. */
  seedWith(world: DemoWorld, options: PostgresSeedOptions): Promise<PostgresSeedSummary> {
    return seedPostgres(this.#pool, world, options);
  }

  async productName(productId: string): Promise<string | null> {
    const { rows } = await this.#pool.query<{ name: string }>('SELECT name FROM products WHERE id = $1', [productId]);
    return rows[0]?.name ?? null;
  }

  async outbox(limit: number): Promise<MailRecord[]> {
    // The newest of each reseller from its own index, then the newest of those.
    const { rows } = await this.#pool.query<MailRow>(
      `SELECT m.* FROM resellers r CROSS JOIN LATERAL (
         SELECT reseller_id, id, kind, to_address, subject, text, at, order_id, license_id, seq FROM outbox
         WHERE reseller_id = r.id ORDER BY at DESC, seq DESC LIMIT $1) m
       ORDER BY m.at DESC, m.seq DESC LIMIT $1`,
      [limit],
    );
    return rows.map(mailRecord);
  }

  async resellerOutbox(resellerId: string, query: { limit: number; cursor?: string | undefined }): Promise<{ items: OutboxMail[]; nextCursor: string | null }> {
    const after = query.cursor === undefined ? null : decodeCursor(query.cursor, 'outbox', ['t', 'n']);
    // From outbox_by_time (reseller_id, at, seq), walked backwards.
    const { rows } = await this.#pool.query<MailRow & {
      seq: number; sent_at: string | null; attempts: number; next_attempt_at: string | null; send_error: string | null; gave_up: boolean;
    }>(
      `SELECT reseller_id, id, kind, to_address, subject, text, at, order_id, license_id, seq,
              sent_at, attempts, next_attempt_at, send_error, gave_up
       FROM outbox WHERE reseller_id = $1 AND ($2::timestamptz IS NULL OR (at, seq) < ($2::timestamptz, $3::bigint))
       ORDER BY at DESC, seq DESC LIMIT $4`,
      [resellerId, after?.[0] ?? null, after?.[1] ?? null, query.limit + 1],
    );
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => ({
        ...mailRecord(row),
        delivery: {
          sentAt: row.sent_at,
          attempts: row.attempts,
          nextAttemptAt: row.sent_at === null && !row.gave_up ? row.next_attempt_at : null,
          lastError: row.send_error,
          gaveUp: row.gave_up,
        },
      })),
      nextCursor: rows.length > query.limit && last ? encodeCursor(['outbox', last.at, last.seq]) : null,
    };
  }

  async pendingMail(limit: number, now = new Date().toISOString()): Promise<PendingMail[]> {
    const { rows } = await this.#pool.query<{ id: string; to_address: string; subject: string; text: string; attempts: number }>(
      `SELECT id, to_address, subject, text, attempts FROM outbox
       WHERE sent_at IS NULL AND NOT gave_up AND (next_attempt_at IS NULL OR next_attempt_at <= $2) ORDER BY seq LIMIT $1`,
      [limit, now],
    );
    return rows.map((row) => ({ id: row.id, to: row.to_address, subject: row.subject, text: row.text, attempts: row.attempts }));
  }

  async markMail(id: string, result: MailResult): Promise<void> {
    // By reseller and id, so that the primary key answers it.
    if ('sentAt' in result) {
      await this.#pool.query(
        `UPDATE outbox m SET sent_at = $2, attempts = attempts + 1, next_attempt_at = NULL
         FROM resellers r WHERE m.reseller_id = r.id AND m.id = $1`,
        [id, result.sentAt],
      );
      return;
    }
    const retryAt = result.retryAt ?? null;
    await this.#pool.query(
      `UPDATE outbox m SET send_error = $2, attempts = attempts + 1, next_attempt_at = $3, gave_up = $4
       FROM resellers r WHERE m.reseller_id = r.id AND m.id = $1`,
      [id, result.error.slice(0, 500), retryAt, retryAt === null],
    );
  }

  async secret(name: string): Promise<Buffer> {
    const key = `secret:${name}`;
    await this.#pool.query('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, randomBytes(32).toString('hex')]);
    const { rows } = await this.#pool.query<{ value: string }>('SELECT value FROM meta WHERE key = $1', [key]);
    return Buffer.from(rows[0]?.value ?? '', 'hex');
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }

  async #plainTransaction(work: (client: PoolClient) => Promise<void>): Promise<void> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      await work(client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

/** Opens a store on `connectionString` (or pool options) and brings its schema up to date. */
export async function openPostgresStore(options: string | PostgresStoreOptions): Promise<PostgresStore> {
  const config: PostgresStoreOptions = typeof options === 'string' ? { connectionString: options } : options;
  const { migrate: migrateOnOpen = true, search, ...poolConfig } = config;
  const checked = searchOptions(search);
  const pool = new pg.Pool({ max: 10, ...poolConfig, types: TYPE_PARSERS });
  // An idle client's error (the server went away) must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const store = new PostgresStore(pool, checked);
  try {
    if (migrateOnOpen) await store.migrate();
  } catch (error) {
    await pool.end();
    throw error;
  }
  return store;
}

interface MailRow {
  reseller_id: string; id: string; kind: MailKind; to_address: string; subject: string; text: string; at: string;
  order_id: string; license_id: string | null;
}

function mailRecord(row: MailRow): MailRecord {
  return {
    resellerId: row.reseller_id,
    id: row.id,
    kind: row.kind,
    to: row.to_address,
    subject: row.subject,
    text: row.text,
    at: row.at,
    orderId: row.order_id,
    licenseId: row.license_id,
  };
}

function isRetried(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  if (typeof code !== 'string') return false;
  return RETRIED.has(code) || (code === '23505' && constraint === IDEMPOTENCY_KEY_CONSTRAINT);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
