/**
 * Exporting the keys of an order of many licenses: through `<license-keys-table>`'s Export
 * (which first loads every page of the order from the memory client) while the page is
 * watched for long tasks, frame gaps and slow clicks; and papaparse's `unparse` alone on
 * the same rows, for scale.
 */
import { licenseKeyColumns } from '../../../src/csv/columns.js';
import { FORMULA_START, loadPapaparse } from '../../../src/csv/csv.js';
import '../../../src/elements/license-keys-table/license-keys-table.js';
import '../../../src/elements/licenses-provider/licenses-provider.js';
import { bigOrderClient, licenseRows } from './page-data.js';
import { afterPaint, watchResponsiveness, type Responsiveness } from './page-timing.js';

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

/**
 * Milliseconds for an export of `count` keys from Export to `export-finished`, of which the
 * first `loadMs` went to loading the order's pages; and how the page felt meanwhile.
 */
export async function exportKeys(count: number): Promise<{ ms: number; loadMs: number; rows: number; file: string } & Responsiveness> {
  host?.remove();
  if (order?.count !== count) order = { count, made: bigOrderClient(count) };
  const { client, orderId, orderNumber } = order.made;
  const provider = document.createElement('licenses-provider');
  provider.client = client;
  const table = document.createElement('license-keys-table');
  table.setAttribute('order-id', orderId);
  table.setAttribute('order-number', orderNumber);
  provider.append(table);
  host = Object.assign(document.createElement('div'), { className: 'stage' });
  host.append(provider);
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
  return { ms, loadMs: await loaded, rows, file: saved.at(-1) ?? '', ...watch.stop() };
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
