/**
 * The demo backend's default store: one SQLite database through better-sqlite3. The SQL lives
 * beside it (reads.ts, writes.ts, licenses.ts, and order-search.ts with its filters, counts
 * and tallies for `GET /orders`); this class adds the asynchronous port over it, transactions
 * (see transaction.ts) and what the demo server needs besides.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { CatalogProduct, ParsedLicenseCountsQuery, ParsedLicenseSearchQuery, ParsedLicensesQuery, ParsedOrdersQuery, Product } from '../../../../src/api/contract/schemas.js';
import type { DemoWorld } from '../../../../src/api/memory/demo-data.js';
import type {
  CustomerRecord,
  FoundLicenseRecord,
  IdempotencyRecord,
  LicenseRecord,
  MailKind,
  MailRecord,
  OrderRecord,
  ProductCountRecord,
  ResellerRecord,
  StorePage,
  StoreTx,
} from '../../../../src/service/store.js';
import type { MailResult, OutboxMail, PendingMail, ServerStore } from '../server-store.js';
import { decodeCursor, encodeCursor } from '../shared/cursor.js';
import { cachedStatement, type Db, openDatabase, readMeta } from './database.js';
import { DELIVERY_COLUMNS, type DeliveryRow, MAIL_COLUMNS, MAIL_JOINS, mailDelivery, type MailRow, mailRecord, storedInstant } from './rows.js';
import { defaultReaders, type PooledRead, ReaderPool } from './readers.js';
import type { SqliteReads } from './reads.js';
import { type SeedOptions, seedDatabase } from './seed.js';
import { TransactionQueue } from './transaction.js';
import { SqliteQueries } from './writes.js';

export class SqliteStore implements ServerStore {
  readonly kind = 'SQLite';
  readonly #queries: SqliteQueries;
  readonly #queue: TransactionQueue;
  /** The reader threads that run the searches (see readers.ts); none over `:memory:`. */
  readonly #readers: ReaderPool | null;
  #closed: Promise<void> | null = null;

  /**
   * Opens (creating the file and its folder when needed) the database at `path` (`:memory:`
   * allowed) with its settings, and brings its schema up to date. A file's searches run on up
   * to `readers` threads (one per core, at most four, by default).
   */
  static open(path: string, { readers = path === ':memory:' ? 0 : defaultReaders() }: { readers?: number } = {}): SqliteStore {
    return new SqliteStore(openDatabase(path), readers);
  }

  /** A store over a database opened with {@link openDatabase}, its searches on up to `readers` threads (0: on this one). */
  constructor(db: Db, readers = 0) {
    if (readers > 0 && db.memory) throw new Error('Reader threads need a database file; this one is in memory');
    this.#queries = new SqliteQueries(db);
    this.#queue = new TransactionQueue(this.#queries);
    this.#readers = readers > 0 ? new ReaderPool(db.name, readers) : null;
  }

  /** The read `read` on a reader thread, or on this one when the store has none. */
  #search<K extends PooledRead>(read: K, ...args: Parameters<SqliteReads[K]>): Promise<ReturnType<SqliteReads[K]>> {
    if (this.#readers) return this.#readers.run(read, ...args);
    const run = this.#queries[read] as (...args: Parameters<SqliteReads[K]>) => ReturnType<SqliteReads[K]>;
    return Promise.resolve(run.apply(this.#queries, args));
  }

  /** The connection itself, for benchmarks and tests that look at the SQL. */
  get db(): Db {
    return this.#queries.db;
  }

  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.#queue.transaction(work);
  }

  async reseller(resellerId: string): Promise<ResellerRecord | null> {
    return this.#queries.reseller(resellerId);
  }

  async catalog(resellerId: string): Promise<CatalogProduct[]> {
    return this.#queries.catalog(resellerId);
  }

  async licenseByCode(activationCode: string): Promise<{ resellerId: string; license: LicenseRecord } | null> {
    return this.#queries.licenseByCode(activationCode);
  }

  async products(resellerId: string): Promise<Product[]> {
    return this.#queries.products(resellerId);
  }

  async searchOrders(resellerId: string, query: ParsedOrdersQuery & { limit: number }): Promise<StorePage<OrderRecord>> {
    return this.#search('searchOrders', resellerId, query);
  }

  async order(resellerId: string, orderId: string): Promise<OrderRecord | null> {
    return this.#queries.order(resellerId, orderId);
  }

  async activationCodes(resellerId: string, orderId: string): Promise<string[]> {
    return this.#queries.activationCodes(resellerId, orderId);
  }

  async licenses(resellerId: string, orderId: string, query: ParsedLicensesQuery & { limit: number }): Promise<StorePage<LicenseRecord>> {
    return this.#queries.licenses(resellerId, orderId, query);
  }

  async license(resellerId: string, licenseId: string): Promise<LicenseRecord | null> {
    return this.#queries.license(resellerId, licenseId);
  }

  async history(resellerId: string, licenseId: string, page: { limit: number; cursor?: string | undefined }) {
    return this.#queries.history(resellerId, licenseId, page);
  }

  async customer(resellerId: string, customerId: string): Promise<CustomerRecord | null> {
    return this.#queries.customer(resellerId, customerId);
  }

  async customerLicenses(resellerId: string, customerId: string) {
    return this.#queries.customerLicenses(resellerId, customerId);
  }

  async customers(resellerId: string, q: string, limit: number): Promise<CustomerRecord[]> {
    return this.#queries.customers(resellerId, q, limit);
  }

  async customerByEmail(resellerId: string, email: string): Promise<CustomerRecord | null> {
    return this.#queries.customerByEmail(resellerId, email);
  }

  async mailTimes(resellerId: string, orderId: string, kind: MailKind, since: string): Promise<string[]> {
    return this.#queries.mailTimes(resellerId, orderId, kind, since);
  }

  async idempotency(resellerId: string, key: string): Promise<IdempotencyRecord | null> {
    return this.#queries.idempotency(resellerId, key);
  }

  async searchLicenses(resellerId: string, query: ParsedLicenseSearchQuery & { limit: number }): Promise<StorePage<FoundLicenseRecord>> {
    return this.#search('searchLicenses', resellerId, query);
  }

  async countLicensesByProduct(resellerId: string, query: ParsedLicenseCountsQuery): Promise<ProductCountRecord[]> {
    return this.#search('countLicensesByProduct', resellerId, query);
  }

  async resellerIds(): Promise<string[]> {
    return this.#queries.resellerIds();
  }

  async endedTerms(resellerId: string, before: string, limit: number): Promise<LicenseRecord[]> {
    return this.#queries.endedTerms(resellerId, before, limit);
  }

  async dueScheduledChanges(resellerId: string, through: string, limit: number): Promise<LicenseRecord[]> {
    return this.#queries.dueScheduledChanges(resellerId, through, limit);
  }

  async lastRenewalDigest(resellerId: string): Promise<string | null> {
    return this.#queries.lastRenewalDigest(resellerId);
  }

  async job(resellerId: string, jobId: string) {
    return this.#queries.jobs.job(resellerId, jobId);
  }

  async jobResults(resellerId: string, jobId: string, page: { limit: number; cursor?: string | undefined }) {
    return this.#queries.jobs.results(resellerId, jobId, page);
  }

  async unfinishedJobs(limit: number) {
    return this.#queries.jobs.unfinished(limit);
  }

  // What the demo server needs besides the port.

  async tokenHashes(): Promise<{ hash: Buffer; resellerId: string }[]> {
    return cachedStatement<[], { hash: Buffer; resellerId: string }>(
      this.db,
      'SELECT t.token_hash AS hash, r.id AS resellerId FROM api_tokens t JOIN resellers r ON r.seq = t.reseller_seq',
    ).all();
  }

  installTokens(tokens: readonly [string, string]): Promise<void> {
    return this.#queue.exclusive(() => {
      const { db } = this;
      const resellers = db.prepare<[], { seq: number; token_label: string }>('SELECT seq, token_label FROM resellers').all();
      const insert = db.prepare('INSERT INTO api_tokens (token_hash, reseller_seq) VALUES (?, ?)');
      db.transaction(() => {
        db.exec('DELETE FROM api_tokens');
        for (const reseller of resellers) {
          const token = reseller.token_label === 'A' ? tokens[0] : reseller.token_label === 'B' ? tokens[1] : undefined;
          if (token !== undefined) insert.run(tokenHash(token), reseller.seq);
        }
      })();
    });
  }

  async seededAt(): Promise<string | null> {
    return readMeta(this.db, 'seeded_at');
  }

  async isEmpty(): Promise<boolean> {
    return this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM resellers').get()?.n === 0;
  }

  /** Today's bulk load (see seed.ts); `options` adds a batch size and progress reports to the port's `meta`. */
  seed(world: DemoWorld, meta: { seed: number } & Omit<SeedOptions, 'seed'>): Promise<void> {
    return this.#queue.exclusive(() => {
      seedDatabase(this.db, world, meta);
    });
  }

  async productName(productId: string): Promise<string | null> {
    return cachedStatement<[string], { name: string }>(this.db, 'SELECT name FROM products WHERE id = ?').get(productId)?.name ?? null;
  }

  async outbox(limit: number): Promise<MailRecord[]> {
    return cachedStatement<[number], MailRow>(this.db, `SELECT ${MAIL_COLUMNS} FROM ${MAIL_JOINS} ORDER BY m.seq DESC LIMIT ?`)
      .all(limit)
      .map(mailRecord);
  }

  async resellerOutbox(resellerId: string, query: { limit: number; cursor?: string | undefined }): Promise<{ items: OutboxMail[]; nextCursor: string | null }> {
    const reseller = this.#queries.resellerSeq(resellerId);
    if (reseller === null) return { items: [], nextCursor: null };
    const after = query.cursor === undefined ? null : decodeCursor(query.cursor, 'outbox', ['n', 'n']);
    const rows = cachedStatement<{ reseller: number; at: number; seq: number; limit: number }, MailRow & DeliveryRow>(
      this.db,
      `SELECT ${MAIL_COLUMNS}, ${DELIVERY_COLUMNS} FROM ${MAIL_JOINS}
       WHERE m.reseller_seq = @reseller AND (m.at, m.seq) < (@at, @seq)
       ORDER BY m.at DESC, m.seq DESC LIMIT @limit`,
    ).all({
      reseller,
      at: (after?.[0] as number | undefined) ?? Number.MAX_SAFE_INTEGER,
      seq: (after?.[1] as number | undefined) ?? Number.MAX_SAFE_INTEGER,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => ({ ...mailRecord(row), delivery: mailDelivery(row) })),
      nextCursor: rows.length > query.limit && last ? encodeCursor(['outbox', last.at, last.seq]) : null,
    };
  }

  async pendingMail(limit: number, now = new Date().toISOString()): Promise<PendingMail[]> {
    return cachedStatement<[number, number], PendingMail>(
      this.db,
      `SELECT id, to_address AS "to", subject, text, attempts FROM outbox
       WHERE sent_at IS NULL AND gave_up = 0 AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY seq LIMIT ?`,
    ).all(storedInstant(now), limit);
  }

  markMail(id: string, result: MailResult): Promise<void> {
    return this.#queue.exclusive(() => {
      if ('sentAt' in result) {
        cachedStatement(this.db, 'UPDATE outbox SET sent_at = ?, attempts = attempts + 1, next_attempt_at = NULL WHERE id = ?').run(storedInstant(result.sentAt), id);
        return;
      }
      const retryAt = result.retryAt ?? null;
      cachedStatement(this.db, 'UPDATE outbox SET send_error = ?, attempts = attempts + 1, next_attempt_at = ?, gave_up = ? WHERE id = ?').run(
        result.error.slice(0, 500),
        retryAt === null ? null : storedInstant(retryAt),
        retryAt === null ? 1 : 0,
        id,
      );
    });
  }

  secret(name: string): Promise<Buffer> {
    return this.#queue.exclusive(() => {
      const key = `secret:${name}`;
      cachedStatement(this.db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING').run(key, randomBytes(32).toString('hex'));
      return Buffer.from(readMeta(this.db, key) ?? '', 'hex');
    });
  }

  /** Nothing: a search over SQLite reads what it needs in the process as it goes. */
  async readOrdersAhead(): Promise<void> {}

  /** Waits for the transactions asked for so far, ends the reader threads, then closes the database. */
  close(): Promise<void> {
    return (this.#closed ??= this.#queue.drain().then(async () => {
      await this.#readers?.close();
      this.db.close();
    }));
  }
}

function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
