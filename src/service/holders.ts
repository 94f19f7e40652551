/**
 * Who holds each license: activating for a customer, deactivating, transferring to another
 * customer, and correcting a customer's details. Each tells the customers concerned.
 */
import * as s from '../api/contract/schemas.js';
import { activationRefusal, holderChangeRefusal } from '../rules/licenses.js';
import { isoInstant } from './clock.js';
import { type ChangeOptions, type ServiceCore, resellerActor } from './core.js';
import { activationMail, deactivationMail } from './mail-texts.js';
import { input, problem } from './problems.js';
import type { Caller, StoreTx } from './store.js';
import { customerView, statusOf } from './views.js';

/** Activates the license for an existing or a new customer and emails the customer. */
export async function activateLicense(core: ServiceCore, caller: Caller, licenseId: string, body: s.ActivationRequest, options: ChangeOptions = {}): Promise<s.License> {
  const request = input(s.ActivationRequest, body);
  return core.change(caller, options, ['activateLicense', licenseId, request], (tx, now) => activate(core, tx, caller, licenseId, request, now));
}

/** Activates the license inside a transaction: a reseller's activation, or one row of an activation job. */
export async function activate(core: ServiceCore, tx: StoreTx, caller: Caller, licenseId: string, request: s.ActivationRequest, now: Date): Promise<s.License> {
  const license = await core.license(tx, caller, licenseId);
  const refusal = activationRefusal(statusOf(license));
  if (refusal) throw problem(refusal, `License ${license.activationCode} cannot be activated.`);
  const order = await core.order(tx, caller, license.orderId);
  const customer = await core.customerFor(tx, caller, request.customer);
  const at = isoInstant(now);
  await tx.activate(caller.id, licenseId, customer.id, at);
  await tx.setOrderCounts(caller.id, order.id, { activeCount: order.activeCount + 1, availableCount: order.availableCount - 1 });
  const activated = core.view({ ...license, activatedAt: at, customer });
  await tx.addHistory(caller.id, { orderId: order.id, licenseId, at, actor: resellerActor(caller), kind: 'activated', detail: `Activated for ${customer.email}` });
  const mail = activationMail(caller, customer, activated, order.product.name);
  await tx.queueMail(caller.id, { id: core.newId('msg'), kind: 'activation', to: customer.email, at, orderId: order.id, licenseId, ...mail });
  await tx.addHistory(caller.id, {
    orderId: order.id, licenseId, at, actor: resellerActor(caller), kind: 'email_sent', detail: `Activation details sent to ${customer.email}`,
  });
  return activated;
}

/** Deactivates an active license: available again, its customer detached and emailed, auto-renewal off. */
export async function deactivateLicense(core: ServiceCore, caller: Caller, licenseId: string, options: ChangeOptions = {}): Promise<s.License> {
  return core.change(caller, options, ['deactivateLicense', licenseId], async (tx, now) => {
    const license = await core.license(tx, caller, licenseId);
    const refusal = holderChangeRefusal(statusOf(license));
    if (refusal || !license.customer) throw problem(refusal ?? 'license_not_active', `License ${license.activationCode} cannot be deactivated.`);
    const order = await core.order(tx, caller, license.orderId);
    const holder = await core.customer(tx, caller, license.customer.id);
    const at = isoInstant(now);
    await tx.deactivate(caller.id, licenseId);
    await tx.setOrderCounts(caller.id, order.id, { activeCount: order.activeCount - 1, availableCount: order.availableCount + 1 });
    const actor = resellerActor(caller);
    await tx.addHistory(caller.id, { orderId: order.id, licenseId, at, actor, kind: 'deactivated', detail: `Deactivated; ${holder.email} no longer holds it` });
    const mail = deactivationMail(caller, holder, license.activationCode, order.product.name);
    await tx.queueMail(caller.id, { id: core.newId('msg'), kind: 'activation', to: holder.email, at, orderId: order.id, licenseId, ...mail });
    return core.view({ ...license, activatedAt: null, customer: null, recurrent: false, scheduledChange: null });
  });
}

/** Transfers an active license to an existing or a new customer; the new holder gets the activation email. */
export async function transferLicense(core: ServiceCore, caller: Caller, licenseId: string, body: s.ActivationRequest, options: ChangeOptions = {}): Promise<s.License> {
  const request = input(s.ActivationRequest, body);
  return core.change(caller, options, ['transferLicense', licenseId, request], async (tx, now) => {
    const license = await core.license(tx, caller, licenseId);
    const refusal = holderChangeRefusal(statusOf(license));
    if (refusal || !license.customer) throw problem(refusal ?? 'license_not_active', `License ${license.activationCode} cannot be transferred.`);
    const order = await core.order(tx, caller, license.orderId);
    const customer = await core.customerFor(tx, caller, request.customer);
    if (customer.id === license.customer.id) return core.view(license);
    const at = isoInstant(now);
    await tx.setCustomer(caller.id, licenseId, customer.id);
    const detail = `Transferred from ${license.customer.email} to ${customer.email}`;
    await tx.addHistory(caller.id, { orderId: order.id, licenseId, at, actor: resellerActor(caller), kind: 'transferred', detail });
    const transferred = core.view({ ...license, customer });
    const mail = activationMail(caller, customer, transferred, order.product.name);
    await tx.queueMail(caller.id, { id: core.newId('msg'), kind: 'activation', to: customer.email, at, orderId: order.id, licenseId, ...mail });
    return transferred;
  });
}

/** Corrects a customer's details; an email another customer of the reseller has is `customer_exists`. */
export async function updateCustomer(core: ServiceCore, caller: Caller, customerId: string, body: s.CustomerPatch, options: ChangeOptions = {}): Promise<s.Customer> {
  const patch = input(s.CustomerPatch, body);
  return core.change(caller, options, ['updateCustomer', customerId, patch], async (tx, now) => {
    const customer = await core.customer(tx, caller, customerId);
    if (patch.email !== undefined) {
      const holder = await tx.customerByEmail(caller.id, patch.email);
      if (holder && holder.id !== customerId) {
        throw problem('customer_exists', `A customer with ${patch.email} is already registered.`, {
          errors: [{ path: 'email', message: 'A customer with this email is already registered.' }],
        });
      }
    }
    await tx.updateCustomer(caller.id, customerId, patch);
    const changed = Object.keys(patch).join(', ');
    const at = isoInstant(now);
    for (const license of await tx.customerLicenses(caller.id, customerId)) {
      await tx.addHistory(caller.id, { ...license, licenseId: license.id, at, actor: resellerActor(caller), kind: 'customer_changed', detail: `Customer ${customer.email}: ${changed} corrected` });
    }
    const { phone: _phone, country: _country, ...shown } = patch;
    return customerView({ ...customer, ...shown });
  });
}
