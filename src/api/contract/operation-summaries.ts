/**
 * What each operation of the table does, in one line: the OpenAPI document's summaries. Kept
 * apart from `operations.ts`, whose table the browser carries, and typed by the table, so that
 * no operation lacks its words.
 */
import type { OperationId } from './operations.js';

export const OPERATION_SUMMARIES: Record<OperationId, string> = {
  getMe: 'Who is calling',
  listProducts: 'Products this reseller has bought',
  searchOrders: 'Search orders',
  getOrder: 'One order',
  listLicenses: "The order's licenses",
  exportLicenseKeys:
    "The order's license keys as a CSV file, in the columns and words of the kit's export, in the given language and time zone",
  resendConfirmationEmail: 'Resend the order confirmation to the reseller',
  getLicense: 'One license',
  getLicenseHistory: "The license's audit trail, oldest first, page by page",
  deactivateLicense: 'Deactivate: the license is available again, its customer detached and emailed, auto-renewal off',
  transferLicense: 'Transfer an active license to an existing or a new customer',
  updateCustomer: "Correct a customer's email, names, phone or country",
  activateLicense: 'Activate the license for a customer',
  setBillingState: 'Switch the automatic renewal of an activated license',
  cancelScheduledBillingChange: 'Cancel the billing change scheduled for a later day',
  searchLicenses: 'Search licenses across orders by the day they renew or lapse (the renewals view)',
  countLicenses: 'Count the licenses that GET /licenses finds with the same filters, in all and for each product',
  createJob: 'Start bulk work (activations, billing changes or confirmation emails) as a server job',
  getJob: "A job's progress",
  getJobResults: "A job's results, one per row in row order, page by page",
  searchCustomers: "The reseller's customers matching q (email, name or organization), at most 50",
  getCatalog: 'Products this reseller may buy, with prices',
  createOrder: 'Buy licenses: the order with its licenses and their codes',
  cancelOrder: 'Cancel within the cancellation window: the order and its licenses refunded, the balance credited',
  getActivation: "What an activation code is for (the customer's page; no token)",
  activateByCode: 'The customer activates the code for themselves (no token)',
  getOpenApiDocument: 'This document',
};
