/**
 * The results of `<licenses-search>`: the total, one `<order-tile>` per order, Load more,
 * and the loading, empty and error states. While a newer search runs, the previous results
 * stay in place, dimmed and `aria-busy`, so nothing jumps.
 */
import { initialState, Task, TaskStatus } from '@lit/task';
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { LicensesApi } from '../../api/client.js';
import type { OrdersQuery, OrderSummary } from '../../api/contract/schemas.js';
import { emit } from '../../events/index.js';
import { formatCount } from '../../format/index.js';
import { pluralKey, type Translate, type CatalogKey } from '../../locales/index.js';
import { searchMessages } from '../../locales/search.js';
import type { LicensesController } from '../shared/licenses-controller.js';
import type { LocaleController } from '../shared/locale-controller.js';

type SearchKey = CatalogKey<typeof searchMessages>;
type Host = ReactiveControllerHost & HTMLElement & { renderRoot: HTMLElement | DocumentFragment; readonly updateComplete: Promise<boolean> };

/** The search to run and how to show it, as the element has it now. */
export interface ResultsSource {
  query: OrdersQuery | null;
  /** Counts the searches asked for, so that the same query runs again. */
  generation: number;
  /** Orders per page. */
  limit: number;
  /** Whether this is the default search (today's orders). */
  defaultSearch: boolean;
  /** Offered when nothing matched within purchase dates: the same search over all dates. */
  searchAllDates: (() => void) | null;
}

/** The orders of one search, as far as they have been loaded. */
export interface Results {
  query: OrdersQuery;
  items: OrderSummary[];
  nextCursor: string | null;
  total: number;
}

/** The count of orders found, in the locale's plural form (`1 order`, `12 orders`). */
function totalText(t: Translate<SearchKey>, locale: string, total: number): string {
  return t(pluralKey('total', total, locale), { count: formatCount(total, locale) });
}

function placeholders(): TemplateResult {
  return html`<ul class="tiles" role="list" aria-hidden="true">
    ${[0, 1, 2].map(() => html`<li class="placeholder"></li>`)}
  </ul>`;
}

/**
 * The search and its results: runs the element's query (firing `licenses-search`), Load
 * more, and the total, tiles, loading, empty and error states.
 */
export class SearchResults implements ReactiveController {
  private appended: { base: Results; results: Results } | null = null;
  private loadingMore = false;
  private moreError: unknown = null;
  private moreAbort: AbortController | null = null;
  readonly task: Task<readonly [LicensesApi | null, OrdersQuery | null, number], Results>;

  constructor(
    private readonly host: Host,
    private readonly api: LicensesController,
    private readonly i18n: LocaleController,
    private readonly source: () => ResultsSource,
  ) {
    host.addController(this);
    this.task = new Task(host, {
      task: async ([client, query], { signal }) => {
        if (client === null || query === null) return initialState;
        const limit = this.source().limit;
        const page = await api.load('searchOrders', () => client.searchOrders({ ...query, limit }, { signal }));
        emit(host, 'licenses-search', { query, total: page.total });
        const results: Results = { query, items: page.items, nextCursor: page.nextCursor, total: page.total };
        return results;
      },
      args: () => [this.api.client, this.source().query, this.source().generation] as const,
    });
  }

  hostDisconnected(): void {
    this.moreAbort?.abort();
  }

  /** A new search starts: Load more of the last one stops. */
  restart(): void {
    this.moreAbort?.abort();
    this.moreError = null;
  }

  /** The results of the latest search, with the pages loaded since. */
  private get results(): Results | undefined {
    const value = this.task.value;
    if (value === undefined) return undefined;
    return this.appended?.base === value ? this.appended.results : value;
  }

  private async loadMore(): Promise<void> {
    const baseResults = this.task.value;
    const current = this.results;
    const client = this.api.client;
    if (!baseResults || !current?.nextCursor || client === null) return;
    this.moreAbort?.abort();
    const abort = new AbortController();
    this.moreAbort = abort;
    this.loadingMore = true;
    this.moreError = null;
    this.host.requestUpdate();
    try {
      const query = { ...current.query, limit: this.source().limit, cursor: current.nextCursor };
      const page = await client.searchOrders(query, { signal: abort.signal });
      if (this.task.value !== baseResults) return;
      const seen = new Set(current.items.map((o) => o.id));
      const items = [...current.items, ...page.items.filter((o) => !seen.has(o.id))];
      this.appended = { base: baseResults, results: { ...current, items, nextCursor: page.nextCursor, total: page.total } };
      this.host.requestUpdate();
      await this.host.updateComplete;
      // Focus goes to the first new order, where reading continues.
      this.host.renderRoot.querySelectorAll('order-tile')[current.items.length]?.focus();
    } catch (error) {
      if (abort.signal.aborted) return;
      this.moreError = error;
      this.api.reportError(error, 'searchOrders');
    } finally {
      if (this.moreAbort === abort) {
        this.moreAbort = null;
        this.loadingMore = false;
      }
      this.host.requestUpdate();
    }
  }

  /**
   * Once the search that runs now has answered and is shown, moves focus to its results: the
   * first order found, else the results area (which says that none were, or what failed).
   */
  async focusWhenFound(): Promise<void> {
    await this.host.updateComplete;
    try {
      await this.task.taskComplete;
    } catch {
      // A failed search shows its error in the results, where focus goes all the same.
    }
    await this.host.updateComplete;
    const root = this.host.renderRoot;
    (root.querySelector<HTMLElement>('order-tile') ?? root.querySelector<HTMLElement>('[part="results"]'))?.focus();
  }

  private get t() {
    return this.i18n.of(searchMessages);
  }

  private emptyState(): TemplateResult {
    const { t } = this;
    const { defaultSearch, searchAllDates } = this.source();
    return html`<div class="empty" part="empty">
      <p class="empty-title">${t('emptyTitle')}</p>
      <p class="muted">${defaultSearch ? t('emptyToday') : t('emptyFiltered')}</p>
      ${searchAllDates
        ? html`<button class="btn" type="button" part="search-all-dates" @click=${searchAllDates}>${t('searchAllDates')}</button>`
        : nothing}
    </div>`;
  }

  private more(results: Results): TemplateResult | typeof nothing {
    const { t } = this;
    const n = (value: number) => this.i18n.count(value);
    const counts = t('shown', { shown: n(results.items.length), total: n(results.total) });
    if (this.moreError !== null) {
      return html`<div class="more">${this.api.renderError(this.moreError, () => void this.loadMore(), t('loadMoreFailed'))}</div>`;
    }
    if (results.nextCursor === null) return results.items.length > 0 ? html`<p class="more muted">${counts}</p>` : nothing;
    return html`<div class="more">
      <span class="muted">${counts}</span>
      <button class="btn" type="button" part="load-more" ?disabled=${this.loadingMore} @click=${() => void this.loadMore()}>
        ${this.loadingMore ? t('loadingMore') : t('loadMore')}
      </button>
    </div>`;
  }

  render(): TemplateResult {
    const { t } = this;
    const task = this.task;
    const searching = task.status === TaskStatus.PENDING;
    const failed = task.status === TaskStatus.ERROR;
    const results = failed ? undefined : this.results;
    const busy = searching || this.loadingMore;
    let summary = '';
    if (searching) summary = t('searching');
    else if (results && !failed) summary = totalText(t, this.i18n.locale, results.total);
    let body: TemplateResult | typeof nothing = nothing;
    if (failed && !searching) body = this.api.renderError(task.error, () => void task.run(), t('searchFailed'));
    else if (results === undefined) body = placeholders();
    else if (results.items.length === 0) body = searching ? placeholders() : this.emptyState();
    else {
      body = html`<ul class="tiles" role="list" aria-label=${t('results')}>
          ${repeat(
            results.items,
            (o) => o.id,
            (o) => html`<li><order-tile .order=${o}></order-tile></li>`,
          )}
        </ul>
        ${this.more(results)}`;
    }
    return html`<section
      class="results ${searching ? 'stale' : ''}"
      part="results"
      tabindex="-1"
      aria-label=${t('results')}
      aria-busy=${busy ? 'true' : 'false'}
    >
      <p class="total" part="total" role="status">${summary}</p>
      ${body}
    </section>`;
  }
}
