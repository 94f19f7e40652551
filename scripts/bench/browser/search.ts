/**
 * `<licenses-search>` from its first connection to the first page of tiles painted, on the
 * memory client and on the demo backend (a fresh SQLite file in a temporary folder, on
 * loopback), the two sources taking turns.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startDemoServer } from '../../../demo/server/start.js';
import { formatTable, type Cell } from '../table.js';
import { count, median, ms } from './measure.js';

const RUNS = 6;

type Source = { kind: 'memory' } | { kind: 'http'; apiBase: string; token: string };

/** Measures both sources and prints their table; answers the wrong answers found. */
export async function measureSearch(page: Page, pageOrigin: string, print: (text: string) => void): Promise<string[]> {
  const folder = mkdtempSync(join(tmpdir(), 'license-desk-bench-'));
  const server = await startDemoServer({ port: 0, databasePath: join(folder, 'demo.sqlite'), allowedOrigins: [pageOrigin] });
  const failures: string[] = [];
  try {
    const sources: [string, Source][] = [
      ['memory client', { kind: 'memory' }],
      ['demo backend over HTTP', { kind: 'http', apiBase: server.apiBase, token: server.tokens.a }],
    ];
    const samples = new Map<string, { ms: number; tiles: number }[]>(sources.map(([name]) => [name, []]));
    for (let run = 0; run < RUNS; run++) {
      for (const [name, source] of run % 2 === 0 ? sources : [...sources].reverse()) {
        samples.get(name)!.push(await page.evaluate((s) => window.bench.searchFirstPage(s), source));
      }
    }
    const rows: Cell[][] = [];
    for (const [name, list] of samples) {
      const [cold, ...warm] = list;
      rows.push([name, ms(median(warm.map((s) => s.ms))), ms(cold!.ms), count(median(list.map((s) => s.tiles))), warm.length]);
      if (list.some((s) => s.tiles === 0)) failures.push(`the search on the ${name} showed no tiles`);
    }
    print('<licenses-search> connected, until the first page of order tiles is painted (last 30 days, from the page URL):');
    print(formatTable(['orders from', 'first page (median)', 'first run (cold)', 'tiles', 'runs'], rows));
  } finally {
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  }
  return failures;
}
