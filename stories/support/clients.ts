/**
 * Clients the stories and the tests render with: the memory client over a demo world, and
 * one proxy around any client that records every call, replaces chosen methods (spies and
 * faults), holds requests (loading) or fails them (error states, server failures).
 */
import type { LicensesApi } from '../../src/api/client.js';
import { ApiError } from '../../src/api/contract/errors.js';
import { createMemoryClient, type MemoryLicensesClient } from '../../src/api/memory/memory-client.js';

/** A fresh demo world seen as reseller A: 40 orders, no 5,000-key order unless asked for. */
export function demoClient(options: Parameters<typeof createMemoryClient>[0] = {}): MemoryLicensesClient {
  return createMemoryClient({ orders: 40, bigOrderLicenses: 0, ...options });
}

type Method = (...args: unknown[]) => Promise<unknown>;

/** One call a proxied client received. */
export interface Call {
  method: string;
  args: unknown[];
}

/** A client seen through `proxyClient`: `calls` lists what it was asked, in order. */
export type ProxiedClient = LicensesApi & { readonly calls: Call[] };

/**
 * `inner` with every call recorded in `calls`; the methods of `overrides` answer instead of
 * the client's own, or, given a function, each method is what it returns for the original.
 * The client's own methods stay bound to it (a class with private fields cannot be wrapped
 * with a plain prototype).
 */
export function proxyClient(
  inner: LicensesApi,
  overrides: Partial<LicensesApi> | ((method: keyof LicensesApi, original: Method) => Method) = {},
): ProxiedClient {
  const calls: Call[] = [];
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'calls') return calls;
      const value = Reflect.get(target, prop, receiver) as unknown;
      const own = typeof overrides === 'function' ? undefined : (overrides as Record<PropertyKey, unknown>)[prop];
      if (typeof value !== 'function' && typeof own !== 'function') return value;
      const original: Method = (...args) => (value as Method).apply(target, args);
      const method: Method =
        typeof overrides === 'function'
          ? overrides(prop as keyof LicensesApi, original)
          : typeof own === 'function'
            ? (own as Method)
            : original;
      return (...args: unknown[]) => {
        calls.push({ method: String(prop), args });
        return method(...args);
      };
    },
  }) as ProxiedClient;
}

/** Every request stays in flight forever: the loading state, held still. */
export function pendingClient(inner: LicensesApi): LicensesApi {
  return proxyClient(inner, () => () => new Promise<never>(() => undefined));
}

/** The first `passes` calls of `method` reach `inner`; later ones stay in flight forever. */
export function stallingClient(inner: LicensesApi, method: keyof LicensesApi, passes: number): LicensesApi {
  let calls = 0;
  return proxyClient(inner, (name, original) => {
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
  return proxyClient(inner, (method, original) => {
    if (!methods.includes(method)) return original;
    return async (...args) => {
      const count = failed.get(method) ?? 0;
      if (count >= times) return original(...args);
      failed.set(method, count + 1);
      throw error();
    };
  });
}
