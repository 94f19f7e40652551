/**
 * Storybook for designers and reseller developers: every element in every state on the
 * memory client, the docs pages, and controls generated from custom-elements.json
 * (`npm run storybook`, `npm run build-storybook`).
 */
import type { StorybookConfig } from '@storybook/web-components-vite';
import { mergeConfig } from 'vite';

const config: StorybookConfig = {
  framework: '@storybook/web-components-vite',
  stories: ['../stories/docs/*.mdx', '../stories/*.stories.ts'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y'],
  core: { disableTelemetry: true },
  // Storybook's own preview and docs renderer are single chunks of about a megabyte.
  viteFinal: (vite) => mergeConfig(vite, { build: { chunkSizeWarningLimit: 1500 } }),
};

export default config;
