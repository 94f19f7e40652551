import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { LicensesParameters } from '../.storybook/licenses.js';
import type { LicensesApi } from '../src/api/client.js';
import type { OrderSummary } from '../src/api/contract/schemas.js';
import type { CancelOrderDialogElement } from '../src/elements/cancel-order-dialog/cancel-order-dialog.component.js';
import { cancelOrderMessages } from '../src/locales/cancel-order.js';
import { translator } from '../src/locales/index.js';
import { OPEN_LABEL, openStoryDialog } from './support/dialogs.js';

const t = (locale: unknown) => translator(cancelOrderMessages, String(locale ?? 'en'));

/** A new order of three licenses, which may still be cancelled. */
export async function newOrder(m: LicensesApi) {
  const product = (await m.getCatalog()).items[0]!;
  const order = await m.createOrder({ productId: product.id, quantity: 3, paymentType: 'css_balance', distributionCompany: null }, { idempotencyKey: 'story-order' });
  return { order };
}

/** An order that can no longer be cancelled, with the reason. */
export async function refusedOrder(m: LicensesApi) {
  const order = (await m.searchOrders({ state: 'processed', limit: 200 })).items.find((o) => !o.actions.cancel.allowed && o.actions.cancel.reason !== null);
  if (!order) throw new Error('The demo world holds no such order');
  return { order };
}

const meta: Meta = {
  title: 'Elements/cancel-order-dialog',
  component: 'cancel-order-dialog',
  // The fixtures the browser tests import (worlds, templates, clients) are not stories.
  excludeStories: /^[a-z]|^[A-Z_]+$/,
  args: { 'light-dismiss': false },
  argTypes: { lightDismiss: { control: false }, isOpen: { control: false } },
  parameters: { licenses: { load: newOrder } satisfies LicensesParameters },
  render: (args, { loaded }) => {
    const open = (e: Event) =>
      (e.currentTarget as HTMLElement).parentElement?.querySelector<CancelOrderDialogElement>('cancel-order-dialog')?.open(loaded.order as OrderSummary);
    return html`<div>
      <button type="button" @click=${open}>${OPEN_LABEL}</button>
      <cancel-order-dialog ?light-dismiss=${args['light-dismiss']} @order-cancelled=${args.onOrderCancelled}></cancel-order-dialog>
    </div>`;
  },
};
export default meta;
type Story = StoryObj;

const openDialog = (canvas: HTMLElement) => openStoryDialog(canvas, 'cancel-order-dialog');

/** A cancellable order: the question. */
export const Allowed: Story = {
  play: async ({ canvasElement }) => void (await openDialog(canvasElement)),
};

/** Past its window or with active licenses: why not, instead of the question. */
export const Refused: Story = {
  parameters: { licenses: { load: refusedOrder } satisfies LicensesParameters },
  play: async ({ canvasElement }) => {
    const dialog = await openDialog(canvasElement);
    await dialog.find('[part="reason"]');
  },
};

/** Cancelled: the confirmation. */
export const Cancelled: Story = {
  play: async ({ canvasElement, globals }) => {
    const dialog = await openDialog(canvasElement);
    await dialog.click(t(globals.locale)('submit'));
    await dialog.find('[part="ok-button"]');
  },
};
