/**
 * When the demo world's orders happen: regular orders spread over the last 120 days, plus
 * recent ones that put 'today' in every time zone, and, when asked, a year's book of orders
 * whose terms end over the coming months, streamed oldest first. Also the few date helpers
 * the generator needs (fast, since a million orders pass through them).
 */
import { hashInts } from './demo-random.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A day in milliseconds. */
export const DAY = 24 * HOUR;
const HISTORY_DAYS = 120;
/** Offsets before now of the recent orders that put 'today' in every time zone. */
const RECENT_OFFSETS: readonly (readonly number[])[] = [
  [2, 11, 37, 180, 420, 780, 1140].map((m) => m * MINUTE),
  [5, 300].map((m) => m * MINUTE),
];
const SPREAD_TODAY = [5, 2] as const;
const BIG_ORDER_OFFSET = 75 * MINUTE;

/**
 * Orders bought one term (a year) before the renewals to watch: the `validTo` of their
 * licenses lies this many days from today (negative: already expired).
 */
export const RENEWAL_DAYS = [1, 7, 30, 60, 90, -5, -40] as const;

/**
 * The days over which the terms of the due orders end: from tomorrow on, so that the 30-,
 * 60- and 90-day windows of the renewals view and a little beyond are evenly filled.
 */
export const DUE_DAYS = 120;

/**
 * A regular order, one of the recent ones, the big order, one whose licenses renew or lapse
 * on a day of {@link RENEWAL_DAYS}, or a due one: drawn like a regular order, bought a
 * one-year term before a day of the next {@link DUE_DAYS}.
 */
export type SlotKind = 'regular' | 'recent' | 'big' | 'renewal' | 'due';

/** When one order happens, and which of its reseller's orders it is. */
export interface Slot {
  at: number;
  reseller: 0 | 1;
  kind: SlotKind;
  /** Index of the slot among its reseller's slots of this kind. */
  k: number;
}

/**
 * The slots of one reseller, oldest first: regular orders over 120 days plus the recent ones,
 * the renewals to watch, and `due` of the `count` orders whose terms end in the coming months.
 */
export function planSlots(seed: number, now: number, reseller: 0 | 1, count: number, withBig: boolean, due = 0): () => Generator<Slot> {
  const big = withBig && count > 0 ? 1 : 0;
  const recent = recentInstants(now, reseller).slice(0, Math.max(0, count - big));
  const renewals = renewalInstants(now).slice(0, Math.max(0, count - big - recent.length));
  const dues = Math.min(Math.max(0, Math.floor(due)), count - big - recent.length - renewals.length);
  const specials: Slot[] = recent.map((at, k) => ({ at, reseller, kind: 'recent', k }));
  specials.push(...renewals.map((at, k): Slot => ({ at, reseller, kind: 'renewal', k })));
  if (big) specials.push({ at: now - BIG_ORDER_OFFSET, reseller, kind: 'big', k: 0 });
  specials.sort((x, y) => x.at - y.at);
  const regular = count - big - recent.length - renewals.length - dues;
  const start = now - HISTORY_DAYS * DAY;
  const today = Math.floor(now / DAY) * DAY;
  // Bought from a year before the day after tomorrow on: every term ends tomorrow or later.
  const dueStart = addMonths(today + 2 * DAY, -12);
  const dueSpan = addMonths(today + (DUE_DAYS + 2) * DAY, -12) - dueStart;
  return function* () {
    const regulars = spread(seed, reseller, 'regular', regular, start, HISTORY_DAYS * DAY);
    const dueSlots = spread(seed, reseller, 'due', dues, dueStart, dueSpan);
    yield* mergeByTime(dueSlots, mergeByTime(regulars, specials[Symbol.iterator]()));
  };
}

const SPREAD_SALTS = { regular: 11, due: 13 } as const;

/** `count` slots of `kind` spread evenly over `span` milliseconds from `start`, each at a random moment of its share. */
function* spread(seed: number, reseller: 0 | 1, kind: 'regular' | 'due', count: number, start: number, span: number): Generator<Slot> {
  const step = span / Math.max(1, count);
  for (let k = 0; k < count; k += 1) {
    const jitter = hashInts(seed, reseller, SPREAD_SALTS[kind], k) / 2 ** 32;
    yield { at: Math.floor((start + (k + jitter) * step) / 1000) * 1000, reseller, kind, k };
  }
}

/** Instants in the last day: several between UTC midnight and now, then a tail before now. */
function recentInstants(now: number, reseller: 0 | 1): number[] {
  const midnight = Math.floor(now / DAY) * DAY;
  const spread = SPREAD_TODAY[reseller];
  const out: number[] = [];
  for (let i = 1; i <= spread; i += 1) out.push(midnight + Math.floor(((now - midnight) * i) / (spread + 1) / 1000) * 1000);
  for (const offset of RECENT_OFFSETS[reseller] ?? []) out.push(now - offset);
  const midday = midnight + 12 * HOUR;
  if (reseller === 0 && midday <= now) out.push(midday);
  return out;
}

/** When the renewal orders were bought: at 10:00 UTC on the first day of the term that ends on each of {@link RENEWAL_DAYS}. */
function renewalInstants(now: number): number[] {
  const today = Math.floor(now / DAY) * DAY;
  return RENEWAL_DAYS.map((days) => addMonths(today + (days + 1) * DAY, -12) + 10 * HOUR);
}

/** Merges two streams of slots that are each oldest first. */
export function* mergeByTime(a: Iterator<Slot>, b: Iterator<Slot>): Generator<Slot> {
  let x = a.next();
  let y = b.next();
  while (!x.done || !y.done) {
    if (y.done || (!x.done && x.value.at <= y.value.at)) {
      yield x.value as Slot;
      x = a.next();
    } else {
      yield y.value;
      y = b.next();
    }
  }
}

const dayNames = new Map<number, string>();

/** `2026-11-27` for the UTC day of `ms`; days are few, so they are formatted once. */
export function isoDate(ms: number): string {
  const day = Math.floor(ms / DAY);
  let name = dayNames.get(day);
  if (name === undefined) {
    name = new Date(day * DAY).toISOString().slice(0, 10);
    dayNames.set(day, name);
  }
  return name;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/** `2026-11-27T09:14:03Z` for a whole-second `ms`. */
export function isoInstant(ms: number): string {
  const seconds = Math.floor((ms % DAY) / 1000);
  return `${isoDate(ms)}T${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}Z`;
}

/** `ms` moved by whole calendar months, at midnight UTC. */
export function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate());
}

/** `value` within [min, max]. */
export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
