/**
 * The activation codes of an expanded `<order-tile>`: the first page with Recurrent and
 * Activation Code Link, copy buttons, and the CSV of all of them ('Download Activation
 * Code' and 'Export').
 */
import { initialState, Task } from '@lit/task';
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { LicensesApi } from '../../api/client.js';
import type { License, LicensePage, OrderSummary } from '../../api/contract/schemas.js';
import { LIMITS } from '../../api/contract/values.js';
import { csvFileName } from '../../csv/csv.js';
import { formatCount } from '../../format/index.js';
import type { common } from '../../locales/common.js';
import type { Translate } from '../../locales/index.js';
import type { orderTileMessages } from '../../locales/order-tile.js';
import { isSafeLink } from '../../api/contract/links.js';
import { copyText } from '../shared/clipboard.js';
import { ExportController, type ExportMessages } from '../shared/export-controller.js';

/** How many codes the tile lists; all of them are in the CSV and in Show License Keys. */
export const CODES_SHOWN = 10;

type TileKey = keyof typeof orderTileMessages.en & string;
type CommonKey = keyof typeof common.en & string;

export interface CodesSource {
  client: LicensesApi | null;
  order: OrderSummary | undefined;
  /** The codes load only once the tile is expanded. */
  visible: boolean;
  locale: string;
}

export interface CodesView {
  t: Translate<TileKey>;
  tc: Translate<CommonKey>;
  exportMessages: ExportMessages;
  renderError: (error: unknown, retry: () => void, what: string) => TemplateResult;
}

type Host = ReactiveControllerHost & HTMLElement & { renderRoot: HTMLElement | DocumentFragment };

export class ActivationCodesController {
  readonly exporter: ExportController<License>;
  private readonly task: Task<readonly [LicensesApi | null, string | null, number], LicensePage>;
  private generation = 0;
  private copied = '';

  constructor(
    private readonly host: Host,
    private readonly source: () => CodesSource,
    onError: (error: unknown, operation: string) => void,
  ) {
    this.exporter = new ExportController<License>(host, { onError: (error) => onError(error, 'exportActivationCodes') });
    this.task = new Task(host, {
      task: async ([client, orderId], { signal }) => {
        if (client === null || orderId === null) return initialState;
        try {
          return await client.listLicenses(orderId, { limit: CODES_SHOWN }, { signal });
        } catch (error) {
          onError(error, 'listLicenses');
          throw error;
        }
      },
      args: () => {
        const s = this.source();
        return [s.client, s.visible && s.order ? s.order.id : null, this.generation] as const;
      },
    });
  }

  /** Loads the listed codes again (a license of the order changed). */
  reload(): void {
    this.generation += 1;
    this.host.requestUpdate();
  }

  /** Saves every activation code of the order as `<orderNumber>-activation-codes.csv`. */
  download(): void {
    const { client, order, locale } = this.source();
    if (client === null || order === undefined) return;
    void this.exporter.start({
      kind: 'activation-codes',
      fileName: csvFileName(order.orderNumber, 'activation-codes'),
      columns: async () => (await import('../../csv/columns.js')).activationCodeColumns(locale),
      fetchPage: (cursor, signal) =>
        client.listLicenses(order.id, { limit: LIMITS.licensesPage, ...(cursor === null ? {} : { cursor }) }, { signal }),
    });
  }

  private async copy(text: string, done: string, failed: string): Promise<void> {
    const ok = await copyText(text, this.host.renderRoot);
    this.copied = ok ? done : failed;
    this.host.requestUpdate();
  }

  private row(license: License, view: CodesView): TemplateResult {
    const { t, tc } = view;
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
            @click=${() => void this.copy(code, t('copiedCode', { code }), tc('copyFailed'))}
          >
            ${tc('copy')}
          </button>
        </span>
      </td>
      <td role="cell" data-label=${t('recurrent')}>${license.recurrent ? tc('true') : tc('false')}</td>
      <td role="cell" data-label=${t('activationLink')}>
        ${safe
          ? html`<span class="cell">
              <a class="link wrap" href=${license.activationLink} target="_blank" rel="noopener noreferrer">${license.activationLink}</a>
              <button
                class="btn small"
                type="button"
                aria-label=${t('copyLink', { code })}
                @click=${() => void this.copy(license.activationLink, t('copiedLink'), tc('copyFailed'))}
              >
                ${tc('copy')}
              </button>
            </span>`
          : html`<span class="muted">${t('noLink')}</span>`}
      </td>
    </tr>`;
  }

  private table(page: LicensePage, view: CodesView, locale: string): TemplateResult {
    const { t } = view;
    if (page.items.length === 0) return html`<p class="muted">${t('codesEmpty')}</p>`;
    const count = (n: number) => formatCount(n, locale);
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
            ${page.items.map((l) => this.row(l, view))}
          </tbody>
        </table>
      </div>`;
  }

  render(view: CodesView, idPrefix: string): TemplateResult {
    const { t, tc } = view;
    const { locale } = this.source();
    const body = this.task.render({
      initial: () => nothing,
      pending: () =>
        this.task.value ? this.table(this.task.value, view, locale) : html`<p class="muted" role="status">${tc('loading')}</p>`,
      complete: (page) => this.table(page, view, locale),
      error: (error) => view.renderError(error, () => void this.task.run(), t('codesFailed')),
    });
    return html`<section class="codes" part="codes" aria-labelledby="${idPrefix}-codes-title">
      <div class="section-head">
        <h4 class="section-title" id="${idPrefix}-codes-title">${t('codes')}</h4>
        <button class="btn small" type="button" part="codes-export" ?disabled=${this.exporter.running} @click=${() => this.download()}>
          ${tc('export')}
        </button>
      </div>
      ${body} ${this.exporter.render(view.exportMessages, `${idPrefix}-codes-export`)}
      <p class="visually-hidden" role="status">${this.copied}</p>
    </section>`;
  }
}
