/**
 * The OpenAPI 3.1 document of the licenses API, generated from the operations table and the contract's zod schemas:
 * resources under `components/schemas` (as the server sends them), request bodies and query
 * parameters as a client sends them, and the problem answers of every operation.
 */
import * as z from 'zod/mini';
import './schema-docs.js';
import * as S from './schemas.js';
import { OPERATIONS, type Operation, type OperationId } from './operations.js';
import { OPERATION_SUMMARIES } from './operation-summaries.js';
import { PROBLEMS } from './problems.js';
import type { ErrorCode } from './schemas.js';

type JsonObject = Record<string, unknown>;

type SchemaName = keyof typeof S;
const ROWS = Object.entries(OPERATIONS) as [OperationId, Operation][];
const schemasNamed = (names: Iterable<string>) => Object.fromEntries([...new Set(names)].map((name) => [name, S[name as SchemaName] as z.ZodMiniType]));

/**
 * Resources, as answered (`io: 'output'`): every answer of the operations table, and the
 * resources inside them that deserve a name of their own.
 */
const RESPONSES: Record<string, z.ZodMiniType> = {
  ...schemasNamed(['Money', 'Product', 'CatalogProduct', 'Action', 'OrderActions', 'LicenseActions', 'FoundLicense', 'ProductCount', 'Actor', 'HistoryEntry', 'Customer', 'Problem']),
  ...schemasNamed(ROWS.flatMap(([, op]) => (op.answer === 'OpenApiDocument' || op.answer === 'CsvFile' ? [] : [op.answer]))),
};

/** Request bodies, as sent (`io: 'input'`): every body of the operations table. */
const REQUESTS: Record<string, z.ZodMiniType> = schemasNamed(ROWS.flatMap(([, op]) => (op.body === undefined ? [] : [op.body])));

type ComponentName = string;

const CONVERSION = { target: 'draft-2020-12', unrepresentable: 'any' } as const;

/** The whole document; the same schemas always give the same text. */
export function buildOpenApiDocument(): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const [id, op] of ROWS) {
    (paths[op.path] ??= {})[op.method.toLowerCase()] = operation(id, op);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'License Desk API',
      version: '1.0.0',
      description:
        'The licenses API that the License Desk elements talk to. Generated from the operations table and the zod schemas in src/api/contract/; ' +
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

function operation(operationId: OperationId, op: Operation): JsonObject {
  const parameters: JsonObject[] = [];
  for (const [, name] of op.path.matchAll(/\{(\w+)\}/g)) {
    parameters.push({ name, in: 'path', required: true, schema: inlineSchema(S.Id) });
  }
  if (op.query) {
    // A URL carries text; a parameter is documented as the value it stands for (`limit`: an integer).
    const query = inlineSchema(S[op.query] as z.ZodMiniType, 'output') as { properties?: Record<string, JsonObject> };
    for (const [name, schema] of Object.entries(query.properties ?? {})) parameters.push({ name, in: 'query', required: false, schema });
  }
  if (op.idempotent) {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'One key per user action, reused when the action is retried; kept for 24 hours.',
      schema: inlineSchema(S.IdempotencyKey),
    });
  }
  const result: JsonObject = { operationId, summary: OPERATION_SUMMARIES[operationId] };
  if (op.public) result.security = [];
  if (parameters.length > 0) result.parameters = parameters;
  if (op.body) {
    const required = !(S[op.body] as z.ZodMiniType).safeParse(undefined).success;
    result.requestBody = { required, content: { 'application/json': { schema: ref(op.body as ComponentName) } } };
  }
  result.responses = { [String(op.status)]: success(operationId, op), ...problemResponses(op) };
  return result;
}

function success(operationId: OperationId, op: Operation): JsonObject {
  if (op.answer === 'CsvFile') return csvFile(operationId);
  const schema = op.answer === 'OpenApiDocument' ? { type: 'object' } : ref(op.answer as ComponentName);
  const answer: JsonObject = { description: OPERATION_SUMMARIES[operationId], content: { 'application/json': { schema } } };
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

/** A CSV file, sent as it is written. */
function csvFile(operationId: OperationId): JsonObject {
  return {
    description:
      `${OPERATION_SUMMARIES[operationId]}: UTF-8 with a byte-order mark, a header row, CRLF line ends, every cell that could start ` +
      'a formula in a spreadsheet written with an apostrophe first; sent as it is written (so a failure after the first bytes ends the connection).',
    headers: { 'X-Total-Count': { description: 'The rows in the file, its header row not counted', schema: { type: 'integer', minimum: 0 } } },
    content: { 'text/csv': { schema: { type: 'string' } } },
  };
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

/** A schema inline (queries and path parameters have no ids), as sent (`input`) or as meant (`output`). */
function inlineSchema(schema: z.ZodMiniType, io: 'input' | 'output' = 'input'): JsonObject {
  const { $schema: _schema, ...rest } = z.toJSONSchema(schema, { ...CONVERSION, io }) as JsonObject;
  // A schema with an id comes back as a reference to its own definition: unwrap it.
  const id = typeof rest.$ref === 'string' ? rest.$ref.replace('#/$defs/', '') : undefined;
  const defs = rest.$defs as Record<string, JsonObject> | undefined;
  return (id !== undefined && defs?.[id]) || rest;
}

/** The document as committed in docs/openapi.json: 2-space indent and a final newline. */
export function openApiText(): string {
  return `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
}
