import { defineMessages } from './index.js';

/** Strings of `<license-activation>`, the customer's side of the activation link. */
export const licenseActivationMessages = defineMessages('licenseActivation', {
  title: 'Activate your license',
  product: 'Product',
  validity: 'Valid',
  validRange: '{from} to {to}',
  reseller: 'Sold by',
  code: 'Activation code',
  customer: 'Who are you?',
  existing: 'I am already a customer',
  new: 'I am a new customer',
  emailHint: 'The email address you are registered with.',
  submit: 'Activate',
  sending: 'Activating…',
  failed: 'The license was not activated.',
  retrySafe: 'Everything you entered is kept; try again.',
  done: 'Your license of {product} is active until {date}. You will get an email with the details.',
  noCode: 'This page needs an activation code: open the activation link you were given.',
  loadFailed: 'The activation code could not be checked.',
  unknown: 'This activation code is not known. Check that you opened the whole link.',
  active: 'This license of {product} is already active.',
  refunded: 'This activation code is void: the order of {product} was cancelled.',
  expired: 'This license of {product} expired on {date}.',
  contact: 'Please contact {reseller}, who sold you the license.',
  contactUnknown: 'Please contact the company that sold you the license.',
  rateLimited: 'Too many attempts. Try again in {seconds} seconds, at {time}.',
});
