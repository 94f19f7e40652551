/**
 * The licenses API as HTTP answers of a memory client, behind a `fetch` that a test can
 * break: any request may get a doctored body, an error status, a dropped connection or no
 * answer at all. Hand `fetch` to `HttpLicensesClient` (see `client()`), or install it as the
 * page's `fetch` for a `<licenses-provider api-base>`.
 */
import type { LicensesApi } from '../../src/api/client.js';
import { isApiError } from '../../src/api/contract/errors.js';
import { HttpLicensesClient, type HttpClientOptions } from '../../src/api/http/http-client.js';
import type { MemoryLicensesClient } from '../../src/api/memory/memory-client.js';

export const API_BASE = 'https://licenses.test/api/v1';

export interface Exchange {
  method: string;
  /** The path below the API base, e.g. `/orders/ord_1/licenses`. */
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
  signal: AbortSignal | null;
}

/** What a fault makes of a request: its own answer, or the real one changed. */
export type Fault = (exchange: Exchange, real: () => Promise<Response>) => Promise<Response>;

interface Rule {
  match: RegExp;
  fault: Fault;
  times: number;
}

const JSON_TYPE = { 'Content-Type': 'application/json' };

/** Answers `body` as is, with `status` and `headers`. */
export function answer(status: number, body: string, headers: Record<string, string> = JSON_TYPE): Fault {
  return async () => new Response(status === 204 ? null : body, { status, headers });
}

/** A problem document with `status` and `code`. */
export function problem(status: number, code: string, headers: Record<string, string> = {}): Fault {
  const body = JSON.stringify({ type: 'about:blank', title: code, status, code, detail: `Injected ${code}` });
  return answer(status, body, { 'Content-Type': 'application/problem+json', ...headers });
}

/** The real answer with its JSON body replaced by what `change` makes of it. */
export function doctored(change: (body: any) => unknown): Fault {
  return async (_exchange, real) => {
    const response = await real();
    const changed = change(await response.json());
    return new Response(JSON.stringify(changed), { status: response.status, headers: response.headers });
  };
}

/** No answer, ever (the request hangs until the client gives up). */
export const hang: Fault = (exchange) =>
  new Promise((_, reject) => exchange.signal?.addEventListener('abort', () => reject(exchange.signal!.reason)));

/** The connection fails before the request arrives. */
export const unreachable: Fault = async () => {
  throw new TypeError('Failed to fetch');
};

/** The request is carried out, but the connection drops before its answer arrives. */
export const droppedAfterCommit: Fault = async (_exchange, real) => {
  await real();
  throw new TypeError('Failed to fetch');
};

export class FaultyApi {
  /** Every request that reached the fetch, oldest first. */
  readonly exchanges: Exchange[] = [];
  private rules: Rule[] = [];

  constructor(readonly memory: MemoryLicensesClient) {}

  /**
   * Breaks the next `times` requests (all, by default) whose `METHOD /path` matches
   * `match`, e.g. `/^GET \/orders$/`.
   */
  when(match: RegExp, fault: Fault, times = Infinity): this {
    this.rules.push({ match, fault, times });
    return this;
  }

  /** Forgets every fault: from now on, the API answers correctly. */
  heal(): void {
    this.rules = [];
  }

  /** An HTTP client over this API; retries without waiting. */
  client(options: Partial<HttpClientOptions> = {}): HttpLicensesClient {
    return new HttpLicensesClient({ baseUrl: API_BASE, retryBaseMs: 1, fetch: this.fetch, ...options });
  }

  readonly fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    const text = typeof init.body === 'string' ? init.body : '';
    const exchange: Exchange = {
      method: (init.method ?? 'GET').toUpperCase(),
      path: url.pathname.replace(new URL(API_BASE).pathname, ''),
      query: url.searchParams,
      headers: new Headers(init.headers),
      body: text === '' ? undefined : JSON.parse(text),
      signal: init.signal ?? null,
    };
    this.exchanges.push(exchange);
    const real = () => this.route(exchange);
    const rule = this.rules.find((r) => r.times > 0 && r.match.test(`${exchange.method} ${exchange.path}`));
    if (rule === undefined) return real();
    rule.times -= 1;
    return rule.fault(exchange, real);
  };

  private async route(e: Exchange): Promise<Response> {
    try {
      const { status, value } = await this.call(e);
      return new Response(JSON.stringify(value), { status, headers: JSON_TYPE });
    } catch (error) {
      if (!isApiError(error)) throw error;
      const headers: Record<string, string> = { 'Content-Type': 'application/problem+json' };
      if (error.retryAfter !== null) headers['Retry-After'] = String(error.retryAfter);
      const { status, code, title, detail, errors } = error;
      return new Response(JSON.stringify({ type: 'about:blank', title, status, code, detail, errors }), { status, headers });
    }
  }

  private async call(e: Exchange): Promise<{ status: number; value: unknown }> {
    const api: LicensesApi = this.memory;
    const [resource, id, sub] = e.path.split('/').slice(1).map(decodeURIComponent);
    const query = Object.fromEntries(e.query);
    const idempotencyKey = e.headers.get('Idempotency-Key') ?? '';
    const route = `${e.method} ${resource}${id === undefined ? '' : '/:id'}${sub === undefined ? '' : `/${sub}`}`;
    const ok = async (value: Promise<unknown>, status = 200) => ({ status, value: await value });
    switch (route) {
      case 'GET me':
        return ok(api.getMe());
      case 'GET products':
        return ok(api.listProducts());
      case 'GET orders':
        return ok(api.searchOrders(query));
      case 'GET orders/:id':
        return ok(api.getOrder(id!));
      case 'GET orders/:id/licenses':
        return ok(api.listLicenses(id!, query));
      case 'POST orders/:id/confirmation-email':
        return ok(api.resendConfirmationEmail(id!, { idempotencyKey }), 202);
      case 'GET licenses/:id':
        return ok(api.getLicense(id!));
      case 'GET licenses/:id/history':
        return ok(api.getLicenseHistory(id!));
      case 'POST licenses/:id/activation':
        return ok(api.activateLicense(id!, e.body as never, { idempotencyKey }));
      case 'PUT licenses/:id/billing-state':
        return ok(api.setBillingState(id!, e.body as never, { idempotencyKey }));
      case 'GET customers':
        return ok(api.searchCustomers(query['q'] ?? ''));
      default:
        throw new Error(`No route for ${route}`);
    }
  }
}
