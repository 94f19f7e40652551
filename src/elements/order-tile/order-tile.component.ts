import { initialState, Task } from '@lit/task';
import { html, LitElement, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { isApiError } from '../../api/contract/errors.js';
import type { License, OrderSummary } from '../../api/contract/schemas.js';
import { emit } from '../../events/index.js';
import { formatTime } from '../../format/index.js';
import { orderTileMessages } from '../../locales/order-tile.js';
import { controls } from '../../styles/controls.js';
import { base } from '../../styles/tokens.js';
import { ActionController } from '../shared/action-controller.js';
import { LicensesController } from '../shared/licenses-controller.js';
import { LocaleController } from '../shared/locale-controller.js';
import { timeAfter } from '../shared/time.js';
import { ActivationCodesController } from './activation-codes.js';
import { buyMoreUrl, prefetchBuyUrl } from './buy-more.js';
import { renderCancel } from './cancel-order.js';
import { renderFacts, renderOrderSection } from './order-details.js';
import { styles } from './order-tile.styles.js';

const chevron = svg`<svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false"><path d="M5 7.5 10 12.5 15 7.5" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/></svg>`;

/**
 * One order as a card: product, order number, purchase date, active and available counts
 * and state. Its arrow expands it to Buy More, Resend Email, the 'Orders' facts, the
 * activation codes (with Download and Export as CSV) and Show License Keys. The counts stay
 * in sync when a license of the order changes anywhere under the same provider.
 *
 * @summary An order of the reseller, collapsed to a card, expandable to its details.
 *
 * @fires buy-more - Cancelable, before Buy More opens the buy page; `detail.url` is the page (or null).
 * @fires order-cancelled - After Cancel cancelled the order; the tile then shows it refunded.
 * @fires confirmation-email-sent - After Resend Email sent the order confirmation again.
 * @fires export-finished - When the activation codes were saved as CSV (`kind: 'activation-codes'`).
 * @fires licenses-error - When loading the order or its codes, or an action, failed.
 *
 * @csspart base - The element's wrapper.
 * @csspart tile - The card.
 * @csspart header - The collapsed part: product, facts and the arrow.
 * @csspart product - The product name.
 * @csspart facts - The order number, date, counts and state.
 * @csspart state - The state badge (Processed / Refunded).
 * @csspart toggle - The arrow button that expands the tile.
 * @csspart details - The expanded part.
 * @csspart actions - The row of Buy More, Resend Email and Download Activation Code.
 * @csspart buy-more - The Buy More button.
 * @csspart resend - The Resend Email button.
 * @csspart download-codes - The Download Activation Code button.
 * @csspart cancel-order - The Cancel button (with why not, when the order cannot be cancelled).
 * @csspart codes-void - The note that a refunded order's activation codes are void.
 * @csspart orders - The 'Orders' section.
 * @csspart codes - The activation codes section.
 * @csspart codes-table - The table of activation codes.
 * @csspart codes-export - The Export button of the activation codes.
 * @csspart export-progress - The progress bar of a running export.
 * @csspart keys-toggle - The Show License Keys button.
 * @csspart keys - The area that holds the `<license-keys-table>`.
 * @csspart error - The message shown when the order could not be loaded.
 *
 * @cssprop --tile-accent - The colour of the card's left edge (the accent; the warning colour when refunded).
 */
export class OrderTileElement extends LitElement {
  static override styles = [base, controls, styles];
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  @state() private refreshed: OrderSummary | null = null;
  @state() private showKeys = false;
  @state() private buyMessage = '';

  /** The order to show. Takes precedence over `order-id`. */
  @property({ attribute: false }) order: OrderSummary | null = null;

  /** The id of an order to load and show, when `order` is not set. */
  @property({ attribute: 'order-id', reflect: true }) orderId: string | null = null;

  /** Whether the tile is expanded. */
  @property({ type: Boolean, reflect: true }) open = false;

  private refreshAbort: AbortController | null = null;
  private readonly api = new LicensesController(this, {
    licenseChanged: (license) => this.licenseChanged(license),
    orderChanged: (order) => this.orderChanged(order),
  });
  private readonly i18n = new LocaleController(this, () => this.api.settings);
  /** Resend Email, under the kit's one policy for actions and their idempotency keys. */
  private readonly resend = new ActionController(this, this.api, this.i18n);
  private readonly codes = new ActivationCodesController(this, this.api, this.i18n, () => ({ order: this.current, visible: this.open }));

  private readonly orderTask = new Task(this, {
    task: async ([client, orderId], { signal }) => {
      if (client === null || orderId === null) return initialState;
      return this.api.load('getOrder', () => client.getOrder(orderId, { signal }));
    },
    args: () => [this.api.client, this.order === null ? this.orderId : null] as const,
  });

  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.i18n.afterLoading(() => super.scheduleUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.refreshAbort?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('order') || changed.has('orderId')) {
      this.refreshed = null;
      if (changed.get('order')?.id !== this.order?.id || changed.has('orderId')) this.resend.reset();
    }
    if (changed.has('open') && this.open) prefetchBuyUrl(this.api.settings, this.api.client);
  }

  /** A license of this order changed elsewhere: its counts (and codes) are loaded again. */
  private licenseChanged(license: License): void {
    const order = this.current;
    if (order === undefined || license.orderId !== order.id) return;
    void this.refresh(order.id);
    this.codes.reload();
  }

  /** An order changed elsewhere (it was cancelled): shown as it is now, with its codes. */
  private orderChanged(order: OrderSummary): void {
    if (this.current?.id !== order.id) return;
    this.refreshed = order;
    this.codes.reload();
  }

  /** The order shown: the latest version loaded, else the one given. */
  private get current(): OrderSummary | undefined {
    const loaded = this.orderTask.value;
    const given = this.order ?? (loaded?.id === this.orderId ? loaded : undefined);
    return given !== undefined && this.refreshed?.id === given.id ? this.refreshed : given;
  }

  private get t() {
    return this.i18n.of(orderTileMessages);
  }

  private async refresh(orderId: string): Promise<void> {
    const client = this.api.client;
    if (client === null) return;
    this.refreshAbort?.abort();
    const abort = new AbortController();
    this.refreshAbort = abort;
    try {
      const order = await client.getOrder(orderId, { signal: abort.signal });
      if (this.current?.id === orderId) this.refreshed = order;
    } catch (error) {
      if (!abort.signal.aborted) this.api.reportError(error, 'getOrder');
    }
  }

  private readonly onToggle = () => {
    this.open = !this.open;
  };

  private readonly onBuyMore = async () => {
    const order = this.current;
    if (order === undefined) return;
    this.buyMessage = '';
    let url: string | null = null;
    try {
      url = await buyMoreUrl(this.api.settings, this.api.client, order.product.id);
    } catch (error) {
      this.api.reportError(error, 'getMe');
    }
    if (!emit(this, 'buy-more', { order, url }, { cancelable: true })) return;
    if (url === null) {
      this.buyMessage = this.t('buyMoreMissing');
      return;
    }
    window.open(url, '_blank', 'noopener,noreferrer');
  };

  /** Cancel opens `<cancel-order-dialog>`, whose module loads on the first click: few orders are ever cancelled. */
  private readonly onCancel = async () => {
    const order = this.current;
    if (order === undefined) return;
    try {
      await import('../cancel-order-dialog/cancel-order-dialog.js');
    } catch (error) {
      this.api.reportError(error, 'cancelOrder');
      return;
    }
    this.renderRoot.querySelector('cancel-order-dialog')?.open(order);
  };

  /**
   * Show License Keys toggles the keys. The table's module loads the first time (most tiles
   * are only looked at), and the table is rendered once its element is defined, so that the
   * table in the tile is always a working one.
   */
  private readonly onShowKeys = async () => {
    this.showKeys = !this.showKeys;
    if (!this.showKeys || customElements.get('license-keys-table') !== undefined) return;
    try {
      await import('../license-keys-table/license-keys-table.js');
      this.requestUpdate();
    } catch (error) {
      this.api.reportError(error, 'listLicenses');
    }
  };

  private readonly onResend = async () => {
    const order = this.current;
    const client = this.api.client;
    if (order === undefined || client === null) return;
    this.buyMessage = '';
    const outcome = await this.resend.run('resendConfirmationEmail', order.id, (idempotencyKey) =>
      client.resendConfirmationEmail(order.id, { idempotencyKey }),
    );
    if (outcome === null || !outcome.ok) return;
    // The time it was sent (in the provider's zone) tells one click's status from the last.
    const time = formatTime(new Date(), this.i18n.locale, this.api.settings.timeZone);
    if (outcome.current) this.resend.confirm(this.t('resent', { address: outcome.value.to, time }));
    emit(this, 'confirmation-email-sent', { orderId: order.id, result: outcome.value });
  };

  /** What the last action has to say: a status (polite) or a failure (alert). */
  private actionMessages(): { status: string; alert: string } {
    const { busy, confirmation, problem, failedAt } = this.resend;
    if (busy) return { status: this.t('resending'), alert: '' };
    if (confirmation !== null) return { status: confirmation, alert: '' };
    if (problem === null) return { status: this.buyMessage, alert: '' };
    if (isApiError(problem) && problem.code === 'rate_limited') {
      const seconds = problem.retryAfter ?? 60;
      return { status: '', alert: this.t('resendLimited', { seconds: this.i18n.count(seconds), time: timeAfter(failedAt, seconds, this.i18n) }) };
    }
    return { status: '', alert: `${this.t('resendFailed')} ${this.api.describeError(problem)}` };
  }

  private renderDetails(order: OrderSummary): TemplateResult {
    const { t } = this;
    const messages = this.actionMessages();
    const refunded = order.state === 'refunded';
    return html`<div class="actions" part="actions">
        <button class="btn primary" type="button" part="buy-more" @click=${this.onBuyMore}>${t('buyMore')}</button>
        ${refunded
          ? nothing
          : html`<button class="btn" type="button" part="resend" ?disabled=${this.resend.busy} @click=${this.onResend}>${t('resendEmail')}</button>
              <button class="btn" type="button" part="download-codes" ?disabled=${this.codes.exporter.running} @click=${() => this.codes.download()}>
                ${t('downloadCodes')}
              </button>
              ${renderCancel(order, this.i18n, this.onCancel)}`}
      </div>
      ${refunded ? html`<p class="note wrap" part="codes-void">${t('codesVoid')}</p>` : nothing}
      <p class="note wrap" role="status">${messages.status}</p>
      <p class="note error wrap" role="alert">${messages.alert}</p>
      ${renderOrderSection(order, this.i18n)} ${this.codes.render('tile')}
      <div class="keys">
        <button
          class="btn"
          type="button"
          part="keys-toggle"
          aria-expanded=${this.showKeys ? 'true' : 'false'}
          aria-controls="keys"
          @click=${this.onShowKeys}
        >
          ${t('showKeys')}
        </button>
        <div id="keys" part="keys" ?hidden=${!this.showKeys}>
          ${this.showKeys && customElements.get('license-keys-table') !== undefined
            ? html`<license-keys-table order-id=${order.id} purchased-at=${order.purchasedAt}></license-keys-table>`
            : nothing}
        </div>
      </div>
      <cancel-order-dialog></cancel-order-dialog>`;
  }

  private renderTile(order: OrderSummary): TemplateResult {
    const number = order.orderNumber;
    return html`<article class="tile ${order.state}" part="tile" aria-labelledby="product">
      <div class="header" part="header">
        <h3 class="product wrap" id="product" part="product">${order.product.name}</h3>
        ${renderFacts(order, this.i18n)}
        <button
          class="toggle"
          type="button"
          part="toggle"
          aria-expanded=${this.open ? 'true' : 'false'}
          aria-controls="details"
          aria-label=${this.t('showDetails', { orderNumber: number })}
          @click=${this.onToggle}
        >
          ${chevron}
        </button>
      </div>
      <div class="details" id="details" part="details" role="region" aria-label=${this.t('details', { orderNumber: number })} ?hidden=${!this.open}>
        ${this.open ? this.renderDetails(order) : nothing}
      </div>
    </article>`;
  }

  override render() {
    const setup = this.api.renderSetupState();
    if (setup !== nothing) return setup;
    const order = this.current;
    if (order !== undefined) return html`<div class="root" part="base">${this.renderTile(order)}</div>`;
    const task = this.orderTask;
    return html`<div class="root" part="base">
      ${task.render({
        initial: () => nothing,
        pending: () => html`<div class="tile placeholder" role="status"><span class="muted">${this.i18n.common('loading')}</span></div>`,
        error: (error) => this.api.renderError(error, () => void task.run(), this.t('loadFailed')),
      })}
    </div>`;
  }
}
