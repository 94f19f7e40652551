import { initialState, Task, TaskStatus } from '@lit/task';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { sleep } from '../../internal/abortable.js';
import type { LicensesApi } from '../../api/client.js';
import type { Action, License } from '../../api/contract/schemas.js';
import { LIMITS } from '../../api/contract/values.js';
import { csvFileName } from '../../csv/csv.js';
import { licenseKeysTableMessages } from '../../locales/license-keys-table.js';
import '../activate-dialog/activate-dialog.js';
import '../activation-link-dialog/activation-link-dialog.js';
import '../billing-state-dialog/billing-state-dialog.js';
import { CopyController } from '../shared/copy-controller.js';
import { ExportController, type ExportPage } from '../shared/export-controller.js';
import { LicensesController } from '../shared/licenses-controller.js';
import { LocaleController } from '../shared/locale-controller.js';
import { styleProps } from '../shared/style-props.js';
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
export class LicenseKeysTableElement extends LitElement {
  static override styles = styles;

  @state() private sort: LicenseSort | null = null;
  @state() private filter: LicenseFilter = NO_FILTER;

  /** The order whose licenses are shown; every page of them is loaded. */
  @property({ attribute: 'order-id', reflect: true }) orderId: string | null = null;

  /** The order number, for the export's file name; asked from the API when not given. */
  @property({ attribute: 'order-number' }) orderNumber: string | null = null;

  /** Licenses to show instead of loading the order's; nothing is requested then. */
  @property({ attribute: false }) licenses: License[] | null = null;

  private readonly api = new LicensesController(this, {
    contextChanged: () => (this.contextChanged = true),
    licenseChanged: (license) => this.rows.replace(license) && this.requestUpdate(),
  });
  private readonly i18n = new LocaleController(this, () => this.api.settings);
  private contextChanged = false;
  private readonly rows = new LicenseRows();
  private total = 0;
  /** Where loading stopped after a failure, so Retry goes on from there. */
  private resume: { client: LicensesApi; orderId: string; cursor: string } | null = null;
  private readonly clipboard = new CopyController(this, { fadeMs: 2000 });
  private readonly window = new VirtualWindow(this, { scroller: '.scroller', probe: '.probe', header: 'thead > tr' });
  private readonly menu = new RowMenu(this, {
    items: (license) => this.menuItems(license),
    choose: (action, license) => this.renderRoot.querySelector(DIALOGS[action])?.open(license),
  });
  private readonly exporter = new ExportController<License>(this, this.api, this.i18n);

  // The first rows show while later pages still load, so the states are rendered from the
  // loaded rows and the task's status rather than with `task.render()`.
  // Only whether licenses are supplied matters to it: new rows for `.licenses` must not run
  // the task again, which would cost the table a second render before its first frame.
  private readonly loader = new Task(this, {
    task: ([client, orderId, supplied], { signal }) =>
      supplied || client === null || orderId === null
        ? Promise.resolve(initialState)
        : this.loadPages(client, orderId, signal),
    args: () => [this.api.client, this.orderId, this.licenses !== null] as const,
  });

  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.i18n.afterLoading(() => super.scheduleUpdate());
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('licenses') && (this.licenses !== null || changed.get('licenses'))) {
      this.rows.reset(this.licenses ?? []);
      this.total = this.rows.loaded;
      this.window.scrollToStart();
    }
    if (changed.has('sort') || this.contextChanged) this.rows.setSort(this.sort, this.i18n.locale);
    this.contextChanged = false;
    if (changed.has('filter')) this.rows.setFilter(this.filter);
  }

  private get t() {
    return this.i18n.of(licenseKeysTableMessages);
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
      this.api.reportError(error, 'listLicenses');
      throw error;
    }
    return this.rows.loaded;
  }

  private menuItems(license: License): RowMenuItem[] {
    const reason = (action: Action) =>
      action.allowed ? null : action.reason === null ? this.t('notAvailable') : this.i18n.common(`reason.${action.reason}`);
    return [
      { action: 'activation-link', label: this.t('activationLink'), reason: null },
      { action: 'activate', label: this.t('activate'), reason: reason(license.actions.activate) },
      { action: 'change-billing-state', label: this.t('changeBillingState'), reason: reason(license.actions.changeBillingState) },
    ];
  }

  private copy(license: License, what: CopyWhat): void {
    const text = what === 'code' ? license.activationCode : license.activationLink;
    void this.clipboard.copy(text, `${license.id}|${what}`, (ok) => this.i18n.common(ok ? 'copied' : 'copyFailed'));
  }

  private sortBy(key: SortKey): void {
    const ascending = this.sort?.key !== key || this.sort.direction === 'descending';
    this.sort = { key, direction: ascending ? 'ascending' : 'descending' };
  }

  /** The order number for the file name: given, else asked from the API, else the order id. */
  private async fileStem(): Promise<string> {
    if (this.orderNumber) return this.orderNumber;
    if (this.api.client === null || this.orderId === null) return this.orderId ?? '';
    try {
      this.orderNumber = (await this.api.client.getOrder(this.orderId)).orderNumber;
      return this.orderNumber;
    } catch {
      return this.orderId;
    }
  }

  /**
   * Every license of the order, a slice at a time, once loading has finished (resumed when it
   * had failed); `.licenses` as they are.
   */
  private async *exportPages(signal: AbortSignal): AsyncGenerator<ExportPage<License>> {
    if (this.licenses === null && this.loader.status !== TaskStatus.INITIAL) {
      if (this.loader.status === TaskStatus.ERROR) void this.loader.run();
      await this.loader.taskComplete;
    }
    for (let from = 0; from < this.rows.loaded; from += EXPORT_SLICE) {
      signal.throwIfAborted();
      yield { items: this.rows.source.slice(from, from + EXPORT_SLICE), total: this.rows.loaded };
    }
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
      yes: this.i18n.common('true'),
      no: this.i18n.common('false'),
      locale: this.i18n.locale,
      menu: this.menu,
      copied: this.clipboard.last?.ok ? this.clipboard.last.key : null,
      copy: (license: License, what: CopyWhat) => this.copy(license, what),
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
    const locale = this.i18n.locale;
    await this.exporter.start({
      kind: 'license-keys',
      fileName,
      columns: async () => (await import('../../csv/columns.js')).licenseKeyColumns(locale),
      pages: (signal) => this.exportPages(signal),
    });
  }

  override render() {
    if (this.licenses === null) {
      const setup = this.api.renderSetupState();
      if (setup !== nothing) return setup;
    }
    const failed = this.loader.status === TaskStatus.ERROR;
    const retry = () => void this.loader.run();
    if (failed && this.rows.loaded === 0) {
      return html`<div class="root" part="base">${this.api.renderError(this.loader.error, retry, this.t('loadFailed'))}</div>`;
    }
    const loading = this.licenses === null && this.loader.status === TaskStatus.PENDING;
    const count = this.rows.view.length;
    this.window.setCount(count);
    const n = (value: number) => this.i18n.count(value);
    // A native <table> rather than ARIA roles on divs: every screen reader navigates it by
    // row and column, and the row header names each row. `table-layout: fixed` with the
    // <colgroup> keeps the columns still while rows come and go in the window.
    return html`<div class="root" part="base" lang=${this.i18n.locale}>
      ${renderToolbar({
        t: this.t,
        statusName: (status) => this.i18n.common(`status.${status}`),
        exportLabel: this.i18n.common('export'),
        loadingLabel: this.i18n.common('loading'),
        locale: this.i18n.locale,
        filter: this.filter,
        loaded: this.rows.loaded,
        total: this.total,
        shown: count,
        loading,
        exporting: this.exporter.running,
        setFilter: (filter) => (this.filter = filter),
        export: () => void this.exportCsv(),
      })}
      ${this.exporter.render('export')}
      ${failed ? this.api.renderError(this.loader.error, retry, this.t('loadStopped', { loaded: n(this.rows.loaded), total: n(this.total) })) : nothing}
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
      <div class="visually-hidden" role="status">${this.clipboard.announcement}</div>
      ${this.menu.render()}
      <activation-link-dialog></activation-link-dialog>
      <activate-dialog></activate-dialog>
      <billing-state-dialog></billing-state-dialog>
    </div>`;
  }
}
