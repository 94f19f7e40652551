/**
 * Exporting the keys of an order of many licenses: through `<license-keys-table>`'s Export
 * (which first loads every page of the order, from the memory client or from a licenses API
 * over HTTP) while the page is watched for long tasks, frame gaps and slow clicks; papaparse's
 * `unparse` alone on the same rows, for scale; and the export's steps one at a time, to see
 * where its time goes.
 */
import { HttpLicensesClient } from '../../../src/api/http/http-client.js';
import { licenseKeyColumns } from '../../../src/csv/columns.js';
import { FORMULA_START, loadPapaparse } from '../../../src/csv/csv.js';
import '../../../src/elements/license-keys-table/license-keys-table.js';
import '../../../src/elements/licenses-provider/licenses-provider.js';
import { askEveryPage } from './ask-pages.js';
import { bigOrderClient, licenseRows } from './page-data.js';
import { afterPaint, watchResponsiveness, type Responsiveness } from './page-timing.js';

/**
 * Where the order's keys come from: the memory client, or an order of a licenses API at
 * `apiBase`, whose CSV file the export saves, or (`files: false`, a client without
 * `exportLicenseKeys`) whose pages the export writes to a file itself.
 */
export type ExportSource =
  | { kind: 'memory'; count: number }
  | { kind: 'http'; apiBase: string; token: string; orderId: string; orderNumber: string; files: boolean };

/** Files the export handed to the browser; the benchmark keeps their names, not the downloads. */
const saved: string[] = [];
const click = HTMLAnchorElement.prototype.click;
HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
  if (this.download) saved.push(this.download);
  else click.call(this);
};

let host: HTMLElement | null = null;
let order: { count: number; made: ReturnType<typeof bigOrderClient> } | null = null;

/** The button the benchmark clicks while an export runs. */
export function clickTarget(): HTMLButtonElement {
  let button = document.querySelector<HTMLButtonElement>('#click-target');
  if (button === null) {
    button = Object.assign(document.createElement('button'), { id: 'click-target', textContent: 'Click me' });
    document.body.prepend(button);
  }
  return button;
}

/** A provider of `source`'s client holding a keys table of its order. */
function mountTable(source: ExportSource): HTMLElementTagNameMap['license-keys-table'] {
  const provider = document.createElement('licenses-provider');
  const table = document.createElement('license-keys-table');
  if (source.kind === 'memory') {
    if (order?.count !== source.count) order = { count: source.count, made: bigOrderClient(source.count) };
    provider.client = order.made.client;
    table.setAttribute('order-id', order.made.orderId);
    table.setAttribute('order-number', order.made.orderNumber);
  } else if (!source.files) {
    const client = new HttpLicensesClient({ baseUrl: source.apiBase, token: source.token });
    provider.client = new Proxy(client, {
      get: (target, prop) => {
        const value = Reflect.get(target, prop) as unknown;
        return prop === 'exportLicenseKeys' ? undefined : typeof value === 'function' ? value.bind(target) : value;
      },
    });
    table.setAttribute('order-id', source.orderId);
    table.setAttribute('order-number', source.orderNumber);
  } else {
    provider.setAttribute('api-base', source.apiBase);
    provider.setAttribute('token', source.token);
    table.setAttribute('order-id', source.orderId);
    table.setAttribute('order-number', source.orderNumber);
  }
  provider.append(table);
  return table;
}

/** An export of the order's keys, and how the page felt meanwhile. */
export interface ExportedKeys {
  /** Milliseconds from Export to `export-finished` (the file handed to the browser). */
  ms: number;
  /** Milliseconds until the table had loaded every page of the order, which may be after the file. */
  loadMs: number;
  rows: number;
  file: string;
  /** From Export to the file. */
  toFile: Responsiveness;
  /** From Export until the file was saved and the table's pages all loaded, whichever came last. */
  throughout: Responsiveness;
}

/** Exports the order's keys through the table's Export, watching the page while it runs and the table loads. */
export async function exportKeys(source: ExportSource): Promise<ExportedKeys> {
  host?.remove();
  const table = mountTable(source);
  host = Object.assign(document.createElement('div'), { className: 'stage' });
  host.append(table.parentElement!);
  await afterPaint();
  const watch = watchResponsiveness(clickTarget());
  const finished = new Promise<number>((resolve) =>
    table.addEventListener('export-finished', (e) => resolve(e.detail.rows), { once: true }),
  );
  const start = performance.now();
  document.body.append(host);
  await table.updateComplete;
  void table.exportCsv();
  // The table says it is busy (`aria-busy`) until every page of the order has loaded.
  const busy = () => table.shadowRoot?.querySelector('table')?.getAttribute('aria-busy') === 'true';
  const loaded = (async () => {
    while (busy()) await new Promise((resolve) => requestAnimationFrame(resolve));
    return performance.now() - start;
  })();
  const rows = await finished;
  const ms = performance.now() - start;
  const toFile = watch.seen();
  const loadMs = await loaded;
  return { ms, loadMs, rows, file: saved.at(-1) ?? '', toFile, throughout: watch.stop() };
}

/** Milliseconds papaparse's `unparse` alone takes for `count` licenses (cells made beforehand). */
export async function papaparseAlone(count: number): Promise<{ ms: number; bytes: number }> {
  const Papa = await loadPapaparse();
  const columns = licenseKeyColumns('en');
  const data = licenseRows(count).map((license) => columns.map((c) => c.value(license)));
  const start = performance.now();
  const text = Papa.unparse(
    { fields: columns.map((c) => c.header), data },
    { escapeFormulae: FORMULA_START, newline: '\r\n', quotes: false },
  );
  return { ms: performance.now() - start, bytes: text.length };
}

/** Milliseconds of each step of an export of an order over HTTP, the steps taken one after another. */
export interface ExportStages {
  requests: number;
  bytes: number;
  parse: number;
  zod: number;
  validate: number;
  cells: number;
  csv: number;
  blob: number;
  rows: number;
  fileBytes: number;
}

/**
 * The steps of an export of `source`'s order taken one at a time: its pages asked for one
 * after another (each answer read whole), their JSON parsed, checked against the contract
 * (by zod alone, for scale, and as the kit checks them), the rows turned into cells, the
 * cells written as CSV a page at a time (the kit's writer, cells included) and the file made.
 */
export async function exportStages(source: Extract<ExportSource, { kind: 'http' }>): Promise<ExportStages> {
  const { LicensePage } = await import('../../../src/api/contract/validators.js');
  const { quickParse } = await import('../../../src/api/contract/quick-parse.js');
  const { CsvWriter, csvFormat } = await import('../../../src/csv/write.js');
  await loadPapaparse();
  const clock = () => performance.now();
  let start = clock();
  const texts = await askEveryPage(source);
  const requests = clock() - start;
  start = clock();
  const parsed: unknown[] = texts.map((text) => JSON.parse(text));
  const parse = clock() - start;
  start = clock();
  for (const page of parsed) LicensePage.safeParse(page);
  const zod = clock() - start;
  start = clock();
  const pages = parsed.map((page) => {
    const checked = quickParse(LicensePage, page);
    if (!checked.success) throw new Error('A page broke the contract');
    return checked.data.items;
  });
  const validate = clock() - start;
  const columns = licenseKeyColumns('en', { timeZone: 'UTC' });
  start = clock();
  for (const items of pages) for (const row of items) columns.map((c) => c.value(row));
  const cells = clock() - start;
  start = clock();
  const writer = CsvWriter.create(columns, csvFormat('en'));
  for (const items of pages) writer.write(items);
  const csv = clock() - start;
  start = clock();
  const blob = new Blob(writer.parts, { type: 'text/csv;charset=utf-8' });
  const made = clock() - start;
  const bytes = texts.reduce((n, t) => n + t.length, 0);
  return { requests, bytes, parse, zod, validate, cells, csv, blob: made, rows: writer.rows, fileBytes: blob.size };
}
