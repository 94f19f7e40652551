/**
 * RFC 9457 problem details: every error the demo backend answers, from validation failures
 * to unknown routes, is `application/problem+json` with the contract's `code`.
 */
import type { ErrorCode, FieldError, Problem } from '../../../src/api/contract/schemas.js';
import { type ApiError, issuesToFieldErrors } from '../../../src/api/contract/errors.js';
import { PROBLEMS } from '../../../src/api/contract/problems.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** A problem to answer; thrown by handlers and turned into a response by the app. */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  readonly code: ErrorCode;
  readonly detail: string;
  readonly errors: readonly FieldError[] | undefined;
  /** Extra response headers (`Retry-After`, `Allow`, `WWW-Authenticate`). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: ErrorCode, detail: string, extra: { errors?: readonly FieldError[]; headers?: Record<string, string> } = {}) {
    super(detail);
    this.code = code;
    this.detail = detail;
    this.errors = extra.errors;
    this.headers = extra.headers ?? {};
  }

  /** The problem a use case answered, with `Retry-After` when it says how long to wait. */
  static from(error: ApiError): ProblemError {
    const headers: Record<string, string> = error.retryAfter === null ? {} : { 'Retry-After': String(error.retryAfter) };
    return new ProblemError(error.code as ErrorCode, error.detail, { errors: error.errors.length > 0 ? error.errors : undefined, headers });
  }

  get status(): number {
    return PROBLEMS[this.code].status;
  }

  /** The problem document. */
  toJSON(): Problem {
    const { status, title } = PROBLEMS[this.code];
    const body: Problem = { type: 'about:blank', title, status, detail: this.detail, code: this.code };
    if (this.errors !== undefined) body.errors = [...this.errors];
    return body;
  }

  toResponse(): Response {
    return new Response(JSON.stringify(this.toJSON()), {
      status: this.status,
      headers: { 'Content-Type': PROBLEM_CONTENT_TYPE, 'Cache-Control': 'no-store', ...this.headers },
    });
  }
}

/** A 400 `validation_failed` listing each failing field. */
export function validationProblem(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  prefix: readonly string[] = [],
): ProblemError {
  const errors = issuesToFieldErrors(issues.map((i) => ({ path: [...prefix, ...i.path], message: i.message })));
  const fields = [...new Set(errors.map((e) => e.path || '(body)'))].join(', ');
  return new ProblemError('validation_failed', `Check these fields: ${fields}`, { errors });
}

/** A 400 `validation_failed` for one field. */
export function fieldProblem(path: string, message: string): ProblemError {
  return new ProblemError('validation_failed', `Check this field: ${path || '(body)'}`, { errors: [{ path, message }] });
}

export function notFound(what: string): ProblemError {
  return new ProblemError('not_found', `${what} was not found`);
}
