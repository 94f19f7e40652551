/** The texts of the emails the service sends: one place, whichever store or host runs it. */
import type { License } from '../api/contract/schemas.js';
import type { Caller, CustomerRecord, OrderRecord } from './store.js';

export interface MailText {
  subject: string;
  text: string;
}

/**
 * To the customer, once a license is active for them, whether the reseller activated it or
 * they did on the activation page: nothing is left for them to do.
 */
export function activationMail(reseller: Caller, customer: CustomerRecord, license: License, product: string): MailText {
  return {
    subject: `Your ${product} license is active`,
    text: [
      `Hello ${customer.firstName} ${customer.lastName},`,
      '',
      `your license of ${product} for ${customer.organization}, from ${reseller.name}, is active.`,
      'Nothing is left for you to do.',
      '',
      `Activation code: ${license.activationCode}`,
      `Valid from ${license.validFrom} to ${license.validTo}.`,
      `Your activation page: ${license.activationLink}`,
    ].join('\n'),
  };
}

/**
 * To the reseller's user: the order confirmation with every activation code (again, for a
 * duplicate), and what a customer does with one.
 */
export function orderMail(order: OrderRecord, codes: readonly string[], copy: 'new' | 'duplicate'): MailText {
  return {
    subject: `Order confirmation ${order.orderNumber}${copy === 'duplicate' ? ' (duplicate)' : ''}`,
    text: [
      `Order ${order.orderNumber}, purchased ${order.purchasedAt} by ${order.user}`,
      `${order.quantity} x ${order.product.name}`,
      '',
      'Activation codes:',
      ...codes,
      '',
      "Hand a customer a code's activation link: they open it, sign up, and the license is active.",
    ].join('\n'),
  };
}

/** To the customer whose license was deactivated. */
export function deactivationMail(reseller: Caller, customer: CustomerRecord, activationCode: string, product: string): MailText {
  return {
    subject: `Your ${product} license was deactivated`,
    text: [
      `Hello ${customer.firstName} ${customer.lastName},`,
      '',
      `${reseller.name} has deactivated the license of ${product} (activation code ${activationCode}) for ${customer.organization}.`,
      'If this is unexpected, please contact them.',
    ].join('\n'),
  };
}

/** To the reseller's user: the order was cancelled, its codes are void. */
export function cancellationMail(order: OrderRecord): MailText {
  return {
    subject: `Order ${order.orderNumber} cancelled`,
    text: [
      `Order ${order.orderNumber} (${order.quantity} x ${order.product.name}) was cancelled and refunded.`,
      'Its activation codes are void: customers can no longer activate them.',
    ].join('\n'),
  };
}

/** One license of a renewal-notice digest. */
export interface NoticeLine {
  activationCode: string;
  product: string;
  validTo: string;
  daysLeft: number;
  customer: string | null;
}

/** To the reseller's user: the day's digest of active licenses that will lapse, soonest first. */
export function renewalNoticeMail(reseller: Caller, day: string, lines: readonly NoticeLine[]): MailText {
  const plural = lines.length === 1 ? 'license' : 'licenses';
  return {
    subject: `${lines.length} ${plural} will not renew`,
    text: [
      `Hello ${reseller.user.name},`,
      '',
      `as of ${day}, these ${plural} of ${reseller.name} will expire at the end of their term, since automatic renewal is off:`,
      '',
      ...lines.map((l) => {
        const days = l.daysLeft === 1 ? '1 day' : `${l.daysLeft} days`;
        return `- ${l.activationCode} (${l.product}) for ${l.customer ?? 'no customer'}: valid to ${l.validTo}, in ${days}`;
      }),
      '',
      'To keep one, turn its automatic renewal on before its renewal deadline.',
    ].join('\n'),
  };
}
