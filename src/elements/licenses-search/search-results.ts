/**
 * The results of `<licenses-search>`: the total, one `<order-tile>` per order, Load more,
 * and the loading, empty and error states. While a newer search runs, the previous results
 * stay in place, dimmed and `aria-busy`, so nothing jumps.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { OrdersQuery, OrderSummary } from '../../api/contract/schemas.js';
import { formatCount } from '../../format/index.js';
import type { Translate, CatalogKey } from '../../locales/index.js';
import type { searchMessages } from '../../locales/search.js';

type SearchKey = CatalogKey<typeof searchMessages>;

/** The orders of one search, as far as they have been loaded. */
export interface Results {
  query: OrdersQuery;
  items: OrderSummary[];
  nextCursor: string | null;
  total: number;
}

export interface ResultsView {
  t: Translate<SearchKey>;
  locale: string;
  /** The results to show: the current ones, or the previous ones while a search runs. */
  results: Results | undefined;
  searching: boolean;
  /** The search failed: its error block (with Retry). */
  failure: TemplateResult | null;
  defaultSearch: boolean;
  loadingMore: boolean;
  /** Loading more failed: its error block (with Retry). */
  moreFailure: TemplateResult | null;
  onLoadMore: () => void;
  /** Offered when nothing matched within purchase dates: the same search over all dates. */
  onSearchAllDates: (() => void) | null;
}

/** The count of orders found, in the locale's plural form (`1 order`, `12 orders`). */
export function totalText(t: Translate<SearchKey>, locale: string, total: number): string {
  const form = new Intl.PluralRules(locale).select(total) === 'one' ? 'total.one' : 'total.other';
  return t(form, { count: formatCount(total, locale) });
}

function placeholders(): TemplateResult {
  return html`<ul class="tiles" role="list" aria-hidden="true">
    ${[0, 1, 2].map(() => html`<li class="placeholder"></li>`)}
  </ul>`;
}

function emptyState(view: ResultsView): TemplateResult {
  const { t } = view;
  return html`<div class="empty" part="empty">
    <p class="empty-title">${t('emptyTitle')}</p>
    <p class="muted">${view.defaultSearch ? t('emptyToday') : t('emptyFiltered')}</p>
    ${view.onSearchAllDates
      ? html`<button class="btn" type="button" part="search-all-dates" @click=${view.onSearchAllDates}>${t('searchAllDates')}</button>`
      : nothing}
  </div>`;
}

function more(view: ResultsView, results: Results): TemplateResult | typeof nothing {
  const { t, locale } = view;
  const counts = t('shown', { shown: formatCount(results.items.length, locale), total: formatCount(results.total, locale) });
  if (view.moreFailure) return html`<div class="more">${view.moreFailure}</div>`;
  if (results.nextCursor === null) return results.items.length > 0 ? html`<p class="more muted">${counts}</p>` : nothing;
  return html`<div class="more">
    <span class="muted">${counts}</span>
    <button class="btn" type="button" part="load-more" ?disabled=${view.loadingMore} @click=${view.onLoadMore}>
      ${view.loadingMore ? t('loadingMore') : t('loadMore')}
    </button>
  </div>`;
}

export function renderResults(view: ResultsView): TemplateResult {
  const { t, locale, results, searching } = view;
  const busy = searching || view.loadingMore;
  let summary = '';
  if (searching) summary = t('searching');
  else if (results && !view.failure) summary = totalText(t, locale, results.total);
  let body: TemplateResult | typeof nothing = nothing;
  if (view.failure && !searching) body = view.failure;
  else if (results === undefined) body = placeholders();
  else if (results.items.length === 0) body = searching ? placeholders() : emptyState(view);
  else {
    body = html`<ul class="tiles" role="list" aria-label=${t('results')}>
        ${repeat(
          results.items,
          (o) => o.id,
          (o) => html`<li><order-tile .order=${o}></order-tile></li>`,
        )}
      </ul>
      ${more(view, results)}`;
  }
  return html`<section class="results ${searching ? 'stale' : ''}" part="results" aria-busy=${busy ? 'true' : 'false'}>
    <p class="total" part="total" role="status">${summary}</p>
    ${body}
  </section>`;
}
