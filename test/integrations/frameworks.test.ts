/**
 * The Vue 3 and Angular 21 recipes (docs/recipes/) as a reseller's developer follows them:
 * the packed package and the framework installed into a fresh project, the recipe's files
 * written as the Markdown shows them, the app type-checked and built by the framework's own
 * tools, and rendered in Chromium, where it receives the kit's events.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { serve } from '../../scripts/storybook/harness.js';
import { launchOptions } from '../e2e/browser.js';
import { writeRecipe } from './recipes.js';
import { ROOT, tempDir, watchedPage } from './site.js';

/** Runs a command; resolves with its output, rejects with it when the command fails. */
function run(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, npm_config_update_notifier: 'false', NG_CLI_ANALYTICS: 'false' } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${output}`))));
  });
}

/** Runs `check` with one text of `file` replaced, then puts the file back. */
async function withEdit(file: string, from: string, to: string, check: () => Promise<unknown>): Promise<unknown> {
  const source = readFileSync(file, 'utf8');
  assert.ok(source.includes(from), `${from} is not in ${file}`);
  writeFileSync(file, source.replace(from, to));
  try {
    return await check();
  } finally {
    writeFileSync(file, source);
  }
}

const work = tempDir('recipes');
let tarball: Promise<string>;
let browser: Browser;

/** A fresh project with the packed kit and `packages` installed. */
async function project(name: string, packages: string[]): Promise<string> {
  const dir = join(work.dir, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `${name}-app`, private: true, type: 'module' }));
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', await tarball, ...packages], dir);
  return dir;
}

/** Serves `dir`, opens it, waits for the status line the app writes from the kit's event. */
async function statusOf(dir: string): Promise<string> {
  const server = await serve(dir);
  const { page, assertClean } = await watchedPage(browser);
  try {
    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => /orders found/.test(document.querySelector('#status')?.textContent ?? ''), null, { timeout: 20_000 });
    const tiles = await page.evaluate(() => document.querySelector('licenses-search')?.shadowRoot?.querySelectorAll('order-tile').length ?? 0);
    assert.ok(tiles > 0, 'no order tiles rendered');
    assertClean();
    return (await page.textContent('#status'))!.trim();
  } finally {
    await page.close();
    await server.close();
  }
}

before(async () => {
  // Packed once for both apps; the build runs as `npm pack`'s prepack.
  tarball = run('npm', ['pack', '--json', '--pack-destination', work.dir], ROOT).then((out) => join(work.dir, (JSON.parse(out.slice(out.indexOf('[')))[0] as { filename: string }).filename));
  await tarball;
  browser = await chromium.launch(await launchOptions());
});

after(async () => {
  await browser?.close();
  work.remove();
});

describe('the Vue 3 recipe', () => {
  let dir: string;

  before(async () => {
    dir = await project('vue', ['vue@3', 'vite@8', '@vitejs/plugin-vue@6', 'vue-tsc@3', 'typescript@5.9']);
    writeRecipe(join(ROOT, 'docs/recipes/vue.md'), dir);
  });

  test('type-checks with vue-tsc, including the kit tags, their properties and typed events', async () => {
    await run(process.execPath, [join(dir, 'node_modules/vue-tsc/bin/vue-tsc.js'), '--noEmit'], dir);
  });

  test("rejects a handler of another event's type (the kit's events are typed in templates)", async () => {
    await assert.rejects(
      withEdit(join(dir, 'src/App.vue'), '@licenses-search="onSearch"', '@licenses-search="onActivated"', () =>
        run(process.execPath, [join(dir, 'node_modules/vue-tsc/bin/vue-tsc.js'), '--noEmit'], dir),
      ),
      /LicenseActivatedEvent/,
    );
  });

  test('builds with Vite without warnings about unknown components, and receives licenses-search in Chromium', async () => {
    const output = await run(process.execPath, [join(dir, 'node_modules/vite/bin/vite.js'), 'build', '--base', './'], dir);
    assert.doesNotMatch(output, /Failed to resolve component/);
    assert.match(await statusOf(join(dir, 'dist')), /^\d+ orders found$/);
  });
});

describe('the Angular 21 recipe', () => {
  let dir: string;

  before(async () => {
    dir = await project('angular', [
      '@angular/core@21', '@angular/common@21', '@angular/compiler@21', '@angular/platform-browser@21',
      '@angular/build@21', '@angular/cli@21', '@angular/compiler-cli@21', 'rxjs@7', 'tslib@2', 'typescript@5.9',
    ]);
    writeRecipe(join(ROOT, 'docs/recipes/angular.md'), dir);
  });

  test('builds with ng build (strict templates, CUSTOM_ELEMENTS_SCHEMA) and receives licenses-search in Chromium', async () => {
    const output = await run(process.execPath, [join(dir, 'node_modules/@angular/cli/bin/ng.js'), 'build'], dir);
    assert.doesNotMatch(output, /WARNING/);
    assert.match(await statusOf(join(dir, 'dist/licenses/browser')), /^\d+ orders found$/);
  });

  test("types (license-activated)'s $event as the kit's event", async () => {
    await assert.rejects(
      withEdit(join(dir, 'src/app.ts'), '(licenses-search)="onSearch($event)"', '(licenses-search)="onActivated($event)"', () =>
        run(process.execPath, [join(dir, 'node_modules/@angular/cli/bin/ng.js'), 'build'], dir),
      ),
      /LicenseActivatedEvent/,
    );
  });
});
