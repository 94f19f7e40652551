/**
 * The elements in headless Chromium: `<license-keys-table>` against `@vaadin/grid` and a
 * naive table at 1,000 to 100,000 rows, `<licenses-search>` to its first page of tiles on
 * the memory client and on the demo backend, and an export of 100,000 keys against
 * papaparse alone. The page is built from source into `.bench/browser/` and served on
 * loopback. Timings are medians of several runs after a warm-up, compared within the run.
 *
 * `BENCH_BROWSER=exports npm run bench -- browser` runs only the parts named (a comma-separated
 * list of `tables`, `search` and `exports`); all three run when it is unset.
 */
import { chromium } from 'playwright-core';
import { launchOptions } from '../../test/e2e/browser.js';
import { measureExports } from './browser/exports.js';
import { measureSearch } from './browser/search.js';
import { buildPage, servePage } from './browser/serve.js';
import { measureTables, printTables, slope } from './browser/tables.js';
import type { BenchSection } from './section.js';

const PARTS = ['tables', 'search', 'exports'] as const;

/** The parts `BENCH_BROWSER` names, every part when it is unset. */
function chosenParts(): Set<string> {
  const named = process.env['BENCH_BROWSER']?.split(',').map((part) => part.trim()).filter((part) => part !== '');
  if (named === undefined || named.length === 0) return new Set(PARTS);
  const unknown = named.filter((part) => !(PARTS as readonly string[]).includes(part));
  if (unknown.length > 0) throw new Error(`BENCH_BROWSER names ${unknown.join(', ')}; choose from ${PARTS.join(', ')}`);
  return new Set(named);
}

export const browserSection: BenchSection = {
  title: 'the elements in headless Chromium: table against @vaadin/grid, search, CSV export',
  async run(print) {
    const parts = chosenParts();
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

      if (parts.has('tables')) {
        const tables = await measureTables(page, cdp);
        failures.push(...tables.failures);
        printTables(tables, print);
        const targets = [...tables.medians].map(([size, bySize]) => {
          const ratio = bySize.get('vaadin-grid')!.firstFrameMs / bySize.get('license-keys-table')!.firstFrameMs;
          return `${size.toLocaleString('en-US')} rows ${ratio >= 2 ? 'met' : 'MISSED'}`;
        });
        print(`\nTargets (reported, not enforced): table at least 2x faster than @vaadin/grid to the first frame: ${targets.join(', ')};`);
        print(`the table's first frame flat in the number of rows: slope ${slope(tables, 'license-keys-table').slope.toFixed(2)}.\n`);
      }
      if (parts.has('search')) {
        failures.push(...(await measureSearch(page, new URL(server.url).origin, print)));
        print('');
      }
      if (parts.has('exports')) failures.push(...(await measureExports(page, new URL(server.url).origin, print)));
    } finally {
      await browser.close();
      await server.close();
    }
    return { failures };
  },
};
