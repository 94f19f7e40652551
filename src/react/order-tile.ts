import { createComponent, type EventName } from '@lit/react';
import React from 'react';
import { OrderTileElement } from '../elements/order-tile/order-tile.js';
import type { BuyMoreEvent, ConfirmationEmailSentEvent, ExportFinishedEvent, LicensesErrorEvent } from '../events/index.js';

/** `<order-tile>` for React. One order as a card, expandable to its details. */
export const OrderTile = createComponent({
  tagName: 'order-tile',
  elementClass: OrderTileElement,
  react: React,
  events: {
    onBuyMore: 'buy-more' as EventName<BuyMoreEvent>,
    onConfirmationEmailSent: 'confirmation-email-sent' as EventName<ConfirmationEmailSentEvent>,
    onExportFinished: 'export-finished' as EventName<ExportFinishedEvent>,
    onLicensesError: 'licenses-error' as EventName<LicensesErrorEvent>,
  },
});
