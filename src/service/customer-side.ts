/**
 * The customer's side, where the activation code is the credential: what a code is for,
 * and the customer activating it for themselves. Rate-limited per address; nothing of the
 * reseller's own records is shown.
 */
import * as s from '../api/contract/schemas.js';
import { activationRefusal } from '../rules/licenses.js';
import { isoInstant } from './clock.js';
import { type ServiceCore, type Visitor } from './core.js';
import { activationMail } from './mail-texts.js';
import { input, problem } from './problems.js';
import { statusOf } from './views.js';

/** What an activation code is for: the product, the reseller's name, the dates, the status. */
export async function getActivation(core: ServiceCore, visitor: Visitor, activationCode: string): Promise<s.ActivationInfo> {
  core.admit(visitor);
  const found = await core.byCode(core.store, activationCode);
  const { license } = found;
  return {
    activationCode: license.activationCode,
    product: { name: found.product },
    reseller: { name: found.reseller.name },
    validFrom: license.validFrom,
    validTo: license.validTo,
    status: statusOf(license),
  };
}

/**
 * The customer activates the code for an existing or a new customer record of the
 * reseller's, and gets the same email as after a reseller's activation.
 */
export async function activateByCode(core: ServiceCore, visitor: Visitor, activationCode: string, body: s.ActivationRequest): Promise<s.CustomerActivationResult> {
  core.admit(visitor);
  const request = input(s.ActivationRequest, body);
  const result = await core.store.transaction(async (tx) => {
    const now = core.clock.now();
    const { license, reseller, product } = await core.byCode(tx, activationCode);
    const refusal = activationRefusal(statusOf(license));
    if (refusal) throw problem(refusal, 'This activation code cannot be activated.');
    const order = await core.order(tx, reseller, license.orderId);
    const customer = await core.customerFor(tx, reseller, request.customer);
    const at = isoInstant(now);
    await tx.activate(reseller.id, license.id, customer.id, at);
    await tx.setOrderCounts(reseller.id, order.id, { activeCount: order.activeCount + 1, availableCount: order.availableCount - 1 });
    const activated = core.view({ ...license, activatedAt: at, customer });
    const mail = activationMail(reseller, customer, activated, product);
    await tx.queueMail(reseller.id, { id: core.newId('msg'), kind: 'activation', to: customer.email, at, orderId: order.id, licenseId: license.id, ...mail });
    const actor = { kind: 'customer' as const, name: `${customer.firstName} ${customer.lastName}` };
    await tx.addHistory(reseller.id, { orderId: order.id, licenseId: license.id, at, actor, kind: 'customer_activated', detail: `Activated by the customer for ${customer.email}` });
    return { status: 'active' as const, product: { name: product }, validTo: license.validTo };
  });
  core.options.afterChange?.();
  return result;
}
