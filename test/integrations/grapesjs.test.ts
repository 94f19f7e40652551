/**
 * The GrapesJS plugin (`license-desk/grapesjs`) in a real GrapesJS editor in Chromium: the
 * blocks, the settings panel generated from custom-elements.json, the kit rendering in the
 * canvas, and the exported HTML.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { serve } from '../../scripts/storybook/harness.js';
import { elementsModule, TARGET } from '../../scripts/manifest/grapesjs-elements.mjs';
import { fallbackHtml } from '../../src/integrations/fallback.js';
import { enumeration, KIT_ELEMENTS, traitsFor } from '../../src/integrations/grapesjs/index.js';
import { launchOptions } from '../e2e/browser.js';
import { buildKit, ROOT, tempDir, watchedPage } from './site.js';

const SEARCH_FALLBACK = '<p>Loading licenses… If this stays, the License Desk script did not load.</p>';

describe('the settings fields generated from custom-elements.json', () => {
  test('are those of the freshly analysed manifest (the generated module is up to date)', () => {
    const result = spawnSync(process.execPath, [join(ROOT, 'node_modules/@custom-elements-manifest/analyzer/cem.js'), 'analyze'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const manifest = JSON.parse(readFileSync(join(ROOT, 'custom-elements.json'), 'utf8'));
    assert.equal(readFileSync(join(ROOT, TARGET), 'utf8'), elementsModule(manifest), 'run `npm run build:manifest` and commit the result');
  });

  test("offer the provider's settings as text, number and select fields, never the token", () => {
    const provider = KIT_ELEMENTS.find((e) => e.tagName === 'licenses-provider')!;
    const fields = Object.fromEntries(traitsFor(provider).map((t) => [t.name, t.type]));
    assert.deepEqual(fields, { 'api-base': 'text', credentials: 'select', locale: 'text', 'time-zone': 'text', 'buy-url': 'text', timeout: 'number' });
    const credentials = traitsFor(provider).find((t) => t.name === 'credentials')!;
    assert.deepEqual(credentials.options!.map((o) => o.id), ['', 'omit', 'same-origin', 'include']);
  });

  test('offer boolean attributes as checkboxes and unions of literals as choices', () => {
    const search = KIT_ELEMENTS.find((e) => e.tagName === 'licenses-search')!;
    assert.equal(traitsFor(search).find((t) => t.name === 'sync-url')!.type, 'checkbox');
    assert.deepEqual(enumeration("'light' | 'dark' | null"), ['light', 'dark']);
    assert.equal(enumeration('string | null'), null);
  });
});

/** Every element with its fallback text, inside a provider, with the kit's script tag. */
/**
 * Every element with fallback text, under the kit's script-tag files. The cancel dialog loads
 * on a tile's first Cancel, which this page (without an API) cannot offer: its chunk is
 * loaded as the tile would.
 */
function fallbackPage(cancelChunk: string): string {
  const inner = KIT_ELEMENTS.filter((e) => e.tagName !== 'licenses-provider')
    .map(({ tagName }) => `<${tagName}>${fallbackHtml(tagName) || '<p>Fallback</p>'}</${tagName}>`)
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fallback</title>
    <script type="module" src="./license-desk/license-desk.js"></script>
    <script type="module" src="./license-desk/license-desk-activation.js"></script>
    <script type="module" src="./license-desk/license-desk-buy.js"></script>
    <script type="module" src="./license-desk/license-desk-bulk.js"></script>
    <script type="module">import('./license-desk/chunks/${cancelChunk}');</script></head>
    <body><licenses-provider><p id="beside">Beside the elements</p>${inner}</licenses-provider></body></html>`;
}

describe('GrapesJS with the plugin, in Chromium', () => {
  const site = tempDir('grapesjs');
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serve>>;

  before(async () => {
    await buildKit(join(site.dir, 'license-desk'));
    const { build } = await import('vite');
    const page = (name: string, scriptUrl: string) => {
      writeFileSync(join(site.dir, `${name}.js`), `
        import grapesjs from 'grapesjs';
        import 'grapesjs/dist/css/grapes.min.css';
        import licenseDesk from ${JSON.stringify(join(ROOT, 'src/integrations/grapesjs/index.ts'))};
        window.editor = grapesjs.init({
          container: '#editor', height: '700px', storageManager: false, cssIcons: '', telemetry: false,
          plugins: [(editor) => licenseDesk(editor, { scriptUrl: ${JSON.stringify(scriptUrl)} })],
        });`);
      writeFileSync(join(site.dir, `${name}.html`), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Editor</title></head>
        <body><div id="editor"></div><script type="module" src="./${name}.js"></script></body></html>`);
    };
    page('editor', '/license-desk/license-desk.js');
    page('missing', '/nowhere/license-desk.js');
    await build({
      root: site.dir,
      configFile: false,
      logLevel: 'silent',
      base: './',
      resolve: { alias: { grapesjs: join(ROOT, 'node_modules/grapesjs') } },
      build: { outDir: join(site.dir, 'out'), emptyOutDir: true, target: 'es2022', rollupOptions: { input: [join(site.dir, 'editor.html'), join(site.dir, 'missing.html')] } },
    });
    // The built pages next to the kit, as a site serves both.
    for (const name of ['editor', 'missing']) {
      writeFileSync(join(site.dir, `${name}.html`), readFileSync(join(site.dir, 'out', `${name}.html`), 'utf8').replaceAll('./assets/', './out/assets/'));
    }
    const cancelChunk = readdirSync(join(site.dir, 'license-desk', 'chunks')).find((f) => /^cancel-order-dialog-.*\.js$/.test(f));
    if (!cancelChunk) throw new Error('The build holds no chunk of the cancel dialog');
    writeFileSync(join(site.dir, 'fallback.html'), fallbackPage(cancelChunk));
    server = await serve(site.dir);
    browser = await chromium.launch(await launchOptions());
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    site.remove();
  });

  const canvas = async (page: Page): Promise<Frame> => (await (await page.waitForSelector('iframe.gjs-frame')).contentFrame())!;

  async function openEditor(path: string, ignore: RegExp[] = []) {
    const watched = await watchedPage(browser, ignore);
    await watched.page.goto(`${server.url}/${path}`);
    await watched.page.waitForFunction(() => (window as any).editor?.Canvas.getDocument()?.body);
    return watched;
  }

  test('a block added to the page, set up in the settings panel, renders and exports clean HTML', async () => {
    // The page has no licenses API behind `api-base`: the search's requests fail, and it says so.
    const { page, assertClean } = await openEditor('editor.html', [/status of 404/]);
    await page.click('.gjs-pn-btn.fa-th-large');
    const block = page.locator('.gjs-block', { hasText: 'Licenses (provider and search)' });
    await block.waitFor();
    // Placed as a drop places it (a drag across the canvas' frame is not something
    // headless Chromium can fire): the block's content appended to the page.
    await page.evaluate(() => {
      const editor = (window as any).editor;
      editor.addComponents(editor.Blocks.get('license-desk-licenses-provider').getContent());
    });
    const frame = await canvas(page);
    await page.waitForFunction(() => (window as any).editor.getWrapper().find('licenses-provider').length === 1);

    await page.evaluate(() => {
      const editor = (window as any).editor;
      editor.select(editor.getWrapper().find('licenses-provider')[0]);
    });
    await page.click('.gjs-pn-btn.fa-cog');
    const field = (name: string) => page.locator('.gjs-trt-trait', { has: page.locator('.gjs-label', { hasText: new RegExp(`^${name}$`) }) }).locator('input, select');
    assert.deepEqual(
      await page.locator('.gjs-trt-trait .gjs-label').allInnerTexts(),
      // GrapesJS shows an attribute's name as words: `api-base` as 'Api base'.
      ['Api base', 'Credentials', 'Locale', 'Time zone', 'Buy url', 'Timeout'],
    );
    await field('Api base').fill('/licenses-proxy/api/v1');
    await field('Api base').press('Enter');
    await field('Locale').fill('de');
    await field('Locale').press('Enter');

    await frame.waitForFunction(() => {
      const search = document.querySelector('licenses-provider licenses-search');
      return customElements.get('licenses-search') && search?.shadowRoot?.textContent?.includes('Gekaufte Lizenzen');
    }, null, { timeout: 20_000 });
    assert.equal(await frame.locator('licenses-provider').getAttribute('api-base'), '/licenses-proxy/api/v1');

    const html = await page.evaluate(() => (window as any).editor.getHtml() as string);
    assert.equal(
      html.replace(/^<body>|<\/body>$/g, ''),
      `<licenses-provider api-base="/licenses-proxy/api/v1" locale="de"><licenses-search>${SEARCH_FALLBACK}</licenses-search></licenses-provider>`,
    );
    assertClean();
    await page.close();
  });

  test("the README's CMS snippet pasted into the editor becomes the kit's components with their settings", async () => {
    const { page } = await openEditor('editor.html');
    const result = await page.evaluate(() => {
      const editor = (window as any).editor;
      editor.setComponents(`<script type="module" src="/license-desk/license-desk.js"></script>
        <licenses-provider api-base="/licenses-proxy/api/v1" locale="de-DE" time-zone="Europe/Berlin">
          <licenses-search no-heading sync-url><p>Loading licenses…</p></licenses-search>
        </licenses-provider>`);
      const search = editor.getWrapper().find('licenses-search')[0];
      return {
        type: search.get('type'),
        traits: search.getTraits().map((t: any) => `${t.getName()}:${t.getType()}`),
        provider: editor.getWrapper().find('licenses-provider')[0].getTraits().length,
      };
    });
    assert.deepEqual(result, { type: 'licenses-search', traits: ['sync-url:checkbox', 'no-heading:checkbox', 'page-size:number'], provider: 6 });
    await page.close();
  });

  test('a canvas whose kit script does not load shows the fallback text, not a blank box', async () => {
    const { page } = await openEditor('missing.html', [/404|Failed to load/]);
    await page.evaluate(() => (window as any).editor.setComponents((window as any).editor.Blocks.get('license-desk-licenses-provider').get('content')));
    const frame = await canvas(page);
    await frame.locator('licenses-search p').waitFor();
    assert.match(await frame.locator('licenses-search').innerText(), /the License Desk script did not load/);
    await page.close();
  });

  test("the kit hides an element's fallback text once it is defined; the provider shows its children", async () => {
    const { page } = await watchedPage(browser);
    await page.goto(`${server.url}/fallback.html`);
    const tags = KIT_ELEMENTS.map((e) => e.tagName);
    await page.waitForFunction((all) => all.every((t) => customElements.get(t)), tags);
    const shown = await page.evaluate(() =>
      [...document.querySelectorAll('licenses-provider p')].filter((p) => p.checkVisibility()).map((p) => p.parentElement!.localName),
    );
    assert.deepEqual(shown, ['licenses-provider']);
    await page.close();
  });

  test('every block holds its element inside a provider, with fallback text where the element shows one', async () => {
    const { page } = await openEditor('editor.html');
    const blocks = await page.evaluate(() => (window as any).editor.Blocks.getAll().map((b: any) => [b.getId(), b.get('content')]));
    const expected = KIT_ELEMENTS.map(({ tagName }) => {
      const inner = tagName === 'licenses-provider' ? 'licenses-search' : tagName;
      return [`license-desk-${tagName}`, `<licenses-provider><${inner}>${fallbackHtml(inner)}</${inner}></licenses-provider>`];
    });
    assert.deepEqual(blocks, expected);
    await page.close();
  });
});
