/**
 * The Store port: what the service needs of storage, and nothing else. A store keeps
 * records and answers queries over them (with their indexes, cursors and totals); it never
 * decides what is allowed: statuses, `autoRenew`, `actions`, counts, emails and idempotency
 * are the service's. Three stores implement it: memory (the browser's, for Storybook and
 * tests), SQLite (the demo's default) and PostgreSQL.
 *
 * Every id a store takes or returns is the public one; a store scopes every read and write
 * by the reseller, so another reseller's id finds nothing. Times are ISO 8601 instants.
 */
import type {
  Actor,
  CatalogProduct,
  CustomerPatch,
  ErrorCode,
  HistoryKind,
  JobKind,
  JobStatus,
  Money,
  OrderState,
  ParsedLicenseCountsQuery,
  ParsedLicenseSearchQuery,
  ParsedLicensesQuery,
  ParsedOrdersQuery,
  PaymentType,
  Product,
} from '../api/contract/schemas.js';

/** A reseller as stored. */
export interface ResellerRecord {
  id: string;
  name: string;
  user: { name: string; email: string };
  currency: string;
  /** The CSS balance, which 'CSS balance' orders are paid from. */
  balance: Money;
  /** Its own Buy More URL template, when it has one; else the deployment's. */
  buyUrl?: string;
}

/**
 * Who calls the service: a reseller as stored, less its balance, which every purchase and
 * renewal changes. What a caller holds does not change, so a server may read it once; what
 * needs the balance reads it in its own transaction (or, for `GET /me`, reads it afresh).
 */
export type Caller = Omit<ResellerRecord, 'balance'>;

/** A new order, with `quantity` licenses to come in the same transaction. */
export interface NewOrderRecord {
  id: string;
  orderNumber: string;
  purchasedAt: string;
  user: string;
  productId: string;
  quantity: number;
  amount: Money;
  paymentType: PaymentType;
  distributionCompany: string | null;
}

export interface NewLicenseRecord {
  id: string;
  activationCode: string;
  validFrom: string;
  validTo: string;
  distributionCompany: string | null;
}

/** An order as stored: its counts are kept by the service, through {@link StoreTx.setOrderCounts}. */
export interface OrderRecord {
  id: string;
  orderNumber: string;
  purchasedAt: string;
  user: string;
  product: Product;
  quantity: number;
  activeCount: number;
  availableCount: number;
  amount: Money;
  paymentType: PaymentType;
  state: OrderState;
  distributionCompany: string | null;
}

/** A license as stored, with what the service derives its status, actions and link from. */
export interface LicenseRecord {
  id: string;
  orderId: string;
  /** The state of the license's order. */
  orderState: OrderState;
  activationCode: string;
  /** A link of its own, or null for the deployment's standard link of the code. */
  activationLink: string | null;
  validFrom: string;
  validTo: string;
  recurrent: boolean;
  activatedAt: string | null;
  distributionCompany: string | null;
  customer: { id: string; email: string; organization: string } | null;
  /** When its term ended without a renewal (it is expired), or null. */
  expiredAt: string | null;
  /** A billing change that takes effect on a later day, or null. */
  scheduledChange: ScheduledChangeRecord | null;
}

/** A license found across orders, with its order's product: a list of them needs no order each. */
export interface FoundLicenseRecord extends LicenseRecord {
  product: Product;
}

/** How many licenses of a product a count found. */
export interface ProductCountRecord {
  product: Product;
  count: number;
}

/** A change of `recurrent` that takes effect on `effectiveOn` (an ISO date). */
export interface ScheduledChangeRecord {
  recurrent: boolean;
  effectiveOn: string;
}

export interface CustomerRecord {
  id: string;
  email: string;
  organization: string;
  firstName: string;
  lastName: string;
}

export interface NewCustomerRecord extends CustomerRecord {
  phone: string | null;
  country: string;
}

/** What was recorded about a license, or (licenseId null) about every license of its order. */
export interface HistoryRecord {
  id: string;
  at: string;
  actor: Actor;
  kind: HistoryKind;
  detail: string;
}

export interface NewHistoryRecord {
  orderId: string;
  licenseId: string | null;
  at: string;
  actor: Actor;
  kind: HistoryKind;
  detail: string;
}

/** `renewal_notice`: the reseller's daily digest of licenses that will lapse. */
export type MailKind = 'activation' | 'confirmation' | 'renewal_notice';

export interface NewMail {
  id: string;
  kind: MailKind;
  to: string;
  subject: string;
  text: string;
  at: string;
  /** The order the mail is about; null for a mail about licenses of several orders (a digest). */
  orderId: string | null;
  licenseId: string | null;
}

/** A message of the outbox. */
export interface MailRecord extends NewMail {
  resellerId: string;
}

/** What an idempotency key was first used for, and what was answered. */
export interface IdempotencyRecord {
  fingerprint: string;
  status: number;
  body: unknown;
  at: string;
}

/** A bulk job as stored: its kind, where it is, and its counts (kept by the service). */
export interface JobRecord {
  id: string;
  kind: JobKind;
  status: JobStatus;
  total: number;
  done: number;
  succeeded: number;
  failed: number;
  createdAt: string;
  finishedAt: string | null;
}

/** A new job (queued, nothing done) with its rows, numbered from 1 in this order. */
export interface NewJobRecord {
  id: string;
  kind: JobKind;
  createdAt: string;
  /** What each row names (its `target`), and what it asks for, as JSON the service reads back. */
  rows: { target: string; input: unknown }[];
}

/** A row of a job that has no result yet. */
export interface JobRowRecord {
  row: number;
  target: string;
  input: unknown;
}

/** What became of one row. */
export interface JobResultRecord {
  row: number;
  target: string;
  ok: boolean;
  code: ErrorCode | null;
  detail: string | null;
  licenseId: string | null;
}

/** A job's progress after a batch of results. */
export interface JobProgress {
  status: JobStatus;
  done: number;
  succeeded: number;
  failed: number;
  finishedAt: string | null;
}

/** What a transaction is about to read ({@link StoreTx.readAhead}). */
export interface ReadAheadRequest {
  /** Codes as {@link StoreReads.licenseByCode} will be asked for them. */
  activationCodes: string[];
  /** Emails as {@link StoreReads.customerByEmail} will be asked for them. */
  customerEmails: string[];
}

/** One page of a query, with the total of its matches. */
export interface StorePage<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
}

/** A cursor the store did not hand out for this query; the service answers it as a 400 on `cursor`. */
export class BadCursorError extends Error {
  override readonly name = 'BadCursorError';
}

/** Reads, inside or outside a transaction. */
export interface StoreReads {
  reseller(resellerId: string): Promise<ResellerRecord | null>;
  /** The products the reseller may buy, with its prices, by name. */
  catalog(resellerId: string): Promise<CatalogProduct[]>;
  /**
   * The license holding this activation code (ignoring case), whoever's it is: the code is
   * the customer's credential on the activation page, which has no reseller to start from.
   */
  licenseByCode(activationCode: string): Promise<{ resellerId: string; license: LicenseRecord } | null>;
  /** The products the reseller has bought, by name. */
  products(resellerId: string): Promise<Product[]>;
  /** A page of `GET /orders`: every filter, sort and cursor of the contract; limit already defaulted. */
  searchOrders(resellerId: string, query: ParsedOrdersQuery & { limit: number }): Promise<StorePage<OrderRecord>>;
  order(resellerId: string, orderId: string): Promise<OrderRecord | null>;
  /** The order's activation codes in the order they were issued. */
  activationCodes(resellerId: string, orderId: string): Promise<string[]>;
  /** A page of the order's licenses in the order they were issued; limit already defaulted. */
  licenses(resellerId: string, orderId: string, query: ParsedLicensesQuery & { limit: number }): Promise<StorePage<LicenseRecord>>;
  license(resellerId: string, licenseId: string): Promise<LicenseRecord | null>;
  /**
   * A page of what was recorded about the license and about its order, oldest first (by
   * time, then as recorded); `cursor` continues after a page this store handed out.
   */
  history(resellerId: string, licenseId: string, page: { limit: number; cursor?: string | undefined }): Promise<{ items: HistoryRecord[]; nextCursor: string | null }>;
  /**
   * At most `limit` customers whose email, name or organization holds `q` (lower case,
   * trimmed): those whose email starts with it first, then by email.
   */
  customers(resellerId: string, q: string, limit: number): Promise<CustomerRecord[]>;
  /** The customer registered with this email, ignoring case. */
  customerByEmail(resellerId: string, email: string): Promise<CustomerRecord | null>;
  customer(resellerId: string, customerId: string): Promise<CustomerRecord | null>;
  /** The licenses the customer holds now, as their ids and orders. */
  customerLicenses(resellerId: string, customerId: string): Promise<{ id: string; orderId: string }[]>;
  /** When mails of this kind about the order were queued since `since`, oldest first. */
  mailTimes(resellerId: string, orderId: string, kind: MailKind, since: string): Promise<string[]>;
  idempotency(resellerId: string, key: string): Promise<IdempotencyRecord | null>;

  // Renewals
  /**
   * A page of `GET /licenses`: the reseller's licenses across orders with every filter, sort
   * and cursor of the contract (by `validTo`, ties by id), each with its order's product;
   * limit already defaulted.
   */
  searchLicenses(resellerId: string, query: ParsedLicenseSearchQuery & { limit: number }): Promise<StorePage<FoundLicenseRecord>>;
  /**
   * How many of the reseller's licenses match the filters of `GET /licenses`, per product of
   * their orders (products without a match may be left out or counted 0), in any order.
   */
  countLicensesByProduct(resellerId: string, query: ParsedLicenseCountsQuery): Promise<ProductCountRecord[]>;
  /** Every reseller's id: the renewals run for each. */
  resellerIds(): Promise<string[]>;
  /** At most `limit` licenses not marked expired whose `validTo` lies before `before` (a date), earliest `validTo` first, then by id. */
  endedTerms(resellerId: string, before: string, limit: number): Promise<LicenseRecord[]>;
  /** At most `limit` licenses with a scheduled change effective on or before `through` (a date), earliest first, then by id. */
  dueScheduledChanges(resellerId: string, through: string, limit: number): Promise<LicenseRecord[]>;
  /** The day of the reseller's latest renewal-notice digest, or null before the first. */
  lastRenewalDigest(resellerId: string): Promise<string | null>;
  job(resellerId: string, jobId: string): Promise<JobRecord | null>;
  /** A page of the job's results so far, in row order; `cursor` continues after a page this store handed out. */
  jobResults(resellerId: string, jobId: string, page: { limit: number; cursor?: string | undefined }): Promise<{ items: JobResultRecord[]; nextCursor: string | null }>;
}

/** Reads and writes inside one transaction. */
export interface StoreTx extends StoreReads {
  /** Adds an order (processed, none of its licenses active) with its licenses, in this order. */
  createOrder(resellerId: string, order: NewOrderRecord, licenses: NewLicenseRecord[]): Promise<void>;
  /** Changes an order's state, with the counts its licenses have in that state. */
  setOrderState(resellerId: string, orderId: string, state: OrderState, counts: { activeCount: number; availableCount: number }): Promise<void>;
  setBalance(resellerId: string, balance: Money): Promise<void>;
  addCustomer(resellerId: string, customer: NewCustomerRecord): Promise<void>;
  activate(resellerId: string, licenseId: string, customerId: string, at: string): Promise<void>;
  /** The license is available again: no customer, no activation time, not recurrent, nothing scheduled. */
  deactivate(resellerId: string, licenseId: string): Promise<void>;
  /** An active license passes to another customer; its activation time stays. */
  setCustomer(resellerId: string, licenseId: string, customerId: string): Promise<void>;
  /** Applies the fields the patch holds (a null phone clears it). */
  updateCustomer(resellerId: string, customerId: string, patch: CustomerPatch): Promise<void>;
  setRecurrent(resellerId: string, licenseId: string, recurrent: boolean): Promise<void>;
  setOrderCounts(resellerId: string, orderId: string, counts: { activeCount: number; availableCount: number }): Promise<void>;
  addHistory(resellerId: string, entry: NewHistoryRecord): Promise<void>;
  /** Puts a mail in the outbox; it is sent after the transaction commits. */
  queueMail(resellerId: string, mail: NewMail): Promise<void>;
  saveIdempotency(resellerId: string, key: string, record: IdempotencyRecord): Promise<void>;
  /** Forgets the idempotency records made before `before`. */
  expireIdempotency(before: string): Promise<void>;
  /** Forgets the reseller's oldest idempotency records beyond the newest `keep`. */
  trimIdempotency(resellerId: string, keep: number): Promise<void>;

  // Renewals
  setValidTo(resellerId: string, licenseId: string, validTo: string): Promise<void>;
  /** Marks the license expired at `at`. */
  setExpired(resellerId: string, licenseId: string, at: string): Promise<void>;
  /** Sets or (null) clears the license's scheduled billing change. */
  setScheduledChange(resellerId: string, licenseId: string, change: ScheduledChangeRecord | null): Promise<void>;
  /**
   * Records the reseller's renewal-notice digest of `day`, unless one of that day is
   * recorded already: true when this call recorded it. The key is unique in storage, so two
   * processes cannot both record it.
   */
  claimRenewalDigest(resellerId: string, day: string): Promise<boolean>;
  /**
   * Says what this transaction is about to read: the licenses of these activation codes and
   * the reseller's customers with these emails (the rows of a job's batch). A store that pays
   * a round trip for each read may read them all now, a few statements for the whole batch,
   * and answer the reads that follow from what it read; every answer must be the one the
   * read would have given without it. A store whose reads are cheap does nothing.
   */
  readAhead(resellerId: string, wanted: ReadAheadRequest): Promise<void>;
  /** Adds a queued job with its rows. */
  createJob(resellerId: string, job: NewJobRecord): Promise<void>;
  /**
   * Takes the job for this transaction: its record and its next `limit` rows without a
   * result, in row order. Null when the job is missing, done, or taken by another
   * transaction that has not ended (which this one then skips rather than waits for).
   */
  claimJob(resellerId: string, jobId: string, limit: number): Promise<{ job: JobRecord; rows: JobRowRecord[] } | null>;
  /** Records the results of rows of a job taken with {@link claimJob}, and its progress. */
  saveJobResults(resellerId: string, jobId: string, results: JobResultRecord[], progress: JobProgress): Promise<void>;
}

export interface Store extends StoreReads {
  /**
   * Runs `work` as one transaction: all of its writes or none. Transactions never see each
   * other half done; a store may run `work` again when the database asks for a retry
   * (PostgreSQL's serialization failures), so `work` has no effect outside the store.
   */
  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;
  /**
   * Jobs that are not done, whoever's they are, oldest first: what a job runner works
   * through. (Every other read is scoped by the reseller; this one finds the work.)
   */
  unfinishedJobs(limit: number): Promise<{ resellerId: string; jobId: string }[]>;
}
