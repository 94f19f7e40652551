/**
 * Dates, money and numbers through `Intl`, in the provider's locale and time zone.
 * Formatters are cached: building an Intl formatter costs far more than using one.
 */
import type { Money } from '../api/contract/schemas.js';

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (f === undefined) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached(`d|${locale}|${JSON.stringify(options)}`, () => {
    try {
      return new Intl.DateTimeFormat(locale, options);
    } catch {
      // An unknown locale or time zone from an attribute must not break rendering.
      return new Intl.DateTimeFormat('en', { ...options, timeZone: undefined });
    }
  });
}

/** An instant as a date and time in the given zone (`27 Nov 2026, 09:14`). */
export function formatInstant(iso: string, locale: string, timeZone?: string): string {
  return dateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** A calendar date (`2026-11-27`, validity dates) in the locale; no time-zone shift. */
export function formatIsoDate(isoDate: string, locale: string): string {
  return dateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}

/** A time of day with seconds in the given zone (`09:14:05`): two sends a minute apart read apart. */
export function formatTime(at: Date, locale: string, timeZone?: string): string {
  return dateTimeFormat(locale, { timeStyle: 'medium', timeZone }).format(at);
}

/**
 * A license's validity as the reseller's calendar days. The contract counts a validity that
 * starts with the purchase from the purchase's day in UTC; bought on 5 December at 00:30 in
 * Berlin, that is 4 December. Such a validity is moved by the days between the two, so its
 * From is the purchase date the reseller sees, and its To keeps the term's length. A
 * validity that does not start with the purchase (or without a known purchase) is as given.
 */
export function localValidity(
  validity: { validFrom: string; validTo: string },
  purchasedAt: string | null | undefined,
  timeZone: string | undefined,
): { from: string; to: string } {
  return localValidities(purchasedAt, timeZone)(validity);
}

/**
 * {@link localValidity} for many validities of one order: the purchase's day and its shift are
 * worked out once (an export of 100,000 keys asked `Intl` for them 100,000 times).
 */
export function localValidities(
  purchasedAt: string | null | undefined,
  timeZone: string | undefined,
): (validity: { validFrom: string; validTo: string }) => { from: string; to: string } {
  const purchaseDay = purchasedAt ? new Date(purchasedAt).toISOString().slice(0, 10) : null;
  const shift = purchasedAt && purchaseDay ? Math.round((Date.parse(zonedDate(new Date(purchasedAt), timeZone)) - Date.parse(purchaseDay)) / 86_400_000) : 0;
  return ({ validFrom, validTo }) =>
    validFrom !== purchaseDay || shift === 0 ? { from: validFrom, to: validTo } : { from: addDays(validFrom, shift), to: addDays(validTo, shift) };
}

/** Money in minor units, with the currency's own number of decimals. */
export function formatMoney(money: Money, locale: string): string {
  const f = cached(`m|${locale}|${money.currency}`, () => {
    try {
      return new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency });
    } catch {
      return new Intl.NumberFormat('en', { style: 'currency', currency: money.currency });
    }
  });
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
  return f.format(money.value / 10 ** digits);
}

/** A count (`5,000`). */
export function formatCount(n: number, locale: string): string {
  return cached(`n|${locale}`, () => new Intl.NumberFormat(locale)).format(n);
}

/** Today's calendar date in a time zone, as `YYYY-MM-DD`. */
export function todayIn(timeZone: string | undefined, now: Date = new Date()): string {
  return zonedDate(now, timeZone);
}

function zonedDate(at: Date, timeZone: string | undefined): string {
  const parts = dateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/**
 * The instant at which a calendar day starts in a time zone: the contract's searches take
 * instants, while people think in their own local days.
 */
export function startOfDay(isoDate: string, timeZone: string | undefined): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  // Guess midnight UTC, then correct by the zone's offset at that moment (twice, for DST edges).
  let guess = Date.UTC(y, m - 1, d);
  for (let i = 0; i < 2; i++) {
    const offset = zoneOffsetMs(new Date(guess), timeZone);
    guess = Date.UTC(y, m - 1, d) - offset;
  }
  return new Date(guess).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The calendar day after `isoDate`. */
export function nextDay(isoDate: string): string {
  return addDays(isoDate, 1);
}

/** The calendar day `days` after (or before) `isoDate`. */
export function addDays(isoDate: string, days: number): string {
  const t = new Date(`${isoDate}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

/** How far ahead of UTC `timeZone` (the browser's when undefined or unknown) is at `at`, in milliseconds. */
export function zoneOffsetMs(at: Date, timeZone: string | undefined): number {
  const parts = dateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}
