/** The errors the service answers: the contract's problems, as `ApiError`s. */
import type { ZodMiniType } from 'zod/mini';
import { ApiError, issuesToFieldErrors } from '../api/contract/errors.js';
import { PROBLEMS } from '../api/contract/problems.js';
import type { ErrorCode, FieldError, Problem } from '../api/contract/schemas.js';

export function problem(code: ErrorCode, detail: string, extra: { errors?: FieldError[]; retryAfter?: number } = {}): ApiError {
  const { status, title } = PROBLEMS[code];
  return new ApiError({ status, code, title, detail, ...extra });
}

/** The value `schema` makes of `value`, or a 400 naming each failing field (under `prefix`). */
export function input<T>(schema: ZodMiniType<T>, value: unknown, prefix = ''): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = issuesToFieldErrors(result.error.issues).map((e) => ({ ...e, path: prefix + e.path }));
  const fields = [...new Set(errors.map((e) => e.path || '(body)'))].join(', ');
  throw problem('validation_failed', `Check these fields: ${fields}`, { errors });
}

/**
 * The value `schema` makes of a query, where a parameter given twice arrives as a list: it is
 * refused by name, with whatever else is wrong.
 */
export function queryInput<T>(schema: ZodMiniType<T>, query: object): T {
  const repeated = Object.entries(query).filter(([, value]) => Array.isArray(value)).map(([name]) => name);
  if (repeated.length === 0) return input(schema, query);
  const errors = repeated.map((path) => ({ path, message: 'Give this parameter once' }));
  throw problem('validation_failed', `Check these fields: ${repeated.join(', ')}`, { errors });
}

/** The problem document of an error, as an answer stores it. */
export function problemDocument(error: ApiError): Problem {
  const body: Problem = { type: 'about:blank', title: error.title, status: error.status, detail: error.detail, code: error.code };
  if (error.errors.length > 0) body.errors = error.errors.map((e) => ({ ...e }));
  return body;
}

/** The error a stored problem document stands for. */
export function problemFromDocument(document: Problem): ApiError {
  const { status, code, title, detail, errors } = document;
  return new ApiError({ status, code, title, detail: detail ?? title, errors: errors ?? [] });
}
