/**
 * `npm run screenshots`: builds the Storybook, then takes pictures of the elements for the
 * README from its stories (so they show what the stories show), as small PNGs in
 * docs/screenshots/.
 *
 *   npm run screenshots               the README's pictures
 *   npm run screenshots -- --all      every story, light and dark, into test-results/screenshots
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { launchOptions } from '../test/e2e/browser.js';
import { open, readEntries, serve, type Entry } from './storybook/harness.js';

interface Shot {
  file: string;
  story: string;
  globals?: Record<string, string>;
  /** What to capture: the story's root (default), its open dialog, or the whole page. */
  target?: 'root' | 'dialog' | 'page';
  width?: number;
}

const SHOTS: Shot[] = [
  { file: 'licenses-search', story: 'screens-licenses-purchased--licenses-purchased', width: 1100 },
  { file: 'order-tile', story: 'elements-order-tile--expanded' },
  { file: 'order-tile-dark-de', story: 'elements-order-tile--expanded', globals: { theme: 'dark', locale: 'de' } },
  { file: 'license-keys-table', story: 'elements-license-keys-table--activated-available-recurrent' },
  { file: 'activate-dialog', story: 'elements-activate-dialog--new-customer-validation-errors', target: 'dialog' },
  { file: 'billing-state-dialog', story: 'elements-billing-state-dialog--changed', target: 'dialog' },
  { file: 'activation-link-dialog', story: 'elements-activation-link-dialog--open', target: 'dialog' },
  { file: 'theming', story: 'theming-design-tokens--brand' },
];

const all = process.argv.includes('--all');
const OUT = all ? 'test-results/screenshots' : 'docs/screenshots';
const QUIET = { 'a11y.manual': '!true' };
const MAX_HEIGHT = 900;

async function capture(page: Page, base: string, entry: Entry, shot: Shot, file: string): Promise<void> {
  await page.setViewportSize({ width: shot.width ?? 960, height: 900 });
  await open(page, base, entry, { ...QUIET, ...shot.globals });
  // Let fonts and the last frame settle, and keep the caret out of the picture.
  await page.evaluate(() => document.fonts.ready);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur?.());
  const options = { path: join(OUT, `${file}.png`), animations: 'disabled', caret: 'hide' } as const;
  if (shot.target === 'page') await page.screenshot({ ...options, fullPage: true });
  else if (shot.target === 'dialog') await page.locator('dialog[open] [part~="panel"]').first().screenshot(options);
  else {
    // At most one screen high: the top of a long page says enough, and the file stays small.
    const box = await page.locator('#storybook-root').boundingBox();
    if (!box) throw new Error(`${entry.id} rendered nothing`);
    await page.screenshot({ ...options, clip: { ...box, height: Math.min(box.height, MAX_HEIGHT) } });
  }
}

async function main(): Promise<void> {
  const entries = new Map(readEntries().map((e) => [e.id, e]));
  const shots: Shot[] = all
    ? [...entries.values()]
        .filter((e) => e.type === 'story')
        .flatMap((e) => [
          { file: e.id, story: e.id, target: 'page' as const },
          { file: `${e.id}--dark`, story: e.id, globals: { theme: 'dark' }, target: 'page' as const },
        ])
    : SHOTS;
  mkdirSync(OUT, { recursive: true });
  const server = await serve();
  const browser = await chromium.launch(await launchOptions());
  try {
    const context = await browser.newContext({ timezoneId: 'UTC', locale: 'en-US', deviceScaleFactor: 1 });
    const page = await context.newPage();
    for (const shot of shots) {
      const entry = entries.get(shot.story);
      if (!entry) throw new Error(`There is no story ${shot.story}`);
      await capture(page, server.url, entry, shot, shot.file);
      console.log(`${OUT}/${shot.file}.png`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
