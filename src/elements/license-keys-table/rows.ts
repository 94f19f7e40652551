/**
 * The table's rows and header as templates. Every value is a text binding, so hostile data
 * (markup, bidi controls, 10,000-character strings) is shown as text.
 */
import { html, nothing, svg, type SVGTemplateResult, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { styleProps } from '../shared/style-props.js';
import type { License } from '../../api/contract/schemas.js';
import { formatInstant, formatIsoDate, localValidity } from '../../format/index.js';
import { licenseKeysTableMessages, type LicenseKeysTableKey } from '../../locales/license-keys-table.js';
import type { CopyController } from '../shared/copy-controller.js';
import type { LocaleController } from '../shared/locale-controller.js';
import type { TableBulk } from './table-bulk.js';
import type { LicenseSort, SortKey } from './license-view.js';
import { MENU_ID, type RowMenu } from './row-menu.js';

export type CopyWhat = 'code' | 'link';

/** The columns a host may choose with `columns`; the activation code and Actions always show. */
export const COLUMN_IDS = ['code', 'from', 'to', 'autoRenew', 'recurrent', 'distributionCompany', 'status', 'customer', 'activated'] as const;
export type ColumnId = (typeof COLUMN_IDS)[number];

interface Column {
  id: ColumnId | 'actions';
  label: LicenseKeysTableKey;
  sort: SortKey | null;
  /** The `<col>` class that sets its width. */
  width: string | undefined;
}

const ALL_COLUMNS: readonly Column[] = [
  { id: 'code', label: 'activationCode', sort: 'activationCode', width: 'c-code' },
  { id: 'from', label: 'from', sort: 'validFrom', width: 'c-date' },
  { id: 'to', label: 'to', sort: 'validTo', width: 'c-date' },
  { id: 'autoRenew', label: 'autoRenew', sort: 'autoRenew', width: 'c-bool' },
  { id: 'recurrent', label: 'recurrent', sort: 'recurrent', width: 'c-bool' },
  { id: 'distributionCompany', label: 'distributionCompany', sort: 'distributionCompany', width: 'c-company' },
  { id: 'status', label: 'status', sort: 'status', width: 'c-status' },
  { id: 'customer', label: 'customer', sort: 'customer', width: 'c-customer' },
  { id: 'activated', label: 'activated', sort: 'activatedAt', width: 'c-date' },
  { id: 'actions', label: 'actions', sort: null, width: 'c-actions' },
];

/**
 * The columns a `columns` attribute asks for (`"code,from,to,status,customer"`; names as in
 * `COLUMN_IDS`, any case, kebab-case too), in the table's own order; every column for null
 * or when it names none. The activation code and Actions always show.
 */
export function chooseColumns(value: string | null): readonly Column[] {
  const squash = (name: string) => name.replace(/[-_\s]/g, '').toLowerCase();
  const asked = new Set((value ?? '').split(',').map(squash).filter(Boolean));
  if (asked.size === 0) return ALL_COLUMNS;
  const picked = ALL_COLUMNS.filter((c) => c.id === 'code' || c.id === 'actions' || asked.has(squash(c.id)));
  return picked.length > 2 || asked.has('code') ? picked : ALL_COLUMNS;
}

export const icon = (body: SVGTemplateResult) =>
  html`<svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">${body}</svg>`;
export const COPY = svg`<rect x="5.5" y="5.5" width="8" height="8" rx="1.5"/><path d="M10.5 3.5v-.5a1 1 0 0 0-1-1h-6a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h.5"/>`;
export const LINK = svg`<path d="M6.5 9.5l3-3"/><path d="M7.5 4.5l1-1a2.5 2.5 0 0 1 3.5 3.5l-1 1"/><path d="M8.5 11.5l-1 1a2.5 2.5 0 0 1-3.5-3.5l1-1"/>`;
/** The link icon struck through: a void code's link. */
const LINK_VOID = svg`${LINK}<path d="M2.5 2.5l11 11"/>`;
const DONE = svg`<path d="M3 8.5l3 3 7-7"/>`;
export const MORE = svg`<circle cx="3.5" cy="8" r="1.25"/><circle cx="8" cy="8" r="1.25"/><circle cx="12.5" cy="8" r="1.25"/>`;
export const EDIT = svg`<path d="M10.5 3.5l2 2-6.5 6.5-2.75.75.75-2.75z"/>`;
export const SORT = svg`<path d="M5 6.5l3-3 3 3"/><path d="M5 9.5l3 3 3-3"/>`;
const UP = svg`<path d="M4.5 10l3.5-4 3.5 4"/>`;
const DOWN = svg`<path d="M4.5 6l3.5 4 3.5-4"/>`;

/** Long codes are cut in accessible names: a 10,000-character button name helps no one. */
function short(text: string): string {
  return text.length > 64 ? `${text.slice(0, 63)}…` : text;
}

/**
 * The header row and the licenses' rows of the table. A row costs one template instance and
 * a few text bindings, so the table renders a window of them as fast as the browser paints.
 */
export class RowTemplates {
  constructor(
    private readonly i18n: LocaleController,
    private readonly menu: RowMenu,
    private readonly clipboard: CopyController,
    private readonly copy: (license: License, what: CopyWhat) => void,
    private readonly editCustomer: (license: License) => void,
    /** Opens the billing state dialog, where a scheduled change can be cancelled. */
    private readonly editBilling: (license: License) => void,
    /** The selection's checkboxes and the pending changes' buttons; null until the dialogs' chunk that holds them is there. */
    private readonly selection: () => TableBulk | null,
    /** The order's purchase instant, which puts the validity on the reseller's days. */
    private readonly purchasedAt: () => string | null,
  ) {}

  /** The columns shown, as the host chose them. */
  columns: readonly Column[] = ALL_COLUMNS;

  /** The column headers; the sortable ones are buttons that sort by them. */
  header(sorted: LicenseSort | null, sortBy: (key: SortKey) => void, shown: readonly License[]): TemplateResult {
    const t = this.i18n.of(licenseKeysTableMessages);
    return html`${this.columns.map(({ label, sort }) => {
      if (sort === null) return html`<th scope="col" role="columnheader" part="header-cell" class="actions-col">${t(label)}</th>`;
      const direction = sorted?.key === sort ? sorted.direction : undefined;
      return html`<th scope="col" role="columnheader" part="header-cell" aria-sort=${ifDefined(direction)}>
        ${sort === 'activationCode' ? this.selection()?.headerCheckbox(shown) : nothing}
        <button type="button" class="sort" part="sort-button" @click=${() => sortBy(sort)}>
          <span class="sort-label">${t(label)}</span>${icon(direction === 'ascending' ? UP : direction === 'descending' ? DOWN : SORT)}
        </button>
      </th>`;
    })}`;
  }

  /** The `<col>` of each column, which set their widths. */
  colgroup(): TemplateResult {
    return html`<colgroup>${this.columns.map((c) => html`<col class=${ifDefined(c.width)} />`)}</colgroup>`;
  }

  /**
   * One license; `index` is its position in the view (the header row is row 1). Each cell
   * carries its column's name in `data-label`, which the cards of a narrow table show.
   * Explicit roles keep the table's semantics when a narrow table lays its rows out as cards.
   */
  row(license: License, index: number): TemplateResult {
    return html`<tr part="row" class="license" role="row" aria-rowindex=${index + 2}>
      ${this.columns.map((column) => this.cell(column, license))}
    </tr>`;
  }

  private cell(column: Column, license: License): TemplateResult {
    const t = this.i18n.of(licenseKeysTableMessages);
    const { locale, timeZone } = this.i18n;
    const yesNo = (value: boolean) => this.i18n.common(value ? 'true' : 'false');
    const label = t(column.label);
    const td = (content: unknown, cls = '') =>
      html`<td part="cell" role="cell" class=${cls} data-label=${label}>${content}</td>`;
    switch (column.id) {
      case 'code':
        return html`<th scope="row" part="cell" role="rowheader" class="code-cell">
          <span class="code-line">
            ${this.selection()?.rowCheckbox(license) ?? nothing}
            <span class="code ellipsis" title=${short(license.activationCode)}>${license.activationCode}</span>
            ${this.copyButton(license, 'code')}${this.copyButton(license, 'link')}
          </span>
        </th>`;
      case 'from':
        return td(formatIsoDate(localValidity(license, this.purchasedAt(), timeZone).from, locale));
      case 'to':
        return td(formatIsoDate(localValidity(license, this.purchasedAt(), timeZone).to, locale));
      case 'autoRenew':
        return td(html`${yesNo(license.autoRenew)}${license.scheduledBillingChange === null ? nothing : this.selection()?.pendingButton(license, this.editBilling)}`);
      case 'recurrent':
        return td(yesNo(license.recurrent));
      case 'distributionCompany':
        return td(html`<span class="ellipsis">${license.distributionCompany ?? nothing}</span>`);
      case 'status':
        return td(html`<span class="badge status-${license.status}">${this.i18n.common(`status.${license.status}`)}</span>`);
      case 'customer':
        return td(this.customer(license), 'customer-cell');
      case 'activated':
        return td(license.activatedAt === null ? nothing : formatInstant(license.activatedAt, locale, timeZone));
      case 'actions':
        return td(this.actionsButton(license), 'actions-col');
    }
  }

  /** The customer's organization and email, and a button that corrects them. */
  private customer(license: License): TemplateResult | typeof nothing {
    const customer = license.customer;
    if (customer === null) return nothing;
    const t = this.i18n.of(licenseKeysTableMessages);
    return html`<span class="customer-line">
      <span class="customer ellipsis"><span class="organization">${customer.organization}</span>
        <span class="muted email">${customer.email}</span></span>
      <button type="button" class="icon-btn" part="customer-button" aria-label=${t('correctCustomer', { email: short(customer.email) })}
        @click=${() => this.editCustomer(license)}>${icon(EDIT)}</button>
    </span>`;
  }

  private actionsButton(license: License): TemplateResult {
    const t = this.i18n.of(licenseKeysTableMessages);
    const menu = this.menu;
    const open = menu.isOpenFor(license);
    return html`<button
      type="button"
      class="icon-btn"
      part="actions-button"
      id=${ifDefined(menu.triggerId(license))}
      aria-label=${t('actionsFor', { code: short(license.activationCode) })}
      aria-haspopup="menu"
      aria-expanded=${open ? 'true' : 'false'}
      aria-controls=${ifDefined(open ? MENU_ID : undefined)}
      @click=${(e: Event) => menu.onTriggerClick(e, license)}
      @keydown=${(e: KeyboardEvent) => menu.onTriggerKeydown(e, license)}
    >
      ${icon(MORE)}
    </button>`;
  }

  private copyButton(license: License, what: CopyWhat): TemplateResult {
    if (what === 'link' && license.status === 'refunded') {
      // A refunded order's codes are void: there is no link to hand out.
      const t = this.i18n.of(licenseKeysTableMessages);
      const label = t('linkVoidFor', { code: short(license.activationCode) });
      return html`<span class="link-void" part="link-void" role="img" aria-label=${label} title=${label}>${icon(LINK_VOID)}</span>`;
    }
    const done = this.clipboard.copied(`${license.id}|${what}`);
    const label = this.i18n.of(licenseKeysTableMessages)(what === 'code' ? 'copyCode' : 'copyLink', { code: short(license.activationCode) });
    return html`<button type="button" class="icon-btn" part="copy-button" aria-label=${label} @click=${() => this.copy(license, what)}>
      ${icon(done ? DONE : what === 'code' ? COPY : LINK)}
    </button>`;
  }
}

/** Placeholder rows while the first page loads, as tall as real rows, so nothing jumps. */
export function renderSkeletonRows(count: number, columns: number): TemplateResult[] {
  return Array.from(
    { length: count },
    () => html`<tr class="skeleton" aria-hidden="true">
      ${Array.from({ length: columns }, () => html`<td><span class="bone"></span></td>`)}
    </tr>`,
  );
}

/** Empty space standing for the rows outside the window. */
export function renderSpacer(height: number, columns: number): TemplateResult {
  return html`<tr class="spacer" aria-hidden="true">
    <td colspan=${columns} ${styleProps({ height: `${height}px` })}></td>
  </tr>`;
}
