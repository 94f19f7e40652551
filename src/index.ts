/**
 * License Desk: defines the elements of the reseller's pages and re-exports the public types.
 * Import a single element's module (`license-desk/elements/order-tile`) to take only it.
 *
 * What a page does not show at first loads lazily, each as one chunk of the script-tag
 * bundle: `<license-keys-table>` when an `<order-tile>` first shows its keys (this entry
 * defines it at once and exports its class; the bundle, `pages/reseller.ts`, loads it), the
 * Actions menu's dialogs (`<activation-link-dialog>`, `<activate-dialog>`,
 * `<billing-state-dialog>`, …) once a table is on the page, `<cancel-order-dialog>` on an
 * `<order-tile>`'s first Cancel click. `<buy-licenses>` and `<license-activation>` belong to
 * pages of their own and are not defined here: their modules (`license-desk/elements/buy-licenses`,
 * …) and the script-tag files `license-desk-buy.js` and `license-desk-activation.js` define
 * them. Every class is exported from its own module.
 */
export * from './public.js';
export * from './elements/license-keys-table/license-keys-table.js';
