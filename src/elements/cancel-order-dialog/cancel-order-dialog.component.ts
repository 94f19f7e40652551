import { html, LitElement, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { OrderSummary } from '../../api/contract/schemas.js';
import { emit } from '../../events/index.js';
import { formatMoney } from '../../format/index.js';
import { cancelOrderMessages } from '../../locales/cancel-order.js';
import { controls } from '../../styles/controls.js';
import { base } from '../../styles/tokens.js';
import { ActionController } from '../shared/action-controller.js';
import { DialogController } from '../shared/dialog-controller.js';
import { dialogStyles } from '../shared/dialog.styles.js';
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
 * @csspart code - The order number line.
 * @csspart status - The live region holding progress and the confirmation.
 * @csspart reason - Why the order cannot be cancelled, instead of the question.
 * @csspart form - The question.
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
export class CancelOrderDialogElement extends LitElement {
  static override styles = [base, controls, dialogStyles];

  /** Clicking the backdrop asks to close the dialog. */
  @property({ type: Boolean, attribute: 'light-dismiss' }) lightDismiss = false;

  private readonly api = new LicensesController(this, {
    // The order changed elsewhere: shown as it is now, unless this dialog is acting on it.
    orderChanged: (order) => this.action.settled && this.dialog.replace(order),
  });
  private readonly i18n = new LocaleController(this, () => this.api.settings);
  private readonly dialog = new DialogController<OrderSummary>(this, {
    lightDismiss: () => this.lightDismiss,
    code: (order) => order.orderNumber,
  });
  private readonly action = new ActionController(this, this.api, this.i18n);

  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.i18n.afterLoading(() => super.scheduleUpdate());
  }

  private get t() {
    return this.i18n.of(cancelOrderMessages);
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const order = this.dialog.subject;
    const client = this.api.client;
    if (order === null || client === null || this.action.busy) return;
    const outcome = await this.action.run('cancelOrder', order.id, (idempotencyKey) => client.cancelOrder(order.id, { idempotencyKey }));
    if (outcome === null) return;
    if (!outcome.ok) {
      if (outcome.current) this.dialog.focusLater('[data-submit]');
      return;
    }
    const cancelled = outcome.value;
    if (outcome.current) {
      this.dialog.replace(cancelled);
      this.action.confirm(this.t('done', { orderNumber: cancelled.orderNumber }));
      this.dialog.focusLater('[data-initial-focus]');
    }
    emit(this, 'order-cancelled', { order: cancelled });
    this.api.announceOrder(cancelled);
  }

  private renderForm(order: OrderSummary): TemplateResult {
    const { t } = this;
    const question = t('question', {
      orderNumber: order.orderNumber,
      quantity: this.i18n.count(order.quantity),
      product: order.product.name,
      amount: formatMoney(order.amount, this.i18n.locale),
    });
    return html`<form part="form" novalidate @submit=${this.submit}>
      <p class="wrap">${question}</p>
      ${this.action.renderProblem(t('failed'), undefined, t('retrySafe'))}
      <div class="actions" part="footer">
        <button class="btn" type="button" part="cancel-button" data-initial-focus @click=${() => this.dialog.requestClose('cancel-button')}>
          ${t('keep')}
        </button>
        ${this.action.renderSubmit(t('submit'))}
      </div>
    </form>`;
  }

  /** Whether the dialog is open (or opening). */
  get isOpen(): boolean {
    return this.dialog.isOpen;
  }

  /** Shows the dialog for `order` as a modal, for a new cancellation. */
  open(order: OrderSummary): void {
    this.action.reset();
    this.dialog.open(order);
  }

  /** Closes the dialog at once (a person's close fires `ld-request-close` first). */
  close(): void {
    this.dialog.close();
  }

  override render() {
    const { t } = this;
    return this.dialog.render(t('title'), t('orderNumber'), this.action.renderStatus(t('sending')), (order) =>
      this.action.renderDialogBody(this.dialog, order.actions.cancel, () => this.renderForm(order)),
    );
  }
}
