import { createComponent, type EventName } from '@lit/react';
import React from 'react';
import { LicensesSearchElement } from '../elements/licenses-search/licenses-search.js';
import type { ExportFinishedEvent, LicensesErrorEvent, LicensesSearchEvent } from '../events/index.js';

/**
 * `<licenses-search>` for React. The whole 'Licenses Purchased' screen: search fields and the
 * orders found.
 */
export const LicensesSearch = createComponent({
  tagName: 'licenses-search',
  elementClass: LicensesSearchElement,
  react: React,
  events: {
    onLicensesSearch: 'licenses-search' as EventName<LicensesSearchEvent>,
    onExportFinished: 'export-finished' as EventName<ExportFinishedEvent>,
    onLicensesError: 'licenses-error' as EventName<LicensesErrorEvent>,
  },
});
