import type {
  ActivationInfo,
  ActivationRequest,
  Catalog,
  CreateOrderRequest,
  CustomerActivationResult,
  Customer,
  CustomerPatch,
  HistoryQuery,
  BillingStateRequest,
  ConfirmationEmailResult,
  CustomerList,
  HistoryList,
  Job,
  JobRequest,
  JobResultPage,
  JobResultsQuery,
  License,
  LicensePage,
  LicenseCounts,
  LicenseCountsQuery,
  LicenseKeysCsvQuery,
  LicenseSearchPage,
  LicenseSearchQuery,
  LicensesQuery,
  Me,
  OrderPage,
  OrdersQuery,
  OrderSummary,
  ProductList,
} from './contract/schemas.js';

export interface RequestOptions {
  /** Aborts the call; it then rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface MutationOptions extends RequestOptions {
  /** One key per user action, reused when the action is retried (CONTRACT: Idempotency). */
  idempotencyKey: string;
}

/** A CSV file the server writes (v1.1), as it comes. */
export interface CsvFile {
  /** The rows it has (its header row not counted), as the server counted them when it began; null when not said. */
  total: number | null;
  /** Its bytes, UTF-8, as they arrive; ending the iteration early stops the download. */
  chunks: AsyncIterable<Uint8Array<ArrayBuffer>>;
}

/**
 * The licenses API, one method per endpoint of the contract. Implemented by the HTTP
 * client, the memory client, and anything a reseller provides instead. Every value a
 * method resolves with has been validated against the contract's schemas.
 */
export interface LicensesApi {
  getMe(options?: RequestOptions): Promise<Me>;
  listProducts(options?: RequestOptions): Promise<ProductList>;
  searchOrders(query: OrdersQuery, options?: RequestOptions): Promise<OrderPage>;
  getOrder(orderId: string, options?: RequestOptions): Promise<OrderSummary>;
  listLicenses(orderId: string, query: LicensesQuery, options?: RequestOptions): Promise<LicensePage>;
  /**
   * Added in v1.1: every license key of the order as the CSV file the kit's export writes,
   * written by the server in `query.locale` and `query.timeZone`. Optional: an export from a
   * client without it (or whose server answers no file) asks for the pages and writes the file itself.
   * Unlike the other answers, the file's bytes are not checked here but by the export, which
   * holds them to the file it would write before it saves them (`src/csv/check-file.ts`).
   */
  exportLicenseKeys?(orderId: string, query: LicenseKeysCsvQuery, options?: RequestOptions): Promise<CsvFile>;
  getLicense(licenseId: string, options?: RequestOptions): Promise<License>;
  /** One page of the license's history, oldest first (v1.1: paged with `limit` and `cursor`). */
  getLicenseHistory(licenseId: string, query?: HistoryQuery, options?: RequestOptions): Promise<HistoryList>;
  /** Added in v1.1: the license is available again; its customer is detached and emailed. */
  deactivateLicense(licenseId: string, options: MutationOptions): Promise<License>;
  /** Added in v1.1: an active license passes to an existing or a new customer. */
  transferLicense(licenseId: string, body: ActivationRequest, options: MutationOptions): Promise<License>;
  /** Added in v1.1: corrects a customer's details. */
  updateCustomer(customerId: string, body: CustomerPatch, options: MutationOptions): Promise<Customer>;
  activateLicense(licenseId: string, body: ActivationRequest, options: MutationOptions): Promise<License>;
  /** v1.1: with `effectiveOn`, schedules the change for that day instead of making it now. */
  setBillingState(licenseId: string, body: BillingStateRequest, options: MutationOptions): Promise<License>;
  /** Added in v1.1: cancels the billing change scheduled for a later day. */
  cancelScheduledBillingChange(licenseId: string, options: MutationOptions): Promise<License>;
  /** Added in v1.1: licenses across orders by the day they renew or lapse (the renewals view). */
  searchLicenses(query: LicenseSearchQuery, options?: RequestOptions): Promise<LicenseSearchPage>;
  /**
   * Added in v1.1: how many licenses `searchLicenses` finds with the same filters, in all and
   * for each product (what the renewals of a window will charge, in one request).
   */
  countLicenses(query: LicenseCountsQuery, options?: RequestOptions): Promise<LicenseCounts>;
  resendConfirmationEmail(orderId: string, options: MutationOptions): Promise<ConfirmationEmailResult>;
  searchCustomers(q: string, options?: RequestOptions): Promise<CustomerList>;
  /** Added in v1.1: the products this reseller may buy, with prices. */
  getCatalog(options?: RequestOptions): Promise<Catalog>;
  /** Added in v1.1: buys licenses; the order answers with its licenses' codes issued. */
  createOrder(body: CreateOrderRequest, options: MutationOptions): Promise<OrderSummary>;
  /** Added in v1.1: cancels an order within its cancellation window. */
  cancelOrder(orderId: string, options: MutationOptions): Promise<OrderSummary>;
  /** Added in v1.1: queues bulk work (activations, billing changes, confirmation emails) as a server job. */
  createJob(body: JobRequest, options: MutationOptions): Promise<Job>;
  /** Added in v1.1: a job's progress. */
  getJob(jobId: string, options?: RequestOptions): Promise<Job>;
  /** Added in v1.1: a page of a job's results, one per row in row order. */
  getJobResults(jobId: string, query?: JobResultsQuery, options?: RequestOptions): Promise<JobResultPage>;
  /** Added in v1.1, the customer's side (no token): what an activation code is for. */
  getActivation(activationCode: string, options?: RequestOptions): Promise<ActivationInfo>;
  /** Added in v1.1, the customer's side (no token): the customer activates the code. */
  activateByCode(activationCode: string, body: ActivationRequest, options?: RequestOptions): Promise<CustomerActivationResult>;
}

/** A fresh idempotency key for one user action. */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  const bytes = c.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
