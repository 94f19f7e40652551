/**
 * License Desk: defines the elements of the reseller's pages and re-exports the public types.
 * Import a single element's module (`license-desk/elements/order-tile`) to take only it.
 *
 * The dialogs load lazily, each group as one chunk of the script-tag bundle: the Actions
 * menu's dialogs (`<activation-link-dialog>`, `<activate-dialog>`, `<billing-state-dialog>`)
 * once a `<license-keys-table>` is on the page, `<cancel-order-dialog>` on an `<order-tile>`'s
 * first Cancel click. `<buy-licenses>` and `<license-activation>` belong to pages of their own
 * and are not defined here: their modules (`license-desk/elements/buy-licenses`, …) and the
 * script-tag files `license-desk-buy.js` and `license-desk-activation.js` define them.
 * Every class is exported from its own module.
 */
export * from './elements/licenses-provider/licenses-provider.js';
export * from './elements/licenses-search/licenses-search.js';
export * from './elements/order-tile/order-tile.js';
export * from './elements/license-keys-table/license-keys-table.js';
export type { ActivateDialogElement } from './elements/activate-dialog/activate-dialog.js';
export type { BillingStateDialogElement } from './elements/billing-state-dialog/billing-state-dialog.js';
export type { ActivationLinkDialogElement } from './elements/activation-link-dialog/activation-link-dialog.js';
export type { BuyLicensesElement } from './elements/buy-licenses/buy-licenses.js';
export type { LicenseActivationElement } from './elements/license-activation/license-activation.js';
export type { CancelOrderDialogElement } from './elements/cancel-order-dialog/cancel-order-dialog.js';

export type * from './api/contract/schemas.js';
export type { LicensesApi, RequestOptions, MutationOptions } from './api/client.js';
export type { LicensesContextValue, LicensesSettings } from './api/context.js';
export { ApiError } from './api/contract/errors.js';
export { HttpLicensesClient, type HttpClientOptions } from './api/http/http-client.js';
export type * from './events/index.js';
