/**
 * Auto-renewal: switching it for an activated license now, scheduling the switch for a later
 * day (up to the renewal deadline), and cancelling a scheduled switch.
 */
import * as s from '../api/contract/schemas.js';
import { billingChangeRefusal, renewalDeadline } from '../rules/licenses.js';
import { effectiveOnRefusal } from '../rules/renewals.js';
import { isoInstant } from './clock.js';
import { type ChangeOptions, type ServiceCore, resellerActor } from './core.js';
import { input, problem } from './problems.js';
import type { Caller, LicenseRecord, StoreTx } from './store.js';
import { statusOf } from './views.js';

/** Turns the automatic renewal of an activated license on or off, now or (with `effectiveOn`) on a later day. */
export async function setBillingState(core: ServiceCore, caller: Caller, licenseId: string, body: s.BillingStateRequest, options: ChangeOptions = {}): Promise<s.License> {
  const request = input(s.BillingStateRequest, body);
  return core.change(caller, options, ['setBillingState', licenseId, request], (tx, now) => changeBillingState(core, tx, caller, licenseId, request, now));
}

/**
 * Switches auto-renewal inside a transaction: one license's change, or one row of a billing
 * job. A change now replaces a scheduled one; a change with `effectiveOn` is scheduled.
 */
export async function changeBillingState(core: ServiceCore, tx: StoreTx, caller: Caller, licenseId: string, request: s.BillingStateRequest, now: Date): Promise<s.License> {
  const license = await core.license(tx, caller, licenseId);
  const status = statusOf(license);
  const refusal = billingChangeRefusal(status);
  if (refusal) throw problem(refusal, `The billing state of license ${license.activationCode} cannot be changed.`);
  const at = isoInstant(now);
  const record = (kind: s.HistoryKind, detail: string) =>
    tx.addHistory(caller.id, { orderId: license.orderId, licenseId, at, actor: resellerActor(caller), kind, detail });
  if (request.effectiveOn !== undefined) {
    const effectiveOn = request.effectiveOn;
    const wrong = effectiveOnRefusal(effectiveOn, at.slice(0, 10), renewalDeadline(status, license.validTo));
    if (wrong) throw problem('validation_failed', `Check these fields: effectiveOn`, { errors: [{ path: 'effectiveOn', message: wrong }] });
    const scheduledChange = { recurrent: request.recurrent, effectiveOn };
    await tx.setScheduledChange(caller.id, licenseId, scheduledChange);
    await record('billing_change_scheduled', `Automatic renewal to be turned ${request.recurrent ? 'on' : 'off'} on ${effectiveOn}`);
    return core.view({ ...license, scheduledChange });
  }
  if (license.scheduledChange !== null) {
    await tx.setScheduledChange(caller.id, licenseId, null);
    await record('billing_change_cancelled', `${scheduledText(license)} cancelled: changed now instead`);
  }
  if (license.recurrent !== request.recurrent) {
    await tx.setRecurrent(caller.id, licenseId, request.recurrent);
    await record('billing_state_changed', request.recurrent ? 'Automatic renewal turned on' : 'Automatic renewal turned off');
  }
  return core.view({ ...license, recurrent: request.recurrent, scheduledChange: null });
}

/** Cancels the billing change scheduled for a later day; `no_scheduled_change` when there is none. */
export async function cancelScheduledBillingChange(core: ServiceCore, caller: Caller, licenseId: string, options: ChangeOptions = {}): Promise<s.License> {
  return core.change(caller, options, ['cancelScheduledBillingChange', licenseId], async (tx, now) => {
    const license = await core.license(tx, caller, licenseId);
    if (license.scheduledChange === null) throw problem('no_scheduled_change', `License ${license.activationCode} has no scheduled billing change.`);
    await tx.setScheduledChange(caller.id, licenseId, null);
    await tx.addHistory(caller.id, {
      orderId: license.orderId, licenseId, at: isoInstant(now), actor: resellerActor(caller), kind: 'billing_change_cancelled', detail: `${scheduledText(license)} cancelled`,
    });
    return core.view({ ...license, scheduledChange: null });
  });
}

/** `Turning automatic renewal off on 2026-12-20`: a scheduled change in words. */
function scheduledText(license: LicenseRecord): string {
  const change = license.scheduledChange;
  return change === null ? 'Nothing scheduled' : `Turning automatic renewal ${change.recurrent ? 'on' : 'off'} on ${change.effectiveOn}`;
}
