import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { HistoryEntry, License } from '../../api/contract/schemas.js';
import { csvFileName } from '../../csv/csv.js';
import { formatInstant } from '../../format/index.js';
import { dialogs } from '../../locales/dialogs.js';
import { licenseDialogs } from '../../locales/license-dialogs.js';
import { controls } from '../../styles/controls.js';
import { base } from '../../styles/tokens.js';
import { DialogController, type LicenseDialog } from '../shared/dialog-controller.js';
import { dialogStyles } from '../shared/dialog.styles.js';
import { ExportController, type ExportPage } from '../shared/export-controller.js';
import { LicensesController } from '../shared/licenses-controller.js';
import { LocaleController } from '../shared/locale-controller.js';
import { HistoryPages } from './history-pages.js';

/** Entries asked for per page on screen, and per request of the export. */
const PAGE = 100;
const EXPORT_PAGE = 500;

/**
 * A license's whole history, oldest first: when (in the provider's time zone), who (a
 * reseller's user, the customer or the system) and what changed. It loads a page at a time
 * (`page-size`), with Load more until nothing is left, and Export saves every entry as CSV.
 * Open it with `open(license)`.
 *
 * @summary A license's whole history, paged, with Export as CSV.
 *
 * @fires export-finished - The history was saved as CSV (`kind: 'license-history'`).
 * @fires licenses-error - Loading or exporting the history failed.
 * @fires ld-request-close - A person asks to close the dialog (`detail.source`); cancelable.
 * @fires ld-after-close - The dialog closed.
 *
 * @csspart base - The wrapper of the dialog.
 * @csspart dialog - The native `<dialog>`.
 * @csspart panel - The dialog's content box.
 * @csspart header - The heading and the activation code.
 * @csspart heading - The heading.
 * @csspart code - The activation code line.
 * @csspart status - The live region saying how many entries are shown.
 * @csspart entries - The scrolling table of entries.
 * @csspart load-more - The Load more button.
 * @csspart export-button - The Export button.
 * @csspart export-progress - The export's progress and Cancel button, while it runs.
 * @csspart export-error - Why the export failed, with Retry.
 * @csspart error - Why loading failed, with Retry.
 * @csspart footer - The row of buttons.
 * @csspart cancel-button - Close.
 *
 * @cssprop --entries-height - The largest height of the scrolling entries (24rem).
 */
export class LicenseHistoryDialogElement extends LitElement implements LicenseDialog {
  static override styles = [
    base,
    controls,
    dialogStyles,
    css`
      :host {
        --entries-height: 24rem;
      }
      dialog {
        width: min(48rem, calc(100vw - 2 * var(--_s3)));
      }
      .entries {
        max-height: var(--entries-height);
        overflow: auto;
        border: 1px solid var(--_border);
        border-radius: var(--_radius-s);
      }
      table {
        width: 100%;
        border-spacing: 0;
        font-size: var(--_size-s);
      }
      th,
      td {
        padding: var(--_s1) var(--_s2);
        text-align: start;
        vertical-align: top;
        border-bottom: 1px solid var(--_border);
        overflow-wrap: anywhere;
        unicode-bidi: isolate;
      }
      thead th {
        position: sticky;
        top: 0;
        background: var(--_raised);
        font-weight: 600;
      }
      .when {
        white-space: nowrap;
      }
      .bar {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: var(--_s2);
      }
    `,
  ];

  /** Clicking the backdrop asks to close the dialog. */
  @property({ type: Boolean, attribute: 'light-dismiss' }) lightDismiss = false;

  /** Entries per page (1 to 500). */
  @property({ type: Number, attribute: 'page-size' }) pageSize: number = PAGE;

  private readonly api = new LicensesController(this);
  private readonly i18n = new LocaleController(this, () => this.api.settings);
  private readonly dialog = new DialogController(this, { lightDismiss: () => this.lightDismiss, code: (license) => license.activationCode });
  private readonly history = new HistoryPages(this, this.api, () => Math.min(500, Math.max(1, Math.floor(this.pageSize) || PAGE)));
  private readonly exporter = new ExportController<HistoryEntry>(this, this.api, this.i18n);

  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.i18n.afterLoading(() => super.scheduleUpdate());
  }

  private get t() {
    return this.i18n.of(licenseDialogs);
  }

  /** Every entry of the history, page by page, for the export. */
  private async *exportPages(license: License, signal: AbortSignal): AsyncGenerator<ExportPage<HistoryEntry>> {
    const client = this.api.client;
    if (client === null) return;
    let cursor: string | null = null;
    let done = 0;
    do {
      const page = await client.getLicenseHistory(license.id, { limit: EXPORT_PAGE, ...(cursor === null ? {} : { cursor }) }, { signal });
      done += page.items.length;
      cursor = page.nextCursor;
      yield { items: page.items, total: done + (cursor === null ? 0 : EXPORT_PAGE) };
    } while (cursor !== null);
  }

  /** Saves every entry of the history as CSV; resolves when the export has ended. */
  async exportCsv(): Promise<void> {
    const license = this.dialog.subject;
    if (license === null || this.exporter.running) return;
    const locale = this.i18n.locale;
    await this.exporter.start({
      kind: 'license-history',
      fileName: csvFileName(license.activationCode, 'history'),
      columns: async () => (await import('./history-columns.js')).historyColumns(locale),
      pages: (signal) => this.exportPages(license, signal),
    });
  }

  private renderEntry(entry: HistoryEntry): TemplateResult {
    const { t } = this;
    return html`<tr>
      <td class="when">${formatInstant(entry.at, this.i18n.locale, this.i18n.timeZone)}</td>
      <td>${entry.actor.name} <span class="muted">(${t(`actor.${entry.actor.kind}`)})</span></td>
      <td>${t(`kind.${entry.kind}`)}</td>
      <td>${entry.detail}</td>
    </tr>`;
  }

  private renderBody(): TemplateResult {
    const { t } = this;
    const tc = this.i18n.common;
    const h = this.history;
    const setup = this.api.renderSetupState();
    if (setup !== nothing) return html`${setup}${this.dialog.renderFooter(tc('close'))}`;
    let content: TemplateResult | typeof nothing = nothing;
    if (h.error !== null && h.entries.length === 0) content = this.api.renderError(h.error, () => h.more(), t('history.failed'));
    else if (h.loading && h.entries.length === 0) content = html`<p class="muted">${tc('loading')}</p>`;
    else if (h.entries.length === 0) content = html`<p class="muted">${t('history.empty')}</p>`;
    else {
      content = html`<div class="entries" part="entries" role="region" aria-labelledby="history-caption" tabindex="0">
        <table>
          <caption id="history-caption" class="visually-hidden">${t('history.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">${t('history.when')}</th>
              <th scope="col">${t('history.who')}</th>
              <th scope="col">${t('history.what')}</th>
              <th scope="col">${t('history.detail')}</th>
            </tr>
          </thead>
          <tbody>${repeat(h.entries, (e) => e.id, (e) => this.renderEntry(e))}</tbody>
        </table>
      </div>`;
    }
    const n = this.i18n.count(h.entries.length);
    return html`<div class="bar">
        <button class="btn" type="button" part="export-button" ?disabled=${this.exporter.running || h.entries.length === 0}
          @click=${() => void this.exportCsv()}>${tc('export')}</button>
        ${h.done || h.entries.length > 0 ? html`<span class="muted">${t(h.done ? 'history.all' : 'history.some', { shown: n })}</span>` : nothing}
      </div>
      ${this.exporter.render('history-export')} ${content}
      ${h.error !== null && h.entries.length > 0 ? this.api.renderError(h.error, () => h.more(), t('history.moreFailed')) : nothing}
      ${h.done || h.entries.length === 0 || h.error !== null
        ? nothing
        : html`<button class="btn" type="button" part="load-more" ?disabled=${h.loading} @click=${() => h.more()}>
            ${h.loading ? t('history.loadingMore') : t('history.loadMore')}
          </button>`}
      ${this.dialog.renderFooter(tc('close'))}`;
  }

  /** Whether the dialog is open (or opening). */
  get isOpen(): boolean {
    return this.dialog.isOpen;
  }

  /** Shows the history of `license` as a modal, from its first page. */
  open(license: License): void {
    this.exporter.cancel();
    this.exporter.state = { phase: 'idle' };
    this.history.start(license.id);
    this.dialog.open(license);
  }

  /** Closes the dialog at once (a person's close fires `ld-request-close` first). */
  close(): void {
    this.history.stop();
    this.dialog.close();
  }

  override render() {
    const status = this.history.done ? this.t('history.all', { shown: this.i18n.count(this.history.entries.length) }) : '';
    return this.dialog.render(this.t('history.title'), this.i18n.of(dialogs)('activationCode'), status, () => this.renderBody());
  }
}
