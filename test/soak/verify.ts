/** After the soak: every change the server acknowledged is in the database and its outbox, once. */
import type Database from 'better-sqlite3';
import { licensesEmailedTwice, ordersWithWrongCounts } from '../security/support/backend.js';
import type { Ledger } from './traffic.js';

/** What is missing, doubled or inconsistent; empty when every write is there. */
export function lostWrites(db: Database.Database, ledger: Ledger): string[] {
  const problems: string[] = [];
  const activation = db.prepare<[string], { email: string | null; emails: number }>(
    `SELECT c.email, (SELECT count(*) FROM outbox m WHERE m.license_seq = l.seq AND m.kind = 'activation') AS emails
     FROM licenses l LEFT JOIN customers c ON c.seq = l.customer_seq WHERE l.id = ?`,
  );
  for (const { licenseId, email } of ledger.activations) {
    const row = activation.get(licenseId);
    if (row?.email?.toLowerCase() !== email.toLowerCase() || row.emails !== 1) problems.push(`activation of ${licenseId}: ${JSON.stringify(row)}`);
  }
  const billing = db.prepare<[string], { recurrent: number; changes: number }>(
    `SELECT l.recurrent, (SELECT count(*) FROM history h WHERE h.license_seq = l.seq AND h.kind = 'billing_state_changed') AS changes
     FROM licenses l WHERE l.id = ?`,
  );
  for (const [licenseId, values] of ledger.billing) {
    const row = billing.get(licenseId);
    if (row?.recurrent !== (values.at(-1) ? 1 : 0) || row.changes !== values.length) {
      problems.push(`billing of ${licenseId}: ${values.length} changes acknowledged, ending ${values.at(-1)}; stored ${JSON.stringify(row)}`);
    }
  }
  const confirmation = db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM outbox WHERE id = ? AND kind = 'confirmation'");
  for (const { orderId, messageId } of ledger.confirmations) {
    if (confirmation.get(messageId)?.n !== 1) problems.push(`confirmation ${messageId} of ${orderId} is not in the outbox`);
  }
  const emails = db.prepare<[], { kind: string; n: number }>('SELECT kind, count(*) AS n FROM outbox GROUP BY kind').all();
  const count = (kind: string) => emails.find((e) => e.kind === kind)?.n ?? 0;
  if (count('activation') !== ledger.activations.length) problems.push(`${count('activation')} activation emails for ${ledger.activations.length} activations`);
  if (count('confirmation') !== ledger.confirmations.length) problems.push(`${count('confirmation')} confirmation emails for ${ledger.confirmations.length} sent`);
  for (const order of ordersWithWrongCounts(db)) problems.push(`counts do not add up: ${JSON.stringify(order)}`);
  for (const license of licensesEmailedTwice(db)) problems.push(`emailed twice: ${JSON.stringify(license)}`);
  return problems;
}
