/**
 * Builds the benchmark page from source with Vite (minified, Lit templates too, as in the
 * kit's bundle, and the templates of the grid's cells alike) into `.bench/browser/`, and
 * serves that folder on the loopback interface.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { writeFileSync } from 'node:fs';
import { build } from 'vite';
import { minifyTemplates } from '../../build/minify-templates.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const OUT = join(ROOT, '.bench/browser');

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };

const PAGE = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><link rel="icon" href="data:," /><title>License Desk benchmark</title></head>
  <body style="margin: 0; width: 1200px; font: 15px system-ui">
    <script type="module" src="./page.js"></script>
  </body>
</html>
`;

/** Builds the page; resolves once `.bench/browser/` holds it. */
export async function buildPage(): Promise<void> {
  await build({
    configFile: false,
    // The page bundles the memory client, which imports the schemas the kit loads lazily:
    // Vite's note that the lazy import stays in the bundle says nothing about the kit.
    logLevel: 'error',
    // The grid's cell templates are minified as the kit's are.
    plugins: [minifyTemplates(/[\\/](src[\\/].*|scripts[\\/]bench[\\/]browser[\\/]page-grid)\.ts$/)],
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir: OUT,
      emptyOutDir: true,
      target: 'es2022',
      minify: true,
      sourcemap: false,
      lib: { entry: join(ROOT, 'scripts/bench/browser/page.ts'), formats: ['es'], fileName: () => 'page.js' },
      rollupOptions: { output: { chunkFileNames: 'chunks/[name]-[hash].js', minify: true } },
    },
  });
  writeFileSync(join(OUT, 'index.html'), PAGE);
}

/** Serves the built page on 127.0.0.1; `url` ends with a slash. */
export async function servePage(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(OUT, path.endsWith('/') ? `${path}index.html` : path);
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
