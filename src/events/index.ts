/**
 * The kit's public events, each declared once: its detail in `LicenseDeskEventDetails`, its
 * type in `LicenseDeskEventMap`, which the global event maps of elements, `document` and
 * `window` extend. All bubble and are composed, so a host hears them through shadow roots.
 */
import type {
  ConfirmationEmailResult,
  Customer,
  CustomerActivationResult,
  FieldError,
  Job,
  License,
  OrderSummary,
  OrdersQuery,
} from '../api/contract/schemas.js';

/** What asked a dialog to close. */
export type DialogCloseSource = 'escape' | 'cancel-button' | 'backdrop' | 'ok';

export interface LicenseDeskEventDetails {
  /** A license was activated for a customer. */
  'license-activated': { license: License };
  /**
   * Auto-renewal of an activated license was switched, or (with `effectiveOn`, v1.1) the
   * switch was scheduled for that day; `effectiveOn` is null for a switch made now.
   */
  'billing-state-changed': { license: License; recurrent: boolean; effectiveOn: string | null };
  /** The billing change scheduled for a license was cancelled. */
  'scheduled-change-cancelled': { license: License };
  /** Bulk work was started as a server job (activations, billing changes, confirmation emails). */
  'job-started': { job: Job };
  /** A server job answered every row: `job.succeeded` and `job.failed` say how it went. */
  'job-finished': { job: Job };
  /** An active license was deactivated: it is available again; `previous` held it and was emailed. */
  'license-deactivated': { license: License; previous: License['customer'] };
  /** An active license passed to another customer; `previous` held it before. */
  'license-transferred': { license: License; previous: License['customer'] };
  /** A customer's details were corrected. */
  'customer-updated': { customer: Customer };
  /** The order confirmation was sent again. */
  'confirmation-email-sent': { orderId: string; result: ConfirmationEmailResult };
  /** A search ran (also on the default search). */
  'licenses-search': { query: OrdersQuery; total: number };
  /** A CSV file was produced. */
  'export-finished': {
    kind: 'orders' | 'activation-codes' | 'license-keys' | 'license-history' | 'renewals' | 'job-results';
    fileName: string;
    rows: number;
  };
  /**
   * Something failed; `code` is the contract's error code (or invalid_response, timeout,
   * network_error). `errors` names the failing fields: of the request for validation_failed,
   * of the server's answer for invalid_response (a help when checking your own proxy).
   */
  'licenses-error': { code: string; status: number; detail: string; operation: string; errors: readonly FieldError[] };
  /** Buy More was asked for. Cancelable: call preventDefault() to handle it yourself. */
  'buy-more': { order: OrderSummary; url: string | null };
  /** The customer activated a license with its activation code. */
  'license-self-activated': { activationCode: string; result: CustomerActivationResult };
  /** Licenses were bought: `detail.order` is the new order. */
  'order-created': { order: OrderSummary };
  /** An order was cancelled and refunded: `detail.order` is the refunded order. */
  'order-cancelled': { order: OrderSummary };
  /** A person asks to close a dialog. Cancelable: call preventDefault() to keep it open. */
  'ld-request-close': { source: DialogCloseSource };
  /** A dialog closed, whatever closed it. */
  'ld-after-close': Record<string, never>;
}

export type LicenseDeskEventName = keyof LicenseDeskEventDetails;
export type LicenseDeskEvent<K extends LicenseDeskEventName> = CustomEvent<LicenseDeskEventDetails[K]>;

export type LicenseActivatedEvent = LicenseDeskEvent<'license-activated'>;
export type BillingStateChangedEvent = LicenseDeskEvent<'billing-state-changed'>;
export type ScheduledChangeCancelledEvent = LicenseDeskEvent<'scheduled-change-cancelled'>;
export type JobStartedEvent = LicenseDeskEvent<'job-started'>;
export type JobFinishedEvent = LicenseDeskEvent<'job-finished'>;
export type LicenseDeactivatedEvent = LicenseDeskEvent<'license-deactivated'>;
export type LicenseTransferredEvent = LicenseDeskEvent<'license-transferred'>;
export type CustomerUpdatedEvent = LicenseDeskEvent<'customer-updated'>;
export type ConfirmationEmailSentEvent = LicenseDeskEvent<'confirmation-email-sent'>;
export type LicensesSearchEvent = LicenseDeskEvent<'licenses-search'>;
export type ExportFinishedEvent = LicenseDeskEvent<'export-finished'>;
export type LicensesErrorEvent = LicenseDeskEvent<'licenses-error'>;
export type BuyMoreEvent = LicenseDeskEvent<'buy-more'>;
export type LicenseSelfActivatedEvent = LicenseDeskEvent<'license-self-activated'>;
export type OrderCreatedEvent = LicenseDeskEvent<'order-created'>;
export type OrderCancelledEvent = LicenseDeskEvent<'order-cancelled'>;
export type DialogRequestCloseEvent = LicenseDeskEvent<'ld-request-close'>;
export type DialogAfterCloseEvent = LicenseDeskEvent<'ld-after-close'>;

/** Every event of the kit by name, as a listener receives it. */
export interface LicenseDeskEventMap {
  'license-activated': LicenseActivatedEvent;
  'billing-state-changed': BillingStateChangedEvent;
  'scheduled-change-cancelled': ScheduledChangeCancelledEvent;
  'job-started': JobStartedEvent;
  'job-finished': JobFinishedEvent;
  'license-deactivated': LicenseDeactivatedEvent;
  'license-transferred': LicenseTransferredEvent;
  'customer-updated': CustomerUpdatedEvent;
  'confirmation-email-sent': ConfirmationEmailSentEvent;
  'licenses-search': LicensesSearchEvent;
  'export-finished': ExportFinishedEvent;
  'licenses-error': LicensesErrorEvent;
  'buy-more': BuyMoreEvent;
  'license-self-activated': LicenseSelfActivatedEvent;
  'order-created': OrderCreatedEvent;
  'order-cancelled': OrderCancelledEvent;
  'ld-request-close': DialogRequestCloseEvent;
  'ld-after-close': DialogAfterCloseEvent;
}

declare global {
  // The events bubble and are composed, so a page hears them on any ancestor, `document` and `window`.
  interface HTMLElementEventMap extends LicenseDeskEventMap {}
  interface DocumentEventMap extends LicenseDeskEventMap {}
  interface WindowEventMap extends LicenseDeskEventMap {}
}

/**
 * Dispatches one of the kit's events from `target`, bubbling and composed.
 * Returns false when a cancelable event was canceled.
 */
export function emit<K extends LicenseDeskEventName>(
  target: EventTarget,
  name: K,
  detail: LicenseDeskEventDetails[K],
  options: { cancelable?: boolean } = {},
): boolean {
  return target.dispatchEvent(
    new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: options.cancelable ?? false }),
  );
}
