/**
 * Storybook for designers and reseller developers: every element in every state on the
 * memory client, the docs pages, and controls generated from custom-elements.json
 * (`npm run storybook`, `npm run build-storybook`).
 */
import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  framework: {
    name: '@storybook/web-components-vite',
    options: {
      // The project's vite.config.ts builds the script-tag bundle (library mode); stories
      // need a plain application build instead.
      builder: { viteConfigPath: '.storybook/vite.config.ts' },
    },
  },
  stories: ['../stories/docs/*.mdx', '../stories/*.stories.ts'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y'],
  core: { disableTelemetry: true },
};

export default config;
