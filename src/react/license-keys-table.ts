import { createComponent, type EventName } from '@lit/react';
import React from 'react';
import { LicenseKeysTableElement } from '../elements/license-keys-table/license-keys-table.js';
import type { BillingStateChangedEvent, ExportFinishedEvent, LicenseActivatedEvent, LicensesErrorEvent } from '../events/index.js';

/** `<license-keys-table>` for React. The license keys of one order, with their actions. */
export const LicenseKeysTable = createComponent({
  tagName: 'license-keys-table',
  elementClass: LicenseKeysTableElement,
  react: React,
  events: {
    onExportFinished: 'export-finished' as EventName<ExportFinishedEvent>,
    onLicensesError: 'licenses-error' as EventName<LicensesErrorEvent>,
    onLicenseActivated: 'license-activated' as EventName<LicenseActivatedEvent>,
    onBillingStateChanged: 'billing-state-changed' as EventName<BillingStateChangedEvent>,
  },
});
