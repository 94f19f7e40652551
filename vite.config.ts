/**
 * Builds the single-file bundle for a `<script type="module">` tag: the reseller's elements in
 * `dist/cdn/license-desk.js`; only what loads lazily (the keys table, the dialogs, the
 * validators, papaparse, a language pack) sits beside it as a chunk. `npm run build:cdn` (scripts/build/cdn.ts)
 * builds the buy page's and the activation page's files with this configuration too.
 * The per-module ESM build with types comes from `tsc -p tsconfig.build.json`.
 *
 * The CSS and HTML inside Lit's templates are minified too (the JavaScript minifier leaves
 * template text alone), and no comments are kept: the bundle carries code only.
 */
import { defineConfig } from 'vite';
import { lazyCopies } from './scripts/build/lazy-copies.js';
import { minifyTemplates } from './scripts/build/minify-templates.js';

export default defineConfig({
  plugins: [
    minifyTemplates(),
    lazyCopies(
      /[\\/]src[\\/](api[\\/]contract[\\/]validators|csv[\\/](columns|write))\.ts$/,
      /[\\/]src[\\/]elements[\\/](cancel-order-dialog[\\/]cancel-order-dialog|license-keys-table[\\/](license-keys-table|dialogs))\.ts$/,
    ),
  ],
  build: {
    outDir: 'dist/cdn',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    minify: true,
    lib: {
      entry: 'src/pages/reseller.ts',
      formats: ['es'],
      fileName: () => 'license-desk.js',
    },
    rollupOptions: {
      output: { chunkFileNames: 'chunks/[name]-[hash].js', minify: true, comments: false },
    },
  },
});
