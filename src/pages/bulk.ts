/**
 * Renewals and bulk work for a script tag (`dist/cdn/license-desk-bulk.js`):
 * `<licenses-provider>`, `<licenses-renewals>` and `<bulk-jobs>`. A file of its own, so the
 * storefront's single-file bundle stays as small as it was; safe beside `license-desk.js`
 * on one page: an element the other file defined is skipped.
 */
export * from '../elements/licenses-provider/licenses-provider.js';
export * from '../elements/licenses-renewals/licenses-renewals.js';
export * from '../elements/bulk-jobs/bulk-jobs.js';
