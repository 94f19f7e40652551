/**
 * `npm run build:cdn`: the script-tag files of `dist/cdn` (see `CDN_FILES`), one build each
 * with the kit's Vite configuration, so that each file is whole (its own copy of Lit and the
 * kit's modules) and any of them can be loaded alone or beside the others; their lazy chunks
 * share `dist/cdn/chunks`.
 */
import { join } from 'node:path';
import { build } from 'vite';
import { CDN_FILES } from './cdn-files.js';

const ROOT = new URL('../..', import.meta.url).pathname;

let first = true;
for (const { file, entry } of CDN_FILES) {
  await build({
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: { emptyOutDir: first, lib: { entry: join(ROOT, entry), formats: ['es'], fileName: () => file } },
  });
  first = false;
}
