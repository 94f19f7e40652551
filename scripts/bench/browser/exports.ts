/**
 * Exporting 100,000 license keys to CSV through `<license-keys-table>`'s Export (its pages
 * loaded from the memory client first) against papaparse's `unparse` alone on the same
 * rows, in turns; while the export runs, Node clicks a button on the page every 100 ms and
 * the page records its longest task, its longest gap between frames and its slowest click.
 */
import type { Page } from 'playwright-core';
import { formatTable, type Cell } from '../table.js';
import { count, median, ms, times } from './measure.js';

const KEYS = 100_000;
const RUNS = 4;

interface ExportSample {
  ms: number;
  loadMs: number;
  rows: number;
  file: string;
  longestTaskMs: number;
  longestFrameGapMs: number;
  clicks: number;
  slowestClickMs: number;
}

/** One export, with clicks on the page while it runs. */
async function exportWhileClicking(page: Page): Promise<ExportSample> {
  const box = await page.evaluate(() => {
    const r = window.bench.clickTarget().getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  });
  let running = true;
  const exported = page.evaluate((n) => window.bench.exportKeys(n), KEYS).finally(() => (running = false));
  const clicking = (async () => {
    while (running) {
      await page.mouse.click(box.x, box.y);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  const [sample] = await Promise.all([exported, clicking]);
  return sample;
}

/** Measures both and prints their table; answers the wrong answers found. */
export async function measureExports(page: Page, print: (text: string) => void): Promise<string[]> {
  const exports: ExportSample[] = [];
  const alone: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const sample = await exportWhileClicking(page);
    const papa = await page.evaluate((n) => window.bench.papaparseAlone(n), KEYS);
    if (run > 0) {
      exports.push(sample);
      alone.push(papa.ms);
    }
  }
  const pick = (key: keyof Omit<ExportSample, 'file'>) => median(exports.map((s) => s[key]));
  const exportMs = pick('ms');
  const papaMs = median(alone);
  const loadMs = pick('loadMs');
  const longestTask = pick('longestTaskMs');
  const rows: Cell[][] = [
    ['papaparse.unparse alone', ms(papaMs), '', '', '', '', ''],
    [
      'Export of <license-keys-table order-id>',
      ms(exportMs),
      ms(loadMs),
      longestTask === 0 ? 'none over 50 ms' : ms(longestTask),
      ms(pick('longestFrameGapMs')),
      count(pick('clicks')),
      ms(pick('slowestClickMs')),
    ],
  ];
  print(`${count(KEYS)} license keys to CSV (11 columns; medians of ${exports.length} runs after a warm-up):`);
  print(formatTable(['what', 'time', 'of it loading', 'longest task', 'longest frame gap', 'clicks handled', 'slowest click'], rows));
  print(
    `\nExport / papaparse alone: ${times(exportMs / papaMs)}; without loading the order's 200 pages of 500 from the memory ` +
      `client (each checked against the contract): ${times((exportMs - loadMs) / papaMs)}`,
  );
  const failures: string[] = [];
  for (const s of exports) {
    if (s.rows !== KEYS) failures.push(`the export wrote ${s.rows} rows instead of ${KEYS}`);
    if (!s.file.endsWith('-license-keys.csv')) failures.push(`the export saved "${s.file}"`);
    if (s.clicks === 0) failures.push('no click was handled while the export ran');
  }
  return failures;
}
