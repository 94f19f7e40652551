/**
 * Builds the single-file bundle for a `<script type="module">` tag: every element in
 * `dist/cdn/license-desk.js`; only what loads lazily (papaparse) sits beside it as a chunk.
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
      /[\\/]src[\\/](api[\\/]validators|csv[\\/]columns)\.ts$/,
      /[\\/]src[\\/]elements[\\/]cancel-order-dialog[\\/]cancel-order-dialog\.ts$/,
    ),
  ],
  build: {
    outDir: 'dist/cdn',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    minify: true,
    lib: {
      entry: 'src/index.ts',
      formats: ['es'],
      fileName: () => 'license-desk.js',
    },
    rollupOptions: {
      output: { chunkFileNames: 'chunks/[name]-[hash].js', minify: true, comments: false },
    },
  },
});
