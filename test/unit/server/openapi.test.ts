import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildOpenApiDocument, openApiText } from '../../../src/api/contract/openapi.js';
import { ROOT } from '../../../demo/server/paths.js';

type Json = Record<string, unknown>;

test('the committed docs/openapi.json is exactly the document generated from the schemas', () => {
  const committed = readFileSync(join(ROOT, 'docs', 'openapi.json'), 'utf8');
  assert.equal(committed, openApiText(), 'docs/openapi.json is stale: run `npm run openapi` and commit it');
});

test('the document lists every endpoint of the contract, and nothing else', () => {
  const doc = buildOpenApiDocument() as { paths: Record<string, Json> };
  const operations = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
  assert.deepEqual(operations.sort(), [
    'DELETE /licenses/{licenseId}/activation',
    'DELETE /licenses/{licenseId}/scheduled-billing-change',
    'GET /activations/{activationCode}',
    'GET /catalog',
    'GET /customers',
    'GET /jobs/{jobId}',
    'GET /jobs/{jobId}/results',
    'GET /licenses',
    'GET /licenses/counts',
    'GET /licenses/{licenseId}',
    'GET /licenses/{licenseId}/history',
    'GET /me',
    'GET /openapi.json',
    'GET /orders',
    'GET /orders/{orderId}',
    'GET /orders/{orderId}/licenses',
    'GET /orders/{orderId}/licenses.csv',
    'GET /products',
    'PATCH /customers/{customerId}',
    'POST /activations/{activationCode}',
    'POST /jobs',
    'POST /licenses/{licenseId}/activation',
    'POST /orders',
    'POST /orders/{orderId}/cancellation',
    'POST /orders/{orderId}/confirmation-email',
    'PUT /licenses/{licenseId}/billing-state',
    'PUT /licenses/{licenseId}/customer',
  ]);
});

test('activation documents its body, its idempotency key and each of its problems', () => {
  const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, Json>> };
  const activation = doc.paths['/licenses/{licenseId}/activation']?.post as {
    parameters: { name: string; in: string }[];
    requestBody: Json;
    responses: Record<string, { description: string }>;
  };
  assert.ok(activation.parameters.some((p) => p.name === 'Idempotency-Key' && p.in === 'header'));
  assert.deepEqual(activation.requestBody, {
    required: true,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ActivationRequest' } } },
  });
  for (const [status, code] of [
    ['401', 'unauthorized'], ['404', 'customer_not_found'], ['409', 'license_already_active'], ['409', 'order_refunded'],
    ['409', 'customer_exists'], ['413', 'payload_too_large'], ['415', 'unsupported_media_type'], ['422', 'idempotency_key_reused'],
  ] as const) {
    assert.match(activation.responses[status]?.description ?? '', new RegExp(`\`${code}\``), `${status} ${code}`);
  }
});

test('the search parameters are those of OrdersQuery, all optional', () => {
  const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, { parameters: { name: string; required: boolean }[] }>> };
  const parameters = doc.paths['/orders']?.get?.parameters ?? [];
  assert.deepEqual(
    parameters.map((p) => p.name),
    ['purchasedFrom', 'purchasedTo', 'orderNumber', 'productId', 'productName', 'state', 'paymentType', 'activationCode',
      'customerEmail', 'distributionCompany', 'q', 'limit', 'cursor', 'sort'],
  );
  assert.ok(parameters.every((p) => p.required === false));
});

test('every $ref points at a component that exists', () => {
  const doc = buildOpenApiDocument() as { components: { schemas: Json } };
  const refs: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === '$ref' && typeof inner === 'string') refs.push(inner);
        else walk(inner);
      }
    }
  };
  walk(doc);
  assert.ok(refs.length > 20);
  for (const ref of new Set(refs)) {
    const name = ref.replace('#/components/schemas/', '');
    assert.ok(ref.startsWith('#/components/schemas/') && name in doc.components.schemas, `dangling ${ref}`);
  }
});
