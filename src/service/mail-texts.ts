/** The texts of the emails the service sends: one place, whichever store or host runs it. */
import type { License } from '../api/contract/schemas.js';
import type { CustomerRecord, OrderRecord, ResellerRecord } from './store.js';

export interface MailText {
  subject: string;
  text: string;
}

/** To the customer, after the reseller activated a license for them. */
export function activationMail(reseller: ResellerRecord, customer: CustomerRecord, license: License, product: string): MailText {
  return {
    subject: `Your ${product} license`,
    text: [
      `Hello ${customer.firstName} ${customer.lastName},`,
      '',
      `${reseller.name} has activated a license of ${product} for ${customer.organization}.`,
      '',
      `Activation code: ${license.activationCode}`,
      `Activate: ${license.activationLink}`,
      `Valid from ${license.validFrom} to ${license.validTo}.`,
    ].join('\n'),
  };
}

/** To the reseller's user: a duplicate of the order confirmation, with every activation code. */
export function confirmationMail(order: OrderRecord, codes: readonly string[]): MailText {
  return {
    subject: `Order confirmation ${order.orderNumber} (duplicate)`,
    text: [
      `Order ${order.orderNumber}, purchased ${order.purchasedAt} by ${order.user}`,
      `${order.quantity} x ${order.product.name}`,
      '',
      'Activation codes:',
      ...codes,
    ].join('\n'),
  };
}
