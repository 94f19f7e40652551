import { createComponent, type EventName } from '@lit/react';
import React from 'react';
import { BillingStateDialogElement } from '../elements/billing-state-dialog/billing-state-dialog.js';
import type { DialogAfterCloseEvent, DialogRequestCloseEvent } from '../events/index.js';
import type { BillingStateChangedEvent, LicensesErrorEvent } from '../events/index.js';

/**
 * `<billing-state-dialog>` for React. Switches auto-renewal of an activated license; open it
 * through a ref with `open(license)`.
 */
export const BillingStateDialog = createComponent({
  tagName: 'billing-state-dialog',
  elementClass: BillingStateDialogElement,
  react: React,
  events: {
    onBillingStateChanged: 'billing-state-changed' as EventName<BillingStateChangedEvent>,
    onLicensesError: 'licenses-error' as EventName<LicensesErrorEvent>,
    onLdRequestClose: 'ld-request-close' as EventName<DialogRequestCloseEvent>,
    onLdAfterClose: 'ld-after-close' as EventName<DialogAfterCloseEvent>,
  },
});
