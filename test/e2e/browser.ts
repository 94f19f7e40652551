/** How the end-to-end tests and scripts start Chromium (see test/chromium.mjs), and a page they watch for errors. */
import type { Browser, LaunchOptions, Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../chromium.mjs';

export async function launchOptions(): Promise<LaunchOptions> {
  return { executablePath: await chromiumPath(), headless: true, args: [...CHROMIUM_ARGS] };
}

/**
 * A page in a fresh context at 1280 × 900 (downloads accepted), whose console errors and
 * uncaught errors are added to `problems`, which a test expects to stay empty.
 */
export async function watchedPage(browser: Browser, problems: string[]): Promise<Page> {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return page;
}
