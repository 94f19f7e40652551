/** The renewals table's header and rows as templates; every value is a text binding. */
import { html, nothing, type TemplateResult } from 'lit';
import type { FoundLicense, License } from '../../api/contract/schemas.js';
import { formatIsoDate, todayIn } from '../../format/index.js';
import { jobMessages } from '../../locales/jobs.js';
import { pluralKey } from '../../locales/index.js';
import { renewalsMessages } from '../../locales/renewals.js';
import type { LocaleController } from '../shared/locale-controller.js';
import { scheduledChangeText } from '../shared/scheduled-change.js';
import type { Selection } from '../shared/selection.js';

/** Whole days from `from` to `to` (ISO dates). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export class RenewalRows {
  constructor(
    private readonly i18n: LocaleController,
    private readonly selection: Selection,
  ) {}

  /** The deadline with the days left to it ('12 Dec 2026 (5 days left)'). */
  deadline(license: License): string {
    const t = this.i18n.of(renewalsMessages);
    if (license.renewalDeadline === null) return '';
    const date = formatIsoDate(license.renewalDeadline, this.i18n.locale);
    const left = daysBetween(todayIn(this.i18n.timeZone), license.renewalDeadline);
    if (left < 0) return t('deadlinePassed', { date });
    return t(pluralKey('daysLeft', left, this.i18n.locale), { date, count: this.i18n.count(left) });
  }

  header(shown: readonly License[]): TemplateResult {
    const t = this.i18n.of(renewalsMessages);
    const all = shown.length > 0 && shown.every((l) => this.selection.has(l));
    return html`<tr>
      <th scope="col" class="check">
        <input type="checkbox" part="select-page" aria-label=${this.i18n.of(jobMessages)('selectPage')} .checked=${all}
          ?disabled=${shown.length === 0} @change=${(e: Event) => this.selection.toggleAll(shown, (e.target as HTMLInputElement).checked)} />
      </th>
      <th scope="col">${t('code')}</th>
      <th scope="col">${t('product')}</th>
      <th scope="col">${t('customer')}</th>
      <th scope="col">${t('validTo')}</th>
      <th scope="col">${t('deadline')}</th>
      <th scope="col">${t('pending')}</th>
    </tr>`;
  }

  row(license: FoundLicense): TemplateResult {
    const tj = this.i18n.of(jobMessages);
    const customer = license.customer;
    return html`<tr part="row">
      <td class="check">
        <input type="checkbox" part="select-row" aria-label=${tj('selectRow', { code: license.activationCode.slice(0, 64) })}
          .checked=${this.selection.has(license)} @change=${(e: Event) => this.selection.toggle(license, (e.target as HTMLInputElement).checked)} />
      </td>
      <th scope="row" class="mono wrap">${license.activationCode}</th>
      <td class="wrap">${license.product.name}</td>
      <td class="wrap">${customer === null ? nothing : html`${customer.organization}<br /><span class="muted">${customer.email}</span>`}</td>
      <td>${formatIsoDate(license.validTo, this.i18n.locale)}</td>
      <td>${this.deadline(license)}</td>
      <td class="wrap">${scheduledChangeText(license, this.i18n) ?? nothing}</td>
    </tr>`;
  }
}
