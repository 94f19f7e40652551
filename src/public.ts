/**
 * What the kit's two reseller entries export alike: the npm entry (`index.ts`) and the
 * script-tag bundle (`pages/reseller.ts`). The keys table is not here: the npm entry exports
 * its class, and the bundle loads its module only when a table is first used.
 */
export * from './elements/licenses-provider/licenses-provider.js';
export * from './elements/licenses-search/licenses-search.js';
export * from './elements/order-tile/order-tile.js';
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
