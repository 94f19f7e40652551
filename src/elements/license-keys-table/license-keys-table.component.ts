import { initialState, Task, TaskStatus } from '@lit/task';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { sleep } from '../../internal/abortable.js';
import type { LicensesApi } from '../../api/client.js';
import type { Action, License } from '../../api/contract/schemas.js';
import { LIMITS } from '../../api/contract/values.js';
import { csvFileName } from '../../csv/csv.js';
import { formatCount } from '../../format/index.js';
import { translator } from '../../locales/index.js';
import { licenseKeysTableMessages } from '../../locales/license-keys-table.js';
import '../activate-dialog/activate-dialog.js';
import '../activation-link-dialog/activation-link-dialog.js';
import '../billing-state-dialog/billing-state-dialog.js';
import { copyText } from '../shared/clipboard.js';
import { ExportController, type ExportMessages } from '../shared/export-controller.js';
import { styleProps } from '../shared/style-props.js';
import { LicensesElement } from '../shared/licenses-element.js';
import { styles } from './license-keys-table.styles.js';
import { LicenseRows, NO_FILTER, type LicenseFilter, type LicenseSort, type SortKey } from './license-view.js';
import { RowMenu, type RowAction, type RowMenuItem } from './row-menu.js';
import { COLUMNS, renderHeaderRow, renderRow, renderSkeletonRows, renderSpacer, type CopyWhat } from './rows.js';
import { renderToolbar } from './toolbar.js';
import { VirtualWindow } from './virtual-window.js';

/** The dialog each menu item opens. */
const DIALOGS = {
  'activation-link': 'activation-link-dialog',
  activate: 'activate-dialog',
  'change-billing-state': 'billing-state-dialog',
} as const satisfies Record<RowAction, keyof HTMLElementTagNameMap>;

/** Rows the export hands on at a time, so the page stays responsive. */
const EXPORT_SLICE = 5_000;

/**
 * The license keys of one order: each license's activation code (with copy buttons for the
 * code and its activation link), validity, Auto Renew, Recurrent, distribution company, and
 * an Actions menu (Activation Link, Activate, Change Billing State) whose items follow the
 * license's `actions`. Sort by any column, filter by status or by code / customer email,
 * and export every key of the order as CSV.
 *
 * Give it an `order-id` and it loads all of the order's licenses page by page, showing the
 * first page at once; or give it `.licenses` and it makes no requests. Only the visible rows
 * are in the DOM, so orders of a hundred thousand keys render as fast as ten. It is a real
 * `<table>` (screen readers know tables best): `aria-rowcount` gives the full count and each
 * rendered row its `aria-rowindex`. A license changed by any element of the same provider is
 * replaced where it stands.
 *
 * @summary The license keys of one order: copy, sort, filter, export, and act on each key.
 *
 * @fires export-finished - The keys were saved as CSV: `{ kind: 'license-keys', fileName, rows }`.
 * @fires licenses-error - Loading or exporting failed: `{ code, status, detail, operation }`.
 * @fires license-activated - From the activate dialog, when a license of the table was activated.
 * @fires billing-state-changed - From the billing state dialog, when auto-renewal was switched.
 *
 * @csspart base - The wrapper of everything.
 * @csspart toolbar - The filters, the loading progress and the Export button.
 * @csspart export-button - The Export button.
 * @csspart export-progress - The export's progress and Cancel button, while it runs.
 * @csspart export-error - Why the export failed, with Retry.
 * @csspart scroller - The scroll container around the table.
 * @csspart table - The table.
 * @csspart header-cell - Each column header.
 * @csspart sort-button - The button of a sortable column header.
 * @csspart row - Each license's row.
 * @csspart cell - Each cell of a license's row.
 * @csspart copy-button - The buttons that copy the activation code and the activation link.
 * @csspart actions-button - Each row's Actions menu button.
 * @csspart menu - The open Actions menu.
 * @csspart menu-item - Each item of the Actions menu.
 * @csspart error - Why loading failed, with Retry.
 *
 * @cssprop --row-height - The height of every row; content never makes a row taller (2.75rem).
 * @cssprop --viewport-height - The largest height of the scrolling table (30rem).
 */
export class LicenseKeysTableElement extends LicensesElement {
  static override styles = styles;

  @state() private sort: LicenseSort | null = null;
  @state() private filter: LicenseFilter = NO_FILTER;
  @state() private copied: string | null = null;
  @state() private announcement = '';

  /** The order whose licenses are shown; every page of them is loaded. */
  @property({ attribute: 'order-id', reflect: true }) orderId: string | null = null;

  /** The order number, for the export's file name; asked from the API when not given. */
  @property({ attribute: 'order-number' }) orderNumber: string | null = null;

  /** Licenses to show instead of loading the order's; nothing is requested then. */
  @property({ attribute: false }) licenses: License[] | null = null;

  private readonly rows = new LicenseRows();
  private total = 0;
  /** Where loading stopped after a failure, so Retry goes on from there. */
  private resume: { client: LicensesApi; orderId: string; cursor: string } | null = null;
  private copiedTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly window = new VirtualWindow(this, { scroller: '.scroller', probe: '.probe', header: 'thead > tr' });
  private readonly menu = new RowMenu(this, {
    items: (license) => this.menuItems(license),
    choose: (action, license) => this.renderRoot.querySelector(DIALOGS[action])?.open(license),
  });
  private readonly exporter = new ExportController<License>(this, {
    onError: (error) => this.reportError(error, 'exportLicenseKeys'),
  });

  // The first rows show while later pages still load, so the states are rendered from the
  // loaded rows and the task's status rather than with `task.render()`.
  // Only whether licenses are supplied matters to it: new rows for `.licenses` must not run
  // the task again, which would cost the table a second render before its first frame.
  private readonly loader = new Task(this, {
    task: ([client, orderId, supplied], { signal }) =>
      supplied || client === null || orderId === null
        ? Promise.resolve(initialState)
        : this.loadPages(client, orderId, signal),
    args: () => [this.client, this.orderId, this.licenses !== null] as const,
  });

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('licenses') && (this.licenses !== null || changed.get('licenses'))) {
      this.rows.reset(this.licenses ?? []);
      this.total = this.rows.loaded;
      this.window.scrollToStart();
    }
    if (changed.has('sort') || changed.has('ctx')) this.rows.setSort(this.sort, this.locale);
    if (changed.has('filter')) this.rows.setFilter(this.filter);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.copiedTimer);
  }

  protected override licenseChanged(license: License): void {
    if (this.rows.replace(license)) this.requestUpdate();
  }

  private get t() {
    return translator(licenseKeysTableMessages, this.locale);
  }

  private async loadPages(client: LicensesApi, orderId: string, signal: AbortSignal): Promise<number> {
    let cursor: string | undefined;
    if (this.resume !== null && this.resume.client === client && this.resume.orderId === orderId) {
      cursor = this.resume.cursor;
    } else {
      this.resume = null;
      this.rows.reset([]);
      this.total = 0;
      this.window.scrollToStart();
    }
    let yielded = 0;
    try {
      do {
        const query = cursor === undefined ? { limit: LIMITS.licensesPage } : { limit: LIMITS.licensesPage, cursor };
        const page = await client.listLicenses(orderId, query, { signal });
        this.rows.append(page.items);
        this.total = Math.max(page.total, this.rows.loaded);
        cursor = page.nextCursor ?? undefined;
        this.resume = cursor === undefined ? null : { client, orderId, cursor };
        this.requestUpdate();
        // A fast client answers within microtasks: give the browser a turn to paint the first
        // page, and then one a frame, so the rows show and scroll while the rest loads.
        if (cursor !== undefined && performance.now() - yielded > 16) {
          await sleep(0);
          yielded = performance.now();
          signal.throwIfAborted();
        }
      } while (cursor !== undefined);
    } catch (error) {
      this.reportError(error, 'listLicenses');
      throw error;
    }
    return this.rows.loaded;
  }

  private menuItems(license: License): RowMenuItem[] {
    const reason = (action: Action) =>
      action.allowed ? null : action.reason === null ? this.t('notAvailable') : this.tc(`reason.${action.reason}`);
    return [
      { action: 'activation-link', label: this.t('activationLink'), reason: null },
      { action: 'activate', label: this.t('activate'), reason: reason(license.actions.activate) },
      { action: 'change-billing-state', label: this.t('changeBillingState'), reason: reason(license.actions.changeBillingState) },
    ];
  }

  private async copy(license: License, what: CopyWhat): Promise<void> {
    const ok = await copyText(what === 'code' ? license.activationCode : license.activationLink, this.renderRoot);
    clearTimeout(this.copiedTimer);
    this.copied = ok ? `${license.id}|${what}` : null;
    this.copiedTimer = setTimeout(() => (this.copied = null), 2000);
    // Emptied first, so that a second 'Copied' is read again.
    this.announcement = '';
    await this.updateComplete;
    this.announcement = this.tc(ok ? 'copied' : 'copyFailed');
  }

  private sortBy(key: SortKey): void {
    const ascending = this.sort?.key !== key || this.sort.direction === 'descending';
    this.sort = { key, direction: ascending ? 'ascending' : 'descending' };
  }

  /** The order number for the file name: given, else asked from the API, else the order id. */
  private async fileStem(): Promise<string> {
    if (this.orderNumber) return this.orderNumber;
    if (this.client === null || this.orderId === null) return this.orderId ?? '';
    try {
      this.orderNumber = (await this.client.getOrder(this.orderId)).orderNumber;
      return this.orderNumber;
    } catch {
      return this.orderId;
    }
  }

  /** Every loaded license from `from` on, once loading has finished (resumed when it had failed). */
  private async exportSlice(from: number, signal: AbortSignal) {
    if (this.licenses === null && this.loader.status !== TaskStatus.INITIAL) {
      if (this.loader.status === TaskStatus.ERROR) void this.loader.run();
      await this.loader.taskComplete;
    }
    signal.throwIfAborted();
    const items = this.rows.source.slice(from, from + EXPORT_SLICE);
    const next = from + items.length;
    return { items, nextCursor: next < this.rows.loaded ? String(next) : null, total: this.rows.loaded };
  }

  private exportMessages(): ExportMessages {
    const n = (value: number) => formatCount(value, this.locale);
    return {
      // While the rest of the order loads, the export shows the loading's progress.
      progress: (done, total) =>
        this.tc('exporting', total === null ? { done: n(this.rows.loaded), total: n(this.total) } : { done: n(done), total: n(total) }),
      cancel: this.tc('exportCancel'),
      finished: (rows, fileName) => this.t('exported', { rows: n(rows), fileName }),
      canceled: this.t('exportCanceled'),
      failed: this.t('exportFailed'),
      retry: this.tc('retry'),
      describe: (error) => this.describeError(error),
    };
  }

  private renderBody(loading: boolean) {
    const view = this.rows.view;
    if (view.length === 0) {
      if (loading) return renderSkeletonRows(8);
      return html`<tr><td class="message-cell" colspan=${COLUMNS.length}>${this.t(this.rows.loaded === 0 ? 'empty' : 'noMatch')}</td></tr>`;
    }
    const { start, end } = this.window.range;
    const context = {
      t: this.t,
      yes: this.tc('true'),
      no: this.tc('false'),
      locale: this.locale,
      menu: this.menu,
      copied: this.copied,
      copy: (license: License, what: CopyWhat) => void this.copy(license, what),
    };
    return html`${renderSpacer(this.window.before)}${repeat(
      view.slice(start, end),
      (license) => license.id,
      (license, i) => renderRow(license, start + i, context),
    )}${renderSpacer(this.window.after)}`;
  }

  /**
   * Saves every license of the order as a CSV file, whatever the filter shows, after loading
   * the pages still missing; fires `export-finished`. Resolves when the export has ended.
   */
  async exportCsv(): Promise<void> {
    if (this.exporter.running) return;
    const fileName = csvFileName(await this.fileStem(), 'license-keys');
    const locale = this.locale;
    await this.exporter.start({
      kind: 'license-keys',
      fileName,
      columns: async () => (await import('../../csv/columns.js')).licenseKeyColumns(locale),
      fetchPage: (cursor, signal) => this.exportSlice(cursor === null ? 0 : Number(cursor), signal),
    });
  }

  override render() {
    if (this.licenses === null) {
      const setup = this.renderSetupState();
      if (setup !== nothing) return setup;
    }
    const failed = this.loader.status === TaskStatus.ERROR;
    const retry = () => void this.loader.run();
    if (failed && this.rows.loaded === 0) {
      return html`<div class="root" part="base">${this.renderError(this.loader.error, retry, this.t('loadFailed'))}</div>`;
    }
    const loading = this.licenses === null && this.loader.status === TaskStatus.PENDING;
    const count = this.rows.view.length;
    this.window.setCount(count);
    const n = (value: number) => formatCount(value, this.locale);
    // A native <table> rather than ARIA roles on divs: every screen reader navigates it by
    // row and column, and the row header names each row. `table-layout: fixed` with the
    // <colgroup> keeps the columns still while rows come and go in the window.
    return html`<div class="root" part="base" lang=${this.locale}>
      ${renderToolbar({
        t: this.t,
        statusName: (status) => this.tc(`status.${status}`),
        exportLabel: this.tc('export'),
        loadingLabel: this.tc('loading'),
        locale: this.locale,
        filter: this.filter,
        loaded: this.rows.loaded,
        total: this.total,
        shown: count,
        loading,
        exporting: this.exporter.running,
        setFilter: (filter) => (this.filter = filter),
        export: () => void this.exportCsv(),
      })}
      ${this.exporter.render(this.exportMessages(), 'export')}
      ${failed ? this.renderError(this.loader.error, retry, this.t('loadStopped', { loaded: n(this.rows.loaded), total: n(this.total) })) : nothing}
      <div class="scroller" part="scroller" role="region" aria-labelledby="caption" tabindex="0"
        ${styleProps({ 'scroll-padding-top': `${this.window.headerHeight}px` })}
        @keydown=${this.window.onKeydown}>
        <table part="table" aria-rowcount=${count > 0 ? count + 1 : nothing} aria-busy=${loading ? 'true' : 'false'}>
          <caption id="caption" class="visually-hidden">${this.t('caption')}</caption>
          <colgroup>
            <col class="c-code" /><col class="c-date" /><col class="c-date" /><col class="c-bool" /><col class="c-bool" /><col /><col class="c-actions" />
          </colgroup>
          <thead>
            <tr aria-rowindex=${count > 0 ? 1 : nothing}>
              ${renderHeaderRow({ t: this.t, sort: this.sort, sortBy: (key) => this.sortBy(key) })}
            </tr>
          </thead>
          <tbody>${this.renderBody(loading)}</tbody>
        </table>
      </div>
      <div class="probe"></div>
      <div class="visually-hidden" role="status">${this.announcement}</div>
      ${this.menu.render()}
      <activation-link-dialog></activation-link-dialog>
      <activate-dialog></activate-dialog>
      <billing-state-dialog></billing-state-dialog>
    </div>`;
  }
}
