import type { FieldError } from './schemas.js';

export interface ApiErrorInit {
  status: number;
  code: string;
  detail: string;
  title?: string;
  errors?: readonly FieldError[];
  /** Seconds to wait before trying again (from `Retry-After`). */
  retryAfter?: number | null;
  cause?: unknown;
}

/**
 * Every failure of a `LicensesApi` call: a problem answered by the server, a malformed
 * answer (`invalid_response`, with the failing paths in `errors`), a timeout or a network
 * failure (status 0). An aborted call rejects with the signal's reason instead.
 */
/**
 * Marks every ApiError, so that one thrown by the bundle's client is recognised by a lazily
 * loaded chunk that carries its own copy of this class (where `instanceof` says no).
 */
const API_ERROR = Symbol.for('license-desk.ApiError');

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly [API_ERROR] = true;
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly title: string;
  readonly errors: readonly FieldError[];
  readonly retryAfter: number | null;

  constructor(init: ApiErrorInit) {
    super(init.detail, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.title = init.title ?? init.code;
    this.errors = init.errors ?? [];
    this.retryAfter = init.retryAfter ?? null;
  }

  /** The field errors whose path starts with `prefix`, keyed by the rest of the path. */
  fieldErrors(prefix = ''): Map<string, string> {
    const out = new Map<string, string>();
    for (const e of this.errors) {
      if (!e.path.startsWith(prefix)) continue;
      const key = e.path.slice(prefix.length).replace(/^\./, '');
      if (!out.has(key)) out.set(key, e.message);
    }
    return out;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError || (typeof value === 'object' && value !== null && (value as { [API_ERROR]?: unknown })[API_ERROR] === true);
}

export function isAbortError(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'AbortError';
}

/** Turns zod issues into the contract's `errors` list (`customer.email`). */
export function issuesToFieldErrors(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): FieldError[] {
  return issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}
