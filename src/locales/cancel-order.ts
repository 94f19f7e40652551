import { defineMessages } from './index.js';

/** Strings of `<cancel-order-dialog>`. */
export const cancelOrderMessages = defineMessages('cancelOrder', {
  title: 'Cancel order',
  orderNumber: 'Order number',
  question: 'Cancel order {orderNumber} of {quantity} licenses of {product}? Its activation codes become void and {amount} is refunded.',
  submit: 'Cancel order',
  keep: 'Keep order',
  sending: 'Cancelling…',
  failed: 'The order was not cancelled.',
  retrySafe: 'Trying again is safe: the order is cancelled only once.',
  done: 'Order {orderNumber} was cancelled and refunded.',
});
