/**
 * The search form's fields, and how they become the API's query and the page URL's query
 * string. People think in local calendar days; the API takes instants, so the dates are
 * turned into the start of the day in the reseller's time zone.
 */
import type { OrderState, OrdersQuery, PaymentType } from '../../api/contract/schemas.js';
import { LIMITS, ORDER_STATES, PAYMENT_TYPES } from '../../api/contract/values.js';
import { nextDay, startOfDay, todayIn } from '../../format/index.js';

/** What the form holds; '' means "any". Dates are `YYYY-MM-DD` local calendar days. */
export interface SearchFields {
  /** A fragment of an order number, product, code, email or distributor: 3 characters or more. */
  q: string;
  from: string;
  to: string;
  orderNumber: string;
  productId: string;
  state: '' | OrderState;
  paymentType: '' | PaymentType;
  activationCode: string;
  customerEmail: string;
}

export type TextField = 'q' | 'orderNumber' | 'activationCode' | 'customerEmail';

/** The fewest characters a fragment (`q`) may have: shorter ones would find almost everything. */
export const FRAGMENT_MIN = 3;

/** Today's orders in the reseller's time zone: what the screen shows first, and after Reset. */
export function defaultFields(timeZone: string | undefined, now: Date = new Date()): SearchFields {
  const today = todayIn(timeZone, now);
  return {
    q: '',
    from: today,
    to: today,
    orderNumber: '',
    productId: '',
    state: '',
    paymentType: '',
    activationCode: '',
    customerEmail: '',
  };
}

export function sameFields(a: SearchFields, b: SearchFields): boolean {
  return (Object.keys(a) as (keyof SearchFields)[]).every((k) => a[k] === b[k]);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isDate(value: string): boolean {
  return ISO_DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

/** True when `value` is one of `members` (an enumeration of the contract). */
function oneOf<T extends string>(members: readonly T[], value: string): value is T {
  return (members as readonly string[]).includes(value);
}

/** True when a fragment was typed but is too short to search for. */
export function fragmentTooShort(fields: SearchFields): boolean {
  const length = fields.q.trim().length;
  return length > 0 && length < FRAGMENT_MIN;
}

/** True when both dates are set and the end lies before the start. */
export function datesReversed(fields: SearchFields): boolean {
  return isDate(fields.from) && isDate(fields.to) && fields.to < fields.from;
}

/** The API query for the fields: the whole of each local day, empty fields left out. */
export function fieldsToQuery(fields: SearchFields, timeZone: string | undefined): OrdersQuery {
  const query: OrdersQuery = {};
  if (isDate(fields.from)) query.purchasedFrom = startOfDay(fields.from, timeZone);
  if (isDate(fields.to)) query.purchasedTo = startOfDay(nextDay(fields.to), timeZone);
  const text = (value: string) => value.trim().slice(0, LIMITS.search);
  if (text(fields.q).length >= FRAGMENT_MIN) query.q = text(fields.q);
  if (text(fields.orderNumber)) query.orderNumber = text(fields.orderNumber);
  if (fields.productId) query.productId = fields.productId;
  if (fields.state) query.state = fields.state;
  if (fields.paymentType) query.paymentType = fields.paymentType;
  if (text(fields.activationCode)) query.activationCode = text(fields.activationCode);
  if (text(fields.customerEmail)) query.customerEmail = text(fields.customerEmail);
  return query;
}

/**
 * The purchase dates of a search as parts of a file name: `2026-12-05` for one day,
 * `2026-12-01_2026-12-10` for a range, `since-…` or `until-…` when open, `all-dates` without.
 */
export function rangeName(fields: Pick<SearchFields, 'from' | 'to'>): string[] {
  const from = isDate(fields.from) ? fields.from : '';
  const to = isDate(fields.to) ? fields.to : '';
  if (from && to) return from === to ? [from] : [`${from}_${to}`];
  if (from) return ['since', from];
  if (to) return ['until', to];
  return ['all-dates'];
}

/**
 * Names in the page's query string. Prefixed, so that they cannot collide with the host
 * page's own parameters (`state` and `code` are common there, e.g. in OAuth redirects).
 */
export const URL_PARAMS: Record<keyof SearchFields, string> = {
  q: 'ld-q',
  from: 'ld-from',
  to: 'ld-to',
  orderNumber: 'ld-order',
  productId: 'ld-product',
  state: 'ld-state',
  paymentType: 'ld-payment',
  activationCode: 'ld-code',
  customerEmail: 'ld-email',
};

const KEYS = Object.keys(URL_PARAMS) as (keyof SearchFields)[];

/**
 * The fields a URL's query string holds, or null when it holds none of them (then the
 * default search applies). Values that make no sense are dropped, not trusted.
 */
export function fieldsFromSearchParams(params: URLSearchParams): SearchFields | null {
  if (!KEYS.some((k) => params.has(URL_PARAMS[k]))) return null;
  const get = (k: keyof SearchFields) => (params.get(URL_PARAMS[k]) ?? '').slice(0, LIMITS.search);
  const date = (k: 'from' | 'to') => (isDate(get(k)) ? get(k) : '');
  const state = get('state');
  const paymentType = get('paymentType');
  return {
    q: get('q'),
    from: date('from'),
    to: date('to'),
    orderNumber: get('orderNumber'),
    productId: get('productId').slice(0, LIMITS.id),
    state: oneOf(ORDER_STATES, state) ? state : '',
    paymentType: oneOf(PAYMENT_TYPES, paymentType) ? paymentType : '',
    activationCode: get('activationCode'),
    customerEmail: get('customerEmail'),
  };
}

/**
 * The URL with the fields written into its query string (the page's other parameters are
 * kept). `null` removes them all: the default search needs no parameters. The dates are
 * always written, even empty, so that "any date" survives a reload.
 */
export function urlWithFields(href: string, fields: SearchFields | null): string {
  const url = new URL(href);
  for (const k of KEYS) url.searchParams.delete(URL_PARAMS[k]);
  if (fields !== null) {
    for (const k of KEYS) {
      if (fields[k] !== '' || k === 'from' || k === 'to') url.searchParams.set(URL_PARAMS[k], fields[k]);
    }
  }
  return url.href;
}
