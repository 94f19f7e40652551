/**
 * The three tables the benchmark draws side by side with the same licenses: the kit's
 * `<license-keys-table>`, `@vaadin/grid` with the same ten columns and cell content (see
 * page-grid.ts), and a naive `<table>` of seven plain columns holding every row. Each is put
 * on the page empty first; `render()` then times the data's assignment until the first frame
 * that shows the first row.
 */
import '../../../src/elements/license-keys-table/license-keys-table.js';
import type { License } from '../../../src/api/contract/schemas.js';
import type { TableKind } from './kinds.js';
import { licenseRows } from './page-data.js';
import { licenseGrid } from './page-grid.js';
import { afterPaint, countNodes, paintedWhen } from './page-timing.js';

const HEADERS = ['Activation Code', 'From', 'To', 'Auto Renew', 'Recurrent', 'Distribution Company', 'Actions'];
const PATHS = ['activationCode', 'validFrom', 'validTo', 'autoRenew', 'recurrent', 'distributionCompany'] as const;

interface Stage {
  host: HTMLElement;
  assign(): void;
  ready(): boolean;
}

let stage: Stage | null = null;

function kitTable(host: HTMLElement, rows: License[]): Stage {
  const el = document.createElement('license-keys-table');
  el.licenses = [];
  host.append(el);
  return {
    host,
    assign: () => (el.licenses = rows),
    ready: () => el.shadowRoot?.querySelector('tr[part="row"]') != null,
  };
}

function vaadinGrid(host: HTMLElement, rows: License[]): Stage {
  const grid = licenseGrid(host);
  const first = rows[0]?.activationCode;
  return {
    host,
    assign: () => (grid.items = rows),
    ready: () => [...grid.querySelectorAll('.code')].some((code) => code.textContent === first),
  };
}

function naiveTable(host: HTMLElement, rows: License[]): Stage {
  const scroller = Object.assign(document.createElement('div'), { style: 'max-height: 30rem; overflow: auto' });
  const table = document.createElement('table');
  const head = table.createTHead().insertRow();
  for (const header of HEADERS) head.append(Object.assign(document.createElement('th'), { textContent: header }));
  scroller.append(table);
  host.append(scroller);
  return {
    host,
    assign: () => {
      const body = document.createElement('tbody');
      for (const license of rows) {
        const tr = body.insertRow();
        for (const path of PATHS) tr.insertCell().textContent = String(license[path] ?? '');
        tr.insertCell().append(Object.assign(document.createElement('button'), { textContent: '⋯' }));
      }
      table.append(body);
    },
    ready: () => table.tBodies.length > 0,
  };
}

const MAKERS: Record<TableKind, (host: HTMLElement, rows: License[]) => Stage> = {
  'license-keys-table': kitTable,
  'vaadin-grid': vaadinGrid,
  table: naiveTable,
};

/** Removes the table on the page, if any. */
export function clearTable(): void {
  stage?.host.remove();
  stage = null;
}

/** Puts an empty table of `kind` on the page and lets it settle; makes the `count` rows beforehand. */
export async function prepareTable(kind: TableKind, count: number): Promise<void> {
  clearTable();
  const rows = licenseRows(count);
  const host = Object.assign(document.createElement('div'), { className: 'stage' });
  document.body.append(host);
  stage = MAKERS[kind](host, rows);
  await afterPaint();
  await afterPaint();
}

/** Gives the prepared table its rows: milliseconds until the first row is painted, and the DOM nodes then. */
export async function renderTable(): Promise<{ ms: number; nodes: number }> {
  const current = stage;
  if (current === null) throw new Error('prepareTable() first');
  // The rows are given in a task of the page's own, where Chromium counts the script it runs.
  const start = await new Promise<number>((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      const now = performance.now();
      current.assign();
      resolve(now);
    };
    channel.port2.postMessage(null);
  });
  const painted = await paintedWhen(() => current.ready());
  return { ms: painted - start, nodes: countNodes(current.host) };
}
