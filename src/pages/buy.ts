/**
 * The buy page for a script tag (`dist/cdn/license-desk-buy.js`): `<licenses-provider>` and
 * `<buy-licenses>`, nothing else. Safe beside `license-desk.js` on one page: an element the
 * other file defined is skipped.
 */
export * from '../elements/licenses-provider/licenses-provider.js';
export * from '../elements/buy-licenses/buy-licenses.js';
