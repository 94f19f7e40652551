/**
 * Vite settings of the Storybook build, which needs none of the project's vite.config.ts
 * (that one builds the script-tag bundle in library mode).
 */
import { defineConfig } from 'vite';

export default defineConfig({
  // Storybook's own preview and docs renderer are single chunks of about a megabyte.
  build: { chunkSizeWarningLimit: 1500 },
});
