/**
 * `@vaadin/grid` set up to show what `<license-keys-table>` shows, so that the two are
 * compared on the same work: the table's ten columns at the table's widths, the code column
 * frozen as the table's sticky one, rows as tall as the table's, a sortable header with the
 * select-all checkbox, and in each cell the elements the table's row has there (checkbox,
 * code, copy buttons with their icons, dates and instants formatted alike, Yes/No, the
 * pending billing change, company, status badge, customer with its button, Actions; the
 * icons drawn by the table's own icon rules). Cells are rendered with Lit, as Vaadin
 * recommends for Lit pages, and made once per cell: a recycled cell only updates its values.
 */
import '@vaadin/grid';
import '@vaadin/grid/vaadin-grid-column.js';
import type { Grid } from '@vaadin/grid';
import type { GridColumn } from '@vaadin/grid/vaadin-grid-column.js';
import { html, nothing, render, type TemplateResult } from 'lit';
import type { License } from '../../../src/api/contract/schemas.js';
import { formatInstant, formatIsoDate } from '../../../src/format/index.js';
import { common } from '../../../src/locales/common.js';
import { translator } from '../../../src/locales/index.js';
import { jobMessages } from '../../../src/locales/jobs.js';
import { licenseKeysTableMessages } from '../../../src/locales/license-keys-table.js';
import { scheduleMessages } from '../../../src/locales/schedule.js';
import { iconStyles } from '../../../src/elements/license-keys-table/icons.js';

const t = translator(licenseKeysTableMessages, 'en');
const c = translator(common, 'en');
const jobs = translator(jobMessages, 'en');
const schedule = translator(scheduleMessages, 'en');
const yesNo = (value: boolean) => c(value ? 'true' : 'false');

interface GridColumnSpec {
  header: Parameters<typeof t>[0];
  /** The width of the table's `<col>` for it. */
  width: string;
  cell(license: License): TemplateResult | string;
}

const COLUMNS: readonly GridColumnSpec[] = [
  {
    header: 'activationCode',
    width: '16rem',
    cell: (l) => html`<span class="code-line">
      <input type="checkbox" class="pick" aria-label=${jobs('selectRow', { code: l.activationCode })} />
      <span class="code ellipsis" title=${l.activationCode}>${l.activationCode}</span>
      <button type="button" class="icon-btn" aria-label=${t('copyCode', { code: l.activationCode })}><span class="icon i-copy"></span></button
      ><button type="button" class="icon-btn" aria-label=${t('copyLink', { code: l.activationCode })}><span class="icon i-link"></span></button>
    </span>`,
  },
  { header: 'from', width: '8.5rem', cell: (l) => formatIsoDate(l.validFrom, 'en') },
  { header: 'to', width: '8.5rem', cell: (l) => formatIsoDate(l.validTo, 'en') },
  {
    header: 'autoRenew',
    width: '9.5rem',
    cell: (l) => {
      const change = l.scheduledBillingChange;
      return html`${yesNo(l.autoRenew)}${change === null
        ? nothing
        : html`<button type="button" class="pending ellipsis">
            ${schedule(change.recurrent ? 'pending.on' : 'pending.off', { date: formatIsoDate(change.effectiveOn, 'en') })}
          </button>`}`;
    },
  },
  { header: 'recurrent', width: '9.5rem', cell: (l) => yesNo(l.recurrent) },
  { header: 'distributionCompany', width: '12rem', cell: (l) => html`<span class="ellipsis">${l.distributionCompany ?? nothing}</span>` },
  { header: 'status', width: '7.5rem', cell: (l) => html`<span class="badge status-${l.status}">${c(`status.${l.status}`)}</span>` },
  {
    header: 'customer',
    width: '16rem',
    cell: (l) =>
      l.customer === null
        ? ''
        : html`<span class="customer-line">
            <span class="customer ellipsis"><span class="organization">${l.customer.organization}</span>
              <span class="muted email">${l.customer.email}</span></span>
            <button type="button" class="icon-btn" aria-label=${t('correctCustomer', { email: l.customer.email })}><span class="icon i-edit"></span></button>
          </span>`,
  },
  { header: 'activated', width: '8.5rem', cell: (l) => (l.activatedAt === null ? '' : formatInstant(l.activatedAt, 'en')) },
  {
    header: 'actions',
    width: '5.5rem',
    cell: (l) => html`<button type="button" class="icon-btn" aria-haspopup="menu" aria-expanded="false"
      aria-label=${t('actionsFor', { code: l.activationCode })}><span class="icon i-more"></span></button>`,
  },
];

/** The cells' content lives in the page (the grid slots it in): the table's sizes for it. */
const PAGE_STYLES = `
  vaadin-grid::part(body-cell) { height: 2.75rem; }
  vaadin-grid-cell-content { white-space: nowrap; }
  vaadin-grid .code-line, vaadin-grid .customer-line { display: flex; align-items: center; gap: 0.25rem; min-width: 0; }
  vaadin-grid .code { min-width: 0; margin-inline-end: auto; font-family: ui-monospace, monospace; font-size: 0.875em; }
  vaadin-grid .customer { flex: 1 1 auto; min-width: 0; }
  vaadin-grid .ellipsis { display: block; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  vaadin-grid .badge { display: inline-block; padding: 0 0.5rem; border: 1px solid; border-radius: 4px; font-size: 0.875em; }
  vaadin-grid .pending { display: block; padding: 0; border: 0; background: none; font: inherit; font-size: 0.875em; text-decoration: underline; }
  vaadin-grid .icon-btn { display: inline-flex; flex: none; align-items: center; justify-content: center; width: 1.75rem; height: 1.75rem; padding: 0; border: 1px solid transparent; background: transparent; }
  vaadin-grid .sort { display: inline-flex; align-items: center; gap: 0.25rem; padding: 0.25rem 0; border: 0; background: none; font-weight: 600; }
`;

let styled = false;

/** A grid with the table's columns, on `host`; its items are not set yet. */
export function licenseGrid(host: HTMLElement): Grid<License> {
  if (!styled) {
    document.head.append(Object.assign(document.createElement('style'), { textContent: PAGE_STYLES }));
    // The table's icons are masked spans; the grid's cells draw them with the same rules.
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, iconStyles.styleSheet!];
    styled = true;
  }
  const grid = document.createElement('vaadin-grid') as Grid<License>;
  grid.style.height = '30rem';
  for (const [i, spec] of COLUMNS.entries()) {
    const column = document.createElement('vaadin-grid-column') as GridColumn<License>;
    column.width = spec.width;
    column.flexGrow = 0;
    column.frozen = i === 0;
    // Every header but Actions' sorts, as the table's; the code's holds the select-all checkbox.
    column.headerRenderer = (root) =>
      render(
        spec.header === 'actions'
          ? t(spec.header)
          : html`${i === 0 ? html`<input type="checkbox" class="pick" aria-label=${jobs('selectPage')} />` : nothing}
              <button type="button" class="sort"><span class="sort-label">${t(spec.header)}</span><span class="icon i-sort"></span></button>`,
        root,
      );
    column.renderer = (root, _column, model) => render(spec.cell(model.item), root);
    grid.append(column);
  }
  host.append(grid);
  return grid;
}
