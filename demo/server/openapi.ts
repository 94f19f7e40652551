/**
 * The OpenAPI 3.1 document of the licenses API, generated from the contract's zod schemas:
 * resources under `components/schemas` (as the server sends them), request bodies and query
 * parameters as a client sends them, and the problem answers of every operation.
 */
import * as z from 'zod/mini';
import '../../src/api/contract/schema-docs.js';
import * as S from '../../src/api/contract/schemas.js';
import { PROBLEMS } from '../../src/rules/index.js';
import type { ErrorCode } from '../../src/api/contract/schemas.js';

type JsonObject = Record<string, unknown>;

/** Resources, as answered (`io: 'output'`). */
const RESPONSES = {
  Money: S.Money,
  Product: S.Product,
  ProductList: S.ProductList,
  OrderSummary: S.OrderSummary,
  OrderPage: S.OrderPage,
  LicenseActions: S.LicenseActions,
  License: S.License,
  LicensePage: S.LicensePage,
  HistoryEntry: S.HistoryEntry,
  HistoryList: S.HistoryList,
  Customer: S.Customer,
  CustomerList: S.CustomerList,
  Me: S.Me,
  ConfirmationEmailResult: S.ConfirmationEmailResult,
  Problem: S.Problem,
} as const;

/** Request bodies, as sent (`io: 'input'`). */
const REQUESTS = { ActivationRequest: S.ActivationRequest, BillingStateRequest: S.BillingStateRequest } as const;

type ComponentName = keyof typeof RESPONSES | keyof typeof REQUESTS;

interface Operation {
  method: 'get' | 'post' | 'put';
  path: string;
  operationId: string;
  summary: string;
  public?: boolean;
  query?: z.ZodMiniObject;
  body?: keyof typeof REQUESTS;
  idempotent?: boolean;
  status: number;
  answer: ComponentName | 'OpenApiDocument';
  problems: ErrorCode[];
}

const OPERATIONS: readonly Operation[] = [
  { method: 'get', path: '/me', operationId: 'getMe', summary: 'Who is calling', status: 200, answer: 'Me', problems: [] },
  { method: 'get', path: '/products', operationId: 'listProducts', summary: 'Products this reseller has bought', status: 200, answer: 'ProductList', problems: [] },
  { method: 'get', path: '/orders', operationId: 'searchOrders', summary: 'Search orders', query: S.OrdersQuery, status: 200, answer: 'OrderPage', problems: ['validation_failed'] },
  { method: 'get', path: '/orders/{orderId}', operationId: 'getOrder', summary: 'One order', status: 200, answer: 'OrderSummary', problems: ['not_found'] },
  { method: 'get', path: '/orders/{orderId}/licenses', operationId: 'listLicenses', summary: "The order's licenses", query: S.LicensesQuery, status: 200, answer: 'LicensePage', problems: ['validation_failed', 'not_found'] },
  { method: 'post', path: '/orders/{orderId}/confirmation-email', operationId: 'resendConfirmationEmail', summary: 'Resend the order confirmation to the reseller', idempotent: true, status: 202, answer: 'ConfirmationEmailResult', problems: ['validation_failed', 'not_found', 'payload_too_large', 'unsupported_media_type', 'idempotency_key_reused', 'rate_limited'] },
  { method: 'get', path: '/licenses/{licenseId}', operationId: 'getLicense', summary: 'One license', status: 200, answer: 'License', problems: ['not_found'] },
  { method: 'get', path: '/licenses/{licenseId}/history', operationId: 'getLicenseHistory', summary: "The license's audit trail, oldest first", status: 200, answer: 'HistoryList', problems: ['not_found'] },
  { method: 'post', path: '/licenses/{licenseId}/activation', operationId: 'activateLicense', summary: 'Activate the license for a customer', body: 'ActivationRequest', idempotent: true, status: 200, answer: 'License', problems: ['validation_failed', 'not_found', 'customer_not_found', 'license_already_active', 'order_refunded', 'customer_exists', 'payload_too_large', 'unsupported_media_type', 'idempotency_key_reused'] },
  { method: 'put', path: '/licenses/{licenseId}/billing-state', operationId: 'setBillingState', summary: 'Switch the automatic renewal of an activated license', body: 'BillingStateRequest', idempotent: true, status: 200, answer: 'License', problems: ['validation_failed', 'not_found', 'license_not_active', 'order_refunded', 'payload_too_large', 'unsupported_media_type', 'idempotency_key_reused'] },
  { method: 'get', path: '/customers', operationId: 'searchCustomers', summary: "The reseller's customers matching q (email, name or organization), at most 50", query: S.CustomersQuery, status: 200, answer: 'CustomerList', problems: ['validation_failed'] },
  { method: 'get', path: '/openapi.json', operationId: 'getOpenApiDocument', summary: 'This document', public: true, status: 200, answer: 'OpenApiDocument', problems: [] },
];

const CONVERSION = { target: 'draft-2020-12', unrepresentable: 'any' } as const;

/** The whole document; the same schemas always give the same text. */
export function buildOpenApiDocument(): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = operation(op);
  return {
    openapi: '3.1.0',
    info: {
      title: 'License Desk API',
      version: '1.0.0',
      description:
        'The licenses API that the License Desk elements talk to. Generated from the zod schemas in src/api/schemas.ts; ' +
        'errors are RFC 9457 problem details with a `code`.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      schemas: { ...components(RESPONSES, 'output'), ...components(REQUESTS, 'input') },
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: "The reseller's API token" } },
    },
  };
}

function components(schemas: Record<string, z.ZodMiniType>, io: 'input' | 'output'): Record<string, JsonObject> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const { schemas: converted } = z.toJSONSchema(registry, { ...CONVERSION, io, uri: (id) => `#/components/schemas/${id}` });
  if ('__shared' in converted) throw new Error('A schema with an id is missing from the components');
  const out: Record<string, JsonObject> = {};
  for (const [id, schema] of Object.entries(converted)) {
    const { $schema: _schema, $id: _id, ...rest } = schema as JsonObject;
    out[id] = rest;
  }
  return out;
}

function operation(op: Operation): JsonObject {
  const parameters: JsonObject[] = [];
  for (const [, name] of op.path.matchAll(/\{(\w+)\}/g)) {
    parameters.push({ name, in: 'path', required: true, schema: inputSchema(S.Id) });
  }
  if (op.query) {
    const query = inputSchema(op.query) as { properties?: Record<string, JsonObject> };
    for (const [name, schema] of Object.entries(query.properties ?? {})) parameters.push({ name, in: 'query', required: false, schema });
  }
  if (op.idempotent) {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'One key per user action, reused when the action is retried; kept for 24 hours.',
      schema: inputSchema(S.IdempotencyKey),
    });
  }
  const result: JsonObject = { operationId: op.operationId, summary: op.summary };
  if (op.public) result.security = [];
  if (parameters.length > 0) result.parameters = parameters;
  if (op.body) {
    result.requestBody = { required: true, content: { 'application/json': { schema: ref(op.body) } } };
  }
  result.responses = { [String(op.status)]: success(op), ...problemResponses(op) };
  return result;
}

function success(op: Operation): JsonObject {
  const schema = op.answer === 'OpenApiDocument' ? { type: 'object' } : ref(op.answer);
  const answer: JsonObject = { description: op.summary, content: { 'application/json': { schema } } };
  if (op.idempotent) {
    answer.headers = {
      'Idempotent-Replayed': {
        description: '`true` when this is the stored answer to an earlier request with the same Idempotency-Key',
        schema: { type: 'string', enum: ['true'] },
      },
    };
  }
  return answer;
}

function problemResponses(op: Operation): Record<string, JsonObject> {
  const codes: ErrorCode[] = op.public ? [...op.problems] : ['unauthorized', ...op.problems];
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(PROBLEMS[code].status, [...(byStatus.get(PROBLEMS[code].status) ?? []), code]);
  const responses: Record<string, JsonObject> = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    const answer: JsonObject = {
      description: list.map((code) => `\`${code}\`: ${PROBLEMS[code].title}`).join('; '),
      content: { 'application/problem+json': { schema: ref('Problem') } },
    };
    if (status === 401) answer.headers = { 'WWW-Authenticate': { schema: { type: 'string' }, description: 'Bearer' } };
    if (status === 429) {
      answer.headers = { 'Retry-After': { schema: { type: 'integer', minimum: 1 }, description: 'Seconds to wait' } };
    }
    responses[String(status)] = answer;
  }
  responses.default = {
    description: 'Any other problem (`method_not_allowed`, `internal_error`)',
    content: { 'application/problem+json': { schema: ref('Problem') } },
  };
  return responses;
}

function ref(name: ComponentName): JsonObject {
  return { $ref: `#/components/schemas/${name}` };
}

/** A schema as a client sends it, inline (queries and path parameters have no ids). */
function inputSchema(schema: z.ZodMiniType): JsonObject {
  const { $schema: _schema, ...rest } = z.toJSONSchema(schema, { ...CONVERSION, io: 'input' }) as JsonObject;
  // A schema with an id comes back as a reference to its own definition: unwrap it.
  const id = typeof rest.$ref === 'string' ? rest.$ref.replace('#/$defs/', '') : undefined;
  const defs = rest.$defs as Record<string, JsonObject> | undefined;
  return (id !== undefined && defs?.[id]) || rest;
}

/** The document as committed in docs/openapi.json: 2-space indent and a final newline. */
export function openApiText(): string {
  return `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
}
