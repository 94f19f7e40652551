/** The Cancel action of an `<order-tile>`: the button, or why the order cannot be cancelled. */
import { html, type TemplateResult } from 'lit';
import type { OrderSummary } from '../../api/contract/schemas.js';
import { orderTileMessages } from '../../locales/order-tile.js';
import type { CancelOrderDialogElement } from '../cancel-order-dialog/cancel-order-dialog.component.js';
import type { LocaleController } from '../shared/locale-controller.js';

declare global {
  interface HTMLElementTagNameMap {
    'cancel-order-dialog': CancelOrderDialogElement;
  }
}

/** Cancel, enabled when the order's `actions.cancel` allows it; else disabled, with the reason beside it. */
export function renderCancel(order: OrderSummary, i18n: LocaleController, open: () => void): TemplateResult {
  const t = i18n.of(orderTileMessages);
  const { allowed, reason } = order.actions.cancel;
  if (allowed) return html`<button class="btn" type="button" part="cancel-order" @click=${open}>${t('cancelOrder')}</button>`;
  const why = t('cancelRefused', { reason: reason === null ? '' : i18n.common(`reason.${reason}`) });
  return html`<button class="btn" type="button" part="cancel-order" disabled aria-describedby="cancel-reason">${t('cancelOrder')}</button>
    <p class="note wrap" id="cancel-reason">${why}</p>`;
}
