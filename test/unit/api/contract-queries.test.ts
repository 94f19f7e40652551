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
