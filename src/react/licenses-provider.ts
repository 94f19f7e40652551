import { createComponent } from '@lit/react';
import React from 'react';
import { LicensesProviderElement } from '../elements/licenses-provider/licenses-provider.js';

/**
 * `<licenses-provider>` for React. Connects the elements inside it to a licenses API; give it
 * `client` or `apiBase`.
 */
export const LicensesProvider = createComponent({
  tagName: 'licenses-provider',
  elementClass: LicensesProviderElement,
  react: React,
});
