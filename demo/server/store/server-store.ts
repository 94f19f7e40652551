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
}

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
  /** The newest mails first. */
  outbox(limit: number): Promise<MailRecord[]>;
  /** Mails not sent yet and not failed, oldest first. */
  pendingMail(limit: number): Promise<PendingMail[]>;
  /** Records that a mail was sent (`sentAt`) or failed (`error`). */
  markMail(id: string, result: { sentAt: string } | { error: string }): Promise<void>;
  close(): Promise<void>;
}
