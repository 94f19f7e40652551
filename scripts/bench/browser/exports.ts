/**
 * Exporting 100,000 license keys to CSV through `<license-keys-table>`'s Export, its pages
 * loaded from the memory client and from the demo backend over HTTP (a fresh SQLite file in
 * a temporary folder, seeded with an order of 100,000 licenses, on loopback), the two taking
 * turns; papaparse's `unparse` alone on as many rows, for scale; and the HTTP export's steps
 * taken one at a time, to show where its time goes. While an export runs, Node clicks a
 * button on the page every 100 ms and the page records its longest task, its longest gap
 * between frames and its slowest click: from Export to the file, which is what an export
 * costs the page, and on until the table has loaded every page of the order too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startDemoServer } from '../../../demo/server/start.js';
import { formatTable, type Cell } from '../table.js';
import { count, megabytes, median, ms, times } from './measure.js';
import { askEveryPage, type OrderOverHttp } from './ask-pages.js';
import type { ExportedKeys, ExportSource, ExportStages } from './page-export.js';
import type { Responsiveness } from './page-timing.js';

const KEYS = 100_000;
const RUNS = 4;

type ExportSample = ExportedKeys;

/** One export, with clicks on the page while it runs. */
async function exportWhileClicking(page: Page, source: ExportSource): Promise<ExportSample> {
  const box = await page.evaluate(() => {
    const r = window.bench.clickTarget().getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  });
  let running = true;
  const exported = page.evaluate((s) => window.bench.exportKeys(s), source).finally(() => (running = false));
  const clicking = (async () => {
    while (running) {
      await page.mouse.click(box.x, box.y);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  const [sample] = await Promise.all([exported, clicking]);
  return sample;
}

/** The demo backend's order of `KEYS` licenses: the largest amount of reseller A's orders. */
async function bigOrder(apiBase: string, token: string): Promise<{ orderId: string; orderNumber: string }> {
  const response = await fetch(`${apiBase}/orders?sort=amount:desc&limit=1`, { headers: { Authorization: `Bearer ${token}` } });
  const { items } = (await response.json()) as { items: { id: string; orderNumber: string; quantity: number }[] };
  const order = items[0];
  if (order?.quantity !== KEYS) throw new Error(`The demo's largest order has ${order?.quantity} licenses, not ${KEYS}`);
  return { orderId: order.id, orderNumber: order.orderNumber };
}

/**
 * Milliseconds to ask for every page of the order from Node, one after another, each answer
 * read whole: what the server and the loopback take without the browser, the floor under
 * the page's own requests.
 */
async function requestsFromNode(source: OrderOverHttp): Promise<number> {
  const start = performance.now();
  await askEveryPage(source);
  return performance.now() - start;
}

/** Milliseconds to download the order's CSV file from Node, read whole, and its rows. */
async function csvFileFromNode(source: OrderOverHttp): Promise<{ ms: number; rows: number }> {
  const start = performance.now();
  const response = await fetch(`${source.apiBase}/orders/${encodeURIComponent(source.orderId)}/licenses.csv?locale=en&timeZone=UTC`, {
    headers: { Authorization: `Bearer ${source.token}`, Accept: 'text/csv' },
  });
  const text = await response.text();
  const ms = performance.now() - start;
  return { ms, rows: text.split('\r\n').length - 1 };
}

/** Measures the exports and prints their tables; answers the wrong answers found. */
export async function measureExports(page: Page, pageOrigin: string, print: (text: string) => void): Promise<string[]> {
  const folder = mkdtempSync(join(tmpdir(), 'license-desk-bench-'));
  const seeding = performance.now();
  const server = await startDemoServer({
    port: 0,
    databasePath: join(folder, 'demo.sqlite'),
    allowedOrigins: [pageOrigin],
    bigOrderLicenses: KEYS,
    warn: () => undefined,
  });
  const seededMs = performance.now() - seeding;
  const failures: string[] = [];
  try {
    const http = { kind: 'http', apiBase: server.apiBase, token: server.tokens.a, files: true, ...(await bigOrder(server.apiBase, server.tokens.a)) } as const;
    const sources: [string, ExportSource][] = [
      ['memory client', { kind: 'memory', count: KEYS }],
      ["demo backend over HTTP (SQLite), the server's file", http],
      ['demo backend over HTTP (SQLite), pages (a client without files)', { ...http, files: false }],
    ];
    const samples = new Map<string, ExportSample[]>(sources.map(([name]) => [name, []]));
    const alone: number[] = [];
    const stages: ExportStages[] = [];
    const nodeRequests: number[] = [];
    const nodeFiles: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      for (const [name, source] of run % 2 === 0 ? sources : [...sources].reverse()) {
        const sample = await exportWhileClicking(page, source);
        if (run > 0) samples.get(name)!.push(sample);
      }
      const papa = await page.evaluate((n) => window.bench.papaparseAlone(n), KEYS);
      const steps = await page.evaluate((s) => window.bench.exportStages(s), http as Extract<ExportSource, { kind: 'http' }>);
      const fromNode = await requestsFromNode(http);
      const fileFromNode = await csvFileFromNode(http);
      if (fileFromNode.rows !== KEYS) failures.push(`the server's file had ${fileFromNode.rows} rows instead of ${KEYS}`);
      if (run > 0) {
        alone.push(papa.ms);
        stages.push(steps);
        nodeRequests.push(fromNode);
        nodeFiles.push(fileFromNode.ms);
      }
    }
    const papaMs = median(alone);
    const rows: Cell[][] = [['papaparse.unparse alone', ms(papaMs), '', '', '', '', '']];
    for (const [name, list] of samples) {
      const pick = (key: 'ms' | 'loadMs') => median(list.map((s) => s[key]));
      const felt = (key: keyof Responsiveness) => [median(list.map((s) => s.toFile[key])), median(list.map((s) => s.throughout[key]))];
      const task = (value: number) => (value === 0 ? 'none over 50' : ms(value));
      const [taskToFile, taskThroughout] = felt('longestTaskMs');
      const [gapToFile, gapThroughout] = felt('longestFrameGapMs');
      const [clickToFile, clickThroughout] = felt('slowestClickMs');
      rows.push([
        `Export of <license-keys-table>, ${name}`,
        ms(pick('ms')),
        ms(pick('loadMs')),
        `${task(taskToFile!)} / ${task(taskThroughout!)}`,
        `${ms(gapToFile!)} / ${ms(gapThroughout!)}`,
        count(felt('clicks')[1]!),
        `${ms(clickToFile!)} / ${ms(clickThroughout!)}`,
      ]);
      for (const s of list) {
        if (s.rows !== KEYS) failures.push(`the export from the ${name} wrote ${s.rows} rows instead of ${KEYS}`);
        if (!s.file.endsWith('-license-keys.csv')) failures.push(`the export from the ${name} saved "${s.file}"`);
        if (s.throughout.clicks === 0) failures.push(`no click was handled while the export from the ${name} ran`);
      }
    }
    const runs = alone.length;
    print(`${count(KEYS)} license keys to CSV (11 columns; medians of ${runs} runs after a warm-up; from connecting the table and clicking Export to the file):`);
    print(
      'Each of "longest task", "longest frame gap" and "slowest click" is given from Export to the file / from Export until the file was saved and the table had loaded all its pages, whichever came last:',
    );
    print(formatTable(['what', 'time', "the table's pages all loaded at", 'longest task', 'longest frame gap', 'clicks handled', 'slowest click'], rows));
    const memoryMs = median(samples.get('memory client')!.map((s) => s.ms));
    print(`\nExport from the memory client / papaparse alone: ${times(memoryMs / papaMs)}`);
    print(`The server's file over HTTP, from Node (written, sent and read whole; the server and loopback alone): ${ms(median(nodeFiles))}`);

    const step = (key: keyof ExportStages) => median(stages.map((s) => s[key]));
    const steps: [string, number][] = [
      ['200 pages of 500 asked for one after another, answers read', step('requests')],
      ['the same from Node instead of the page (the server and loopback alone)', median(nodeRequests)],
      ['JSON.parse of the answers', step('parse')],
      ["zod's safeParse of LicensePage alone, for scale", step('zod')],
      ["checked against the contract's schema as the kit checks answers (quickParse)", step('validate')],
      ['rows to cells (the columns alone)', step('cells')],
      ["CSV written a page at a time, cells included (the kit's CsvWriter)", step('csv')],
      ['the Blob of the file', step('blob')],
    ];
    print(
      `\nThe steps of the HTTP export from pages (a client without files), taken one at a time (medians of ${runs}; ${megabytes(step('bytes'))} of JSON; ` +
        `the demo database seeded with ${count(KEYS)} licenses in ${ms(seededMs)}):`,
    );
    print(formatTable(['step', 'time'], steps.map(([what, value]) => [what, ms(value)])));
    for (const s of stages) if (s.rows !== KEYS) failures.push(`the steps wrote ${s.rows} rows instead of ${KEYS}`);
  } finally {
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  }
  return failures;
}
