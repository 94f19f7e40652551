/**
 * What one row of a job does, inside the transaction that records its result: the same
 * transactional work as the single request (an activation, a billing change, a resent
 * confirmation), so a row follows every rule the request follows. A refusal is the row's
 * result and nothing of it is written; the other rows go on.
 */
import * as z from 'zod/mini';
import * as s from '../api/contract/schemas.js';
import { ApiError } from '../api/contract/errors.js';
import { changeBillingState } from './billing.js';
import type { ServiceCore } from './core.js';
import { activate } from './holders.js';
import { sendConfirmation } from './orders.js';
import { input } from './problems.js';
import type { Caller, JobResultRecord, JobRowRecord, StoreTx } from './store.js';

const BillingRow = z.object({ licenseId: s.Id, recurrent: z.boolean(), effectiveOn: z.optional(s.IsoDate) });
const ConfirmationRow = z.object({ orderId: s.Id });

/**
 * Tells the store what a batch of rows is about to read ({@link StoreTx.readAhead}): an
 * activation row reads the license of its code and the customer of its email. A row that
 * names either badly fails validation before it reads, so what it names is only a hint, and
 * what is too long to pass validation is left out.
 */
export async function readAheadForRows(tx: StoreTx, caller: Caller, kind: s.JobKind, rows: JobRowRecord[]): Promise<void> {
  if (kind !== 'activation') return;
  const activationCodes: string[] = [];
  const customerEmails: string[] = [];
  for (const { input } of rows) {
    const row = input as { activationCode?: unknown; customer?: { email?: unknown } } | null;
    const code = row?.activationCode;
    const email = row?.customer?.email;
    if (typeof code === 'string' && code.length <= s.LIMITS.search) activationCodes.push(code);
    if (typeof email === 'string' && email.length <= s.LIMITS.email) customerEmails.push(email);
  }
  await tx.readAhead(caller.id, { activationCodes, customerEmails });
}

/** Runs one row for the caller and answers its result; errors other than the contract's refusals are thrown. */
export async function runJobRow(core: ServiceCore, tx: StoreTx, caller: Caller, kind: s.JobKind, row: JobRowRecord, now: Date): Promise<JobResultRecord> {
  const { target } = row;
  let licenseId: string | null = null;
  try {
    switch (kind) {
      case 'activation': {
        const { activationCode, customer } = input(s.ActivationJobRow, row.input);
        const license = await core.ownLicenseByCode(tx, caller, activationCode);
        licenseId = license.id;
        await activate(core, tx, caller, license.id, { customer }, now);
        break;
      }
      case 'billing_change': {
        const { licenseId: id, ...request } = input(BillingRow, row.input);
        licenseId = (await core.license(tx, caller, id)).id;
        await changeBillingState(core, tx, caller, id, request, now);
        break;
      }
      case 'confirmation_email':
        await sendConfirmation(core, tx, caller, input(ConfirmationRow, row.input).orderId, now);
        break;
    }
    return { row: row.row, target, ok: true, code: null, detail: null, licenseId };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { row: row.row, target, ok: false, code: error.code as s.ErrorCode, detail: error.detail.slice(0, s.LIMITS.text), licenseId };
  }
}
