/**
 * The table's rows and header as templates. Every value is a text binding, so hostile data
 * (markup, bidi controls, 10,000-character strings) is shown as text.
 */
import { html, nothing, svg, type SVGTemplateResult, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { styleProps } from '../shared/style-props.js';
import type { License } from '../../api/contract/schemas.js';
import { formatIsoDate, localValidity } from '../../format/index.js';
import { licenseKeysTableMessages, type LicenseKeysTableKey } from '../../locales/license-keys-table.js';
import type { CopyController } from '../shared/copy-controller.js';
import type { LocaleController } from '../shared/locale-controller.js';
import type { LicenseSort, SortKey } from './license-view.js';
import { MENU_ID, type RowMenu } from './row-menu.js';

export type CopyWhat = 'code' | 'link';

/** The columns, in order; `null` sort key for the Actions column. */
export const COLUMNS: readonly { label: LicenseKeysTableKey; sort: SortKey | null }[] = [
  { label: 'activationCode', sort: 'activationCode' },
  { label: 'from', sort: 'validFrom' },
  { label: 'to', sort: 'validTo' },
  { label: 'autoRenew', sort: 'autoRenew' },
  { label: 'recurrent', sort: 'recurrent' },
  { label: 'distributionCompany', sort: 'distributionCompany' },
  { label: 'actions', sort: null },
];

const icon = (body: SVGTemplateResult) =>
  html`<svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">${body}</svg>`;
const COPY = svg`<rect x="5.5" y="5.5" width="8" height="8" rx="1.5"/><path d="M10.5 3.5v-.5a1 1 0 0 0-1-1h-6a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h.5"/>`;
const LINK = svg`<path d="M6.5 9.5l3-3"/><path d="M7.5 4.5l1-1a2.5 2.5 0 0 1 3.5 3.5l-1 1"/><path d="M8.5 11.5l-1 1a2.5 2.5 0 0 1-3.5-3.5l1-1"/>`;
/** The link icon struck through: a void code's link. */
const LINK_VOID = svg`${LINK}<path d="M2.5 2.5l11 11"/>`;
const DONE = svg`<path d="M3 8.5l3 3 7-7"/>`;
const MORE = svg`<circle cx="3.5" cy="8" r="1.25"/><circle cx="8" cy="8" r="1.25"/><circle cx="12.5" cy="8" r="1.25"/>`;
const SORT = svg`<path d="M5 6.5l3-3 3 3"/><path d="M5 9.5l3 3 3-3"/>`;
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
    /** The order's purchase instant, which puts the validity on the reseller's days. */
    private readonly purchasedAt: () => string | null,
  ) {}

  /** The column headers; the sortable ones are buttons that sort by them. */
  header(sorted: LicenseSort | null, sortBy: (key: SortKey) => void): TemplateResult {
    const t = this.i18n.of(licenseKeysTableMessages);
    return html`${COLUMNS.map(({ label, sort }) => {
      if (sort === null) return html`<th scope="col" part="header-cell" class="actions-col">${t(label)}</th>`;
      const direction = sorted?.key === sort ? sorted.direction : undefined;
      return html`<th scope="col" part="header-cell" aria-sort=${ifDefined(direction)}>
        <button type="button" class="sort" part="sort-button" @click=${() => sortBy(sort)}>
          <span class="sort-label">${t(label)}</span>${icon(direction === 'ascending' ? UP : direction === 'descending' ? DOWN : SORT)}
        </button>
      </th>`;
    })}`;
  }

  /** One license; `index` is its position in the view (the header row is row 1). */
  row(license: License, index: number): TemplateResult {
    const t = this.i18n.of(licenseKeysTableMessages);
    const { locale, timeZone } = this.i18n;
    const validity = localValidity(license, this.purchasedAt(), timeZone);
    const yesNo = (value: boolean) => this.i18n.common(value ? 'true' : 'false');
    const menu = this.menu;
    const open = menu.isOpenFor(license);
    return html`<tr part="row" aria-rowindex=${index + 2}>
      <th scope="row" part="cell" class="code-cell">
        <span class="code-line">
          <span class="code ellipsis" title=${short(license.activationCode)}>${license.activationCode}</span>
          ${this.copyButton(license, 'code')}${this.copyButton(license, 'link')}
        </span>
      </th>
      <td part="cell">${formatIsoDate(validity.from, locale)}</td>
      <td part="cell">${formatIsoDate(validity.to, locale)}</td>
      <td part="cell">${yesNo(license.autoRenew)}</td>
      <td part="cell">${yesNo(license.recurrent)}</td>
      <td part="cell"><span class="ellipsis">${license.distributionCompany ?? nothing}</span></td>
      <td part="cell" class="actions-col">
        <button
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
        </button>
      </td>
    </tr>`;
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
export function renderSkeletonRows(count: number): TemplateResult[] {
  return Array.from(
    { length: count },
    () => html`<tr class="skeleton" aria-hidden="true">
      ${COLUMNS.map(() => html`<td><span class="bone"></span></td>`)}
    </tr>`,
  );
}

/** Empty space standing for the rows outside the window. */
export function renderSpacer(height: number): TemplateResult {
  return html`<tr class="spacer" aria-hidden="true">
    <td colspan=${COLUMNS.length} ${styleProps({ height: `${height}px` })}></td>
  </tr>`;
}
