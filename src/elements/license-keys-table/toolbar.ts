import { html, type TemplateResult } from 'lit';
import type { LicenseStatus } from '../../api/contract/schemas.js';
import { formatCount } from '../../format/index.js';
import type { Translate } from '../../locales/index.js';
import type { LicenseKeysTableKey } from '../../locales/license-keys-table.js';
import type { LicenseFilter, StatusFilter } from './license-view.js';

const STATUSES: readonly StatusFilter[] = ['all', 'available', 'active', 'refunded'];

export interface ToolbarContext {
  t: Translate<LicenseKeysTableKey>;
  statusName(status: LicenseStatus): string;
  exportLabel: string;
  loadingLabel: string;
  locale: string;
  filter: LicenseFilter;
  /** Licenses loaded, and how many the order has. */
  loaded: number;
  total: number;
  /** Licenses the filter lets through. */
  shown: number;
  loading: boolean;
  exporting: boolean;
  setFilter(filter: LicenseFilter): void;
  export(): void;
}

function summary(c: ToolbarContext): TemplateResult | string {
  const n = (value: number) => formatCount(value, c.locale);
  if (c.loading && c.total === 0) return c.loadingLabel;
  if (c.loading) {
    return html`<progress max=${c.total || 1} .value=${c.loaded} aria-hidden="true"></progress>
      <span>${c.t('loaded', { loaded: n(c.loaded), total: n(c.total) })}</span>`;
  }
  if (c.filter.status !== 'all' || c.filter.text.trim() !== '') return c.t('shown', { shown: n(c.shown), total: n(c.loaded) });
  const one = new Intl.PluralRules(c.locale).select(c.loaded) === 'one';
  return c.t(one ? 'count.one' : 'count.other', { count: n(c.loaded) });
}

/** The status filter, the code / email filter, the loading progress or count, and Export. */
export function renderToolbar(c: ToolbarContext): TemplateResult {
  const { t, filter } = c;
  const onStatus = (e: Event) => c.setFilter({ ...filter, status: (e.target as HTMLSelectElement).value as StatusFilter });
  const onText = (e: Event) => c.setFilter({ ...filter, text: (e.target as HTMLInputElement).value });
  return html`<div class="toolbar" part="toolbar">
    <div class="field status-field">
      <label for="status">${t('status')}</label>
      <select id="status" class="input" @change=${onStatus}>
        ${STATUSES.map(
          (s) => html`<option value=${s} ?selected=${filter.status === s}>${s === 'all' ? t('all') : c.statusName(s)}</option>`,
        )}
      </select>
    </div>
    <div class="field search-field">
      <label for="search">${t('search')}</label>
      <input id="search" class="input" type="search" autocomplete="off" spellcheck="false"
        placeholder=${t('searchPlaceholder')} .value=${filter.text} @input=${onText} />
    </div>
    <div class="summary muted">${summary(c)}</div>
    <button type="button" class="btn" part="export-button" ?disabled=${c.exporting} @click=${() => c.export()}>
      ${c.exportLabel}
    </button>
  </div>`;
}
