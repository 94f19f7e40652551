/**
 * The README's React example and the Vue 3 and Angular 21 recipes (docs/recipes/) as a
 * reseller's developer follows them: the packed package and the framework installed into a
 * fresh project, the files written as the Markdown shows them, the app type-checked and built
 * by the framework's own tools, and run in Chromium, where a search and a license activated
 * through the kit's UI reach the app as the kit's events.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { serve } from '../../scripts/storybook/harness.js';
import { launchOptions } from '../e2e/browser.js';
import { startSeededServer, type SeededServer } from '../e2e/seeded-server.js';
import { activateFirstAvailable } from './activate.js';
import { markedExample, writeRecipe } from './recipes.js';
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

/** The status line the app writes from the kit's events, once it matches `pattern`. */
async function statusLine(page: Page, pattern: RegExp): Promise<string> {
  const line = await page.waitForFunction(
    ([source, flags]) => {
      const text = document.querySelector('[role="status"]')?.textContent?.trim() ?? '';
      return new RegExp(source, flags).test(text) ? text : null;
    },
    [pattern.source, pattern.flags] as const,
    { timeout: 20_000 },
  );
  return (await line.jsonValue())!;
}

/**
 * Serves `dir` and opens it (after `prepare`); reads the status line the app writes from the
 * kit's events after the first search, then after a license activated through the kit's UI.
 */
async function eventsOf(dir: string, email: string, prepare?: (page: Page) => Promise<unknown>): Promise<{ searched: string; activated: string; code: string }> {
  const server = await serve(dir);
  const { page, assertClean } = await watchedPage(browser);
  try {
    await prepare?.(page);
    await page.goto(`${server.url}/`);
    const searched = await statusLine(page, /orders found/);
    const code = await activateFirstAvailable(page, email);
    const activated = await statusLine(page, /^Activated /);
    assertClean();
    return { searched, activated, code };
  } finally {
    await page.close();
    await server.close();
  }
}

before(async () => {
  // Packed once for every app; the build runs as `npm pack`'s prepack.
  tarball = run('npm', ['pack', '--json', '--pack-destination', work.dir], ROOT).then((out) => join(work.dir, (JSON.parse(out.slice(out.indexOf('[')))[0] as { filename: string }).filename));
  await tarball;
  browser = await chromium.launch(await launchOptions());
});

after(async () => {
  await browser?.close();
  work.remove();
});

describe("the README's React 19 example", () => {
  const PROXY = '/licenses-proxy/api/v1';
  let dir: string;
  let demo: SeededServer;
  let main: string;

  before(async () => {
    demo = await startSeededServer();
    dir = await project('react', ['react@19', 'react-dom@19', '@lit/react@1', '@types/react@19', '@types/react-dom@19', 'vite@8', 'typescript@5.9']);
    const example = markedExample(join(ROOT, 'README.md'), 'react');
    main = join(dir, example.path);
    mkdirSync(join(dir, 'src'));
    writeFileSync(main, example.body);
    // The rest of what `npm create vite -- --template react-ts` writes: the page and a strict tsconfig.
    writeFileSync(
      join(dir, 'index.html'),
      `<!doctype html><html lang="en"><head><meta charset="utf-8" /><title>Licenses</title></head><body><div id="root"></div><script type="module" src="/${example.path}"></script></body></html>`,
    );
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', jsx: 'react-jsx', lib: ['ES2023', 'DOM', 'DOM.Iterable'], types: [],
        strict: true, noUnusedLocals: true, noUnusedParameters: true, verbatimModuleSyntax: true, noEmit: true, skipLibCheck: false,
      },
      include: ['src'],
    }));
  });

  after(() => demo?.close());

  const tsc = () => run(process.execPath, [join(dir, 'node_modules/typescript/bin/tsc'), '-p', '.'], dir);

  test('type-checks with tsc (strict)', async () => {
    await tsc();
  });

  test('rejects a field the event does not have (the on… props carry the kit\'s typed events)', async () => {
    await assert.rejects(withEdit(main, 'e.detail.license.activationCode', 'e.detail.total', tsc), /Property 'total' does not exist/);
  });

  test('builds with Vite; its handlers hear a search and an activation through the UI, sent through a proxy that adds the token', async () => {
    await run(process.execPath, [join(dir, 'node_modules/vite/bin/vite.js'), 'build', '--base', './'], dir);
    const email = 'react-app@customer.example';
    // Stands in for the reseller's proxy (README, 'Your own backend'): forwards with the token.
    const proxy = (page: Page) =>
      page.route(`**${PROXY}/**`, async (route) => {
        const request = route.request();
        const url = new URL(request.url());
        const headers: Record<string, string> = { authorization: `Bearer ${demo.token}`, accept: 'application/json' };
        for (const name of ['content-type', 'idempotency-key']) {
          const value = await request.headerValue(name);
          if (value !== null) headers[name] = value;
        }
        await route.fulfill({ response: await route.fetch({ url: demo.apiBase + url.pathname.slice(PROXY.length) + url.search, headers }) });
      });
    const { searched, activated, code } = await eventsOf(join(dir, 'dist'), email, proxy);
    assert.match(searched, /^\d+ orders found$/);
    assert.equal(activated, `Activated ${code}`);
    const sent = (await demo.outbox()).filter((mail) => mail.to === email);
    assert.equal(sent.length, 1, 'the backend emailed the new customer once');
  });
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

  test('builds with Vite without warnings about unknown components, and receives licenses-search and license-activated in Chromium', async () => {
    const output = await run(process.execPath, [join(dir, 'node_modules/vite/bin/vite.js'), 'build', '--base', './'], dir);
    assert.doesNotMatch(output, /Failed to resolve component/);
    const { searched, activated, code } = await eventsOf(join(dir, 'dist'), 'vue-app@customer.example');
    assert.match(searched, /^\d+ orders found$/);
    assert.equal(activated, `Activated ${code}`);
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

  test('builds with ng build (strict templates, CUSTOM_ELEMENTS_SCHEMA) and receives licenses-search and license-activated in Chromium', async () => {
    const output = await run(process.execPath, [join(dir, 'node_modules/@angular/cli/bin/ng.js'), 'build'], dir);
    assert.doesNotMatch(output, /WARNING/);
    const { searched, activated, code } = await eventsOf(join(dir, 'dist/licenses/browser'), 'angular-app@customer.example');
    assert.match(searched, /^\d+ orders found$/);
    assert.equal(activated, `Activated ${code}`);
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
