import { createComponent, type EventName } from '@lit/react';
import React from 'react';
import { ActivationLinkDialogElement } from '../elements/activation-link-dialog/activation-link-dialog.js';
import type { DialogAfterCloseEvent, DialogRequestCloseEvent } from '../events/index.js';

/**
 * `<activation-link-dialog>` for React. Shows the activation link of a license with Copy and OK;
 * open it through a ref with `open(license)`.
 */
export const ActivationLinkDialog = createComponent({
  tagName: 'activation-link-dialog',
  elementClass: ActivationLinkDialogElement,
  react: React,
  events: {
    onLdRequestClose: 'ld-request-close' as EventName<DialogRequestCloseEvent>,
    onLdAfterClose: 'ld-after-close' as EventName<DialogAfterCloseEvent>,
  },
});
