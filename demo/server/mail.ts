/**
 * Email: every message is first written to the outbox table, in the same transaction as the
 * change it reports, so none is ever lost. With an SMTP URL the pending messages are then
 * also sent through nodemailer; a failure to send is recorded and logged, never thrown.
 */
import { randomUUID } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Db } from './store/sqlite/database.js';
import { isoInstant } from './views.js';

export type MailKind = 'activation' | 'confirmation';

export interface NewMail {
  resellerSeq: number;
  kind: MailKind;
  to: string;
  subject: string;
  text: string;
  at: number;
  orderSeq: number;
  licenseSeq?: number;
}

/** One message of `/outbox.json`. */
export interface OutboxMessage {
  id: string;
  at: string;
  to: string;
  subject: string;
  text: string;
  kind: MailKind;
  orderId: string | null;
  licenseId: string | null;
}

/** Writes a message to the outbox and returns its id; call inside the change's transaction. */
export function queueMail(db: Db, mail: NewMail): string {
  const id = `msg_${randomUUID()}`;
  db.prepare(
    `INSERT INTO outbox (id, at, reseller_seq, kind, to_address, subject, text, order_seq, license_seq)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, mail.at, mail.resellerSeq, mail.kind, mail.to, mail.subject, mail.text, mail.orderSeq, mail.licenseSeq ?? null);
  return id;
}

/** When the order's confirmations were sent since `since` (ms), oldest first. */
export function confirmationTimes(db: Db, orderSeq: number, since: number): number[] {
  return db
    .prepare<[number, number], { at: number }>(
      `SELECT at FROM outbox WHERE order_seq = ? AND kind = 'confirmation' AND at > ? ORDER BY at`,
    )
    .all(orderSeq, since)
    .map((row) => row.at);
}

/** The newest messages first. */
export function listOutbox(db: Db, limit = 200): OutboxMessage[] {
  return db
    .prepare<[number], { id: string; at: number; to_address: string; subject: string; text: string; kind: MailKind; order_id: string | null; license_id: string | null }>(
      `SELECT m.id, m.at, m.to_address, m.subject, m.text, m.kind, o.id AS order_id, l.id AS license_id
       FROM outbox m LEFT JOIN orders o ON o.seq = m.order_seq LEFT JOIN licenses l ON l.seq = m.license_seq
       ORDER BY m.seq DESC LIMIT ?`,
    )
    .all(limit)
    .map((row) => ({
      id: row.id,
      at: isoInstant(row.at),
      to: row.to_address,
      subject: row.subject,
      text: row.text,
      kind: row.kind,
      orderId: row.order_id,
      licenseId: row.license_id,
    }));
}

/** Sends the outbox's pending messages through SMTP, when an SMTP URL is configured. */
export class Mailer {
  readonly #db: Db;
  readonly #transport: Transporter | null;
  readonly #log: (line: string) => void;
  #running: Promise<void> | null = null;
  #again = false;

  constructor(db: Db, smtpUrl: string | undefined, log: (line: string) => void) {
    this.#db = db;
    this.#transport = smtpUrl ? nodemailer.createTransport(smtpUrl) : null;
    this.#log = log;
  }

  /** Starts sending what is pending (no-op without SMTP); resolves when the run is over. */
  deliverPending(): Promise<void> {
    if (this.#transport === null) return Promise.resolve();
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#run().finally(() => {
      this.#running = null;
      if (this.#again) {
        this.#again = false;
        void this.deliverPending();
      }
    });
    return this.#running;
  }

  async close(): Promise<void> {
    await this.#running;
    this.#transport?.close();
  }

  async #run(): Promise<void> {
    const transport = this.#transport;
    if (transport === null) return;
    const pending = this.#db
      .prepare<[], { seq: number; id: string; to_address: string; subject: string; text: string }>(
        'SELECT seq, id, to_address, subject, text FROM outbox WHERE sent_at IS NULL AND send_error IS NULL ORDER BY seq LIMIT 100',
      )
      .all();
    const statement = this.#db.prepare('UPDATE outbox SET sent_at = ?, send_error = ? WHERE seq = ?');
    const done = this.#db.transaction((sentAt: number | null, error: string | null, seq: number) => statement.run(sentAt, error, seq));
    for (const mail of pending) {
      try {
        await transport.sendMail({
          from: 'License Desk demo <no-reply@license-desk.example>',
          to: mail.to_address,
          subject: mail.subject,
          text: mail.text,
          messageId: `<${mail.id}@license-desk.example>`,
        });
        done(Date.now(), null, mail.seq);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        done(null, reason.slice(0, 500), mail.seq);
        this.#log(`mail ${mail.id} was not sent: ${reason}`);
      }
    }
  }
}
