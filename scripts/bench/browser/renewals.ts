/**
 * `<licenses-renewals>` in headless Chromium, connected over HTTP to the demo backend on the
 * benchmark's SQLite database of 1,000,000 orders (in a process of its own, on loopback):
 * from connecting to its rows painted with their products, to its counts painted, and to its
 * totals (counts and charge) painted.
 */
import { chromium } from 'playwright-core';
import { launchOptions } from '../../../test/e2e/browser.js';
import { closeAll } from '../closers.js';
import { startServerProcess } from '../server-process.js';
import { formatTable } from '../table.js';
import { median, ms } from './measure.js';
import { buildPage, servePage } from './serve.js';

/** What each measured part of the first page is, as the table names it. */
const PARTS = { rowsMs: 'rows with their products', countsMs: "both groups' counts", totalsMs: 'totals (counts and charge)' } as const;

/** Measured runs, after one unmeasured warm-up run. */
const RUNS = 9;

/** Measures the element against the demo on `databasePath` and prints the table; answers what went wrong. */
export async function measureRenewalsElement(databasePath: string, seed: number, print: (text: string) => void): Promise<string[]> {
  await buildPage();
  const pageServer = await servePage();
  const failures: string[] = [];
  const closers: (() => Promise<void>)[] = [() => pageServer.close()];
  try {
    const api = await startServerProcess(databasePath, seed, undefined, [new URL(pageServer.url).origin]);
    closers.unshift(() => api.stop());
    const browser = await chromium.launch(await launchOptions());
    closers.unshift(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (error) => failures.push(`the page threw: ${error.message}`));
    await page.goto(pageServer.url);
    await page.waitForFunction(() => document.body.dataset['ready'] === 'true');
    const source = { apiBase: api.apiBase, token: api.tokens.a };
    const samples = [];
    for (let run = 0; run <= RUNS; run += 1) samples.push(await page.evaluate((s) => window.bench.renewalsFirstPage(s), source));
    const [warmUp, ...measured] = samples;
    if (measured.some((s) => s.rows === 0)) failures.push('the renewals showed no rows');
    print(`<licenses-renewals> (the next 30 days, 'will lapse' first, ${measured[0]?.rows ?? 0} rows a page; counts shown: ${measured[0]?.counts.join(', ') ?? ''}),`);
    print(`Chromium ${browser.version()}, connected to the demo backend over HTTP on 1,000,000 orders (SQLite), until painted:`);
    print(
      formatTable(
        ['first page part', 'median', 'fastest', 'slowest', 'warm-up run', 'runs', '≤ 50 ms'],
        (['rowsMs', 'countsMs', 'totalsMs'] as const).map((part) => {
          const values = measured.map((s) => s[part]);
          const middle = median(values);
          return [
            PARTS[part], ms(middle), ms(Math.min(...values)), ms(Math.max(...values)),
            ms(warmUp?.[part] ?? Number.NaN), values.length, middle <= 50 ? 'met' : 'MISSED',
          ];
        }),
      ),
    );
  } finally {
    await closeAll(closers);
  }
  return failures;
}
