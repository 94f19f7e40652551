import type { License } from '../../api/contract/schemas.js';
import { formatIsoDate } from '../../format/index.js';
import { scheduleMessages } from '../../locales/schedule.js';
import type { LocaleController } from './locale-controller.js';

/** A license's pending billing change in words ('Auto-renew off on 12 Jan 2027'), or null when none is scheduled. */
export function scheduledChangeText(license: Pick<License, 'scheduledBillingChange'>, i18n: LocaleController): string | null {
  const change = license.scheduledBillingChange;
  if (change === null) return null;
  const date = formatIsoDate(change.effectiveOn, i18n.locale);
  return i18n.of(scheduleMessages)(change.recurrent ? 'pending.on' : 'pending.off', { date });
}
