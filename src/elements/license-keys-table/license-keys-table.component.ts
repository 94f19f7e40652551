import { TaskStatus } from '@lit/task';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Action, License } from '../../api/contract/schemas.js';
import { csvFileName } from '../../csv/csv.js';
import { pluralKey } from '../../locales/index.js';
import { licenseKeysTableMessages } from '../../locales/license-keys-table.js';
import { CopyController } from '../shared/copy-controller.js';
import { ExportController } from '../shared/export-controller.js';
import { LicensesController } from '../shared/licenses-controller.js';
import { LocaleController } from '../shared/locale-controller.js';
import { styleProps } from '../shared/style-props.js';
import { styles } from './license-keys-table.styles.js';
import { LicenseRows, NO_FILTER, type LicenseFilter, type LicenseSort, type SortKey, type StatusFilter } from './license-view.js';
import { OrderLicenses } from './order-licenses.js';
import type { TableBulk } from './table-bulk.js';
import { type DialogAction, dialogsModule, loadDialogs, openDialog } from './table-dialogs.js';
import { RowMenu, type RowAction, type RowMenuItem } from './row-menu.js';
import { chooseColumns, renderSkeletonRows, renderSpacer, RowTemplates, type CopyWhat } from './rows.js';
import { VirtualWindow } from './virtual-window.js';

const STATUSES: readonly StatusFilter[] = ['all', 'available', 'active', 'expired', 'refunded'];

/**
 * The license keys of one order: each license's activation code (with copy buttons for the
 * code and its activation link), validity, Auto Renew, Recurrent, distribution company,
 * status, customer (organization and email, with a button that corrects them) and when it
 * was activated, and an Actions menu (Activation Link, Activate, Change Billing State,
 * Transfer, Deactivate, History) whose items follow the license's `actions`. Choose the
 * columns with `columns`. Sort by any column, filter by status or by code / customer email
 * or organization, and export every key of the order as CSV. Narrower than 600 px, each
 * license is a card.
 *
 * Give it an `order-id` and it loads all of the order's licenses page by page, showing the
 * first page at once; or give it `.licenses` and it makes no requests. Only the visible rows
 * are in the DOM, so orders of a hundred thousand keys render as fast as ten. It is a real
 * `<table>` (screen readers know tables best): `aria-rowcount` gives the full count and each
 * rendered row its `aria-rowindex`. A license changed by any element of the same provider is
 * replaced where it stands (and leaves or joins the filtered rows as the filter says); a
 * corrected customer shows on every row the customer holds.
 *
 * @summary The license keys of one order: copy, sort, filter, export, and act on each key.
 *
 * @fires job-started - A bulk job of the selection (billing change, confirmation emails) was started.
 * @fires job-finished - That job answered every row.
 * @fires export-finished - The keys were saved as CSV: `{ kind: 'license-keys', fileName, rows }`.
 * @fires licenses-error - Loading or exporting failed: `{ code, status, detail, operation }`.
 * @fires license-activated - From the activate dialog, when a license of the table was activated.
 * @fires billing-state-changed - From the billing state dialog, when auto-renewal was switched.
 * @fires license-transferred - From the transfer dialog, when a license passed to another customer.
 * @fires license-deactivated - From the deactivate dialog, when a license became available again.
 * @fires customer-updated - From the customer dialog, when a customer's details were corrected.
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
 * @csspart customer-button - The button in the Customer cell that corrects the customer.
 * @csspart select-row - Each row's checkbox, which selects the license for bulk work.
 * @csspart select-all - The checkbox that selects every license the filter shows.
 * @csspart selection - The count of selected licenses, 'Select all N that match' and Clear.
 * @csspart bulk-form - Auto-renewal on or off, now or on a date, for the selection; and resend.
 * @csspart job-progress - The progress of a bulk job of the selection.
 * @csspart pending-button - In the Auto Renew cell, the pending scheduled change ('Auto-renew off on 12 Jan 2027'); opens the billing state dialog, which can cancel it.
 * @csspart link-void - In place of the link's copy button, when the order was refunded: the code is void.
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

  /**
   * When the order was bought (an instant). With it, a validity that starts with the purchase
   * shows the reseller's day of purchase as its From, as the order's tile does.
   */
  @property({ attribute: 'purchased-at' }) purchasedAt: string | null = null;

  /** Licenses to show instead of loading the order's; nothing is requested then. */
  @property({ attribute: false }) licenses: License[] | null = null;

  /**
   * The columns to show, comma-separated, in any order (the table keeps its own):
   * `code`, `from`, `to`, `autoRenew`, `recurrent`, `distributionCompany`, `status`,
   * `customer`, `activated`. Every column when not set. The activation code and Actions
   * always show.
   */
  @property({ reflect: true }) columns: string | null = null;

  private readonly api = new LicensesController(this, {
    contextChanged: () => (this.contextChanged = true),
    licenseChanged: (license) => this.licenseChanged(license),
    // A cancelled order's licenses are all refunded now.
    orderChanged: (order) => order.id === this.orderId && this.loader.run(),
  });
  private readonly i18n = new LocaleController(this, () => this.api.settings);
  private contextChanged = false;
  private readonly rows = new LicenseRows();
  private readonly loader = new OrderLicenses(this, this.api, this.rows, () => ({
    orderId: this.orderId,
    supplied: this.licenses !== null,
    restarted: () => this.window.scrollToStart(),
  }));
  private readonly clipboard = new CopyController(this, { fadeMs: 2000 });
  private readonly window = new VirtualWindow(this, { scroller: '.scroller', probe: '.probe', header: 'thead > tr' });
  private readonly menu = new RowMenu(this, {
    items: (license) => this.menuItems(license),
    choose: (action, license) => this.openDialog(action, license),
  });
  private readonly exporter = new ExportController<License>(this, this.api, this.i18n);
  /** The selection and its bulk form, made once the dialogs' chunk (which holds them) is there. */
  private tableBulk: TableBulk | null = null;
  private readonly templates = new RowTemplates(
    this.i18n,
    this.menu,
    this.clipboard,
    (license, what) => this.copy(license, what),
    (license) => this.openDialog('customer', license),
    (license) => this.openDialog('change-billing-state', license),
    () => this.bulk,
    () => this.purchasedAt,
  );

  protected override scheduleUpdate(): void | Promise<unknown> {
    // The first render also waits for the dialogs, so that every item of the menu opens one.
    if (dialogsModule() === null && !this.hasUpdated) {
      return loadDialogs()
        .catch(() => undefined)
        .then(() => this.i18n.afterLoading(() => super.scheduleUpdate()));
    }
    return this.i18n.afterLoading(() => super.scheduleUpdate());
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('licenses') && (this.licenses !== null || changed.get('licenses'))) {
      this.rows.reset(this.licenses ?? []);
      this.loader.total = this.rows.loaded;
      this.window.scrollToStart();
    }
    if (changed.has('sort') || this.contextChanged) this.rows.setSort(this.sort, this.i18n.locale);
    this.contextChanged = false;
    if (changed.has('filter')) this.rows.setFilter(this.filter);
    if (changed.has('columns')) this.templates.columns = chooseColumns(this.columns);
  }

  /** A license changed under the same provider (see {@link LicenseRows.follow}). */
  private licenseChanged(license: License): void {
    if (this.rows.follow(license)) this.requestUpdate();
  }

  private get t() {
    return this.i18n.of(licenseKeysTableMessages);
  }

  private get bulk(): TableBulk | null {
    const module = dialogsModule();
    if (this.tableBulk === null && module !== null) {
      this.tableBulk = new module.TableBulk(this, this.api, this.i18n, () => this.rows.view, () => this.loader.run());
    }
    return this.tableBulk;
  }

  private menuItems(license: License): RowMenuItem[] {
    const reason = (action: Action) =>
      action.allowed ? null : action.reason === null ? this.t('notAvailable') : this.i18n.common(`reason.${action.reason}`);
    return [
      { action: 'activation-link', label: this.t('activationLink'), reason: null },
      { action: 'activate', label: this.t('activate'), reason: reason(license.actions.activate) },
      { action: 'change-billing-state', label: this.t('changeBillingState'), reason: reason(license.actions.changeBillingState) },
      { action: 'transfer', label: this.t('transfer'), reason: reason(license.actions.transfer) },
      { action: 'deactivate', label: this.t('deactivate'), reason: reason(license.actions.deactivate) },
      { action: 'history', label: this.t('history'), reason: null },
    ];
  }

  private openDialog(action: DialogAction, license: License): void {
    openDialog(this.renderRoot, action, license, (error) => this.api.reportError(error, action));
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

  /** What the toolbar says beside the filters: loading progress, or how many licenses show. */
  private summary(shown: number, loading: boolean): TemplateResult | string {
    const n = (value: number) => this.i18n.count(value);
    const { loaded } = this.rows;
    const total = this.loader.total;
    if (loading && total === 0) return this.i18n.common('loading');
    if (loading) {
      return html`<progress max=${total || 1} .value=${loaded} aria-hidden="true"></progress>
        <span>${this.t('loaded', { loaded: n(loaded), total: n(total) })}</span>`;
    }
    if (this.filter.status !== 'all' || this.filter.text.trim() !== '') return this.t('shown', { shown: n(shown), total: n(loaded) });
    return this.t(pluralKey('count', loaded, this.i18n.locale), { count: n(loaded) });
  }

  /** The status filter, the code / email filter, the loading progress or count, and Export. */
  private renderToolbar(shown: number, loading: boolean): TemplateResult {
    const { t, filter } = this;
    const onStatus = (e: Event) => (this.filter = { ...filter, status: (e.target as HTMLSelectElement).value as StatusFilter });
    const onText = (e: Event) => (this.filter = { ...filter, text: (e.target as HTMLInputElement).value });
    return html`<div class="toolbar" part="toolbar">
      <div class="field status-field">
        <label for="status">${t('status')}</label>
        <select id="status" class="input" @change=${onStatus}>
          ${STATUSES.map(
            (s) => html`<option value=${s} ?selected=${filter.status === s}>${s === 'all' ? t('all') : this.i18n.common(`status.${s}`)}</option>`,
          )}
        </select>
      </div>
      <div class="field search-field">
        <label for="search">${t('search')}</label>
        <input id="search" class="input" type="search" autocomplete="off" spellcheck="false"
          placeholder=${t('searchPlaceholder')} .value=${filter.text} @input=${onText} />
      </div>
      <div class="summary muted">${this.summary(shown, loading)}</div>
      <button type="button" class="btn" part="export-button" ?disabled=${this.exporter.running} @click=${() => void this.exportCsv()}>
        ${this.i18n.common('export')}
      </button>
    </div>`;
  }

  private renderBody(loading: boolean) {
    const view = this.rows.view;
    if (view.length === 0) {
      if (loading) return renderSkeletonRows(8, this.templates.columns.length);
      return html`<tr><td class="message-cell" colspan=${this.templates.columns.length}>${this.t(this.rows.loaded === 0 ? 'empty' : 'noMatch')}</td></tr>`;
    }
    const { start, end } = this.window.range;
    const columns = this.templates.columns.length;
    return html`${renderSpacer(this.window.before, columns)}${repeat(
      view.slice(start, end),
      (license) => license.id,
      (license, i) => this.templates.row(license, start + i),
    )}${renderSpacer(this.window.after, columns)}`;
  }

  /**
   * Saves every license of the order as a CSV file, whatever the filter shows, after loading
   * the pages still missing; fires `export-finished`. Resolves when the export has ended.
   */
  async exportCsv(): Promise<void> {
    if (this.exporter.running) return;
    const fileName = csvFileName(await this.fileStem(), 'license-keys');
    const locale = this.i18n.locale;
    const zone = { timeZone: this.i18n.timeZone, purchasedAt: this.purchasedAt };
    // A server that writes the file (v1.1) saves the pages' round trips; rows given to the table are its own.
    const { client } = this.api;
    const orderId = this.orderId;
    const fromServer = this.licenses === null && orderId !== null && client?.exportLicenseKeys !== undefined;
    const query = { locale, timeZone: this.i18n.timeZone ?? new Intl.DateTimeFormat().resolvedOptions().timeZone };
    await this.exporter.start({
      kind: 'license-keys',
      fileName,
      columns: async () => (await import('../../csv/columns.js')).licenseKeyColumns(locale, zone),
      pages: (signal) => this.loader.pages(signal),
      file: fromServer ? (signal) => client.exportLicenseKeys!(orderId, query, { signal }) : undefined,
    });
  }

  override render() {
    if (this.licenses === null) {
      const setup = this.api.renderSetupState();
      if (setup !== nothing) return setup;
    }
    const failed = this.loader.status === TaskStatus.ERROR;
    const retry = () => this.loader.run();
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
    // A card has a line per column besides the code's and Actions: its height is fixed too.
    const cardLines = this.templates.columns.length - 1;
    return html`<div class="root" part="base" lang=${this.i18n.locale} ${styleProps({ '--_card-lines': String(cardLines) })}>
      ${this.renderToolbar(count, loading)}
      ${this.exporter.render('export')}
      ${this.bulk?.render() ?? nothing}
      ${failed ? this.api.renderError(this.loader.error, retry, this.t('loadStopped', { loaded: n(this.rows.loaded), total: n(this.loader.total) })) : nothing}
      <div class="scroller" part="scroller" role="region" aria-labelledby="caption" tabindex="0"
        ${styleProps({ 'scroll-padding-top': `${this.window.headerHeight}px` })}
        @keydown=${this.window.onKeydown}>
        <table part="table" role="table" aria-rowcount=${count > 0 ? count + 1 : nothing} aria-busy=${loading ? 'true' : 'false'}>
          <caption id="caption" class="visually-hidden">${this.t('caption')}</caption>
          ${this.templates.colgroup()}
          <thead role="rowgroup">
            <tr role="row" aria-rowindex=${count > 0 ? 1 : nothing}>
              ${this.templates.header(this.sort, (key) => this.sortBy(key), this.rows.view)}
            </tr>
          </thead>
          <tbody role="rowgroup">${this.renderBody(loading)}</tbody>
        </table>
      </div>
      <div class="probe"></div>
      <div class="visually-hidden" role="status">${this.clipboard.announcement}</div>
      ${this.menu.render()}
      <activation-link-dialog></activation-link-dialog>
      <activate-dialog></activate-dialog>
      <billing-state-dialog></billing-state-dialog>
      <transfer-dialog></transfer-dialog>
      <deactivate-dialog></deactivate-dialog>
      <license-history-dialog></license-history-dialog>
      <customer-dialog></customer-dialog>
    </div>`;
  }
}
