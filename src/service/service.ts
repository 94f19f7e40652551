/**
 * Every use case of the licenses API, written once: the reads, an order's life, who holds
 * each license, auto-renewal, and the customer's side, one module per subject over the
 * {@link ServiceCore} (the store, the clock, the one way a change runs). Pure TypeScript: the
 * demo backend runs it over SQLite or PostgreSQL behind its routes, the memory client over a
 * MemoryStore in the browser. Each operation of the contract's table is the use case of the
 * same name here.
 *
 * Inputs are validated with the contract's schemas, whoever calls; answers are the
 * contract's resources; refusals are `ApiError`s with the contract's codes.
 */
import * as billing from './billing.js';
import { ServiceCore } from './core.js';
import * as customerSide from './customer-side.js';
import * as exportFiles from './exports.js';
import * as holders from './holders.js';
import * as jobs from './jobs.js';
import * as orders from './orders.js';
import * as reads from './reads.js';
import * as renewals from './renewals.js';

export { JobRunner, type JobRunnerOptions } from './job-runner.js';
export { type ChangeOptions, type ServiceOptions, STANDARD_LINK_BASE, type Visitor } from './core.js';

/** A use case bound to its core: the function's own parameters after the core. */
function bound<A extends unknown[], R>(core: ServiceCore, useCase: (core: ServiceCore, ...args: A) => R): (...args: A) => R {
  return (...args) => useCase(core, ...args);
}

export class LicensesService extends ServiceCore {
  // Reads
  readonly getMe = bound(this, reads.getMe);
  readonly getCatalog = bound(this, reads.getCatalog);
  readonly listProducts = bound(this, reads.listProducts);
  readonly searchOrders = bound(this, reads.searchOrders);
  readonly getOrder = bound(this, reads.getOrder);
  readonly listLicenses = bound(this, reads.listLicenses);
  readonly exportLicenseKeys = bound(this, exportFiles.exportLicenseKeys);
  readonly getLicense = bound(this, reads.getLicense);
  readonly searchLicenses = bound(this, reads.searchLicenses);
  readonly countLicenses = bound(this, reads.countLicenses);
  readonly getLicenseHistory = bound(this, reads.getLicenseHistory);
  readonly searchCustomers = bound(this, reads.searchCustomers);
  // An order's life
  readonly createOrder = bound(this, orders.createOrder);
  readonly cancelOrder = bound(this, orders.cancelOrder);
  readonly resendConfirmationEmail = bound(this, orders.resendConfirmationEmail);
  // Who holds each license
  readonly activateLicense = bound(this, holders.activateLicense);
  readonly deactivateLicense = bound(this, holders.deactivateLicense);
  readonly transferLicense = bound(this, holders.transferLicense);
  readonly updateCustomer = bound(this, holders.updateCustomer);
  // Auto-renewal
  readonly setBillingState = bound(this, billing.setBillingState);
  readonly cancelScheduledBillingChange = bound(this, billing.cancelScheduledBillingChange);
  // Renewals, run by the server itself (not an operation of the API)
  readonly runRenewals = bound(this, renewals.runRenewals);
  // Bulk work
  readonly createJob = bound(this, jobs.createJob);
  readonly getJob = bound(this, jobs.getJob);
  readonly getJobResults = bound(this, jobs.getJobResults);
  // The customer's side
  readonly getActivation = bound(this, customerSide.getActivation);
  readonly activateByCode = bound(this, customerSide.activateByCode);
}
