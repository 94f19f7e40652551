/**
 * The activation codes of an expanded `<order-tile>`: the first page with Recurrent and
 * Activation Code Link, copy buttons, and the CSV of all of them ('Download Activation
 * Code' and 'Export').
 */
import { initialState, Task } from '@lit/task';
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { LicensesApi } from '../../api/client.js';
import type { License, LicensePage, OrderSummary } from '../../api/contract/schemas.js';
import { LIMITS } from '../../api/contract/values.js';
import { csvFileName } from '../../csv/csv.js';
import { orderTileMessages } from '../../locales/order-tile.js';
import { isSafeLink } from '../../api/contract/links.js';
import { CopyController } from '../shared/copy-controller.js';
import { cursorPages, ExportController } from '../shared/export-controller.js';
import type { LicensesController } from '../shared/licenses-controller.js';
import type { LocaleController } from '../shared/locale-controller.js';

/** How many codes the tile lists; all of them are in the CSV and in Show License Keys. */
export const CODES_SHOWN = 10;

type Host = ReactiveControllerHost & HTMLElement & { renderRoot: HTMLElement | DocumentFragment };

/** The order whose codes are shown, and whether they are on screen. */
export interface CodesSource {
  order: OrderSummary | undefined;
  /** The codes load only once the tile is expanded. */
  visible: boolean;
}

/** The activation codes section of an `<order-tile>`, with its load, copy buttons and export. */
export class ActivationCodesController implements ReactiveController {
  readonly exporter: ExportController<License>;
  private readonly clipboard: CopyController;
  private readonly task: Task<readonly [LicensesApi | null, string | null, number], LicensePage>;
  private generation = 0;

  constructor(
    private readonly host: Host,
    private readonly api: LicensesController,
    private readonly i18n: LocaleController,
    private readonly source: () => CodesSource,
  ) {
    host.addController(this);
    this.exporter = new ExportController<License>(host, api, i18n);
    this.clipboard = new CopyController(host);
    this.task = new Task(host, {
      task: async ([client, orderId], { signal }) => {
        if (client === null || orderId === null) return initialState;
        return api.load('listLicenses', () => client.listLicenses(orderId, { limit: CODES_SHOWN }, { signal }));
      },
      args: () => {
        const s = this.source();
        return [this.api.client, s.visible && s.order ? s.order.id : null, this.generation] as const;
      },
    });
  }

  /** Another order is shown: what was copied for the last one is forgotten. */
  hostUpdate(): void {
    const order = this.source().order;
    if (order?.id !== this.orderId) {
      this.orderId = order?.id;
      if (this.clipboard.last !== null) this.clipboard.reset();
    }
  }

  private orderId: string | undefined;

  /** Loads the listed codes again (a license of the order changed). */
  reload(): void {
    this.generation += 1;
    this.host.requestUpdate();
  }

  /** Saves every activation code of the order as `<orderNumber>-activation-codes.csv`. */
  download(): void {
    const { order } = this.source();
    const client = this.api.client;
    const locale = this.i18n.locale;
    if (client === null || order === undefined) return;
    void this.exporter.start({
      kind: 'activation-codes',
      fileName: csvFileName(order.orderNumber, 'activation-codes'),
      columns: async () => (await import('../../csv/columns.js')).activationCodeColumns(locale),
      pages: (signal) =>
        cursorPages((cursor) => client.listLicenses(order.id, { limit: LIMITS.licensesPage, ...(cursor === null ? {} : { cursor }) }, { signal })),
    });
  }

  private row(license: License): TemplateResult {
    const t = this.i18n.of(orderTileMessages);
    const tc = this.i18n.common;
    const code = license.activationCode;
    const safe = isSafeLink(license.activationLink);
    // Explicit roles keep the table's semantics when narrow tiles lay its rows out as blocks.
    return html`<tr role="row">
      <td role="cell" data-label=${t('activationCode')}>
        <span class="cell">
          <code class="code wrap">${code}</code>
          <button
            class="btn small"
            type="button"
            aria-label=${t('copyCode', { code })}
            @click=${() => void this.clipboard.copy(code, 'code', (ok) => (ok ? t('copiedCode', { code }) : tc('copyFailed')))}
          >
            ${tc('copy')}
          </button>
        </span>
      </td>
      <td role="cell" data-label=${t('recurrent')}>${license.recurrent ? tc('true') : tc('false')}</td>
      <td role="cell" data-label=${t('activationLink')}>
        ${license.status === 'refunded'
          ? html`<span class="muted">${t('voidCode')}</span>`
          : safe
          ? html`<span class="cell">
              <a class="link wrap" href=${license.activationLink} target="_blank" rel="noopener noreferrer">${license.activationLink}</a>
              <button
                class="btn small"
                type="button"
                aria-label=${t('copyLink', { code })}
                @click=${() => void this.clipboard.copy(license.activationLink, 'link', (ok) => (ok ? t('copiedLink') : tc('copyFailed')))}
              >
                ${tc('copy')}
              </button>
            </span>`
          : html`<span class="muted">${t('noLink')}</span>`}
      </td>
    </tr>`;
  }

  private table(page: LicensePage): TemplateResult {
    const t = this.i18n.of(orderTileMessages);
    const locale = this.i18n.locale;
    if (page.items.length === 0) return html`<p class="muted">${t('codesEmpty')}</p>`;
    const count = (n: number) => this.i18n.count(n);
    const shown =
      page.items.length < page.total
        ? t('codesShown', { shown: count(page.items.length), total: count(page.total) })
        : t(new Intl.PluralRules(locale).select(page.total) === 'one' ? 'codesAll.one' : 'codesAll.other', { count: count(page.total) });
    return html`<p class="muted count">${shown}</p>
      <div class="table-wrap">
        <table part="codes-table" role="table">
          <thead role="rowgroup">
            <tr role="row">
              <th scope="col" role="columnheader">${t('activationCode')}</th>
              <th scope="col" role="columnheader">${t('recurrent')}</th>
              <th scope="col" role="columnheader">${t('activationLink')}</th>
            </tr>
          </thead>
          <tbody role="rowgroup">
            ${page.items.map((l) => this.row(l))}
          </tbody>
        </table>
      </div>`;
  }

  render(idPrefix: string): TemplateResult {
    const t = this.i18n.of(orderTileMessages);
    const tc = this.i18n.common;
    const body = this.task.render({
      initial: () => nothing,
      pending: () => (this.task.value ? this.table(this.task.value) : html`<p class="muted" role="status">${tc('loading')}</p>`),
      complete: (page) => this.table(page),
      error: (error) => this.api.renderError(error, () => void this.task.run(), t('codesFailed')),
    });
    return html`<section class="codes" part="codes" aria-labelledby="${idPrefix}-codes-title">
      <div class="section-head">
        <h4 class="section-title" id="${idPrefix}-codes-title">${t('codes')}</h4>
        <button class="btn small" type="button" part="codes-export" ?disabled=${this.exporter.running} @click=${() => this.download()}>
          ${tc('export')}
        </button>
      </div>
      ${body} ${this.exporter.render(`${idPrefix}-codes-export`)}
      <p class="visually-hidden" role="status">${this.clipboard.announcement}</p>
    </section>`;
  }
}
