import { defineMessages } from './index.js';

/** Strings of `<buy-licenses>`. */
export const buyLicensesMessages = defineMessages('buyLicenses', {
  title: 'Buy licenses',
  product: 'Product',
  unitPrice: '{price} per license, {months} months',
  quantity: 'Quantity',
  quantityHint: 'From 1 to {max}.',
  invalidQuantity: 'Enter a whole number from 1 to {max}.',
  chooseProduct: 'Choose a product.',
  payment: 'Payment type',
  balance: 'Balance: {amount}',
  distributor: 'Distribution company (optional)',
  tooLong: 'This is too long (at most {max} characters).',
  total: 'Total',
  submit: 'Buy',
  sending: 'Buying…',
  failed: 'The licenses were not bought.',
  retrySafe: 'Everything you entered is kept, and trying again is safe.',
  insufficient: 'The order costs {total}, more than your CSS balance of {balance}. Pay by credit card, or buy fewer licenses.',
  loadFailed: 'The catalog could not be loaded.',
  empty: 'There are no products you can buy.',
  done: 'Order {orderNumber} was placed: {quantity} licenses of {product}.',
  viewOrder: 'View order {orderNumber}',
  buyAgain: 'Buy more licenses',
});
