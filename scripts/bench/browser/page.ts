/**
 * The page `npm run bench -- browser` opens in Chromium, built from source like the kit's
 * bundle. Node drives it through `window.bench`.
 */
import { clickTarget, exportKeys, exportStages, papaparseAlone } from './page-export.js';
import { renewalsFirstPage } from './page-renewals.js';
import { searchFirstPage } from './page-search.js';
import { clearTable, prepareTable, renderTable } from './page-table.js';

const bench = { prepareTable, renderTable, clearTable, searchFirstPage, renewalsFirstPage, exportKeys, exportStages, papaparseAlone, clickTarget };

/** What the benchmark calls in the page. */
export type BenchPage = typeof bench;

declare global {
  interface Window {
    bench: BenchPage;
  }
}

window.bench = bench;
document.body.dataset['ready'] = 'true';
