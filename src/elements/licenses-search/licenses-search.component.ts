import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { OrdersQuery, OrderSummary } from '../../api/contract/schemas.js';
import { LIMITS } from '../../api/contract/values.js';
import { csvFileName } from '../../csv/csv.js';
import { searchMessages } from '../../locales/search.js';
import { controls } from '../../styles/controls.js';
import { base } from '../../styles/tokens.js';
import '../order-tile/order-tile.js';
import { cursorPages, ExportController } from '../shared/export-controller.js';
import { LicensesController } from '../shared/licenses-controller.js';
import { LocaleController } from '../shared/locale-controller.js';
import { styles } from './licenses-search.styles.js';
import { SearchForm } from './search-form.js';
import { datesReversed, defaultFields, fieldsToQuery, fragmentTooShort, rangeName, sameFields, type SearchFields } from './search-query.js';
import { SearchResults } from './search-results.js';
import { SearchUrlController } from './url-sync.js';

/**
 * The whole 'Licenses Purchased' screen: search fields, Search / Reset / Export, and the
 * orders found as `<order-tile>`s with paging. Today's orders (in the provider's time zone)
 * are shown first. With `sync-url`, the search lives in the page URL (`ld-from`, `ld-to`,
 * `ld-order`, `ld-product`, `ld-state`, `ld-payment`, `ld-code`, `ld-email`), so it can be
 * bookmarked, shared and restored with Back.
 *
 * @summary Searches the reseller's orders and shows them as tiles.
 *
 * @fires licenses-search - After each search, with the query and the total found.
 * @fires export-finished - When Export saved the matching orders as CSV (`kind: 'orders'`).
 * @fires licenses-error - When loading products, searching, loading more or exporting failed.
 *
 * @csspart base - The element's wrapper.
 * @csspart title - The 'Licenses Purchased' heading.
 * @csspart form - The search form.
 * @csspart actions - The row of Search, Reset and Export.
 * @csspart search-button - The Search button.
 * @csspart reset-button - The Reset button.
 * @csspart export-button - The Export button.
 * @csspart export-progress - The export's progress bar, label and Cancel.
 * @csspart export-error - The message shown when an export failed.
 * @csspart results - The results area.
 * @csspart total - The number of orders found.
 * @csspart empty - The message shown when nothing matches.
 * @csspart search-all-dates - The button in the empty state that searches all purchase dates.
 * @csspart load-more - The Load more button.
 * @csspart error - The message shown when the search failed.
 *
 * @cssprop --column-min-width - The narrowest a form column gets before the fields wrap onto more rows (14rem).
 */
export class LicensesSearchElement extends LitElement {
  static override styles = [base, controls, styles];

  /** The search that ran (null: the default, today's orders). */
  @state() private applied: SearchFields | null = null;
  @state() private generation = 0;

  /** Keeps the search in the page URL's query string (bookmarks, sharing, Back). */
  @property({ type: Boolean, attribute: 'sync-url', reflect: true }) syncUrl = false;

  /** Hides the 'Licenses Purchased' heading, for pages that have their own. */
  @property({ type: Boolean, attribute: 'no-heading', reflect: true }) noHeading = false;

  /** Orders per page of results (1 to 200). */
  @property({ type: Number, attribute: 'page-size' }) pageSize: number = LIMITS.ordersPageDefault;

  private readonly api = new LicensesController(this, { contextChanged: () => (this.contextChanged = true) });
  private readonly i18n = new LocaleController(this, () => this.api.settings);
  private contextChanged = false;
  private readonly form = new SearchForm(this, this.api, this.i18n, {
    search: () => this.onSearch(),
    reset: () => this.onReset(),
    export: () => this.onExport(),
  });
  private readonly results = new SearchResults(this, this.api, this.i18n, () => ({
    query: this.query,
    generation: this.generation,
    limit: this.limit,
    defaultSearch: this.applied === null,
    searchAllDates: this.query?.purchasedFrom || this.query?.purchasedTo ? this.onSearchAllDates : null,
  }));
  private defaults = this.form.draft;
  private query: OrdersQuery | null = null;
  private queryKey = '';
  private readonly url = new SearchUrlController(this, {
    enabled: () => this.syncUrl,
    restore: (fields) => this.restore(fields),
  });
  private readonly exporter = new ExportController<OrderSummary>(this, this.api, this.i18n);

  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.i18n.afterLoading(() => super.scheduleUpdate());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (!this.hasUpdated && this.syncUrl) this.restore(this.url.read());
    if (this.contextChanged) {
      this.contextChanged = false;
      // The provider's time zone decides what 'today' is; what a person typed stays.
      const defaults = defaultFields(this.api.settings.timeZone);
      if (this.applied === null && sameFields(this.form.draft, this.defaults)) this.form.show(defaults);
      this.defaults = defaults;
    }
    this.updateQuery();
  }

  private get limit(): number {
    return Math.min(LIMITS.ordersPage, Math.max(1, Math.floor(this.pageSize) || LIMITS.ordersPageDefault));
  }

  /** The query the applied fields mean now; a new object only when it changed. */
  private updateQuery(): void {
    if (this.api.ctx === undefined) return;
    const tz = this.api.settings.timeZone;
    const query = fieldsToQuery(this.applied ?? defaultFields(tz), tz);
    const key = JSON.stringify(query);
    if (key !== this.queryKey) {
      this.queryKey = key;
      this.query = query;
    }
  }

  /** Shows and runs a search without touching the URL (a restore from it). */
  private restore(fields: SearchFields | null): void {
    this.applied = fields;
    this.form.show(fields ?? defaultFields(this.api.settings.timeZone));
    this.form.markDates(false);
    this.form.markFragment(false);
    this.startSearch();
  }

  private startSearch(): void {
    this.results.restart();
    this.exporter.dismiss();
    this.generation += 1;
  }

  private readonly onSearch = () => {
    if (fragmentTooShort(this.form.draft)) {
      this.form.markFragment(true);
      this.renderRoot.querySelector<HTMLInputElement>('#q')?.focus();
      return;
    }
    if (datesReversed(this.form.draft)) {
      this.form.markDates(true);
      this.renderRoot.querySelector<HTMLInputElement>('#to')?.focus();
      return;
    }
    this.applied = { ...this.form.draft };
    this.form.markDates(false);
    this.form.markFragment(false);
    this.url.push(this.applied);
    this.startSearch();
  };

  private readonly onSearchAllDates = async () => {
    this.form.show({ ...(this.applied ?? this.defaults), from: '', to: '' });
    this.onSearch();
    // The button that was pressed goes with the empty state: reading goes on at the results.
    await this.results.focusWhenFound();
  };

  private readonly onReset = () => {
    const wasDefault = this.applied === null && sameFields(this.form.draft, defaultFields(this.api.settings.timeZone));
    this.restore(null);
    if (!wasDefault) this.url.push(null);
  };

  private readonly onExport = () => {
    const client = this.api.client;
    const query = this.query;
    const { locale, timeZone } = this.i18n;
    if (client === null || query === null) return;
    void this.exporter.start({
      kind: 'orders',
      fileName: csvFileName('orders', ...rangeName(this.applied ?? defaultFields(timeZone))),
      columns: async () => (await import('../../csv/columns.js')).orderColumns(locale, { timeZone }),
      pages: (signal) =>
        cursorPages((cursor) => client.searchOrders({ ...query, limit: LIMITS.ordersPage, ...(cursor === null ? {} : { cursor }) }, { signal })),
    });
  };

  override render() {
    const setup = this.api.renderSetupState();
    if (setup !== nothing) return setup;
    return html`<div class="root" part="base">
      <h2 class="title" part="title" ?hidden=${this.noHeading}>${this.i18n.of(searchMessages)('title')}</h2>
      ${this.form.render(this.exporter.running)} ${this.exporter.render('orders-export')} ${this.results.render()}
    </div>`;
  }
}
