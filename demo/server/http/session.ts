/**
 * The storefront's demo sessions. The page carries no token: `GET /` signs the browser in as
 * reseller A (`?reseller=b`: B) with a cookie holding a random session id, and the page calls
 * the API through `/session/api/v1`, where this cookie is the credential.
 *
 * Sessions live in a map on the server (id → reseller) rather than in a signed cookie value:
 * the cookie then says nothing (32 random bytes), there is no signing key to keep, and a
 * restart or the cap below ends sessions at once. The map is bounded (oldest dropped first)
 * and entries expire, so loading the page in a loop costs memory only up to the cap. The
 * cookie is HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it)
 * and Path=/; a request that a browser marks as coming from another site is refused too.
 * Neither the cookie nor the session id is ever logged.
 */
import { randomBytes } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { Caller } from '../../../src/service/store.js';
import type { ServerStore } from '../store/server-store.js';
import { type AuthEnv, knownCaller } from './auth.js';
import { ProblemError } from './problems.js';

export const SESSION_COOKIE = 'ld_session';
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

export interface SessionOptions {
  /** At most this many live sessions (10,000); the oldest goes first. */
  max?: number;
  /** How long a session lasts, in milliseconds (12 hours). */
  ttlMs?: number;
  now?: () => number;
}

/** Live sessions: id → reseller id. */
export class DemoSessions {
  readonly #sessions = new Map<string, { resellerId: string; expires: number }>();
  readonly #max: number;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(options: SessionOptions = {}) {
    this.#max = options.max ?? 10_000;
    this.#ttlMs = options.ttlMs ?? 12 * 60 * 60 * 1000;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#sessions.size;
  }

  /** The reseller of a live session, or null. */
  resellerOf(id: string | undefined): string | null {
    if (id === undefined || !SESSION_ID.test(id)) return null;
    const session = this.#sessions.get(id);
    if (!session) return null;
    if (session.expires <= this.#now()) {
      this.#sessions.delete(id);
      return null;
    }
    return session.resellerId;
  }

  /** Signs the browser in as `resellerId`: keeps its session when it already is, else starts one and sets the cookie. */
  signIn(c: Context, resellerId: string): void {
    const current = getCookie(c, SESSION_COOKIE);
    if (this.resellerOf(current) === resellerId) return;
    if (current !== undefined) this.#sessions.delete(current);
    while (this.#sessions.size >= this.#max) this.#sessions.delete(this.#sessions.keys().next().value as string);
    const id = randomBytes(32).toString('base64url');
    this.#sessions.set(id, { resellerId, expires: this.#now() + this.#ttlMs });
    setCookie(c, SESSION_COOKIE, id, { httpOnly: true, sameSite: 'Strict', path: '/', maxAge: Math.floor(this.#ttlMs / 1000) });
  }
}

/**
 * Middleware that admits the reseller of the request's session cookie. Without a live
 * session: 401. A request a browser marks as sent from another site: 401 as well.
 */
export function sessionAuth(sessions: DemoSessions, store: ServerStore): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const reseller = await sessionReseller(c, sessions, store);
    if (reseller === null) throw new ProblemError('unauthorized', 'Open the storefront page first: this address needs its session');
    c.set('reseller', reseller);
    await next();
  };
}

/** The reseller of the request's session, or null. */
export async function sessionReseller(c: Context, sessions: DemoSessions, store: ServerStore): Promise<Caller | null> {
  const site = c.req.header('Sec-Fetch-Site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return null;
  const resellerId = sessions.resellerOf(getCookie(c, SESSION_COOKIE));
  return resellerId === null ? null : knownCaller(store, resellerId);
}
