export * from './licenses.js';
export { PROBLEMS } from '../api/contract/problems.js';
export { isSafeLink, fillBuyUrl } from '../api/contract/links.js';
export { COUNTRY_CODES, isCountryCode } from '../api/contract/countries.js';
export * from './orders.js';
export * from './renewals.js';
