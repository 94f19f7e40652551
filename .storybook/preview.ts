/**
 * Every story runs inside `<licenses-provider>` on a fresh memory client; the toolbar
 * switches the locale (English, German) and the colour scheme (light, dark). Controls and
 * the docs tables come from custom-elements.json (`npm run build:manifest`).
 */
import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
import manifest from '../custom-elements.json';
import '../src/index.js';
// The elements the kit's entry loads lazily (the dialogs) or leaves to their pages' own files.
import '../src/elements/license-keys-table/dialogs.js';
import '../src/elements/cancel-order-dialog/cancel-order-dialog.js';
import '../src/pages/activation.js';
import '../src/pages/buy.js';
import '../src/pages/bulk.js';
import { logEventDetails } from './actions.js';
import { controlsThatMakeSense } from './controls.js';
import { loadLicenses, withProvider } from './licenses.js';

setCustomElementsManifest(manifest);

const preview: Preview = {
  tags: ['autodocs'],
  loaders: [loadLicenses],
  decorators: [withProvider],
  // Actions log an event's type and detail; rows that describe (events, parts) get no control.
  argsEnhancers: [logEventDetails],
  argTypesEnhancers: [controlsThatMakeSense],
  globalTypes: {
    locale: {
      description: 'Language of the elements, and of dates and money',
      toolbar: {
        title: 'Locale',
        icon: 'globe',
        items: [
          { value: 'en', title: 'English' },
          { value: 'de', title: 'Deutsch' },
        ],
        dynamicTitle: true,
      },
    },
    theme: {
      description: 'Light or dark colour scheme (--ld-color-scheme)',
      toolbar: {
        title: 'Scheme',
        icon: 'contrast',
        items: [
          { value: 'light', title: 'Light', icon: 'sun' },
          { value: 'dark', title: 'Dark', icon: 'moon' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { locale: 'en', theme: 'light' },
  parameters: {
    layout: 'padded',
    controls: { expanded: true, sort: 'requiredFirst' },
    a11y: { test: 'error' },
    options: {
      storySort: {
        order: [
          'Docs',
          ['Getting started', 'Embedding', 'Theming', 'Events', 'API contract', 'Security'],
          'Integrations',
          ['React', 'Vue', 'Angular', 'GrapesJS', 'WordPress', 'Sanitizers', 'Server rendering', 'Conformance command'],
          'Elements',
          'Screens',
        ],
      },
    },
  },
};

export default preview;
