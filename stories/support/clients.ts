/**
 * Clients the stories render with: the memory client over a demo world, and wrappers that
 * hold every request (loading) or fail chosen requests (error states, server failures).
 */
import type { LicensesApi } from '../../src/api/client.js';
import { ApiError } from '../../src/api/contract/errors.js';
import { createMemoryClient, type MemoryLicensesClient } from '../../src/api/memory/memory-client.js';

/** A fresh demo world seen as reseller A: 40 orders, no 5,000-key order unless asked for. */
export function demoClient(options: { orders?: number; bigOrderLicenses?: number } = {}): MemoryLicensesClient {
  return createMemoryClient({ orders: 40, bigOrderLicenses: 0, ...options });
}

/** Every request stays in flight forever: the loading state, held still. */
export function pendingClient(inner: LicensesApi): LicensesApi {
  return wrap(inner, () => () => new Promise<never>(() => undefined));
}

/** The first `passes` calls of `method` reach `inner`; later ones stay in flight forever. */
export function stallingClient(inner: LicensesApi, method: keyof LicensesApi, passes: number): LicensesApi {
  let calls = 0;
  return wrap(inner, (name, original) => {
    if (name !== method) return original;
    return (...args) => (++calls <= passes ? original(...args) : new Promise<never>(() => undefined));
  });
}

/** A server that is down: what it answers with status 503. */
export function unavailable(): ApiError {
  return new ApiError({
    status: 503,
    code: 'internal_error',
    title: 'Service Unavailable',
    detail: 'The licenses service is down for maintenance. Try again in a few minutes.',
  });
}

/**
 * The first `times` calls of each method in `methods` fail with `error` (a 503 by default);
 * later calls reach `inner`, so Retry shows the data.
 */
export function failingClient(
  inner: LicensesApi,
  methods: readonly (keyof LicensesApi)[],
  options: { error?: () => unknown; times?: number } = {},
): LicensesApi {
  const { error = unavailable, times = 1 } = options;
  const failed = new Map<string, number>();
  return wrap(inner, (method, original) => {
    if (!methods.includes(method)) return original;
    return async (...args) => {
      const count = failed.get(method) ?? 0;
      if (count >= times) return original(...args);
      failed.set(method, count + 1);
      throw error();
    };
  });
}

type Method = (...args: unknown[]) => Promise<unknown>;

/** A LicensesApi whose methods are those of `inner`, each passed through `replace`. */
function wrap(inner: LicensesApi, replace: (method: keyof LicensesApi, original: Method) => Method): LicensesApi {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const original: Method = (...args) => (value as Method).apply(target, args);
      return replace(prop as keyof LicensesApi, original);
    },
  });
}
