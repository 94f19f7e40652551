/**
 * The elements in headless Chromium: `<license-keys-table>` against `@vaadin/grid` and a
 * naive table at 1,000 to 100,000 rows, `<licenses-search>` to its first page of tiles on
 * the memory client and on the demo backend, and an export of 100,000 keys against
 * papaparse alone. The page is built from source into `.bench/browser/` and served on
 * loopback. Timings are medians of several runs after a warm-up, compared within the run.
 *
 * `BENCH_BROWSER=tables` (or `search`, `export`, comma-separated) runs only those parts, e.g.
 * `BENCH_BROWSER=tables npm run bench -- browser` while working on the table; all by default.
 */
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { launchOptions } from '../../test/e2e/browser.js';
import { measureExports } from './browser/exports.js';
import { measureSearch } from './browser/search.js';
import { buildPage, servePage } from './browser/serve.js';
import { gridRatio, measureTables, printClockedRatios, printTables, slope, TABLE_TARGET, type TableResults } from './browser/tables.js';
import type { TableKind } from './browser/kinds.js';
import type { BenchSection } from './section.js';

const PARTS = ['tables', 'search', 'export'] as const;
type Part = (typeof PARTS)[number];

/** The parts `BENCH_BROWSER` names, every part when it is not set. */
function partsToRun(): Set<Part> {
  const asked = (process.env['BENCH_BROWSER'] ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  const unknown = asked.filter((p) => !(PARTS as readonly string[]).includes(p));
  if (unknown.length > 0) throw new Error(`BENCH_BROWSER names ${unknown.join(', ')}; choose from ${PARTS.join(', ')}`);
  return new Set(asked.length > 0 ? (asked as Part[]) : PARTS);
}

/**
 * Flags for the tables' browser: frames are drawn as soon as they are ready instead of on a
 * 60 Hz clock. On the clock, a first frame also waits for the next tick, 0 to 16.7 ms at a
 * phase that varies from run to run: at 1,000 rows the kit's table took 7.7 to 9.9 ms when
 * a frame was due at once and 15 to 22 ms when it was not, with the same script and layout.
 */
const FRAMES_WHEN_READY = ['--disable-frame-rate-limit', '--disable-gpu-vsync'];

/** The bench page open in `browser`, ready, with a CDP session counting script and layout time. */
async function openPage(browser: Browser, url: string, failures: string[]): Promise<{ page: Page; cdp: CDPSession }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (error) => failures.push(`the page threw: ${error.message}`));
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset['ready'] === 'true');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return { page, cdp };
}

/** The tables measured on a page of their own in `browser` (`kinds`, all by default), the page closed after. */
async function tablesIn(browser: Browser, url: string, failures: string[], kinds?: readonly TableKind[]): Promise<TableResults> {
  const { page, cdp } = await openPage(browser, url, failures);
  try {
    const tables = await measureTables(page, cdp, kinds);
    failures.push(...tables.failures);
    return tables;
  } finally {
    await page.close();
  }
}

export const browserSection: BenchSection = {
  title: 'the elements in headless Chromium: table against @vaadin/grid, search, CSV export',
  async run(print) {
    const parts = partsToRun();
    await buildPage();
    const server = await servePage();
    const options = await launchOptions();
    const browser = await chromium.launch(options);
    const failures: string[] = [];
    try {
      print(`Chromium ${browser.version()}, viewport 1280×800, page built from source with Vite (minified)\n`);
      if (parts.has('tables')) {
        const unclocked = await chromium.launch({ ...options, args: [...(options.args ?? []), ...FRAMES_WHEN_READY] });
        const tables = await tablesIn(unclocked, server.url, failures).finally(() => unclocked.close());
        printTables(tables, print);
        const targets = [...tables.medians].map(
          ([size, bySize]) => `${size.toLocaleString('en-US')} rows ${gridRatio(bySize) >= TABLE_TARGET ? 'met' : 'MISSED'}`,
        );
        print(`\nTargets (reported, not enforced): table at least ${TABLE_TARGET}x faster than @vaadin/grid to the first frame: ${targets.join(', ')};`);
        print(`the table's first frame flat in the number of rows: slope ${slope(tables, 'license-keys-table').slope.toFixed(2)}.\n`);
        printClockedRatios(await tablesIn(browser, server.url, failures, ['license-keys-table', 'vaadin-grid']), print);
      }
      const { page } = await openPage(browser, server.url, failures);
      if (parts.has('search')) {
        print('');
        failures.push(...(await measureSearch(page, new URL(server.url).origin, print)));
      }
      if (parts.has('export')) {
        print('');
        failures.push(...(await measureExports(page, new URL(server.url).origin, print)));
      }
    } finally {
      await browser.close();
      await server.close();
    }
    return { failures };
  },
};
