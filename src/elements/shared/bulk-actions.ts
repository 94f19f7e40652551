import { css, html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Job, License } from '../../api/contract/schemas.js';
import { LIMITS } from '../../api/contract/values.js';
import { jobMessages } from '../../locales/jobs.js';
import { renderChoice } from './dialog-parts.js';
import { JobController } from './job-controller.js';
import type { LicensesController } from './licenses-controller.js';
import type { LocaleController } from './locale-controller.js';
import { schedulableDays, ScheduleFields } from './schedule-fields.js';
import type { Selection } from './selection.js';

/**
 * The selection checkboxes', the selection bar's and the bulk form's layout, for a host whose
 * own styles lack it: the keys table adopts it with its lazy chunk, so its up-front styles
 * stay as they were.
 */
export const bulkStyles = css`
  .pick {
    flex: none;
    width: 1rem;
    height: 1rem;
    margin: 0 var(--_s1) 0 0;
    accent-color: var(--_accent);
  }
  .selection,
  .bulk,
  .bulk .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_s2) var(--_s3);
    margin-block: var(--_s2);
  }
  .bulk fieldset {
    margin: 0;
    padding: 0;
    border: 0;
  }
  .bulk legend {
    font-weight: 600;
  }
  .bulk .choice {
    display: inline-flex;
    align-items: center;
    gap: var(--_s1);
    margin-inline-end: var(--_s3);
  }
  .job progress {
    width: 100%;
  }
`;

/** The earliest renewal deadline of `licenses`, or null when none has one. */
export function earliestDeadline(licenses: Iterable<License>): string | null {
  let earliest: string | null = null;
  for (const { renewalDeadline } of licenses) {
    if (renewalDeadline !== null && (earliest === null || renewalDeadline < earliest)) earliest = renewalDeadline;
  }
  return earliest;
}

/** Bulk actions over a list the host holds whole (the keys table's licenses): 'all that match' is every license of `view`. */
export function listActions(
  host: ReactiveControllerHost & HTMLElement,
  api: LicensesController,
  i18n: LocaleController,
  selection: Selection,
  view: () => readonly License[],
  finished: () => void,
): BulkActions {
  const selected = () => (selection.allMatching ? view() : [...selection.picked.values()]);
  return new BulkActions(host, api, i18n, selection, {
    licenses: async () => [...selected()],
    earliestDeadline: () => earliestDeadline(selected()),
    matching: () => view().length,
    finished,
  });
}

export interface BulkActionsOptions {
  /** The selected licenses, all of them (for 'all that match', every page of the filter). */
  licenses: () => Promise<License[]>;
  /** The earliest renewal deadline of the selection: a date may be chosen up to it. */
  earliestDeadline: () => string | null;
  /** How many licenses match the filter, for 'Select all N that match'; null offers no such button. */
  matching: () => number | null;
  /** A job of the selection finished. */
  finished: (job: Job) => void;
  pollMs?: () => number;
}

/**
 * What can be done to a selection of licenses, as server jobs: switch auto-renewal on or
 * off now or on a date (up to the earliest renewal deadline of the selection), or resend
 * the confirmation emails of their orders; the job's progress follows. Shared by
 * `<licenses-renewals>` and `<license-keys-table>`.
 */
export class BulkActions {
  private recurrent = false;
  private readonly schedule: ScheduleFields;
  readonly jobs: JobController;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly api: LicensesController,
    private readonly i18n: LocaleController,
    private readonly selection: Selection,
    private readonly options: BulkActionsOptions,
  ) {
    this.schedule = new ScheduleFields(i18n, () => host.requestUpdate(), 'bulk-effective-on');
    this.jobs = new JobController(host, api, i18n, { pollMs: options.pollMs, finished: (job) => options.finished(job) });
  }

  private async switchAutoRenew(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.jobs.action.busy) return;
    const effectiveOn = this.schedule.effectiveOn(schedulableDays(this.options.earliestDeadline(), this.i18n.timeZone));
    if (effectiveOn === null) {
      this.host.requestUpdate();
      return;
    }
    const licenseIds = (await this.options.licenses()).map((l) => l.id).slice(0, LIMITS.jobRows);
    if (licenseIds.length === 0) return;
    const request = { kind: 'billing_change' as const, licenseIds, recurrent: this.recurrent, ...(effectiveOn === undefined ? {} : { effectiveOn }) };
    if ((await this.jobs.start(request)) !== null) this.selection.clear();
  }

  private async resend(): Promise<void> {
    if (this.jobs.action.busy) return;
    const orderIds = [...new Set((await this.options.licenses()).map((l) => l.orderId))].slice(0, LIMITS.jobRows);
    if (orderIds.length === 0) return;
    if ((await this.jobs.start({ kind: 'confirmation_email', orderIds })) !== null) this.selection.clear();
  }

  /** The selection's count with 'Select all N that match' and Clear, the form, and the job's progress. */
  render(): TemplateResult {
    const t = this.i18n.of(jobMessages);
    const n = (value: number) => this.i18n.count(value);
    const size = this.selection.size;
    const matching = this.options.matching();
    const days = schedulableDays(this.options.earliestDeadline(), this.i18n.timeZone);
    const choose = (recurrent: boolean) => () => {
      this.recurrent = recurrent;
      this.host.requestUpdate();
    };
    return html`<div class="selection" part="selection">
        <span role="status">${size > 0 ? t('selected', { count: n(size) }) : nothing}</span>
        ${size > 0 && matching !== null && matching > size && !this.selection.allMatching
          ? html`<button class="btn small" type="button" part="select-all-button" @click=${() => this.selection.selectAllMatching(matching)}>
              ${t('selectAll', { count: n(matching) })}
            </button>`
          : nothing}
        ${this.selection.allMatching ? html`<span>${t('allSelected', { count: n(size) })}</span>` : nothing}
        ${size > 0 ? html`<button class="btn small" type="button" @click=${() => this.selection.clear()}>${t('clearSelection')}</button>` : nothing}
      </div>
      ${size === 0
        ? nothing
        : html`<form class="bulk" part="bulk-form" novalidate @submit=${(e: SubmitEvent) => void this.switchAutoRenew(e)}>
            <fieldset>
              <legend>${t('bulkLegend')} (${t('bulkFor', { count: n(size) })})</legend>
              ${renderChoice('bulk-recurrent', t('autoRenewOn'), this.recurrent, choose(true))}
              ${renderChoice('bulk-recurrent', t('autoRenewOff'), !this.recurrent, choose(false))}
            </fieldset>
            ${this.schedule.render(days)}
            <div class="toolbar">
              <button class="btn primary" type="submit" part="bulk-submit" ?disabled=${this.jobs.action.busy}>${t('bulkSubmit')}</button>
              <button class="btn" type="button" part="resend-button" ?disabled=${this.jobs.action.busy} @click=${() => void this.resend()}>
                ${t('resend')}
              </button>
            </div>
          </form>`}
      ${this.jobs.render('bulk-job')}`;
  }
}
