import type { ErrorCode } from './schemas.js';

/** The HTTP status and title of every error code the contract defines. */
export const PROBLEMS: Record<ErrorCode, { status: number; title: string }> = {
  validation_failed: { status: 400, title: 'The request is not valid' },
  unauthorized: { status: 401, title: 'Authentication required' },
  not_found: { status: 404, title: 'Not found' },
  customer_not_found: { status: 404, title: 'No customer is registered with this email' },
  license_already_active: { status: 409, title: 'The license is already active' },
  license_not_active: { status: 409, title: 'The license is not active' },
  order_refunded: { status: 409, title: 'The order was refunded' },
  customer_exists: { status: 409, title: 'A customer with this email is already registered' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  idempotency_key_reused: { status: 422, title: 'The idempotency key was used for another request' },
  rate_limited: { status: 429, title: 'Too many requests' },
  order_has_active_licenses: { status: 409, title: 'The order has active licenses' },
  cancellation_window_closed: { status: 409, title: 'The cancellation window has closed' },
  insufficient_balance: { status: 409, title: 'The CSS balance is too low' },
  license_expired: { status: 409, title: 'The license has expired' },
  no_scheduled_change: { status: 409, title: 'No billing change is scheduled' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  header_fields_too_large: { status: 431, title: 'The request line and headers are too large' },
  internal_error: { status: 500, title: 'Internal error' },
};

