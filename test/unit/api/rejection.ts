/** Waiting for a call that must fail (Node's assert: the browser tests share `fixtures.ts`, not this). */
import assert from 'node:assert/strict';
import { ApiError } from '../../../src/api/contract/errors.js';

/** The `ApiError` a call fails with; fails the test when it succeeds or fails otherwise. */
export async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ApiError, `expected an ApiError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}
