import { defineMessages } from './index.js';

/**
 * Strings of a billing change on a later day: the billing state dialog's schedule, its
 * pending change, and the bulk billing change. German inline: only the lazily loaded
 * dialogs and bulk forms carry them, not the language pack every German page loads.
 */
export const scheduleMessages = defineMessages(
  'schedule',
  {
    'pending.on': 'Auto-renew on from {date}',
    'pending.off': 'Auto-renew off on {date}',
    when: 'When',
    now: 'Now',
    onDate: 'On a date',
    date: 'Date of the change',
    dateHint: 'From tomorrow up to {deadline}, the last day on which the change still counts before the renewal.',
    noDate: 'A change on a later day is no longer possible: the deadline before the renewal has passed.',
    invalidDate: 'Choose a day from tomorrow up to {deadline}.',
    scheduledOn: 'Auto-renew will be enabled on {date}',
    scheduledOff: 'Auto-renew will be disabled on {date}',
    pending: 'Scheduled: {change}.',
    cancelScheduled: 'Cancel scheduled change',
    cancelFailed: 'The scheduled change was not cancelled.',
    cancelled: 'The scheduled change was cancelled',
  },
  {
    'pending.on': 'Automatische Verlängerung ab {date} an',
    'pending.off': 'Automatische Verlängerung ab {date} aus',
    when: 'Wann',
    now: 'Jetzt',
    onDate: 'An einem Tag',
    date: 'Tag der Änderung',
    dateHint: 'Von morgen bis zum {deadline}, dem letzten Tag, an dem die Änderung noch vor der Verlängerung gilt.',
    noDate: 'Eine Änderung an einem späteren Tag ist nicht mehr möglich: Die Frist vor der Verlängerung ist abgelaufen.',
    invalidDate: 'Wählen Sie einen Tag von morgen bis zum {deadline}.',
    scheduledOn: 'Die automatische Verlängerung wird am {date} aktiviert',
    scheduledOff: 'Die automatische Verlängerung wird am {date} deaktiviert',
    pending: 'Geplant: {change}.',
    cancelScheduled: 'Geplante Änderung zurücknehmen',
    cancelFailed: 'Die geplante Änderung wurde nicht zurückgenommen.',
    cancelled: 'Die geplante Änderung wurde zurückgenommen',
  },
);
