/**
 * The contract's plain values: its limits and the members of some of its enumerations.
 * `schemas.ts` builds the schemas on them and re-exports them. The elements take them from
 * here, so that showing a form or a table needs no validator code: the schemas and zod load
 * lazily, with the first answer the HTTP client checks.
 */

/**
 * Limits. Display text is generous (hostile data of 10,000 characters must still render);
 * what a person types is held to what a person could mean.
 */
export const LIMITS = {
  text: 16_384,
  id: 200,
  cursor: 1_000,
  url: 4_096,
  email: 254,
  name: 200,
  ordersPage: 200,
  ordersPageDefault: 25,
  licensesPage: 500,
  licensesPageDefault: 100,
  customers: 50,
  products: 1_000,
  historyPage: 500,
  historyPageDefault: 100,
  search: 200,
  orderQuantity: 10_000,
  idempotencyKey: 255,
  bodyBytes: 64 * 1024,
  jobRows: 10_000,
  jobResultsPage: 1_000,
  jobResultsPageDefault: 100,
  /** `POST /jobs` takes up to 10,000 rows, and so a larger body than other changes. */
  jobBodyBytes: 4 * 1024 * 1024,
} as const;

/** The states of an order. */
export const ORDER_STATES = ['processed', 'refunded'] as const;

/** How an order was paid. */
export const PAYMENT_TYPES = ['css_balance', 'credit_card'] as const;

/** Why an action is refused; the same codes the server answers when it is tried anyway. */
export const ACTION_REASONS = [
  'license_already_active',
  'license_not_active',
  'order_refunded',
  'license_expired',
  'cancellation_window_closed',
  'order_has_active_licenses',
  'no_scheduled_change',
] as const;

/** Who a job works for: activations from a CSV, auto-renewal switches, confirmation emails. */
export const JOB_KINDS = ['activation', 'billing_change', 'confirmation_email'] as const;

/** Where a job is: waiting for the runner, being worked through, or finished (every row answered). */
export const JOB_STATUSES = ['queued', 'running', 'done'] as const;
