import { Task, TaskStatus } from '@lit/task';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { FoundLicense, License } from '../../api/contract/schemas.js';
import { csvFileName } from '../../csv/csv.js';
import { addDays, formatIsoDate, formatMoney, todayIn } from '../../format/index.js';
import { pluralKey } from '../../locales/index.js';
import { renewalsExportMessages, renewalsMessages } from '../../locales/renewals.js';
import { controls } from '../../styles/controls.js';
import { base } from '../../styles/tokens.js';
import { BulkActions, earliestDeadline } from '../shared/bulk-actions.js';
import { ExportController } from '../shared/export-controller.js';
import { LicensesController } from '../shared/licenses-controller.js';
import { LocaleController } from '../shared/locale-controller.js';
import { scheduledChangeText } from '../shared/scheduled-change.js';
import { Selection } from '../shared/selection.js';
import { workStyles } from '../shared/work.styles.js';
import { chargeOf, groupCounts, groupPages, groupQuery, type Group, type Window } from './renewals-data.js';
import { RenewalRows } from './renewals-rows.js';

const PAGE = 50;
const WINDOWS = ['30', '60', '90', 'dates'] as const;

/**
 * What renews and what lapses: the licenses whose term ends in the next 30, 60 or 90 days
 * (or between two dates), split into those that will renew (auto-renew on) and the active
 * ones that will lapse, with each group's count and what the renewals will charge (each
 * product's count times its catalog price; it says so when a price is unknown). Each row
 * shows its product, code, customer, end of term, the renewal deadline with the days left,
 * and a pending scheduled change. Select rows, or all that match (the whole group, not one
 * page), to switch auto-renewal now or on a date up to the earliest deadline of the
 * selection, or to resend their orders' confirmations: each runs as a server job whose
 * progress shows. Export saves the whole window as CSV.
 *
 * @summary Licenses expiring in 30/60/90 days: will renew or lapse, totals, bulk changes, CSV.
 *
 * @fires job-started - A bulk job of the selection was started: `detail.job`.
 * @fires job-finished - The job answered every row: `detail.job`.
 * @fires export-finished - The window was saved as CSV: `{ kind: 'renewals', fileName, rows }`.
 * @fires licenses-error - Loading, a job or the export failed.
 *
 * @csspart base - The wrapper of everything.
 * @csspart totals - The two groups with their counts and the amount renewals will charge.
 * @csspart group-button - The button of each group, which shows its licenses.
 * @csspart selection - The count of selected licenses, 'Select all N that match' and Clear.
 * @csspart select-all-button - Selects every license of the group that matches.
 * @csspart bulk-form - Auto-renewal on or off, now or on a date, for the selection.
 * @csspart bulk-submit - Starts the billing change job.
 * @csspart resend-button - Starts the confirmation email job.
 * @csspart schedule - The choice between now and a date.
 * @csspart job-progress - The job's progress bar and its label.
 * @csspart table - The table of licenses.
 * @csspart row - Each license's row.
 * @csspart select-row - Each row's checkbox.
 * @csspart select-page - The checkbox that selects the rows shown.
 * @csspart export-button - Export.
 * @csspart export-progress - The export's progress, while it runs.
 * @csspart error - Why loading failed, with Retry.
 *
 * @cssprop --viewport-height - The largest height of the scrolling table (32rem).
 */
export class LicensesRenewalsElement extends LitElement {
  static override styles = [base, controls, workStyles];

  @state() private group: Group = 'lapse';
  @state() private cursors: (string | null)[] = [null];
  @state() private index = 0;

  /** The window: the next 30, 60 or 90 days, unless `from` and `to` are given. */
  @property({ type: Number, reflect: true }) days = 30;
  /** The first day of a window between dates (`YYYY-MM-DD`), with `to`. */
  @property({ reflect: true }) from: string | null = null;
  /** The last day of a window between dates (`YYYY-MM-DD`), with `from`. */
  @property({ reflect: true }) to: string | null = null;
  /** How often a running job is looked at, in milliseconds. */
  @property({ type: Number, attribute: 'poll-interval' }) pollInterval = 1000;

  private readonly api = new LicensesController(this, { licenseChanged: (l) => this.licenseChanged(l) });
  private readonly i18n = new LocaleController(this, () => this.api.settings);
  private readonly selection = new Selection(() => this.requestUpdate());
  private readonly rows = new RenewalRows(this.i18n, this.selection);
  private readonly exporter = new ExportController<FoundLicense & { group: Group }>(this, this.api, this.i18n);
  private readonly bulk = new BulkActions(this, this.api, this.i18n, this.selection, {
    licenses: () => this.selectedLicenses(),
    earliestDeadline: () => this.earliestDeadline(),
    matching: () => this.page.value?.total ?? null,
    finished: () => this.reload(),
    pollMs: () => this.pollInterval,
  });

  // The rows' page is asked first, and the counts and the catalog follow it: asked first,
  // those two answer in a moment and paint on their own, which delays the rows' paint and
  // brings the totals no sooner (they need the rows' total). Each row names its product,
  // and the page's total is its group's count.
  private readonly page = new Task(this, {
    task: async ([client, from, to, group, cursor], { signal }) => {
      if (client === null) return null;
      const query = { ...groupQuery(group, { from, to }), limit: PAGE, ...(cursor === null ? {} : { cursor }) };
      const page = await this.api.load('searchLicenses', () => client.searchLicenses(query, { signal }));
      return { ...page, group, from, to };
    },
    args: () => [this.api.client, this.window.from, this.window.to, this.group, this.cursors[this.index] ?? null] as const,
  });

  // The renewals of the window in all and for each product, in one request: the 'will renew'
  // count, and with the catalog's prices what the renewals will charge.
  private readonly renewing = new Task(this, {
    task: async ([client, from, to], { signal }) => (client ? this.api.load('countLicenses', () => groupCounts(client, 'renew', { from, to }, signal)) : null),
    args: () => [this.api.client, this.window.from, this.window.to] as const,
  });

  // The 'will lapse' count, asked only while the rows shown are another group's.
  private readonly lapsing = new Task(this, {
    task: async ([client, from, to, shown], { signal }) =>
      client && shown !== 'lapse' ? this.api.load('countLicenses', async () => (await groupCounts(client, 'lapse', { from, to }, signal)).total) : null,
    args: () => [this.api.client, this.window.from, this.window.to, this.group] as const,
  });

  private readonly catalog = new Task(this, {
    task: async ([client], { signal }) => (client ? this.api.load('getCatalog', () => client.getCatalog({ signal })) : null),
    args: () => [this.api.client] as const,
  });

  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.i18n.afterLoading(() => super.scheduleUpdate());
  }

  private get t() {
    return this.i18n.of(renewalsMessages);
  }

  /** The days of the window, both included. */
  get window(): Window {
    if (this.from && this.to) return { from: this.from, to: this.to };
    const today = todayIn(this.i18n.timeZone);
    return { from: today, to: addDays(today, this.days) };
  }

  private licenseChanged(license: License): void {
    this.selection.refresh(license);
    if (this.page.value?.items.some((l) => l.id === license.id)) this.reload();
  }

  private reload(): void {
    void this.page.run();
    void this.renewing.run();
    void this.lapsing.run();
  }

  /** Each group's count in the window, once known: 'will lapse' is its rows' total while they are shown. */
  private counts(): { renew: number | undefined; lapse: number | undefined } {
    const page = this.page.value;
    const { from, to } = this.window;
    const shown = page && page.group === 'lapse' && page.from === from && page.to === to ? page.total : undefined;
    return { renew: this.renewing.value?.total, lapse: this.group === 'lapse' ? shown : (this.lapsing.value ?? undefined) };
  }

  private restart(change: () => void): void {
    change();
    this.cursors = [null];
    this.index = 0;
    this.selection.clear();
  }

  private async selectedLicenses(): Promise<License[]> {
    if (!this.selection.allMatching) return [...this.selection.picked.values()];
    const client = this.api.client;
    if (client === null) return [];
    const all: License[] = [];
    for await (const page of groupPages(client, this.group, this.window)) all.push(...page.items);
    return all;
  }

  /** The earliest deadline of the selection: for all that match, the first license's (the group is sorted by end of term). */
  private earliestDeadline(): string | null {
    return earliestDeadline(this.selection.allMatching ? (this.page.value?.items.slice(0, 1) ?? []) : this.selection.picked.values());
  }

  /** Saves every license of the window, both groups, as a CSV file, with each product's price from the catalog. */
  async exportCsv(): Promise<void> {
    const client = this.api.client;
    if (client === null || this.exporter.running) return;
    const window = this.window;
    const { t } = this;
    const locale = this.i18n.locale;
    const yesNo = (value: boolean) => this.i18n.common(value ? 'true' : 'false');
    await this.exporter.start({
      kind: 'renewals',
      messages: renewalsExportMessages,
      fileName: csvFileName('renewals', window.from, window.to),
      columns: async () => {
        // The catalog the totals loaded, when it is this client's; else asked for now.
        const loaded = this.catalog.status === TaskStatus.COMPLETE ? this.catalog.value : null;
        const catalog = loaded ?? (await client.getCatalog());
        const prices = new Map(catalog.items.map((p) => [p.id, formatMoney(p.unitPrice, locale)]));
        return [
          { header: t('csv.group'), value: (l) => t(l.group === 'renew' ? 'willRenew' : 'willLapse') },
          { header: t('csv.product'), value: (l) => l.product.name },
          { header: t('csv.code'), value: (l) => l.activationCode },
          { header: t('csv.organization'), value: (l) => l.customer?.organization ?? '' },
          { header: t('csv.email'), value: (l) => l.customer?.email ?? '' },
          { header: t('csv.validTo'), value: (l) => l.validTo },
          { header: t('csv.deadline'), value: (l) => l.renewalDeadline },
          { header: t('csv.autoRenew'), value: (l) => yesNo(l.autoRenew) },
          { header: t('csv.scheduled'), value: (l) => scheduledChangeText(l, this.i18n) },
          { header: t('csv.unitPrice'), value: (l) => prices.get(l.product.id) ?? '' },
        ];
      },
      pages: async function* (signal) {
        for (const group of ['renew', 'lapse'] as const) {
          for await (const page of groupPages(client, group, window, signal)) yield { items: page.items.map((l) => ({ ...l, group })), total: page.total };
        }
      },
    });
  }

  private renderWindow(): TemplateResult {
    const { t } = this;
    const chosen = this.from && this.to ? 'dates' : String(this.days);
    const onWindow = (e: Event) => {
      const value = (e.target as HTMLSelectElement).value;
      this.restart(() => {
        if (value === 'dates') {
          const { from, to } = this.window;
          this.from = from;
          this.to = to;
        } else {
          this.from = this.to = null;
          this.days = Number(value);
        }
      });
    };
    const onDate = (which: 'from' | 'to') => (e: Event) => {
      const value = (e.target as HTMLInputElement).value;
      if (/^\d{4}-\d{2}-\d{2}$/.test(value)) this.restart(() => (this[which] = value));
    };
    return html`<div class="toolbar" part="toolbar">
      <div class="field">
        <label for="window">${t('window')}</label>
        <select id="window" class="input" @change=${onWindow}>
          ${WINDOWS.map((w) => html`<option value=${w} ?selected=${chosen === w}>${t(`window.${w}`)}</option>`)}
        </select>
      </div>
      ${chosen === 'dates'
        ? html`<div class="field"><label for="from">${t('from')}</label>
              <input id="from" class="input" type="date" .value=${this.from ?? ''} @change=${onDate('from')} /></div>
            <div class="field"><label for="to">${t('to')}</label>
              <input id="to" class="input" type="date" .value=${this.to ?? ''} @change=${onDate('to')} /></div>`
        : nothing}
      <button class="btn" type="button" part="export-button" ?disabled=${this.exporter.running} @click=${() => void this.exportCsv()}>
        ${this.i18n.common('export')}
      </button>
    </div>`;
  }

  private renderTotals(): TemplateResult {
    const { t } = this;
    const counts = this.counts();
    const renewing = this.renewing.value;
    const cost = renewing && this.catalog.value ? chargeOf(renewing, this.catalog.value) : null;
    const n = (count: number) => t(pluralKey('count', count, this.i18n.locale), { count: this.i18n.count(count) });
    const amount = cost ? cost.amounts.map((m) => formatMoney(m, this.i18n.locale)).join(' + ') : '';
    const unpriced = renewing && cost ? renewing.total - cost.priced : 0;
    const charge = !renewing || !cost || renewing.total === 0
      ? nothing
      : cost.amounts.length === 0
        ? t('chargeUnknown')
        : unpriced > 0
          ? t('chargePartial', { amount, unknown: this.i18n.count(unpriced) })
          : t('charge', { amount });
    const tasks = [this.renewing, this.lapsing, this.catalog];
    const busy = tasks.some((task) => task.status === TaskStatus.PENDING) || (counts.lapse === undefined && this.page.status === TaskStatus.PENDING);
    const failed = tasks.filter((task) => task.status === TaskStatus.ERROR);
    const retry = () => failed.forEach((task) => void task.run());
    const card = (group: Group, label: string, count: number | undefined, extra: unknown) => html`<div class="group">
      <button class="btn" type="button" part="group-button" aria-pressed=${this.group === group ? 'true' : 'false'}
        @click=${() => this.restart(() => (this.group = group))}>${label}</button>
      <strong>${count === undefined ? '…' : n(count)}</strong>
      <p class="muted">${extra}</p>
    </div>`;
    return html`<div class="totals" part="totals" role="group" aria-label=${t('group')} aria-busy=${busy ? 'true' : 'false'}>
      ${card('renew', t('willRenew'), counts.renew, charge)} ${card('lapse', t('willLapse'), counts.lapse, nothing)}
    </div>
    ${failed[0] ? this.api.renderError(failed[0].error, retry, t('totalsFailed')) : nothing}`;
  }

  private renderTable(): TemplateResult {
    const { t } = this;
    const page = this.page.value;
    const items = page?.items ?? [];
    const window = this.window;
    const n = (value: number) => this.i18n.count(value);
    const range = { from: formatIsoDate(window.from, this.i18n.locale), to: formatIsoDate(window.to, this.i18n.locale) };
    const go = (index: number) => () => {
      if (index > 0 && this.cursors[index] === undefined) this.cursors = [...this.cursors.slice(0, index), page?.nextCursor ?? null];
      this.index = index;
    };
    return html`${this.page.status === TaskStatus.ERROR ? this.api.renderError(this.page.error, () => void this.page.run(), t('loadFailed')) : nothing}
      <div class="scroller" role="region" aria-labelledby="caption" tabindex="0">
        <table part="table" aria-busy=${this.page.status === TaskStatus.PENDING ? 'true' : 'false'}>
          <caption id="caption">${t('caption', range)} · ${t(this.group === 'renew' ? 'willRenew' : 'willLapse')}</caption>
          <thead>${this.rows.header(items)}</thead>
          <tbody>
            ${page && items.length === 0 ? html`<tr><td colspan="7" class="muted">${t('empty')}</td></tr>` : items.map((l) => this.rows.row(l))}
          </tbody>
        </table>
      </div>
      ${page && page.total > PAGE
        ? html`<div class="pager">
            <span class="muted">${t('page', { from: n(this.index * PAGE + 1), to: n(this.index * PAGE + items.length), total: n(page.total) })}</span>
            <button class="btn small" type="button" ?disabled=${this.index === 0} @click=${go(this.index - 1)}>${t('previous')}</button>
            <button class="btn small" type="button" ?disabled=${page.nextCursor === null} @click=${go(this.index + 1)}>${t('next')}</button>
          </div>`
        : nothing}`;
  }

  override render() {
    const setup = this.api.renderSetupState();
    if (setup !== nothing) return setup;
    return html`<div class="root" part="base" lang=${this.i18n.locale}>
      <h2>${this.t('title')}</h2>
      ${this.renderWindow()} ${this.exporter.render('export')} ${this.renderTotals()} ${this.bulk.render()} ${this.renderTable()}
    </div>`;
  }
}
