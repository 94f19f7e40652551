import type { LocaleController } from './locale-controller.js';

/** The time of day `seconds` after the instant `ms`, in the element's locale and time zone (for 'try again at …'). */
export function timeAfter(ms: number, seconds: number, i18n: LocaleController): string {
  const at = new Date(ms + seconds * 1000);
  try {
    return at.toLocaleTimeString(i18n.locale, { timeStyle: 'short', timeZone: i18n.timeZone });
  } catch {
    return at.toLocaleTimeString('en', { timeStyle: 'short' });
  }
}
