/**
 * Bearer tokens: one per reseller, stored only as SHA-256 hashes and compared in constant
 * time. A missing or unknown token is a 401 with `WWW-Authenticate: Bearer`; the token and
 * the Authorization header are never logged nor echoed.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Db } from './store/sqlite/database.js';
import { ProblemError } from './problems.js';

/** The calling reseller, as the routes see it. */
export interface Reseller {
  seq: number;
  id: string;
  name: string;
  userName: string;
  userEmail: string;
  currency: string;
}

export type AuthEnv = { Variables: { reseller: Reseller } };

export function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** The demo tokens of reseller A and B for a seed: the same seed always gives the same two. */
export function deriveDemoTokens(seed: number): [string, string] {
  const derive = (label: string) =>
    `ld_demo_${label}_${createHash('sha256').update(`license-desk demo token ${label} ${seed}`).digest('hex').slice(0, 32)}`;
  return [derive('a'), derive('b')];
}

/** Replaces the stored tokens with the hashes of `tokens` (reseller A's, then B's). */
export function installTokens(db: Db, tokens: readonly [string, string]): void {
  const resellers = db.prepare<[], { seq: number; token_label: string }>('SELECT seq, token_label FROM resellers').all();
  const insert = db.prepare('INSERT INTO api_tokens (token_hash, reseller_seq) VALUES (?, ?)');
  db.transaction(() => {
    db.exec('DELETE FROM api_tokens');
    for (const reseller of resellers) {
      const token = reseller.token_label === 'A' ? tokens[0] : reseller.token_label === 'B' ? tokens[1] : undefined;
      if (token !== undefined) insert.run(tokenHash(token), reseller.seq);
    }
  })();
}

/** Reads the stored token hashes and returns middleware that admits their resellers only. */
export function bearerAuth(db: Db): MiddlewareHandler<AuthEnv> {
  const known = db
    .prepare<[], { token_hash: Buffer; seq: number; id: string; name: string; user_name: string; user_email: string; currency: string }>(
      `SELECT t.token_hash, r.seq, r.id, r.name, r.user_name, r.user_email, r.currency
       FROM api_tokens t JOIN resellers r ON r.seq = t.reseller_seq`,
    )
    .all()
    .map((row) => ({
      hash: row.token_hash,
      reseller: { seq: row.seq, id: row.id, name: row.name, userName: row.user_name, userEmail: row.user_email, currency: row.currency },
    }));

  return async (c, next) => {
    const token = bearerToken(c.req.header('Authorization'));
    if (token === null) throw unauthorized('Send the reseller token as "Authorization: Bearer <token>"', false);
    const hash = tokenHash(token);
    let found: Reseller | undefined;
    // Every stored hash is compared, so the time taken says nothing about which one matched.
    for (const entry of known) {
      if (timingSafeEqual(entry.hash, hash) && found === undefined) found = entry.reseller;
    }
    if (found === undefined) throw unauthorized('The token is not valid', true);
    c.set('reseller', found);
    await next();
  };
}

function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer +([\x21-\x7e]+) *$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

function unauthorized(detail: string, tokenGiven: boolean): ProblemError {
  const challenge = tokenGiven ? 'Bearer realm="License Desk", error="invalid_token"' : 'Bearer realm="License Desk"';
  return new ProblemError('unauthorized', detail, { headers: { 'WWW-Authenticate': challenge } });
}
