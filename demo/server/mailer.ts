/**
 * Email: every message is first written to the outbox, in the same transaction as the
 * change it reports, so none is ever lost. With an SMTP URL the pending messages are then
 * also sent through nodemailer; a failure to send is recorded and logged, never thrown.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import { isoInstant } from '../../src/service/clock.js';
import type { ServerStore } from './store/server-store.js';

/** Sends the outbox's pending messages through SMTP, when an SMTP URL is configured. */
export class Mailer {
  readonly #store: ServerStore;
  readonly #transport: Transporter | null;
  readonly #log: (line: string) => void;
  #running: Promise<void> | null = null;
  #again = false;

  constructor(store: ServerStore, smtpUrl: string | undefined, log: (line: string) => void) {
    this.#store = store;
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

  async close(): Promise<void> {
    await this.#running;
    this.#transport?.close();
  }

  async #run(): Promise<void> {
    const transport = this.#transport;
    if (transport === null) return;
    for (const mail of await this.#store.pendingMail(100)) {
      try {
        await transport.sendMail({
          from: 'License Desk demo <no-reply@license-desk.example>',
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          messageId: `<${mail.id}@license-desk.example>`,
        });
        await this.#store.markMail(mail.id, { sentAt: isoInstant(Date.now()) });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        await this.#store.markMail(mail.id, { error: reason.slice(0, 500) });
        this.#log(`mail ${mail.id} was not sent: ${reason}`);
      }
    }
  }
}
