/** Vite settings of the Storybook build: none beyond Storybook's own. */
import { defineConfig } from 'vite';

export default defineConfig({});
