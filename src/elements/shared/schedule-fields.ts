import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { addDays, formatIsoDate, todayIn } from '../../format/index.js';
import { scheduleMessages } from '../../locales/schedule.js';
import { renderChoice } from './dialog-parts.js';
import type { LocaleController } from './locale-controller.js';

/**
 * When a billing change takes effect: now, or on a date from tomorrow up to the renewal
 * deadline (`days`). Used by the billing state dialog for one license and by the bulk
 * billing change for a selection (whose deadline is the earliest of the selection).
 */
export class ScheduleFields {
  when: 'now' | 'date' = 'now';
  date = '';
  /** Whether the date was checked and found outside the allowed days. */
  invalid = false;

  constructor(
    private readonly i18n: LocaleController,
    private readonly changed: () => void,
    private readonly id = 'effective-on',
  ) {}

  reset(): void {
    this.when = 'now';
    this.date = '';
    this.invalid = false;
  }

  /**
   * The `effectiveOn` of the request: undefined for now, the date when it lies within `days`;
   * null (and the field marked) when a date is asked for but missing or out of range.
   */
  effectiveOn(days: { min: string; max: string } | null): string | undefined | null {
    if (this.when === 'now' || days === null) return undefined;
    this.invalid = !/^\d{4}-\d{2}-\d{2}$/.test(this.date) || this.date < days.min || this.date > days.max;
    return this.invalid ? null : this.date;
  }

  render(days: { min: string; max: string } | null): TemplateResult {
    const t = this.i18n.of(scheduleMessages);
    const choose = (when: 'now' | 'date') => () => {
      this.when = when;
      this.invalid = false;
      if (when === 'date' && this.date === '' && days !== null) this.date = days.max;
      this.changed();
    };
    const deadline = days === null ? '' : formatIsoDate(days.max, this.i18n.locale);
    const hintId = `${this.id}-hint`;
    const errorId = `${this.id}-error`;
    return html`<fieldset part="schedule">
      <legend>${t('when')}</legend>
      ${renderChoice(`${this.id}-when`, t('now'), this.when === 'now', choose('now'))}
      ${days === null
        ? html`<p class="muted" part="schedule-note">${t('noDate')}</p>`
        : html`${renderChoice(`${this.id}-when`, t('onDate'), this.when === 'date', choose('date'))}
            ${this.when === 'date'
              ? html`<div class="field">
                  <label for=${this.id}>${t('date')}</label>
                  <input id=${this.id} class="input" type="date" min=${days.min} max=${days.max} required
                    aria-invalid=${this.invalid ? 'true' : 'false'} aria-describedby="${hintId}${this.invalid ? ` ${errorId}` : ''}"
                    .value=${live(this.date)} @input=${(e: Event) => {
                      this.date = (e.target as HTMLInputElement).value;
                      this.invalid = false;
                      this.changed();
                    }} />
                  <p id=${hintId} class="muted hint">${t('dateHint', { deadline })}</p>
                  ${this.invalid ? html`<p id=${errorId} class="field-error">${t('invalidDate', { deadline })}</p>` : nothing}
                </div>`
              : nothing}`}
    </fieldset>`;
  }
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
