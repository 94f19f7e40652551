export * from './licenses.js';
export * from './problems.js';
export { isSafeLink, fillBuyUrl } from './urls.js';
export { COUNTRY_CODES, isCountryCode } from './countries.js';
