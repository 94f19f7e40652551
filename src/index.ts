/**
 * License Desk: defines every element and re-exports the public types.
 * Import a single element's module (`license-desk/elements/order-tile`) to take only it.
 * `<buy-licenses>`, `<license-activation>` and `<cancel-order-dialog>` load when the page
 * first holds one; their classes are exported from their own modules.
 */
export * from './elements/licenses-provider/licenses-provider.js';
export * from './elements/licenses-search/licenses-search.js';
export * from './elements/order-tile/order-tile.js';
export * from './elements/license-keys-table/license-keys-table.js';
export * from './elements/activate-dialog/activate-dialog.js';
export * from './elements/billing-state-dialog/billing-state-dialog.js';
export * from './elements/activation-link-dialog/activation-link-dialog.js';
export type { BuyLicensesElement } from './elements/buy-licenses/buy-licenses.js';
export type { LicenseActivationElement } from './elements/license-activation/license-activation.js';
export type { CancelOrderDialogElement } from './elements/cancel-order-dialog/cancel-order-dialog.js';

export type * from './api/contract/schemas.js';
export type { LicensesApi, RequestOptions, MutationOptions } from './api/client.js';
export type { LicensesContextValue, LicensesSettings } from './api/context.js';
export { ApiError } from './api/contract/errors.js';
export { HttpLicensesClient, type HttpClientOptions } from './api/http/http-client.js';
export type * from './events/index.js';
