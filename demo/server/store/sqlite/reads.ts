/**
 * The store's reads as synchronous queries. Every one is scoped by the public reseller id,
 * resolved to the reseller's internal key first: another reseller's id finds nothing.
 */
import type { CatalogProduct, ParsedLicenseCountsQuery, ParsedLicenseSearchQuery, ParsedLicensesQuery, ParsedOrdersQuery, Product } from '../../../../src/api/contract/schemas.js';
import type {
  CustomerRecord,
  FoundLicenseRecord,
  HistoryRecord,
  IdempotencyRecord,
  LicenseRecord,
  MailKind,
  OrderRecord,
  ProductCountRecord,
  ResellerRecord,
  StorePage,
} from '../../../../src/service/store.js';
import { cachedStatement, type Db } from './database.js';
import { licenseByCode, licenseHistory, licensePage, licenseRow, type OrderKey } from './licenses.js';
import { resellerProducts, searchOrders } from './order-search.js';
import * as renewals from './renewals.js';
import { CUSTOMER_COLUMNS, type CustomerRow, customerRecord } from '../shared/rows.js';
import { SqliteJobs } from './jobs.js';
import { isoInstant } from '../../../../src/service/clock.js';
import { licenseRecord, ORDER_COLUMNS, type OrderRow, orderRecord, storedInstant } from './rows.js';

const EMPTY_PAGE = { items: [], nextCursor: null, total: 0 } as const;

export class SqliteReads {
  /** Public reseller id to internal key. Resellers are only ever added (by the seed), so a key found stays true. */
  readonly #resellers = new Map<string, number>();

  /** The jobs' queries (jobs.ts). */
  readonly jobs: SqliteJobs;

  constructor(readonly db: Db) {
    this.jobs = new SqliteJobs(db, (resellerId) => this.resellerSeq(resellerId));
  }

  /** The reseller's internal key, or null when there is no such reseller. */
  resellerSeq(resellerId: string): number | null {
    const cached = this.#resellers.get(resellerId);
    if (cached !== undefined) return cached;
    const row = this.#get<[string], { seq: number }>('SELECT seq FROM resellers WHERE id = ?', resellerId);
    if (row) this.#resellers.set(resellerId, row.seq);
    return row?.seq ?? null;
  }

  reseller(resellerId: string): ResellerRecord | null {
    const row = this.#get<[string], { id: string; name: string; user_name: string; user_email: string; currency: string; balance: number }>(
      'SELECT id, name, user_name, user_email, currency, balance FROM resellers WHERE id = ?',
      resellerId,
    );
    if (!row) return null;
    const { id, name, currency } = row;
    return { id, name, user: { name: row.user_name, email: row.user_email }, currency, balance: { value: row.balance, currency } };
  }

  /** The products the reseller has a price for, by name, at its prices (in its currency). */
  catalog(resellerId: string): CatalogProduct[] {
    const seq = this.resellerSeq(resellerId);
    if (seq === null) return [];
    return cachedStatement<[number], { id: string; name: string; unit_price: number; currency: string; term_months: number }>(
      this.db,
      `SELECT p.id, p.name, pr.unit_price, r.currency, pr.term_months
       FROM prices pr JOIN products p ON p.seq = pr.product_seq JOIN resellers r ON r.seq = pr.reseller_seq
       WHERE pr.reseller_seq = ? ORDER BY p.name, p.id`,
    )
      .all(seq)
      .map((row) => ({ id: row.id, name: row.name, unitPrice: { value: row.unit_price, currency: row.currency }, termMonths: row.term_months }));
  }

  licenseByCode(activationCode: string): { resellerId: string; license: LicenseRecord } | null {
    const row = licenseByCode(this.db, activationCode);
    return row ? { resellerId: row.reseller_id, license: licenseRecord(row) } : null;
  }

  products(resellerId: string): Product[] {
    const seq = this.resellerSeq(resellerId);
    return seq === null ? [] : resellerProducts(this.db, seq).map(({ id, name }) => ({ id, name }));
  }

  searchOrders(resellerId: string, query: ParsedOrdersQuery & { limit: number }): StorePage<OrderRecord> {
    const seq = this.resellerSeq(resellerId);
    return seq === null ? { ...EMPTY_PAGE, items: [] } : searchOrders(this.db, seq, query);
  }

  order(resellerId: string, orderId: string): OrderRecord | null {
    const seq = this.resellerSeq(resellerId);
    if (seq === null) return null;
    const row = this.#get<[string, number], OrderRow>(
      `SELECT ${ORDER_COLUMNS} FROM orders o JOIN products p ON p.seq = o.product_seq WHERE o.id = ? AND o.reseller_seq = ?`,
      orderId,
      seq,
    );
    return row ? orderRecord(row) : null;
  }

  /** The reseller's order's internal key and state, or undefined. */
  orderKey(resellerId: string, orderId: string): OrderKey | undefined {
    const seq = this.resellerSeq(resellerId);
    if (seq === null) return undefined;
    return this.#get<[string, number], OrderKey>('SELECT seq, id, state, quantity FROM orders WHERE id = ? AND reseller_seq = ?', orderId, seq);
  }

  activationCodes(resellerId: string, orderId: string): string[] {
    const order = this.orderKey(resellerId, orderId);
    if (order === undefined) return [];
    return cachedStatement<[number], { activation_code: string }>(this.db, 'SELECT activation_code FROM licenses WHERE order_seq = ? ORDER BY seq')
      .all(order.seq)
      .map((row) => row.activation_code);
  }

  licenses(resellerId: string, orderId: string, query: ParsedLicensesQuery & { limit: number }): StorePage<LicenseRecord> {
    const order = this.orderKey(resellerId, orderId);
    return order === undefined ? { ...EMPTY_PAGE, items: [] } : licensePage(this.db, order, query);
  }

  /** The reseller's license with this id as a row with its internal keys, or undefined. */
  licenseRow(resellerId: string, licenseId: string) {
    const seq = this.resellerSeq(resellerId);
    return seq === null ? undefined : licenseRow(this.db, seq, licenseId);
  }

  license(resellerId: string, licenseId: string): LicenseRecord | null {
    const row = this.licenseRow(resellerId, licenseId);
    return row ? licenseRecord(row) : null;
  }

  history(resellerId: string, licenseId: string, page: { limit: number; cursor?: string | undefined }): { items: HistoryRecord[]; nextCursor: string | null } {
    const row = this.licenseRow(resellerId, licenseId);
    return row ? licenseHistory(this.db, row, page) : { items: [], nextCursor: null };
  }

  customer(resellerId: string, customerId: string): CustomerRecord | null {
    const row = this.customerRow(resellerId, 'id', customerId);
    return row ? customerRecord(row) : null;
  }

  /** The licenses the customer holds now, in the order they were issued. */
  customerLicenses(resellerId: string, customerId: string): { id: string; orderId: string }[] {
    const customer = this.customerRow(resellerId, 'id', customerId);
    if (customer === undefined) return [];
    return cachedStatement<[number], { id: string; orderId: string }>(
      this.db,
      `SELECT l.id, o.id AS orderId FROM licenses l JOIN orders o ON o.seq = l.order_seq WHERE l.customer_seq = ? ORDER BY l.seq`,
    ).all(customer.seq);
  }

  customers(resellerId: string, q: string, limit: number): CustomerRecord[] {
    const seq = this.resellerSeq(resellerId);
    if (seq === null) return [];
    return cachedStatement<{ reseller: number; q: string; limit: number }, CustomerRow>(
      this.db,
      `SELECT ${CUSTOMER_COLUMNS} FROM customers c
       WHERE c.reseller_seq = @reseller
         AND (instr(c.email_lower, @q) > 0 OR instr(c.name_lower, @q) > 0 OR instr(c.organization_lower, @q) > 0)
       ORDER BY instr(c.email_lower, @q) = 1 DESC, c.email_lower, c.seq
       LIMIT @limit`,
    )
      .all({ reseller: seq, q: q.trim().toLowerCase(), limit })
      .map(customerRecord);
  }

  customerByEmail(resellerId: string, email: string): CustomerRecord | null {
    const row = this.customerRow(resellerId, 'email_lower', email.toLowerCase());
    return row ? customerRecord(row) : null;
  }

  /** The reseller's customer by id or by lower-case email, with its internal key, or undefined. */
  customerRow(resellerId: string, column: 'id' | 'email_lower', value: string): (CustomerRow & { seq: number }) | undefined {
    const seq = this.resellerSeq(resellerId);
    if (seq === null) return undefined;
    return this.#get<[string, number], CustomerRow & { seq: number }>(
      `SELECT c.seq, ${CUSTOMER_COLUMNS} FROM customers c WHERE c.${column} = ? AND c.reseller_seq = ?`,
      value,
      seq,
    );
  }

  /** When mails of this kind about the order were queued after `since`, oldest first. */
  mailTimes(resellerId: string, orderId: string, kind: MailKind, since: string): string[] {
    const order = this.orderKey(resellerId, orderId);
    if (order === undefined) return [];
    return cachedStatement<[number, string, number], { at: number }>(
      this.db,
      'SELECT at FROM outbox WHERE order_seq = ? AND kind = ? AND at > ? ORDER BY at',
    )
      .all(order.seq, kind, storedInstant(since))
      .map((row) => isoInstant(row.at));
  }

  idempotency(resellerId: string, key: string): IdempotencyRecord | null {
    const seq = this.resellerSeq(resellerId);
    if (seq === null) return null;
    const row = this.#get<[number, string], { fingerprint: string; status: number; body: string; created_at: number }>(
      'SELECT fingerprint, status, body, created_at FROM idempotency_keys WHERE reseller_seq = ? AND key = ?',
      seq,
      key,
    );
    if (!row) return null;
    return { fingerprint: row.fingerprint, status: row.status, body: JSON.parse(row.body) as unknown, at: isoInstant(row.created_at) };
  }

  // Renewals (renewals.ts)

  searchLicenses(resellerId: string, query: ParsedLicenseSearchQuery & { limit: number }): StorePage<FoundLicenseRecord> {
    const seq = this.resellerSeq(resellerId);
    return seq === null ? { ...EMPTY_PAGE, items: [] } : renewals.searchLicenses(this.db, seq, query);
  }

  countLicensesByProduct(resellerId: string, query: ParsedLicenseCountsQuery): ProductCountRecord[] {
    const seq = this.resellerSeq(resellerId);
    return seq === null ? [] : renewals.countLicensesByProduct(this.db, seq, query);
  }

  resellerIds(): string[] {
    return cachedStatement<[], { id: string }>(this.db, 'SELECT id FROM resellers ORDER BY seq').all().map((row) => row.id);
  }

  endedTerms(resellerId: string, before: string, limit: number): LicenseRecord[] {
    const seq = this.resellerSeq(resellerId);
    return seq === null ? [] : renewals.endedTerms(this.db, seq, before, limit);
  }

  dueScheduledChanges(resellerId: string, through: string, limit: number): LicenseRecord[] {
    const seq = this.resellerSeq(resellerId);
    return seq === null ? [] : renewals.dueScheduledChanges(this.db, seq, through, limit);
  }

  lastRenewalDigest(resellerId: string): string | null {
    const seq = this.resellerSeq(resellerId);
    return seq === null ? null : renewals.lastRenewalDigest(this.db, seq);
  }

  #get<P extends unknown[], R>(sql: string, ...params: P): R | undefined {
    return cachedStatement<P, R>(this.db, sql).get(...params);
  }
}
