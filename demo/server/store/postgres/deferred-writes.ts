/**
 * Writes a transaction makes but reads back only rarely: its history entries and queued
 * mails. They wait here and go to the database together, in one statement per table (in the
 * order they were made), before the transaction reads either table and before it commits. A
 * bulk job's batch thus writes its rows' history and mails in two statements instead of three
 * per row.
 */
import type { NewHistoryRecord, NewMail } from '../../../../src/service/store.js';
import type { Db } from './sql.js';

export class DeferredWrites {
  #history: object[] = [];
  #mail: object[] = [];

  history(resellerId: string, entry: NewHistoryRecord): void {
    const { orderId, licenseId, at, actor, kind, detail } = entry;
    this.#history.push({ reseller_id: resellerId, order_id: orderId, license_id: licenseId, at, actor_kind: actor.kind, actor: actor.name, kind, detail });
  }

  mail(resellerId: string, mail: NewMail): void {
    const { id, at, kind, to, subject, text, orderId, licenseId } = mail;
    this.#mail.push({ reseller_id: resellerId, id, at, kind, to_address: to, subject, text, order_id: orderId, license_id: licenseId });
  }

  /** Inserts what waits, oldest first. */
  async flush(db: Db): Promise<void> {
    const [history, mail] = [this.#history, this.#mail];
    this.#history = [];
    this.#mail = [];
    if (history.length > 0) {
      await db.query(
        `INSERT INTO history (reseller_id, order_id, license_id, at, actor_kind, actor, kind, detail)
         SELECT reseller_id, order_id, license_id, at, actor_kind, actor, kind, detail
         FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (reseller_id text, order_id text, license_id text, at timestamptz,
           actor_kind text, actor text, kind text, detail text)) WITH ORDINALITY AS h(reseller_id, order_id, license_id, at,
           actor_kind, actor, kind, detail, n)
         ORDER BY n`,
        [JSON.stringify(history)],
      );
    }
    if (mail.length > 0) {
      await db.query(
        `INSERT INTO outbox (reseller_id, id, at, kind, to_address, subject, text, order_id, license_id)
         SELECT reseller_id, id, at, kind, to_address, subject, text, order_id, license_id
         FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (reseller_id text, id text, at timestamptz, kind text, to_address text,
           subject text, text text, order_id text, license_id text)) WITH ORDINALITY AS m(reseller_id, id, at, kind, to_address,
           subject, text, order_id, license_id, n)
         ORDER BY n`,
        [JSON.stringify(mail)],
      );
    }
  }
}
