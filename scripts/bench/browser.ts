/**
 * The elements in headless Chromium: `<license-keys-table>` against `@vaadin/grid` and a
 * naive table at 1,000 to 100,000 rows, `<licenses-search>` to its first page of tiles on
 * the memory client and on the demo backend, and an export of 100,000 keys against
 * papaparse alone. The page is built from source into `.bench/browser/` and served on
 * loopback. Timings are medians of several runs after a warm-up, compared within the run.
 */
import { chromium } from 'playwright-core';
import { launchOptions } from '../../test/e2e/browser.js';
import { measureExports } from './browser/exports.js';
import { measureSearch } from './browser/search.js';
import { buildPage, servePage } from './browser/serve.js';
import { measureTables, printTables, slope } from './browser/tables.js';
import type { BenchSection } from './section.js';

export const browserSection: BenchSection = {
  title: 'the elements in headless Chromium: table against @vaadin/grid, search, CSV export',
  async run(print) {
    await buildPage();
    const server = await servePage();
    const browser = await chromium.launch(await launchOptions());
    const failures: string[] = [];
    try {
      print(`Chromium ${browser.version()}, viewport 1280×800, page built from source with Vite (minified)\n`);
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      page.on('pageerror', (error) => failures.push(`the page threw: ${error.message}`));
      await page.goto(server.url);
      await page.waitForFunction(() => document.body.dataset['ready'] === 'true');
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');

      const tables = await measureTables(page, cdp);
      failures.push(...tables.failures);
      printTables(tables, print);
      print('');
      failures.push(...(await measureSearch(page, new URL(server.url).origin, print)));
      print('');
      failures.push(...(await measureExports(page, new URL(server.url).origin, print)));

      const targets = [...tables.medians].map(([size, bySize]) => {
        const ratio = bySize.get('vaadin-grid')!.firstFrameMs / bySize.get('license-keys-table')!.firstFrameMs;
        return `${size.toLocaleString('en-US')} rows ${ratio >= 2 ? 'met' : 'MISSED'}`;
      });
      print(`\nTargets (reported, not enforced): table at least 2x faster than @vaadin/grid to the first frame: ${targets.join(', ')};`);
      print(`the table's first frame flat in the number of rows: slope ${slope(tables, 'license-keys-table').slope.toFixed(2)}.`);
    } finally {
      await browser.close();
      await server.close();
    }
    return { failures };
  },
};
