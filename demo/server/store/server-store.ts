/**
 * What the demo backend needs of a database beyond the service's Store port: bearer tokens,
 * the demo data, the outbox as the mailer and the outbox page read it, and closing. Both
 * the SQLite and the PostgreSQL store implement it.
 */
import type { DemoWorld } from '../../../src/api/memory/demo-data.js';
import type { MailRecord, Store } from '../../../src/service/store.js';

/** A mail the mailer still has to send. */
export interface PendingMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  /** How many times sending it failed so far. */
  attempts: number;
}

/** Where a mail stands with SMTP. */
export interface MailDelivery {
  sentAt: string | null;
  /** Tries so far, the one that delivered it included. */
  attempts: number;
  /** When it is tried again; null once it was sent or given up. */
  nextAttemptAt: string | null;
  lastError: string | null;
  gaveUp: boolean;
}

/** A mail of a reseller's outbox, with its delivery. */
export interface OutboxMail extends MailRecord {
  delivery: MailDelivery;
}

/** The result of one try to send a mail: sent, or failed and tried again at `retryAt` (given up without one). */
export type MailResult = { sentAt: string } | { error: string; retryAt?: string | null };

export interface ServerStore extends Store {
  /** Which backend this is, for messages ('SQLite', 'PostgreSQL'). */
  readonly kind: string;
  /** The SHA-256 hash of every installed token, with its reseller's id. */
  tokenHashes(): Promise<{ hash: Buffer; resellerId: string }[]>;
  /** Replaces the installed tokens with those of reseller A and B (by their demo label). */
  installTokens(tokens: readonly [string, string]): Promise<void>;
  /** When the seed finished on this database (an ISO instant), or null while it has not. */
  seededAt(): Promise<string | null>;
  /** Whether the database holds any reseller (a seed that did not finish, when not seeded). */
  isEmpty(): Promise<boolean>;
  /** Loads a whole demo world into an empty database and marks it seeded. */
  seed(world: DemoWorld, meta: { seed: number }): Promise<void>;
  /** A product's name by its id (the buy page), or null. */
  productName(productId: string): Promise<string | null>;
  /** Every reseller's newest mails first (for tools; the server shows each reseller only its own). */
  outbox(limit: number): Promise<MailRecord[]>;
  /** A page of one reseller's mails, newest first: those to its customers and to itself. */
  resellerOutbox(resellerId: string, query: { limit: number; cursor?: string | undefined }): Promise<{ items: OutboxMail[]; nextCursor: string | null }>;
  /** Mails due to be sent at `now` (default: now): not sent, not given up, and not waiting for a retry; oldest first. */
  pendingMail(limit: number, now?: string): Promise<PendingMail[]>;
  /** Records a try: the mail was sent, or failed (and counts one more attempt). */
  markMail(id: string, result: MailResult): Promise<void>;
  /** The database's own random secret of this name, made the first time it is asked for. */
  secret(name: string): Promise<Buffer>;
  /**
   * Reads now what substring searches keep in the process (the PostgreSQL store's purchase
   * times, order numbers and codes), which the first search otherwise starts in the
   * background; rejects when it could not (a write of orders under way), which a later search
   * tries again. The SQLite store keeps nothing ahead.
   */
  readOrdersAhead(): Promise<void>;
  close(): Promise<void>;
}
