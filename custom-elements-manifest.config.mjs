/**
 * `cem analyze` writes custom-elements.json at the package root from the elements' JSDoc
 * (`@summary`, `@fires`, `@csspart`, `@cssprop`, `@slot`). It analyses each element's class
 * (`<tag>.component.ts`) and its registering module (`<tag>.ts`).
 */
import { readdirSync } from 'node:fs';
import { defineElementPlugin, distPathsPlugin, eventTypesPlugin, publicApiPlugin } from './scripts/manifest/plugins.mjs';

const tags = readdirSync('src/elements', { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'shared')
  .map((entry) => entry.name);

export default {
  globs: tags.flatMap((tag) => [`src/elements/${tag}/${tag}.ts`, `src/elements/${tag}/${tag}.component.ts`]),
  outdir: '.',
  litelement: true,
  // Never rewrite package.json: its `customElements` field is kept by hand.
  packagejson: false,
  quiet: true,
  plugins: [
    defineElementPlugin(),
    publicApiPlugin(),
    eventTypesPlugin({ eventMapFiles: ['src/events/index.ts'] }),
    distPathsPlugin(),
  ],
};
