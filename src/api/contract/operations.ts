/**
 * The licenses API as one table: per operation its method, path, arguments, query and body
 * schemas, answer and problems. Everything that speaks HTTP follows from it: the HTTP
 * client's methods, the demo backend's routes, the OpenAPI document and the conformance
 * suite's list of routes. Adding an endpoint is one row here (and its line in
 * `operation-summaries.ts`) and its use case in the service.
 *
 * Schemas are named, not imported, so that the table costs the browser a few hundred bytes:
 * the HTTP client resolves the names in the lazily loaded `validators.ts`, the server and the
 * OpenAPI document in `schemas.ts`. What each operation does, in words, is in
 * `operation-summaries.ts`, which only the OpenAPI document reads.
 */
import type { ErrorCode } from './schemas.js';
import { LIMITS } from './values.js';
import type * as Schemas from './schemas.js';

type SchemaName = keyof typeof Schemas & string;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Operation {
  method: HttpMethod;
  /** The path below the API's base, with `{name}` for each path parameter. */
  path: string;
  /**
   * The client method's arguments before its options, in order: a path parameter by name,
   * `query` (the query object), `query.<name>` (one query field), or `body`.
   */
  args: readonly string[];
  /** The schema of the query string. */
  query?: SchemaName;
  /** The schema of the JSON body; a body is optional when the schema accepts `undefined`. */
  body?: SchemaName;
  /** Changes something: takes an `Idempotency-Key`. */
  idempotent?: true;
  /** Answers without a token. */
  public?: true;
  /** The largest body it takes, when larger than other changes' (`LIMITS.bodyBytes`). */
  bodyBytes?: number;
  /** The status of a successful answer. */
  status: 200 | 201 | 202;
  /**
   * The schema of a successful answer (`OpenApiDocument`: the document itself; `CsvFile`: a
   * `text/csv` file, sent as it is written, its rows counted in `X-Total-Count`).
   */
  answer: SchemaName | 'OpenApiDocument' | 'CsvFile';
  /** The problems the operation answers besides `unauthorized` and the generic ones. */
  problems: readonly ErrorCode[];
}

const changeProblems = ['payload_too_large', 'unsupported_media_type', 'idempotency_key_reused'] as const;

export const OPERATIONS = {
  getMe: { method: 'GET', path: '/me', args: [], status: 200, answer: 'Me', problems: [] },
  listProducts: {
    method: 'GET', path: '/products', args: [], status: 200, answer: 'ProductList', problems: [],
  },
  searchOrders: {
    method: 'GET', path: '/orders', args: ['query'], query: 'OrdersQuery',
    status: 200, answer: 'OrderPage', problems: ['validation_failed'],
  },
  getOrder: {
    method: 'GET', path: '/orders/{orderId}', args: ['orderId'], status: 200, answer: 'OrderSummary', problems: ['not_found'],
  },
  listLicenses: {
    method: 'GET', path: '/orders/{orderId}/licenses', args: ['orderId', 'query'],
    query: 'LicensesQuery', status: 200, answer: 'LicensePage', problems: ['validation_failed', 'not_found'],
  },
  exportLicenseKeys: {
    method: 'GET', path: '/orders/{orderId}/licenses.csv', args: ['orderId', 'query'],
    query: 'LicenseKeysCsvQuery', status: 200, answer: 'CsvFile', problems: ['validation_failed', 'not_found'],
  },
  resendConfirmationEmail: {
    method: 'POST', path: '/orders/{orderId}/confirmation-email',
    args: ['orderId'], body: 'NoBody', idempotent: true, status: 202, answer: 'ConfirmationEmailResult',
    problems: ['validation_failed', 'not_found', ...changeProblems, 'rate_limited'],
  },
  getLicense: {
    method: 'GET', path: '/licenses/{licenseId}', args: ['licenseId'], status: 200, answer: 'License', problems: ['not_found'],
  },
  getLicenseHistory: {
    method: 'GET', path: '/licenses/{licenseId}/history',
    args: ['licenseId', 'query'], query: 'HistoryQuery', status: 200, answer: 'HistoryList', problems: ['validation_failed', 'not_found'],
  },
  deactivateLicense: {
    method: 'DELETE', path: '/licenses/{licenseId}/activation',
    args: ['licenseId'],
    idempotent: true, status: 200, answer: 'License',
    problems: ['not_found', 'license_not_active', 'order_refunded', 'idempotency_key_reused'],
  },
  transferLicense: {
    method: 'PUT', path: '/licenses/{licenseId}/customer',
    args: ['licenseId', 'body'], body: 'ActivationRequest', idempotent: true, status: 200, answer: 'License',
    problems: ['validation_failed', 'not_found', 'customer_not_found', 'customer_exists', 'license_not_active', 'order_refunded', ...changeProblems],
  },
  updateCustomer: {
    method: 'PATCH', path: '/customers/{customerId}',
    args: ['customerId', 'body'], body: 'CustomerPatch', idempotent: true, status: 200, answer: 'Customer',
    problems: ['validation_failed', 'not_found', 'customer_exists', ...changeProblems],
  },
  activateLicense: {
    method: 'POST', path: '/licenses/{licenseId}/activation', args: ['licenseId', 'body'],
    body: 'ActivationRequest', idempotent: true, status: 200, answer: 'License',
    problems: ['validation_failed', 'not_found', 'customer_not_found', 'license_already_active', 'order_refunded', 'customer_exists', ...changeProblems],
  },
  setBillingState: {
    method: 'PUT', path: '/licenses/{licenseId}/billing-state',
    args: ['licenseId', 'body'], body: 'BillingStateRequest', idempotent: true, status: 200, answer: 'License',
    problems: ['validation_failed', 'not_found', 'license_not_active', 'order_refunded', 'license_expired', ...changeProblems],
  },
  cancelScheduledBillingChange: {
    method: 'DELETE', path: '/licenses/{licenseId}/scheduled-billing-change',
    args: ['licenseId'], idempotent: true, status: 200, answer: 'License', problems: ['not_found', 'no_scheduled_change', 'idempotency_key_reused'],
  },
  searchLicenses: {
    method: 'GET', path: '/licenses',
    args: ['query'], query: 'LicenseSearchQuery', status: 200, answer: 'LicenseSearchPage', problems: ['validation_failed'],
  },
  countLicenses: {
    method: 'GET', path: '/licenses/counts',
    args: ['query'], query: 'LicenseCountsQuery', status: 200, answer: 'LicenseCounts', problems: ['validation_failed'],
  },
  createJob: {
    method: 'POST', path: '/jobs',
    args: ['body'], body: 'JobRequest', idempotent: true, status: 202, answer: 'Job', bodyBytes: LIMITS.jobBodyBytes,
    problems: ['validation_failed', ...changeProblems],
  },
  getJob: {
    method: 'GET', path: '/jobs/{jobId}', args: ['jobId'], status: 200, answer: 'Job', problems: ['not_found'],
  },
  getJobResults: {
    method: 'GET', path: '/jobs/{jobId}/results',
    args: ['jobId', 'query'], query: 'JobResultsQuery', status: 200, answer: 'JobResultPage', problems: ['validation_failed', 'not_found'],
  },
  searchCustomers: {
    method: 'GET', path: '/customers',
    args: ['query.q'], query: 'CustomersQuery', status: 200, answer: 'CustomerList', problems: ['validation_failed'],
  },
  getCatalog: {
    method: 'GET', path: '/catalog', args: [], status: 200, answer: 'Catalog', problems: [],
  },
  createOrder: {
    method: 'POST', path: '/orders', args: ['body'],
    body: 'CreateOrderRequest', idempotent: true, status: 201, answer: 'OrderSummary',
    problems: ['validation_failed', 'not_found', 'insufficient_balance', ...changeProblems],
  },
  cancelOrder: {
    method: 'POST', path: '/orders/{orderId}/cancellation',
    args: ['orderId'],
    body: 'NoBody', idempotent: true, status: 200, answer: 'OrderSummary',
    problems: ['not_found', 'order_refunded', 'cancellation_window_closed', 'order_has_active_licenses', ...changeProblems],
  },
  getActivation: {
    method: 'GET', path: '/activations/{activationCode}',
    args: ['activationCode'], public: true, status: 200, answer: 'ActivationInfo', problems: ['not_found', 'rate_limited'],
  },
  activateByCode: {
    method: 'POST', path: '/activations/{activationCode}',
    args: ['activationCode', 'body'], body: 'ActivationRequest', public: true, status: 200, answer: 'CustomerActivationResult',
    problems: [
      'validation_failed', 'not_found', 'customer_not_found', 'customer_exists', 'license_already_active', 'order_refunded', 'license_expired',
      'rate_limited', 'payload_too_large', 'unsupported_media_type',
    ],
  },
  getOpenApiDocument: {
    method: 'GET', path: '/openapi.json', args: [], public: true, status: 200, answer: 'OpenApiDocument', problems: [],
  },
} as const satisfies Record<string, Operation>;

export type OperationId = keyof typeof OPERATIONS;

/** The operations a client calls (the OpenAPI document is for tools, not for the elements). */
export type ClientOperationId = Exclude<OperationId, 'getOpenApiDocument'>;

/** The names of a path's parameters, in order. */
export function pathParameters(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
}
