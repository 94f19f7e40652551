/**
 * The customer's activation page for a script tag (`dist/cdn/license-desk-activation.js`):
 * `<licenses-provider>` and `<license-activation>`, nothing else. Safe beside
 * `license-desk.js` on one page: an element the other file defined is skipped.
 */
export * from '../elements/licenses-provider/licenses-provider.js';
export * from '../elements/license-activation/license-activation.js';
