/**
 * The licenses API over HTTP: `fetch`, a timeout per try, retries with jittered backoff,
 * idempotency keys on changes, and every answer validated against the contract's schemas.
 */
import type { ZodMiniType } from 'zod/mini';
import type { quickParse } from '../contract/quick-parse.js';
import type * as s from '../contract/schemas.js';
import { OPERATIONS, type HttpMethod, type Operation } from '../contract/operations.js';
import { ApiError, issuesToFieldErrors } from '../contract/errors.js';
import type { LicensesApi, MutationOptions } from '../client.js';
import { PROBLEMS } from '../contract/problems.js';
import { sleep } from '../../internal/abortable.js';
import { csvFileOf } from './file-body.js';

export interface HttpClientOptions {
  /** Where the API lives, e.g. `https://shop.example/api/v1`; a trailing slash is ignored. */
  baseUrl: string;
  /** A fixed bearer token (demos). */
  token?: string;
  /** Asked before each call for a short-lived bearer token, and once more after a 401. */
  getToken?: () => Promise<string | null | undefined>;
  /** `include` for a proxy that authenticates by the page's cookie session. */
  credentials?: RequestCredentials;
  /** How long one try may take, in milliseconds (15,000). */
  timeoutMs?: number;
  /** The `fetch` to use (the global one). */
  fetch?: typeof fetch;
  /** Tries in total for a call that fails transiently (3). */
  maxTries?: number;
  /** The first backoff delay in milliseconds, doubled each try and jittered (300). */
  retryBaseMs?: number;
  /** A `Retry-After` longer than this (10,000 ms) is not waited for: the call fails at once. */
  maxRetryAfterMs?: number;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
}


/** The contract's schemas the client checks answers with, as the lazily loaded `validators.ts` gives them. */
type Contract = typeof import('../contract/validators.js');

interface Call<T> {
  method: HttpMethod;
  path: string;
  /** Picks the schema that a successful answer must pass. */
  schema: (contract: Contract) => ZodMiniType<T>;
  query?: object;
  body?: unknown;
  signal?: AbortSignal | undefined;
  idempotencyKey?: string | undefined;
  /** A file (`text/csv`) is asked for: a successful answer's body is read as it comes, not here. */
  file?: true;
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** A file's answer, its body still to read. */
  response?: Response;
}

/** The code of an error answer that carries no problem details. */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'validation_failed',
  401: 'unauthorized',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

const enc = encodeURIComponent;

let contract: Promise<Contract> | undefined;

/**
 * The contract's schemas (and zod with them). They load with the first call, while its
 * request is on the way, so the bundle stays small and no answer waits for them; a failed
 * load is tried again by the next call that needs them.
 */
function loadContract(): Promise<Contract> {
  contract ??= import('../contract/validators.js').catch((error: unknown) => {
    contract = undefined;
    throw error;
  });
  return contract;
}

/**
 * A `LicensesApi` over HTTP. Calls resolve only with values that passed the contract's
 * schemas and reject with an `ApiError`: the server's problem (its `code`, or one derived
 * from the status: `unauthorized`, `not_found`, `internal_error` for 5xx, `http_error`
 * otherwise), `invalid_response` for a malformed answer (failing paths in `errors`),
 * `timeout` or `network_error` (status 0). An aborted call rejects with the signal's reason.
 *
 * GETs are retried on network failures, 502/503/504 and 429 (honouring `Retry-After`),
 * but not after a timeout: the person has waited long enough and is offered Retry. POST
 * and PUT are retried on network failures, 502/503/504 and timeouts too, since a change
 * that timed out may have been made and only a replay tells; always with the same
 * `Idempotency-Key`, which makes repeating them safe.
 */
// The methods come from the operations table (see the static block), so the class states its interface here.
export interface HttpLicensesClient extends LicensesApi {}

export class HttpLicensesClient {
  readonly #options: HttpClientOptions;
  readonly #base: string;

  constructor(options: HttpClientOptions) {
    this.#options = options;
    this.#base = options.baseUrl.replace(/\/+$/, '');
  }

  static {
    for (const [id, operation] of Object.entries(OPERATIONS) as [string, Operation][]) {
      if (id === 'getOpenApiDocument') continue;
      Object.defineProperty(HttpLicensesClient.prototype, id, {
        value(this: HttpLicensesClient, ...args: unknown[]) {
          return this.#invoke(operation, args);
        },
      });
    }
  }

  /** Calls `operation` with a method's arguments: those the table names, then the options. */
  #invoke(operation: Operation, args: readonly unknown[]): Promise<unknown> {
    const options = (args[operation.args.length] ?? {}) as Partial<MutationOptions>;
    const params: Record<string, unknown> = {};
    let query: object | undefined;
    let body: unknown;
    operation.args.forEach((name, i) => {
      if (name === 'query') query = args[i] as object;
      else if (name.startsWith('query.')) query = { [name.slice('query.'.length)]: args[i] };
      else if (name === 'body') body = args[i];
      else params[name] = args[i];
    });
    const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => enc(String(params[name])));
    const answer = operation.answer as keyof Contract;
    return this.#call({
      method: operation.method,
      path,
      query,
      body,
      schema: (c) => c[answer] as ZodMiniType<unknown>,
      signal: options.signal,
      idempotencyKey: options.idempotencyKey,
      ...(operation.answer === 'CsvFile' ? { file: true as const } : {}),
    });
  }

  async #call<T>(call: Call<T>): Promise<T> {
    const { signal } = call;
    void loadContract().catch(() => undefined);
    const maxTries = this.#options.maxTries ?? 3;
    let token = await this.#token(signal);
    let refreshed = false;
    for (let attempt = 1; ; attempt += 1) {
      let answer: Answer;
      try {
        answer = await this.#send(call, token);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        await this.#backoff(call, error, attempt, maxTries);
        continue;
      }
      if (answer.status === 401 && this.#options.getToken && !refreshed) {
        refreshed = true;
        token = await this.#token(signal);
        attempt -= 1;
        continue;
      }
      if (answer.status >= 200 && answer.status < 300) {
        if (answer.response) return csvFileOf(answer.response, signal, this.#options.timeoutMs ?? 15_000) as T;
        const schema = call.schema(await checkingContract());
        // A long answer (a page of hundreds of licenses) is checked with quickParse, loaded
        // with the first one: zod alone takes some 5 ms for 500 licenses. Without it, zod checks.
        const quick = answer.text.length > 65_536 ? await import('../contract/quick-parse.js').then((m) => m.quickParse, () => null) : null;
        return validate(schema, answer, quick);
      }
      await this.#backoff(call, await problemOf(answer), attempt, maxTries);
    }
  }

  /** Waits before the next try, or throws `error` when the call must not be tried again. */
  async #backoff(call: Call<unknown>, error: ApiError, attempt: number, maxTries: number): Promise<void> {
    const transient = error.code === 'network_error' || [502, 503, 504].includes(error.status);
    const retryable =
      call.method === 'GET'
        ? transient || error.status === 429
        : (transient || error.code === 'timeout') && !!call.idempotencyKey;
    if (!retryable || attempt >= maxTries) throw error;
    const step = (this.#options.retryBaseMs ?? 300) * 2 ** (attempt - 1);
    let delay = step / 2 + (Math.random() * step) / 2;
    if (error.retryAfter !== null) {
      const asked = error.retryAfter * 1000;
      if (asked > (this.#options.maxRetryAfterMs ?? 10_000)) throw error;
      delay = Math.max(delay, asked);
    }
    await sleep(delay, call.signal);
  }

  async #token(signal: AbortSignal | undefined): Promise<string | null | undefined> {
    signal?.throwIfAborted();
    const token = this.#options.getToken ? await this.#options.getToken() : this.#options.token;
    signal?.throwIfAborted();
    return token;
  }

  /** One try: the request and its whole body, within the timeout and the caller's signal. */
  async #send(call: Call<unknown>, token: string | null | undefined): Promise<Answer> {
    const { signal } = call;
    signal?.throwIfAborted();
    const timeoutMs = this.#options.timeoutMs ?? 15_000;
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    // Settles when the try is abandoned, even if `fetch` does not honour its signal.
    const abandoned = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
    });
    try {
      const init = this.#init(call, token, controller.signal);
      const response = await Promise.race([(this.#options.fetch ?? fetch)(this.#url(call), init), abandoned]);
      // A file's body is read as it comes (`csvFileOf`), under the caller's signal.
      if (call.file && response.ok) return { status: response.status, headers: response.headers, text: '', response };
      const text = await Promise.race([response.text(), abandoned]);
      return { status: response.status, headers: response.headers, text };
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (timedOut) throw new ApiError({ status: 0, code: 'timeout', detail: `No answer within ${timeoutMs} ms.` });
      throw new ApiError({ status: 0, code: 'network_error', detail: 'The server could not be reached.', cause: error });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  #url(call: Call<unknown>): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined && value !== null && value !== '') params.append(key, String(value));
    }
    const query = params.toString();
    return `${this.#base}${call.path}${query ? `?${query}` : ''}`;
  }

  #init(call: Call<unknown>, token: string | null | undefined, signal: AbortSignal): RequestInit {
    // A file's problems still come as JSON.
    const accept = call.file ? 'text/csv, application/problem+json;q=0.9' : 'application/json';
    const headers: Record<string, string> = { ...this.#options.headers, Accept: accept };
    if (token) headers['Authorization'] = `Bearer ${token}`;
    if (call.idempotencyKey) headers['Idempotency-Key'] = call.idempotencyKey;
    const init: RequestInit = { method: call.method, headers, signal };
    if (call.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(call.body);
    }
    if (this.#options.credentials) init.credentials = this.#options.credentials;
    return init;
  }
}

function invalid(status: number, errors: { path: string; message: string }[]): ApiError {
  return new ApiError({ status, code: 'invalid_response', detail: 'The server answered something unexpected.', errors });
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** The contract for checking an answer; without it the answer cannot be trusted, so the call fails. */
async function checkingContract(): Promise<Contract> {
  try {
    return await loadContract();
  } catch (cause) {
    throw new ApiError({ status: 0, code: 'network_error', detail: 'The validators for the answers could not be loaded.', cause });
  }
}

/** Checks an answer with `quick` when given, else with zod: both answer what zod answers. */
function validate<T>(schema: ZodMiniType<T>, answer: Answer, quick: typeof quickParse | null): T {
  const json = parseJson(answer.text);
  if (!json.ok) throw invalid(answer.status, [{ path: '', message: 'The answer is not JSON' }]);
  const result = quick ? quick(schema, json.value) : schema.safeParse(json.value);
  if (!result.success) throw invalid(answer.status, issuesToFieldErrors(result.error.issues));
  return result.data;
}

/** The error an unsuccessful answer stands for: its problem details, or what its status means. */
async function problemOf(answer: Answer): Promise<ApiError> {
  const { status } = answer;
  const retryAfter = parseRetryAfter(answer.headers.get('Retry-After'));
  const json = parseJson(answer.text);
  const isObject = json.ok && typeof json.value === 'object' && json.value !== null;
  const body = (isObject ? json.value : {}) as Record<string, unknown>;
  const fallback = CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal_error' : 'http_error');
  const code = typeof body['code'] === 'string' && /^[a-z][a-z0-9_]{0,63}$/.test(body['code']) ? body['code'] : fallback;
  const known = PROBLEMS[code as s.ErrorCode] as { title: string } | undefined;
  const title = typeof body['title'] === 'string' ? body['title'] : (known?.title ?? `HTTP ${status}`);
  const detail = typeof body['detail'] === 'string' ? body['detail'] : title;
  return new ApiError({ status, code, title, detail, retryAfter, errors: await fieldErrorsOf(body['errors']) });
}

/** A problem's `errors` when they have the contract's shape; none otherwise, or when the schemas cannot load. */
async function fieldErrorsOf(value: unknown): Promise<s.FieldError[]> {
  if (value === undefined) return [];
  try {
    const result = (await loadContract()).FieldErrors.safeParse(value);
    return result.success ? result.data : [];
  } catch {
    return [];
  }
}

/** `Retry-After` in seconds: a number of seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}
