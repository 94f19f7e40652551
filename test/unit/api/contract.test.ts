import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LicensesQuery, OrdersQuery } from '../../../src/api/contract/schemas.js';

describe('query parameters', () => {
  test('a page size is a whole number written in decimal digits', () => {
    assert.equal(OrdersQuery.parse({ limit: '16' }).limit, 16);
    assert.equal(OrdersQuery.parse({ limit: 16 }).limit, 16);
    assert.equal(LicensesQuery.parse({ limit: '500' }).limit, 500);
    for (const written of ['0x10', '1e2', '+5', ' 5', '5.0', '-1', '', '0', '201']) {
      assert.equal(OrdersQuery.safeParse({ limit: written }).success, false, `limit=${JSON.stringify(written)} is refused`);
    }
    assert.equal(OrdersQuery.safeParse({ limit: 2.5 }).success, false);
  });
});

describe('the operations table', () => {
  test('every answer a client checks is among the validators the browser loads (a file is checked as it comes)', async () => {
    const { OPERATIONS } = await import('../../../src/api/contract/operations.js');
    const validators = (await import('../../../src/api/contract/validators.js')) as Record<string, unknown>;
    const missing = Object.entries(OPERATIONS as Record<string, { answer: string }>)
      .filter(([, row]) => row.answer !== 'OpenApiDocument' && row.answer !== 'CsvFile' && !(row.answer in validators))
      .map(([id, row]) => `${id}: ${row.answer}`);
    assert.deepEqual(missing, []);
  });
});
