/**
 * The reseller's elements for a script tag (`dist/cdn/license-desk.js`): what the npm entry
 * exports, except that `<license-keys-table>` (a third of the elements' code, and on screen
 * only once a reseller asks for an order's keys) loads as a chunk of its own the first time
 * an `<order-tile>` shows its keys or a table is in the document. Its class is exported as a
 * type only; `customElements.whenDefined('license-keys-table')` tells when it is there.
 */
import { defineOnUse } from '../elements/shared/define-on-use.js';

export * from '../public.js';
export type { LicenseKeysTableElement } from '../elements/license-keys-table/license-keys-table.js';

defineOnUse('license-keys-table', () => import('../elements/license-keys-table/license-keys-table.js'));
