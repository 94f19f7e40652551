/**
 * Auto-renewal: switching it for an activated license.
 */
import * as s from '../api/contract/schemas.js';
import { billingChangeRefusal, statusInOrder } from '../rules/licenses.js';
import { isoInstant } from './clock.js';
import { type ChangeOptions, type ServiceCore, resellerActor } from './core.js';
import { input, problem } from './problems.js';
import type { ResellerRecord, StoreTx } from './store.js';

/** Turns the automatic renewal of an activated license on or off. */
export async function setBillingState(core: ServiceCore, caller: ResellerRecord, licenseId: string, body: s.BillingStateRequest, options: ChangeOptions = {}): Promise<s.License> {
  const request = input(s.BillingStateRequest, body);
  return core.change(caller, options, ['setBillingState', licenseId, request], (tx, now) => changeBillingState(core, tx, caller, licenseId, request, now));
}

/** Switches auto-renewal inside a transaction: one license's change, or one row of a billing job. */
export async function changeBillingState(core: ServiceCore, tx: StoreTx, caller: ResellerRecord, licenseId: string, request: s.BillingStateRequest, now: Date): Promise<s.License> {
  const license = await core.license(tx, caller, licenseId);
  const refusal = billingChangeRefusal(statusInOrder(license.orderState, license.activatedAt !== null));
  if (refusal) throw problem(refusal, `The billing state of license ${license.activationCode} cannot be changed.`);
  if (license.recurrent !== request.recurrent) {
    await tx.setRecurrent(caller.id, licenseId, request.recurrent);
    const detail = request.recurrent ? 'Automatic renewal turned on' : 'Automatic renewal turned off';
    await tx.addHistory(caller.id, {
      orderId: license.orderId, licenseId, at: isoInstant(now), actor: resellerActor(caller), kind: 'billing_state_changed', detail,
    });
  }
  return core.view({ ...license, recurrent: request.recurrent });
}
