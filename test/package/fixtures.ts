/**
 * The fresh project's files for the package test: a Node script importing the Node
 * entries, a TypeScript file importing every entry, a Vite app bundling every entry, and a
 * plain page with the script-tag bundle.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CDN_FILES } from '../../scripts/build/cdn-files.js';

const code = (subpaths: string[]) => subpaths.filter((p) => !p.endsWith('.json'));
const specifier = (name: string, subpath: string) => (subpath === '.' ? name : `${name}/${subpath.slice(2)}`);

/** A module for `node --input-type=module`: imports the Node entries and uses each. */
export function nodeCheck(name: string): string {
  return `
    const api = await import('${name}/api');
    const memory = await import('${name}/api/memory');
    const rules = await import('${name}/rules');
    const csv = await import('${name}/csv');
    const client = memory.createMemoryClient({ orders: 5, bigOrderLicenses: 0 });
    const page = await client.searchOrders({ limit: 5 });
    console.log(JSON.stringify({
      api: typeof api.ApiError === 'function' && api.OrderSummary.safeParse(page.items[0]).success,
      memory: page.items.length > 0,
      rules: rules.isSafeLink('https://activate.example.com/a/1') && !rules.isSafeLink('javascript:alert(1)'),
      csv: typeof csv.csvFileName === 'function',
    }));`;
}

/** A TypeScript module that imports every code entry and uses a type of each. */
export function typesCheck(name: string, subpaths: string[]): string {
  const entries = code(subpaths).filter((p) => p !== './package.json');
  return [
    ...entries.map((p, i) => `import * as entry${i} from '${specifier(name, p)}';`),
    `import type { LicensesApi, OrderSummary } from '${name}/api';`,
    `import type { LicenseActivatedEvent } from '${name}';`,
    `import { createMemoryClient } from '${name}/api/memory';`,
    `const api: LicensesApi = createMemoryClient({ orders: 1 });`,
    `export const order = async (): Promise<OrderSummary | undefined> => (await api.searchOrders({})).items[0];`,
    `export const onActivated = (e: LicenseActivatedEvent): string => e.detail.license.activationCode;`,
    `export const tile: HTMLElementTagNameMap['order-tile'] | null = document.querySelector('order-tile');`,
    `export const all = [${entries.map((_, i) => `entry${i}`).join(', ')}];`,
  ].join('\n');
}

/**
 * A page that imports one element only: the kit's events still reach its listeners typed,
 * on the element, on `document` and on `window` (a wrong field would not compile).
 */
export function oneElementPage(name: string): string {
  return [
    `import '${name}/elements/order-tile';`,
    `export const onBuyMore = (): void => document.addEventListener('buy-more', (e) => console.log(e.detail.order.id, e.detail.url));`,
    `export const onClose = (): void => window.addEventListener('ld-request-close', (e) => console.log(e.detail.source));`,
    `export const onExport = (tile: HTMLElementTagNameMap['order-tile']): void =>`,
    `  tile.addEventListener('export-finished', (e) => console.log(e.detail.fileName));`,
    `// @ts-expect-error: a buy-more detail has \`order\` and \`url\`, no \`orders\`.`,
    `export const wrong = (): void => document.addEventListener('buy-more', (e) => console.log(e.detail.orders));`,
  ].join('\n');
}

/** The app's code: every code entry imported, the elements rendered with the memory client, also from React. */
function appEntry(name: string, subpaths: string[], tags: string[]): string {
  return `
    ${code(subpaths).filter((p) => p !== './package.json').map((p, i) => `import * as entry${i} from '${specifier(name, p)}';`).join('\n')}
    import { createMemoryClient } from '${name}/api/memory';
    import { LicensesProvider, OrderTile } from '${name}/react';
    import React from 'react';
    import { createRoot } from 'react-dom/client';

    const until = async (test) => {
      for (let i = 0; i < 200; i++) {
        if (test()) return true;
        await new Promise((r) => setTimeout(r, 50));
      }
      return false;
    };
    const shows = (tile, text) => () => (tile?.shadowRoot?.textContent ?? '').includes(text);

    async function main() {
      const client = createMemoryClient({ orders: 5, bigOrderLicenses: 0 });
      const order = (await client.searchOrders({ limit: 1 })).items[0];
      const provider = document.createElement('licenses-provider');
      provider.client = client;
      provider.locale = 'en';
      const tile = document.createElement('order-tile');
      tile.setAttribute('order-id', order.id);
      provider.append(tile);
      document.body.append(provider);
      const host = document.body.appendChild(document.createElement('div'));
      createRoot(host).render(
        React.createElement(LicensesProvider, { client, locale: 'en' }, React.createElement(OrderTile, { order })),
      );
      return {
        defined: ${JSON.stringify(tags)}.filter((t) => customElements.get(t)).length,
        tile: (await until(shows(tile, order.product.name))) ? 'ok' : 'missing',
        react: (await until(() => shows(host.querySelector('order-tile'), order.product.name)())) ? 'ok' : 'missing',
        entries: [${code(subpaths).filter((p) => p !== './package.json').map((_, i) => `entry${i}`).join(', ')}].length,
      };
    }
    main().then(
      ({ entries, ...result }) => (window.result = entries > 0 ? result : { error: 'no entries' }),
      (error) => (window.result = { error: String(error) }),
    );`;
}

/** Builds the page `<root>/index.html` and its scripts with Vite, as a reseller's app does, into `outDir`. */
export async function viteBuild(root: string, outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({
    root,
    configFile: false,
    logLevel: 'silent',
    base: './',
    define: { 'process.env.NODE_ENV': '"production"' },
    build: { outDir, emptyOutDir: true, target: 'es2022' },
  });
}

/** Builds the app with Vite into `<project>/bundle.html` and its assets. */
export async function bundleEntry(project: string, name: string, subpaths: string[], tags: string[]): Promise<void> {
  writeFileSync(join(project, 'app.js'), appEntry(name, subpaths, tags));
  writeFileSync(
    join(project, 'index.html'),
    '<!doctype html><html lang="en"><head><title>Bundle</title></head><body><script type="module" src="./app.js"></script></body></html>',
  );
  await viteBuild(project, join(project, 'bundled'));
  // Served from the project's root: the bundle's page one level up, next to node_modules.
  const page = readFileSync(join(project, 'bundled/index.html'), 'utf8').replaceAll('./assets/', './bundled/assets/');
  writeFileSync(join(project, 'bundle.html'), page);
}

/**
 * A plain page with the script tags of the CDN files, as a CMS page embeds them: the reseller's
 * bundle with a tile and a keys table in the markup (the table's module loads because it is in
 * the document, and its menu's dialogs load with the table), and beside it
 * every other CDN file (the customer's page, the buy page, renewals and bulk work), each its own file. The cancel dialog loads on a tile's
 * first Cancel, which this page (with no API) cannot offer: its chunk is loaded as the tile does.
 */
export function cdnPage(name: string, tags: string[], cancelChunk: string): string {
  const cdn = `./node_modules/${name}/dist/cdn`;
  return `<!doctype html>
<html lang="en">
  <head><title>Script tag</title></head>
  <body>
    <licenses-provider locale="en"><order-tile order-id="ord_1"></order-tile><license-keys-table order-id="ord_1"></license-keys-table></licenses-provider>
    ${CDN_FILES.map(({ file }) => `<script type="module" src="${cdn}/${file}"></script>`).join('\n    ')}
    <script type="module">
      const tags = ${JSON.stringify(tags)};
      await Promise.all(tags.filter((t) => t !== 'cancel-order-dialog').map((t) => customElements.whenDefined(t)));
      await import('${cdn}/chunks/${cancelChunk}');
      const tile = document.querySelector('order-tile');
      for (let i = 0; i < 100 && !tile.shadowRoot?.querySelector('[part="setup-error"]'); i++) await new Promise((r) => setTimeout(r, 50));
      // No API is set up on this page, so the tile must say so (it renders, and explains).
      window.result = { defined: tags.filter((t) => customElements.get(t)).length, tile: tile.shadowRoot?.querySelector('[part="setup-error"]') ? 'ok' : 'missing' };
    </script>
  </body>
</html>`;
}

/** A module for `node --input-type=module`: imports every code entry, each on its own, and names those that throw. */
export function nodeImports(name: string, subpaths: string[]): string {
  const entries = code(subpaths).filter((p) => p !== './package.json');
  return `
    const failed = [];
    for (const specifier of ${JSON.stringify(entries.map((p) => specifier(name, p)))}) {
      try {
        await import(specifier);
      } catch (error) {
        failed.push(specifier + ': ' + String(error).split('\\n')[0]);
      }
    }
    console.log(JSON.stringify(failed));`;
}

/**
 * A module for `node --input-type=module` that server-renders every element inside a
 * provider with @lit-labs/ssr and prints the HTML of each, keyed by tag.
 */
export function serverRender(name: string, tags: string[]): string {
  return `
    import { render } from '@lit-labs/ssr';
    import { collectResultSync } from '@lit-labs/ssr/lib/render-result.js';
    import { html, unsafeStatic } from 'lit/static-html.js';
    await import('${name}');
    // The elements the bundle loads lazily (dialogs, the pages' elements) from their own modules.
    for (const tag of ${JSON.stringify(tags)}) await import('${name}/elements/' + tag);
    const pages = {};
    for (const tag of ${JSON.stringify(tags)}) {
      const element = unsafeStatic(tag);
      pages[tag] = tag === 'licenses-provider'
        ? collectResultSync(render(html\`<licenses-provider api-base="/api/v1" locale="de"><p>inside</p></licenses-provider>\`))
        : collectResultSync(render(html\`<licenses-provider api-base="/api/v1" locale="de"><\${element}></\${element}></licenses-provider>\`));
    }
    console.log(JSON.stringify(pages));`;
}

