/**
 * The package as a reseller's developer gets it: `npm pack` (which builds first), the
 * tarball installed into a fresh project, and every entry point of the exports map used
 * from there: the Node entries imported by Node, every entry bundled by Vite and run in
 * Chromium, the script-tag bundle loaded by a plain page, and the types of every entry
 * checked by TypeScript. A broken exports map or a missing file fails here.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { serve } from '../../scripts/storybook/harness.js';
import { launchOptions } from '../e2e/browser.js';
import { bundleEntry, cdnPage, nodeCheck, nodeImports, oneElementPage, serverRender, typesCheck } from './fixtures.js';
import { defineConformanceCliTests } from './conformance-cli.js';
import { bundleHydration, serverRenderAll } from './hydration.js';

const ROOT = resolve('.');
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  name: string;
  exports: Record<string, string | Record<string, string>>;
  customElements: string;
  'web-types': string;
};

/** Runs a command quietly; fails with its output when it fails. */
function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

let dir: string;
let installed: string;
let tags: string[];

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'license-desk-pack-'));
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir], ROOT)) as { filename: string }[];
  const tarball = join(dir, packed[0]!.filename);
  const project = join(dir, 'app');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'reseller-app', private: true, type: 'module' }));
  // Offline first: the kit's dependencies come from the npm cache when they are there.
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball, 'react@19', 'react-dom@19', '@lit/react@1', '@lit-labs/ssr@4', '@lit-labs/ssr-client@1'], project);
  installed = join(project, 'node_modules', pkg.name);
  tags = readdirSync(join(installed, 'dist/elements')).filter((name) => name !== 'shared');
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** Every subpath of the exports map, with `./elements/*` expanded to each element. */
function subpaths(): string[] {
  return Object.keys(pkg.exports).flatMap((key) => (key === './elements/*' ? tags.map((t) => `./elements/${t}`) : [key]));
}

/** The files an exports entry points at (types and code), for `subpath`. */
function targets(subpath: string): string[] {
  const key = subpath.startsWith('./elements/') ? './elements/*' : subpath;
  const target = pkg.exports[key]!;
  const tag = subpath.slice('./elements/'.length);
  return (typeof target === 'string' ? [target] : Object.values(target)).map((t) => t.replaceAll('*', tag));
}

describe('the packed package', () => {
  test('has a file behind every entry of the exports map, the manifest and the editor data', () => {
    assert.deepEqual(tags.sort(), [
      'activate-dialog',
      'activation-link-dialog',
      'billing-state-dialog',
      'bulk-jobs',
      'buy-licenses',
      'cancel-order-dialog',
      'customer-dialog',
      'deactivate-dialog',
      'license-activation',
      'license-history-dialog',
      'license-keys-table',
      'licenses-provider',
      'licenses-renewals',
      'licenses-search',
      'order-tile',
      'transfer-dialog',
    ]);
    const missing = subpaths()
      .flatMap(targets)
      .concat([pkg.customElements, pkg['web-types']])
      .filter((file) => !existsSync(join(installed, file)));
    assert.deepEqual(missing, []);
  });

  test('holds every chunk the script-tag files load, and the chunks they load (the CSV writer on the first export, papaparse on the first CSV read)', () => {
    const cdn = join(installed, 'dist/cdn');
    // Chunks name each other relative to their own folder (`./x.js`), an entry names them as `./chunks/x.js`.
    const imported = (file: string) =>
      [...readFileSync(join(cdn, file), 'utf8').matchAll(/[`"']\.\/((?:chunks\/)?[^`"'/]+\.js)[`"']/g)].map((m) =>
        m[1]!.startsWith('chunks/') ? m[1]! : `chunks/${m[1]!}`,
      );
    const missing: string[] = [];
    const reachedFrom = (entry: string): string[] => {
      const reached = new Set<string>();
      const follow = (file: string) => {
        for (const chunk of imported(file)) {
          if (reached.has(chunk)) continue;
          reached.add(chunk);
          if (existsSync(join(cdn, chunk))) follow(chunk);
          else missing.push(chunk);
        }
      };
      follow(entry);
      return [...reached];
    };
    assert.ok(reachedFrom('license-desk.js').some((c) => c.startsWith('chunks/write-')), 'the CSV writer is not loaded lazily');
    assert.ok(reachedFrom('license-desk-bulk.js').some((c) => c.includes('papaparse')), 'papaparse is not loaded lazily');
    assert.deepEqual(missing, []);
  });

  test('resolves the JSON entries through the exports map: manifest, editor data, OpenAPI document', () => {
    const require = createRequire(join(installed, '..', '..', 'package.json'));
    const manifest = require(`${pkg.name}/custom-elements.json`) as { modules: { declarations?: { tagName?: string }[] }[] };
    const defined = manifest.modules.flatMap((m) => m.declarations ?? []).flatMap((d) => d.tagName ?? []);
    assert.deepEqual(defined.sort(), tags.sort());
    assert.equal((require(`${pkg.name}/openapi.json`) as { openapi: string }).openapi, '3.1.0');
    assert.equal((require(`${pkg.name}/vscode.html-custom-data.json`) as { tags: unknown[] }).tags.length, tags.length);
    assert.ok((require(`${pkg.name}/vscode.css-custom-data.json`) as { properties: unknown[] }).properties.length > 0);
    assert.equal((require(`${pkg.name}/web-types.json`) as { contributions: { html: { elements: unknown[] } } }).contributions.html.elements.length, tags.length);
  });

  test('imports the API, memory client, rules and CSV entries in Node', () => {
    const answer = JSON.parse(run(process.execPath, ['--input-type=module', '-e', nodeCheck(pkg.name)], join(installed, '..', '..'))) as Record<string, unknown>;
    assert.deepEqual(answer, { api: true, memory: true, rules: true, csv: true });
  });

  test('imports every code entry in Node without throwing, the script-tag bundle included', () => {
    const failed = JSON.parse(run(process.execPath, ['--input-type=module', '-e', nodeImports(pkg.name, subpaths())], join(installed, '..', '..'))) as string[];
    assert.deepEqual(failed, []);
  });

  test('server-renders every element inside a provider with @lit-labs/ssr', () => {
    const pages = JSON.parse(run(process.execPath, ['--input-type=module', '-e', serverRender(pkg.name, tags)], join(installed, '..', '..'))) as Record<string, string>;
    assert.deepEqual(Object.keys(pages).sort(), [...tags].sort());
    for (const [tag, page] of Object.entries(pages)) {
      assert.ok(new RegExp(`<${tag}[^>]*><template shadowroot="open" shadowrootmode="open"`).test(page), `${tag} has a declarative shadow root`);
    }
    assert.ok(pages['licenses-provider']!.includes('<licenses-provider   api-base="/api/v1" locale="de">'), 'the provider keeps its attributes');
  });

  test('type-checks every entry in a TypeScript project', () => {
    const project = join(installed, '..', '..');
    writeFileSync(join(project, 'types.ts'), typesCheck(pkg.name, subpaths()));
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, lib: ['ES2023', 'DOM'], skipLibCheck: false, types: [] },
      files: ['types.ts'],
    }));
    run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', '.'], project);
  });

  test("types the kit's events on elements, document and window for a page that imports one element only", () => {
    const project = join(installed, '..', '..', 'one-element');
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, 'page.ts'), oneElementPage(pkg.name));
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, lib: ['ES2023', 'DOM'], skipLibCheck: false, types: [] },
      files: ['page.ts'],
    }));
    run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', '.'], project);
  });

  describe('in Chromium', () => {
    let browser: Browser;
    let server: Awaited<ReturnType<typeof serve>>;

    before(async () => {
      const project = join(installed, '..', '..');
      await bundleEntry(project, pkg.name, subpaths(), tags);
      server = await serve(project);
      browser = await chromium.launch(await launchOptions());
    });

    after(async () => {
      await browser?.close();
      await server?.close();
    });

    async function pageResult(path: string): Promise<unknown> {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await page.goto(`${server.url}${path}`);
      const result = await (await page.waitForFunction(() => (window as unknown as { result?: unknown }).result, null, { timeout: 20_000 })).jsonValue();
      await page.close();
      assert.deepEqual(errors, []);
      return result;
    }

    test('a bundle of every entry (Vite) defines the elements, which render orders, also from React', async () => {
      assert.deepEqual(await pageResult('/bundle.html'), { defined: tags.length, tile: 'ok', react: 'ok' });
    });

    test('the CDN files on a plain page define every element, the lazily loaded ones when their time comes', async () => {
      const cancelChunk = readdirSync(join(installed, 'dist/cdn/chunks')).find((f) => /^cancel-order-dialog-.*\.js$/.test(f));
      assert.ok(cancelChunk, 'the cancel dialog has its chunk');
      writeFileSync(join(installed, '..', '..', 'cdn.html'), cdnPage(pkg.name, tags, cancelChunk));
      assert.deepEqual(await pageResult('/cdn.html'), { defined: tags.length, tile: 'ok' });
    });

    test('hydrates the markup @lit-labs/ssr rendered, without a mismatch, and the search then shows orders', async () => {
      const project = join(installed, '..', '..');
      const markup = run(process.execPath, ['--input-type=module', '-e', serverRenderAll(pkg.name, tags)], project);
      await bundleHydration(project, pkg.name, tags, markup);
      // Without its scripts the page already shows what the server rendered.
      const bare = await browser.newPage();
      await bare.route('**/*.js', (route) => route.abort());
      await bare.goto(`${server.url}/hydrated/index.html`);
      assert.equal(await bare.evaluate(() => document.querySelector('licenses-search')?.shadowRoot?.querySelector('[role="status"]')?.textContent?.trim()), 'Loading…');
      await bare.close();

      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await page.goto(`${server.url}/hydrated/index.html`);
      await page.waitForFunction(() => (document.querySelector('licenses-search')?.shadowRoot?.querySelectorAll('order-tile').length ?? 0) > 0, null, { timeout: 20_000 });
      const search = await page.evaluate(() => {
        const root = document.querySelector('licenses-search')!.shadowRoot!;
        // Hydration takes over the server's shadow root, its <style> included; a fresh render would replace them.
        return { serverStyle: [...root.children].some((child) => child.localName === 'style'), heading: root.querySelector('[part="title"]')?.textContent?.trim() };
      });
      await page.close();
      assert.deepEqual(errors, []);
      assert.deepEqual(search, { serverStyle: true, heading: 'Licenses Purchased' });
    });
  });
});

defineConformanceCliTests(() => join(installed, '..', '..'));
