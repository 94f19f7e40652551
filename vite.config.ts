/**
 * Builds the single-file bundle for a `<script type="module">` tag: every element in
 * `dist/cdn/license-desk.js`; only what loads lazily (papaparse) sits beside it as a chunk.
 * The per-module ESM build with types comes from `tsc -p tsconfig.build.json`.
 */
import { defineConfig } from 'vite';

export default defineConfig({
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
      output: { chunkFileNames: 'chunks/[name]-[hash].js', minify: true },
    },
  },
});
