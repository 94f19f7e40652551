/**
 * What the integration tests share: a temporary site folder, the kit's script-tag bundle
 * built into it, and a page in Chromium that fails on any error it logs.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';

export const ROOT = resolve('.');

/** A fresh temporary folder, removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `license-desk-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Builds the single-file bundle (`license-desk.js` and its `chunks/`) into `outDir`, as `npm run build:cdn` does. */
export async function buildKit(outDir: string): Promise<void> {
  const { build } = await import('vite');
  const { CDN_FILES } = await import('../../scripts/build/cdn-files.js');
  // Each script-tag file as `npm run build:cdn` builds it, their lazy chunks side by side.
  for (const [i, { file, entry }] of CDN_FILES.entries()) {
    await build({
      configFile: join(ROOT, 'vite.config.ts'),
      root: ROOT,
      logLevel: 'silent',
      build: { outDir, emptyOutDir: i === 0, sourcemap: false, lib: { entry: join(ROOT, entry), formats: ['es'], fileName: () => file } },
    });
  }
}

const LOOPBACK = /^(https?|wss?):\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/;

/**
 * A new page that records page errors and console errors, and stops (and records) any
 * request that would leave this machine; `assertClean()` fails on any.
 */
export async function watchedPage(browser: Browser, ignore: RegExp[] = []): Promise<{ page: Page; assertClean: () => void }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  const keep = (text: string) => !ignore.some((r) => r.test(text)) && errors.push(text);
  page.on('pageerror', (e) => keep(e.message));
  page.on('console', (m) => m.type() === 'error' && keep(m.text()));
  await page.route((url) => /^(https?|wss?):/.test(url.protocol) && !LOOPBACK.test(url.href), (route) => {
    errors.push(`a request off this machine: ${route.request().url()}`);
    return route.abort();
  });
  return { page, assertClean: () => assert.deepEqual(errors, []) };
}
