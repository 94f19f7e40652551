import type { License } from '../../api/contract/schemas.js';
import { addDays, formatIsoDate, todayIn } from '../../format/index.js';
import type { LocaleController } from './locale-controller.js';

/** A license's pending billing change in words ('Auto-renew off on 12 Jan 2027'), or null when none is scheduled. */
export function scheduledChangeText(license: Pick<License, 'scheduledBillingChange'>, i18n: LocaleController): string | null {
  const change = license.scheduledBillingChange;
  if (change === null) return null;
  const date = formatIsoDate(change.effectiveOn, i18n.locale);
  return i18n.common(change.recurrent ? 'scheduled.on' : 'scheduled.off', { date });
}

/**
 * The days on which a billing change may be scheduled: from tomorrow (in the provider's time
 * zone) up to `deadline`, the earliest renewal deadline of the licenses concerned; null when
 * no such day is left (or there is no deadline).
 */
export function schedulableDays(deadline: string | null, timeZone: string | undefined, now = new Date()): { min: string; max: string } | null {
  if (deadline === null) return null;
  const min = addDays(todayIn(timeZone, now), 1);
  return deadline >= min ? { min, max: deadline } : null;
}
