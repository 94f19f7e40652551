/**
 * The rules of renewals: when a term ends and where the next one ends, whether a license
 * will renew, which days a billing change may be scheduled for, and when the reseller is
 * told about licenses that will lapse. Pure functions over ISO dates (UTC days).
 */
import type { LicenseStatus } from '../api/contract/schemas.js';
import { addDays } from './licenses.js';

/** The reseller hears about a license that will lapse this many days before its `validTo`. */
export const NOTICE_DAYS_BEFORE = [30, 7, 1] as const;

/** The last day of a term of `months` starting on `from`. */
export function termEnd(from: string, months: number): string {
  const start = new Date(`${from}T00:00:00Z`);
  const end = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + months, start.getUTCDate()) - 86_400_000;
  return new Date(end).toISOString().slice(0, 10);
}

/** The `validTo` of the term after the one ending on `validTo`. */
export function nextTermEnd(validTo: string, months: number): string {
  return termEnd(addDays(validTo, 1), months);
}

/**
 * The day a term's end is dealt with: the day after `validTo`, its last valid day. Renewals
 * and expiries of that day come after the billing changes scheduled for it.
 */
export function termEndsOn(validTo: string): string {
  return addDays(validTo, 1);
}

/** What decides whether a license renews at the end of its term. */
export interface RenewalFacts {
  status: LicenseStatus;
  recurrent: boolean;
  scheduledChange: { recurrent: boolean } | null;
}

/** Whether the license will renew at the end of its term, counting a change scheduled before then. */
export function willRenew(license: RenewalFacts): boolean {
  return license.status === 'active' && (license.scheduledChange?.recurrent ?? license.recurrent);
}

/**
 * Why a billing change cannot be scheduled for `effectiveOn`, or null when it can: from the
 * day after `today` up to the renewal deadline.
 */
export function effectiveOnRefusal(effectiveOn: string, today: string, deadline: string | null): string | null {
  const first = addDays(today, 1);
  if (deadline === null || deadline < first) return 'No day is left before the renewal deadline; change it now instead';
  if (effectiveOn < first) return `Choose a day from ${first}`;
  if (effectiveOn > deadline) return `Choose a day up to the renewal deadline, ${deadline}`;
  return null;
}

/**
 * The `validTo` days a renewal-notice digest of `day` covers when the previous one was of
 * `lastDay` (null: none yet): for each notice, the licenses whose notice day came since.
 * Each range is `[from, to]`, inclusive.
 */
export function noticeRanges(day: string, lastDay: string | null): { daysBefore: number; from: string; to: string }[] {
  const since = lastDay === null || lastDay >= day ? addDays(day, -1) : lastDay;
  return NOTICE_DAYS_BEFORE.map((daysBefore) => ({ daysBefore, from: addDays(since, daysBefore + 1), to: addDays(day, daysBefore) }));
}
