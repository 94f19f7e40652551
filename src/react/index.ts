/**
 * React components for every License Desk element, made with `@lit/react`: properties are
 * set as properties (`client`, `order`, `licenses`…), and each event the element fires is a
 * typed `on…` prop (`onLicenseActivated`, `onBuyMore`…). Importing a component also
 * registers its element. Needs `react` and `@lit/react` next to the kit.
 *
 * ```tsx
 * import { LicensesProvider, LicensesSearch } from 'license-desk/react';
 *
 * <LicensesProvider apiBase="/api/v1">
 *   <LicensesSearch onLicensesSearch={(e) => console.log(e.detail.total)} />
 * </LicensesProvider>
 * ```
 */
export { LicensesProvider } from './licenses-provider.js';
export { LicensesSearch } from './licenses-search.js';
export { OrderTile } from './order-tile.js';
export { LicenseKeysTable } from './license-keys-table.js';
export { ActivateDialog } from './activate-dialog.js';
export { BillingStateDialog } from './billing-state-dialog.js';
export { ActivationLinkDialog } from './activation-link-dialog.js';
export type { DialogAfterCloseEvent, DialogRequestCloseEvent } from '../events/index.js';
export type * from '../events/index.js';
