/**
 * Bearer tokens: one per reseller, stored only as SHA-256 hashes and compared in constant
 * time. A missing or unknown token is a 401 with `WWW-Authenticate: Bearer`; the token and
 * the Authorization header are never logged nor echoed.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Caller } from '../../../src/service/store.js';
import type { ServerStore } from '../store/server-store.js';
import { ProblemError } from './problems.js';

export type AuthEnv = { Variables: { reseller: Caller } };

export function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** The demo tokens of reseller A and B for a seed: the same seed always gives the same two. */
export function deriveDemoTokens(seed: number): [string, string] {
  const derive = (label: string) =>
    `ld_demo_${label}_${createHash('sha256').update(`license-desk demo token ${label} ${seed}`).digest('hex').slice(0, 32)}`;
  return [derive('a'), derive('b')];
}

/** Middleware that admits the resellers of the installed tokens only (read on the first request). */
export function bearerAuth(store: ServerStore): MiddlewareHandler<AuthEnv> {
  const resellerOf = bearerReseller(store);
  return async (c, next) => {
    c.set('reseller', await resellerOf(c.req.header('Authorization')));
    await next();
  };
}

/**
 * Each reseller as a caller of the service, read once a store (what a caller holds does not
 * change: see Caller), as the token hashes are: a request then asks the database nothing to
 * know who calls. A reseller not found is asked for again.
 */
const callers = new WeakMap<ServerStore, Map<string, Promise<Caller | null>>>();

/** The reseller `resellerId` as a caller, or null when there is no such reseller. */
export function knownCaller(store: ServerStore, resellerId: string): Promise<Caller | null> {
  let known = callers.get(store);
  if (known === undefined) callers.set(store, (known = new Map()));
  let caller = known.get(resellerId);
  if (caller === undefined) {
    caller = store.reseller(resellerId).then((reseller) => {
      if (reseller === null) {
        known.delete(resellerId);
        return null;
      }
      const { balance: _balance, ...rest } = reseller;
      return rest;
    });
    caller.catch(() => known.delete(resellerId));
    known.set(resellerId, caller);
  }
  return caller;
}

/** The reseller of an Authorization header's token, or a 401 problem (thrown). */
export function bearerReseller(store: ServerStore): (authorization: string | undefined) => Promise<Caller> {
  // The hashes are read once, and each reseller once (knownCaller).
  let known: Promise<{ hash: Buffer; resellerId: string }[]> | null = null;
  const load = () => store.tokenHashes();

  return async (authorization) => {
    const token = bearerToken(authorization);
    if (token === null) throw unauthorized('Send the reseller token as "Authorization: Bearer <token>"', false);
    const hash = tokenHash(token);
    known ??= load().catch((error: unknown) => {
      known = null;
      throw error;
    });
    let found: string | undefined;
    // Every stored hash is compared, so the time taken says nothing about which one matched.
    for (const entry of await known) {
      if (timingSafeEqual(entry.hash, hash) && found === undefined) found = entry.resellerId;
    }
    const reseller = found === undefined ? null : await knownCaller(store, found);
    if (reseller === null) throw unauthorized('The token is not valid', true);
    return reseller;
  };
}

function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer +([\x21-\x7e]+) *$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

export function unauthorized(detail: string, tokenGiven: boolean): ProblemError {
  const challenge = tokenGiven ? 'Bearer realm="License Desk", error="invalid_token"' : 'Bearer realm="License Desk"';
  return new ProblemError('unauthorized', detail, { headers: { 'WWW-Authenticate': challenge } });
}
