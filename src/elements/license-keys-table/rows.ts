/**
 * The table's rows and header as templates. Every value is a text binding, so hostile data
 * (markup, bidi controls, 10,000-character strings) is shown as text.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { styleProps } from '../shared/style-props.js';
import type { License } from '../../api/contract/schemas.js';
import { licenseKeysTableMessages, type LicenseKeysTableKey } from '../../locales/license-keys-table.js';
import type { CopyController } from '../shared/copy-controller.js';
import type { LocaleController } from '../shared/locale-controller.js';
import { formatInstant, formatIsoDate, localValidity } from '../../format/index.js';
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
  header(sorted: LicenseSort | null, sortBy: (key: SortKey) => void, shown: readonly License[]): TemplateResult[] {
    const t = this.i18n.of(licenseKeysTableMessages);
    return this.columns.map(({ label, sort }) => {
      if (sort === null) return html`<th scope="col" role="columnheader" part="header-cell" class="actions-col">${t(label)}</th>`;
      const direction = sorted?.key === sort ? sorted.direction : undefined;
      const arrow = direction === 'ascending' ? 'up' : direction === 'descending' ? 'down' : 'sort';
      return html`<th scope="col" role="columnheader" part="header-cell" aria-sort=${ifDefined(direction)}>
        ${sort === 'activationCode' ? this.selection()?.headerCheckbox(shown) : nothing}
        <button type="button" class="sort" part="sort-button" @click=${() => sortBy(sort)}>
          <span class="sort-label">${t(label)}</span><span class="icon i-${arrow}"></span>
        </button>
      </th>`;
    });
  }

  /** The `<col>` of each column, which set their widths. */
  colgroup(): TemplateResult {
    return html`<colgroup>${this.columns.map((c) => html`<col class=${ifDefined(c.width)} />`)}</colgroup>`;
  }

  /**
   * One license; `index` is its position in the view (the header row is row 1). Each cell
   * carries its column's name in `data-label`, which the cards of a narrow table show.
   * Explicit roles keep the table's semantics when a narrow table lays its rows out as cards.
   *
   * The code and Actions cells, which always show, are part of the row's template; each
   * other column is one template of its own, content included, and icons are plain spans
   * (see icons.ts): a row is a handful of template instances, not one per element.
   */
  row(license: License, index: number): TemplateResult {
    const t = this.i18n.of(licenseKeysTableMessages);
    const code = short(license.activationCode);
    const menu = this.menu;
    const open = menu.isOpenFor(license);
    return html`<tr part="row" class="license" role="row" aria-rowindex=${index + 2}>
      <th scope="row" part="cell" role="rowheader" class="code-cell">
        <span class="code-line">
          ${this.selection()?.rowCheckbox(license) ?? nothing}
          <span class="code ellipsis" title=${code}>${license.activationCode}</span>
          ${this.copyButton(license, 'code', code)}${this.copyButton(license, 'link', code)}
        </span>
      </th>
      ${this.columns.slice(1, -1).map((column) => this.cell(column, license, t(column.label)))}
      <td part="cell" role="cell" class="actions-col" data-label=${t('actions')}>
        <button type="button" class="icon-btn" part="actions-button" id=${ifDefined(menu.triggerId(license))}
          aria-label=${t('actionsFor', { code })} aria-haspopup="menu" aria-expanded=${open ? 'true' : 'false'}
          aria-controls=${ifDefined(open ? MENU_ID : undefined)}
          @click=${(e: Event) => menu.onTriggerClick(e, license)}
          @keydown=${(e: KeyboardEvent) => menu.onTriggerKeydown(e, license)}><span class="icon i-more"></span></button>
      </td>
    </tr>`;
  }

  private cell(column: Column, license: License, label: string): TemplateResult | typeof nothing {
    const { locale, timeZone } = this.i18n;
    const yesNo = (value: boolean) => this.i18n.common(value ? 'true' : 'false');
    const td = (content: unknown) => html`<td part="cell" role="cell" data-label=${label}>${content}</td>`;
    switch (column.id) {
      case 'from':
        return td(formatIsoDate(localValidity(license, this.purchasedAt(), timeZone).from, locale));
      case 'to':
        return td(formatIsoDate(localValidity(license, this.purchasedAt(), timeZone).to, locale));
      case 'autoRenew':
        return html`<td part="cell" role="cell" data-label=${label}>${yesNo(license.autoRenew)}${license.scheduledBillingChange === null
          ? nothing
          : this.selection()?.pendingButton(license, this.editBilling)}</td>`;
      case 'recurrent':
        return td(yesNo(license.recurrent));
      case 'distributionCompany':
        return html`<td part="cell" role="cell" data-label=${label}><span class="ellipsis">${license.distributionCompany ?? nothing}</span></td>`;
      case 'status':
        return html`<td part="cell" role="cell" data-label=${label}><span class="badge status-${license.status}"
          >${this.i18n.common(`status.${license.status}`)}</span></td>`;
      case 'customer':
        return html`<td part="cell" role="cell" class="customer-cell" data-label=${label}>${this.customer(license)}</td>`;
      case 'activated':
        return td(license.activatedAt === null ? nothing : formatInstant(license.activatedAt, locale, timeZone));
      default:
        // The code and Actions: the row's own cells.
        return nothing;
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
        @click=${() => this.editCustomer(license)}><span class="icon i-edit"></span></button>
    </span>`;
  }

  /** A button that copies the code or the link; for a refunded order, a sign that the link is void. */
  private copyButton(license: License, what: CopyWhat, code: string): TemplateResult {
    const t = this.i18n.of(licenseKeysTableMessages);
    if (what === 'link' && license.status === 'refunded') {
      // A refunded order's codes are void: there is no link to hand out.
      const label = t('linkVoidFor', { code });
      return html`<span class="link-void" part="link-void" role="img" aria-label=${label} title=${label}><span class="icon i-void"></span></span>`;
    }
    const done = this.clipboard.copied(`${license.id}|${what}`);
    return html`<button type="button" class="icon-btn" part="copy-button" aria-label=${t(what === 'code' ? 'copyCode' : 'copyLink', { code })}
      @click=${() => this.copy(license, what)}><span class="icon i-${done ? 'done' : what === 'code' ? 'copy' : 'link'}"></span></button>`;
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
