import { defineMessages } from './index.js';

/** Strings of the three dialogs: activation link, activation, billing state. */
export const dialogs = defineMessages(
  'dialogs',
  {
    activationCode: 'Activation code',
    checkFields: 'Check the marked fields.',
    tooLong: 'This is too long (at most {max} characters).',

    'link.title': 'Activation link',
    'link.intro': 'The customer opens this link to activate the license.',
    'link.void': 'The order was refunded: this activation code is void, so there is no link to hand out.',
    'link.unsafe': 'This license has no activation link that can be opened safely.',

    'activate.title': 'Activate license',
    'activate.customer': 'Customer',
    'activate.existing': 'Activate for existing customer',
    'activate.new': 'New customer',
    'activate.emailHint': 'The email address the customer is registered with.',
    'activate.suggestions': 'Registered customers',
    'activate.submit': 'Activate',
    'activate.failed': 'The license was not activated.',
    'activate.done': 'License activated. We emailed the activation details to {email}.',
    'field.email': 'Email',
    'field.organization': 'Organization',
    'field.firstName': 'First name',
    'field.lastName': 'Last name',
    'field.phone': 'Phone',
    'field.optional': '(optional)',
    'field.country': 'Country',
    'field.chooseCountry': 'Choose a country',
    'invalid.email': 'Enter a valid email address.',
    'invalid.organization': 'Enter the organization.',
    'invalid.firstName': 'Enter the first name.',
    'invalid.lastName': 'Enter the last name.',
    'invalid.phone': 'Enter a phone number: digits, spaces and + ( ) . - only.',
    'invalid.country': 'Choose a country.',
    'problem.customer_not_found': 'No customer is registered with this email. Check it, or choose “New customer”.',
    'problem.customer_exists':
      'A customer with this email is already registered. Choose “Activate for existing customer” instead.',

    'billing.title': 'Change billing state',
    'billing.currentOn': 'Auto-renew is currently enabled.',
    'billing.currentOff': 'Auto-renew is currently disabled.',
    'billing.legend': 'Auto-renew',
    'billing.enable': 'Enable auto-renew',
    'billing.disable': 'Disable auto-renew',
    'billing.submit': 'Submit',
    'billing.failed': 'The billing state was not changed.',
    'billing.doneOn': 'Auto-renew is enabled for the license',
    'billing.doneOff': 'Auto-renew is disabled for the license',
  },
);
