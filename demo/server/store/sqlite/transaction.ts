/**
 * Transactions over one synchronous better-sqlite3 connection with asynchronous work.
 *
 * Transactions run one at a time, in the order they were asked for: each waits in a promise
 * queue, then runs `BEGIN IMMEDIATE`, awaits its work and commits, or rolls back and rethrows
 * when the work throws. The work gets a {@link SqliteTx}, whose methods stop working once the
 * transaction has ended.
 *
 * Reads outside a transaction run at once on the same connection, without waiting for the
 * queue. That is safe enough: every statement runs synchronously and every store method
 * returns an already-settled promise, so a transaction's awaits on the store only yield to
 * microtasks already queued, never to new I/O such as the next request. Its writes can thus
 * only be seen by code already running in the same turn of the event loop, a moment before
 * they commit (a rollback happens only when the work itself throws). The store's own writes
 * outside the port (tokens, the seed, marking mail) go through the queue like transactions,
 * so that they never land inside someone else's transaction.
 */
import type { CustomerPatch, Money, OrderState, ParsedLicenseCountsQuery, ParsedLicenseSearchQuery, ParsedLicensesQuery, ParsedOrdersQuery } from '../../../../src/api/contract/schemas.js';
import type {
  IdempotencyRecord,
  JobProgress,
  JobResultRecord,
  MailKind,
  NewCustomerRecord,
  NewHistoryRecord,
  NewJobRecord,
  NewLicenseRecord,
  NewMail,
  NewOrderRecord,
  ReadAheadRequest,
  ScheduledChangeRecord,
  StoreTx,
} from '../../../../src/service/store.js';
import type { SqliteQueries } from './writes.js';

export class TransactionQueue {
  #tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly queries: SqliteQueries) {}

  /** Runs `work` as one transaction once every earlier one has ended. */
  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      const { db } = this.queries;
      db.exec('BEGIN IMMEDIATE');
      const tx = new SqliteTx(this.queries);
      try {
        const result = await work(tx);
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      } finally {
        tx.end();
      }
    });
  }

  /** Runs `run` alone: after every earlier transaction, before any later one. */
  exclusive<T>(run: () => T | Promise<T>): Promise<T> {
    const result = this.#tail.then(run);
    this.#tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once every transaction asked for so far has ended. */
  async drain(): Promise<void> {
    await this.#tail;
  }
}

/** The reads and writes of one transaction. */
export class SqliteTx implements StoreTx {
  #queries: SqliteQueries | null;

  constructor(queries: SqliteQueries) {
    this.#queries = queries;
  }

  /** Called when the transaction has committed or rolled back. */
  end(): void {
    this.#queries = null;
  }

  get #q(): SqliteQueries {
    if (this.#queries === null) throw new Error('This transaction has ended');
    return this.#queries;
  }

  async reseller(resellerId: string) { return this.#q.reseller(resellerId); }
  async catalog(resellerId: string) { return this.#q.catalog(resellerId); }
  async licenseByCode(activationCode: string) { return this.#q.licenseByCode(activationCode); }
  async products(resellerId: string) { return this.#q.products(resellerId); }
  async searchOrders(resellerId: string, query: ParsedOrdersQuery & { limit: number }) { return this.#q.searchOrders(resellerId, query); }
  async order(resellerId: string, orderId: string) { return this.#q.order(resellerId, orderId); }
  async activationCodes(resellerId: string, orderId: string) { return this.#q.activationCodes(resellerId, orderId); }
  async licenses(resellerId: string, orderId: string, query: ParsedLicensesQuery & { limit: number }) {
    return this.#q.licenses(resellerId, orderId, query);
  }
  async license(resellerId: string, licenseId: string) { return this.#q.license(resellerId, licenseId); }
  async history(resellerId: string, licenseId: string, page: { limit: number; cursor?: string | undefined }) {
    return this.#q.history(resellerId, licenseId, page);
  }
  async customer(resellerId: string, customerId: string) { return this.#q.customer(resellerId, customerId); }
  async customerLicenses(resellerId: string, customerId: string) { return this.#q.customerLicenses(resellerId, customerId); }
  async customers(resellerId: string, q: string, limit: number) { return this.#q.customers(resellerId, q, limit); }
  async customerByEmail(resellerId: string, email: string) { return this.#q.customerByEmail(resellerId, email); }
  async mailTimes(resellerId: string, orderId: string, kind: MailKind, since: string) {
    return this.#q.mailTimes(resellerId, orderId, kind, since);
  }
  async idempotency(resellerId: string, key: string) { return this.#q.idempotency(resellerId, key); }
  async searchLicenses(resellerId: string, query: ParsedLicenseSearchQuery & { limit: number }) { return this.#q.searchLicenses(resellerId, query); }
  async countLicensesByProduct(resellerId: string, query: ParsedLicenseCountsQuery) { return this.#q.countLicensesByProduct(resellerId, query); }
  async resellerIds() { return this.#q.resellerIds(); }
  async endedTerms(resellerId: string, before: string, limit: number) { return this.#q.endedTerms(resellerId, before, limit); }
  async dueScheduledChanges(resellerId: string, through: string, limit: number) { return this.#q.dueScheduledChanges(resellerId, through, limit); }
  async lastRenewalDigest(resellerId: string) { return this.#q.lastRenewalDigest(resellerId); }

  async createOrder(resellerId: string, order: NewOrderRecord, licenses: NewLicenseRecord[]) {
    this.#q.createOrder(resellerId, order, licenses);
  }
  async setOrderState(resellerId: string, orderId: string, state: OrderState, counts: { activeCount: number; availableCount: number }) {
    this.#q.setOrderState(resellerId, orderId, state, counts);
  }
  async setBalance(resellerId: string, balance: Money) { this.#q.setBalance(resellerId, balance); }
  async addCustomer(resellerId: string, customer: NewCustomerRecord) { this.#q.addCustomer(resellerId, customer); }
  async activate(resellerId: string, licenseId: string, customerId: string, at: string) {
    this.#q.activate(resellerId, licenseId, customerId, at);
  }
  async setRecurrent(resellerId: string, licenseId: string, recurrent: boolean) { this.#q.setRecurrent(resellerId, licenseId, recurrent); }
  async deactivate(resellerId: string, licenseId: string) { this.#q.deactivate(resellerId, licenseId); }
  async setCustomer(resellerId: string, licenseId: string, customerId: string) { this.#q.setCustomer(resellerId, licenseId, customerId); }
  async updateCustomer(resellerId: string, customerId: string, patch: CustomerPatch) { this.#q.updateCustomer(resellerId, customerId, patch); }
  async setOrderCounts(resellerId: string, orderId: string, counts: { activeCount: number; availableCount: number }) {
    this.#q.setOrderCounts(resellerId, orderId, counts);
  }
  async addHistory(resellerId: string, entry: NewHistoryRecord) { this.#q.addHistory(resellerId, entry); }
  async queueMail(resellerId: string, mail: NewMail) { this.#q.queueMail(resellerId, mail); }
  async saveIdempotency(resellerId: string, key: string, record: IdempotencyRecord) { this.#q.saveIdempotency(resellerId, key, record); }
  async expireIdempotency(before: string) { this.#q.expireIdempotency(before); }
  async trimIdempotency(resellerId: string, keep: number) { this.#q.trimIdempotency(resellerId, keep); }
  async setValidTo(resellerId: string, licenseId: string, validTo: string) { this.#q.setValidTo(resellerId, licenseId, validTo); }
  async setExpired(resellerId: string, licenseId: string, at: string) { this.#q.setExpired(resellerId, licenseId, at); }
  async setScheduledChange(resellerId: string, licenseId: string, change: ScheduledChangeRecord | null) {
    this.#q.setScheduledChange(resellerId, licenseId, change);
  }
  async claimRenewalDigest(resellerId: string, day: string) { return this.#q.claimRenewalDigest(resellerId, day); }
  async job(resellerId: string, jobId: string) { return this.#q.jobs.job(resellerId, jobId); }
  async jobResults(resellerId: string, jobId: string, page: { limit: number; cursor?: string | undefined }) {
    return this.#q.jobs.results(resellerId, jobId, page);
  }
  /** Reads in this process cost no round trip: nothing to read ahead. */
  async readAhead(_resellerId: string, _wanted: ReadAheadRequest) {}
  async createJob(resellerId: string, job: NewJobRecord) { this.#q.jobs.create(resellerId, job); }
  async claimJob(resellerId: string, jobId: string, limit: number) { return this.#q.jobs.claim(resellerId, jobId, limit); }
  async saveJobResults(resellerId: string, jobId: string, results: JobResultRecord[], progress: JobProgress) {
    this.#q.jobs.save(resellerId, jobId, results, progress);
  }
}
