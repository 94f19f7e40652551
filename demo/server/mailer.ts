/**
 * Email: every message is first written to the outbox, in the same transaction as the
 * change it reports, so none is ever lost. With an SMTP URL the due messages are then also
 * sent through nodemailer. A try that fails (refused, timed out, rejected) is recorded and
 * tried again after a growing delay, until the message is delivered or, after the last
 * delay, given up; the outbox shows each message's attempts, next try and last error.
 *
 * A server that accepts the connection and then says nothing cannot hold a try for long: the
 * connection, greeting and socket timeouts end it as a failure. Closing never waits for a
 * try in flight for more than a moment.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import { isoInstant } from '../../src/service/clock.js';
import type { ServerStore } from './store/server-store.js';

/** 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h: with the first try, 8 attempts over about 8 hours. */
export const RETRY_DELAYS_MS: readonly number[] = [30e3, 120e3, 600e3, 1_800e3, 3_600e3, 7_200e3, 14_400e3];

export interface MailerOptions {
  /** A nodemailer SMTP URL; without one the outbox is all there is. */
  smtpUrl?: string | undefined;
  log: (line: string) => void;
  /** The wait before each retry; a message is given up after one try more than there are delays. */
  retryDelaysMs?: readonly number[];
  /** How often due retries are looked for (15 s). */
  checkEveryMs?: number;
  /** SMTP timeouts in milliseconds: to connect (10 s), for the greeting (10 s), of silence on the socket (30 s). */
  timeoutsMs?: { connection: number; greeting: number; socket: number };
  /** How long closing waits for a try in flight (2 s). */
  closeGraceMs?: number;
  now?: () => number;
}

/** Sends the outbox's due messages through SMTP, when an SMTP URL is configured. */
export class Mailer {
  readonly #store: ServerStore;
  readonly #transport: Transporter | null;
  readonly #log: (line: string) => void;
  readonly #delays: readonly number[];
  readonly #closeGraceMs: number;
  readonly #now: () => number;
  readonly #timer: NodeJS.Timeout | null;
  #running: Promise<void> | null = null;
  #again = false;
  #closed = false;

  constructor(store: ServerStore, options: MailerOptions) {
    this.#store = store;
    this.#log = options.log;
    this.#delays = options.retryDelaysMs ?? RETRY_DELAYS_MS;
    this.#closeGraceMs = options.closeGraceMs ?? 2_000;
    this.#now = options.now ?? Date.now;
    const timeouts = options.timeoutsMs ?? { connection: 10_000, greeting: 10_000, socket: 30_000 };
    this.#transport = options.smtpUrl
      ? nodemailer.createTransport({
          url: options.smtpUrl,
          connectionTimeout: timeouts.connection,
          greetingTimeout: timeouts.greeting,
          socketTimeout: timeouts.socket,
        })
      : null;
    this.#timer = this.#transport ? setInterval(() => void this.deliverPending(), options.checkEveryMs ?? 15_000) : null;
    this.#timer?.unref();
  }

  /** Starts sending what is due (no-op without SMTP); resolves when the run is over. */
  deliverPending(): Promise<void> {
    if (this.#transport === null || this.#closed) return Promise.resolve();
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#run()
      .catch((error: unknown) => this.#log(`mail could not be read from the outbox: ${String(error)}`))
      .finally(() => {
        this.#running = null;
        if (this.#again) {
          this.#again = false;
          void this.deliverPending();
        }
      });
    return this.#running;
  }

  /** Stops trying; waits for a try in flight at most the grace period, then lets it go (it is tried again after a restart). */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    const running = this.#running;
    if (running) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([running, new Promise<void>((resolve) => (timer = setTimeout(resolve, this.#closeGraceMs)))]);
      clearTimeout(timer);
    }
    this.#transport?.close();
  }

  async #run(): Promise<void> {
    const transport = this.#transport;
    if (transport === null) return;
    for (const mail of await this.#store.pendingMail(100, isoInstant(this.#now()))) {
      if (this.#closed) return;
      let result: Parameters<ServerStore['markMail']>[1];
      try {
        await transport.sendMail({
          from: 'License Desk demo <no-reply@license-desk.example>',
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          messageId: `<${mail.id}@license-desk.example>`,
        });
        result = { sentAt: isoInstant(this.#now()) };
      } catch (error) {
        const reason = (error instanceof Error ? error.message : String(error)).slice(0, 500);
        const delay = this.#delays[mail.attempts];
        result = { error: reason, retryAt: delay === undefined ? null : isoInstant(this.#now() + delay) };
        this.#log(`mail ${mail.id} was not sent (attempt ${mail.attempts + 1}${delay === undefined ? ', given up' : ''}): ${reason}`);
      }
      // After closing, the store may be closed too; the mail stays due and is tried after a restart.
      if (this.#closed) return;
      await this.#store.markMail(mail.id, result);
    }
  }
}
