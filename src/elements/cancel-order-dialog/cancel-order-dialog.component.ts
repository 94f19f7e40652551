import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import type { OrderSummary } from '../../api/contract/schemas.js';
import { emit } from '../../events/index.js';
import { formatMoney } from '../../format/index.js';
import { cancelOrderMessages } from '../../locales/cancel-order.js';
import { controls } from '../../styles/controls.js';
import { base } from '../../styles/tokens.js';
import { ActionController } from '../shared/action-controller.js';
import { renderDone, renderRefusal } from '../shared/dialog-parts.js';
import { dialogStyles } from '../shared/dialog.styles.js';
import { ModalDialogElement } from '../shared/modal-dialog.js';
import { LicensesController } from '../shared/licenses-controller.js';
import { LocaleController } from '../shared/locale-controller.js';

/**
 * Asks whether to cancel an order, and cancels it: the order and its licenses become
 * refunded, their activation codes void, and every element of the same provider hears of
 * it. An order past its cancellation window, or with active licenses, says why instead.
 * Trying again after a failure sends the same idempotency key. Open it with `open(order)`.
 *
 * @summary Confirm and cancel an order within its cancellation window.
 *
 * @fires order-cancelled - The order was cancelled and refunded; `detail.order` is the refunded order.
 * @fires licenses-error - The cancellation failed; the dialog says why.
 * @fires ld-request-close - A person asks to close the dialog (`detail.source`); cancelable.
 * @fires ld-after-close - The dialog closed.
 *
 * @csspart base - The wrapper of the dialog.
 * @csspart dialog - The native `<dialog>`.
 * @csspart panel - The dialog's content box.
 * @csspart header - The heading and the order number.
 * @csspart heading - The heading.
 * @csspart status - The live region holding progress and the confirmation.
 * @csspart reason - Why the order cannot be cancelled, instead of the question.
 * @csspart error - The explanation of a failed request.
 * @csspart footer - The row of buttons.
 * @csspart cancel-button - Keep order.
 * @csspart submit-button - Cancel order.
 * @csspart ok-button - OK, after the cancellation.
 *
 * @cssprop --ld-color-surface - Background of the dialog.
 * @cssprop --ld-color-text - Text colour.
 * @cssprop --ld-color-accent - The Cancel order button.
 * @cssprop --ld-color-danger - The failure message.
 * @cssprop --ld-color-success - The confirmation.
 * @cssprop --ld-backdrop - The backdrop behind the dialog.
 * @cssprop --ld-radius - Corners of the dialog.
 */
export class CancelOrderDialogElement extends ModalDialogElement {
  static override styles = [base, controls, dialogStyles];

  @state() private order: OrderSummary | null = null;


  private readonly api = new LicensesController(this);
  private readonly i18n = new LocaleController(this, () => this.api.settings);
  private readonly action = new ActionController(this, this.api);

  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.i18n.afterLoading(() => super.scheduleUpdate());
  }

  private get t() {
    return this.i18n.of(cancelOrderMessages);
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const order = this.order;
    const client = this.api.client;
    if (order === null || client === null) return;
    const outcome = await this.action.run('cancelOrder', order.id, (idempotencyKey) => client.cancelOrder(order.id, { idempotencyKey }));
    if (outcome === null || !outcome.ok) return;
    if (outcome.current) {
      this.order = outcome.value;
      this.action.confirm(this.t('done', { orderNumber: outcome.value.orderNumber }));
      this.dialog.focusLater('[data-initial-focus]');
    }
    emit(this, 'order-cancelled', { order: outcome.value });
    this.api.announceOrder(outcome.value);
  }

  private renderBody(order: OrderSummary): TemplateResult {
    const { t } = this;
    const tc = this.i18n.common;
    const setup = this.api.renderSetupState();
    if (setup !== nothing) return html`${setup}${this.dialog.renderFooter(tc('close'))}`;
    if (this.action.confirmation !== null) return renderDone(tc('ok'), () => this.dialog.requestClose('ok'));
    const cancel = order.actions.cancel;
    if (!cancel.allowed) return renderRefusal(t('notAllowed'), cancel.reason && tc(`reason.${cancel.reason}`), this.dialog.renderFooter(tc('close')));
    const question = t('question', {
      orderNumber: order.orderNumber,
      quantity: this.i18n.count(order.quantity),
      product: order.product.name,
      amount: formatMoney(order.amount, this.i18n.locale),
    });
    return html`<form novalidate @submit=${this.submit}>
      <p class="wrap">${question}</p>
      ${this.action.renderProblem(t('failed'), (error) => this.api.describeError(error), t('retrySafe'))}
      <div class="actions" part="footer">
        <button class="btn" type="button" part="cancel-button" data-initial-focus @click=${() => this.dialog.requestClose('cancel-button')}>
          ${t('keep')}
        </button>
        ${this.action.renderSubmit(t('submit'))}
      </div>
    </form>`;
  }

  /** Shows the dialog for `order` as a modal, for a new cancellation. */
  open(order: OrderSummary): void {
    this.order = order;
    this.action.reset();
    this.dialog.open();
  }

  override render() {
    const order = this.order;
    if (order === null) return this.dialog.render(nothing);
    return this.dialog.render(html`<div class="panel" part="panel">
      <header part="header">
        <h2 id="heading" part="heading">${this.t('title')}</h2>
        <p class="code"><span class="mono wrap">${this.t('order', { orderNumber: order.orderNumber })}</span></p>
      </header>
      <div class="status" role="status" part="status">${this.action.renderStatus(this.t('sending'))}</div>
      ${this.renderBody(order)}
    </div>`);
  }
}
