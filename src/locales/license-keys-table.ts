import { defineMessages, type CatalogKey } from './index.js';

/** Strings of `<license-keys-table>`. Column and action labels are the portal's own words. */
export const licenseKeysTableMessages = defineMessages(
  'licenseKeysTable',
  {
    caption: 'License keys',
    activationCode: 'Activation Code',
    from: 'From',
    to: 'To',
    autoRenew: 'Auto Renew',
    recurrent: 'Recurrent',
    distributionCompany: 'Distribution Company',
    customer: 'Customer',
    activated: 'Activated',
    actions: 'Actions',
    actionsFor: 'Actions for {code}',
    activationLink: 'Activation Link',
    activate: 'Activate',
    changeBillingState: 'Change Billing State',
    transfer: 'Transfer',
    deactivate: 'Deactivate',
    history: 'History',
    correctCustomer: 'Correct customer {email}',
    notAvailable: 'Not available for this license.',
    copyCode: 'Copy activation code {code}',
    copyLink: 'Copy activation link of {code}',
    linkVoidFor: 'The order was refunded: the activation link of {code} is void.',
    status: 'Status',
    all: 'All',
    search: 'Search',
    searchPlaceholder: 'Code or customer email',
    loaded: 'Loaded {loaded} of {total}',
    'count.one': '{count} license key',
    'count.other': '{count} license keys',
    shown: '{shown} of {total} license keys',
    empty: 'No license keys',
    noMatch: 'No license keys match the filter.',
    loadFailed: 'The license keys could not be loaded.',
    loadStopped: 'Loading stopped after {loaded} of {total} license keys.',
  },
);

export type LicenseKeysTableKey = CatalogKey<typeof licenseKeysTableMessages>;
