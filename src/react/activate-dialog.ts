import { createComponent, type EventName } from '@lit/react';
import React from 'react';
import { ActivateDialogElement } from '../elements/activate-dialog/activate-dialog.js';
import type { DialogAfterCloseEvent, DialogRequestCloseEvent } from '../events/index.js';
import type { LicenseActivatedEvent, LicensesErrorEvent } from '../events/index.js';

/**
 * `<activate-dialog>` for React. Activates a license for an existing or a new customer; open it
 * through a ref with `open(license)`.
 */
export const ActivateDialog = createComponent({
  tagName: 'activate-dialog',
  elementClass: ActivateDialogElement,
  react: React,
  events: {
    onLicenseActivated: 'license-activated' as EventName<LicenseActivatedEvent>,
    onLicensesError: 'licenses-error' as EventName<LicensesErrorEvent>,
    onLdRequestClose: 'ld-request-close' as EventName<DialogRequestCloseEvent>,
    onLdAfterClose: 'ld-after-close' as EventName<DialogAfterCloseEvent>,
  },
});
