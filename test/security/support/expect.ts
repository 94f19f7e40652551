/** What an answer must be: the status, and a problem document with the right code, or a valid body. */
import assert from 'node:assert/strict';
import * as z from 'zod/mini';
import { type ErrorCode, Problem } from '../../../src/api/contract/schemas.js';
import { PROBLEMS } from '../../../src/api/contract/problems.js';
import type { Answer } from './http.js';

export const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

export type Expected = { status: number; code: ErrorCode } | { status: number; schema: z.ZodMiniType | null };

export function problem(code: ErrorCode): Expected {
  return { status: PROBLEMS[code].status, code };
}

export function success(schema: z.ZodMiniType | null, status = 200): Expected {
  return { status, schema };
}

/**
 * Asserts that `answer` is one of `allowed`, carries `nosniff`, and does not hold `secret` (the
 * credential sent, when long enough to tell) in its body or any header. `what` names the
 * request in failures.
 */
export function assertAnswer(answer: Answer, allowed: Expected | readonly Expected[], what: string, secret?: string): void {
  const context = `${what}\n→ ${answer.status} ${answer.headers['content-type'] ?? ''} ${answer.text.slice(0, 300)}`;
  assert.ok(answer.status < 500, `a server error: ${context}`);
  const choices = Array.isArray(allowed) ? allowed : [allowed as Expected];
  const expected = choices.find((e) => e.status === answer.status);
  assert.ok(expected, `status ${answer.status}, expected ${choices.map((e) => e.status).join(' or ')}: ${context}`);
  assert.equal(answer.headers['x-content-type-options'], 'nosniff', `nosniff: ${context}`);
  if (secret !== undefined && secret.length >= 16) {
    const echoed = [answer.text, ...Object.values(answer.headers)].some((text) => text.includes(secret));
    assert.ok(!echoed, `the Authorization value is echoed: ${context}`);
  }
  if ('code' in expected) assertProblem(answer, expected.code, context);
  else if (expected.schema !== null && answer.text !== '') {
    assert.match(answer.headers['content-type'] ?? '', /^application\/json/, `content type: ${context}`);
    const result = expected.schema.safeParse(JSON.parse(answer.text));
    assert.ok(result.success, `the answer breaks the contract: ${context}`);
  }
}

function assertProblem(answer: Answer, code: ErrorCode, context: string): void {
  assert.equal(answer.headers['content-type'], PROBLEM_TYPE, `content type: ${context}`);
  if (answer.status === 401) assert.match(answer.headers['www-authenticate'] ?? '', /^Bearer /, `WWW-Authenticate: ${context}`);
  if (answer.status === 405) assert.ok(answer.headers.allow, `Allow: ${context}`);
  if (answer.status === 429) assert.match(answer.headers['retry-after'] ?? '', /^[1-9][0-9]*$/, `Retry-After: ${context}`);
  if (answer.text === '') return; // HEAD
  const body = Problem.parse(JSON.parse(answer.text));
  assert.equal(body.code, code, `code: ${context}`);
  assert.equal(body.status, answer.status, `status in the body: ${context}`);
}
