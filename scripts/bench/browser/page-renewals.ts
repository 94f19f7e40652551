/**
 * `<licenses-renewals>` from its first connection, against a licenses API, to its first page
 * painted: the rows of the default window and group with each row's product, each group's
 * count, and the whole totals (the counts and what the renewals will charge).
 */
import '../../../src/elements/licenses-provider/licenses-provider.js';
import '../../../src/elements/licenses-renewals/licenses-renewals.js';
import { afterPaint } from './page-timing.js';

/** When each part of the first page was painted, in milliseconds from connecting. */
export interface RenewalsTiming {
  /** The rows with their products. */
  rowsMs: number;
  /** The counts of both groups. */
  countsMs: number;
  /** The counts of both groups and the charge of the renewals. */
  totalsMs: number;
  rows: number;
  /** The counts shown, as painted ('1,234 licenses'). */
  counts: string[];
}

let host: HTMLElement | null = null;

/** Milliseconds from connecting a provider with `<licenses-renewals>` to its rows and its totals painted. */
export async function renewalsFirstPage(source: { apiBase: string; token: string }): Promise<RenewalsTiming> {
  host?.remove();
  await afterPaint();
  const provider = document.createElement('licenses-provider');
  provider.setAttribute('api-base', source.apiBase);
  provider.setAttribute('token', source.token);
  const renewals = document.createElement('licenses-renewals');
  provider.append(renewals);
  host = Object.assign(document.createElement('div'), { className: 'stage' });
  host.append(provider);
  const root = () => renewals.shadowRoot;
  const rows = () => [...(root()?.querySelectorAll('[part="row"]') ?? [])];
  // The product is the row's third cell.
  const rowsShown = () => rows().length > 0 && rows().every((row) => (row.children[2]?.textContent ?? '').trim() !== '');
  const counts = () => [...(root()?.querySelectorAll('[part="totals"] strong') ?? [])].map((strong) => strong.textContent?.trim() ?? '');
  const countsShown = () => counts().length === 2 && counts().every((c) => c !== '…');
  const totalsShown = () => {
    const totals = root()?.querySelector('[part="totals"]');
    const charge = totals?.querySelector('.group p')?.textContent?.trim() ?? '';
    return totals?.getAttribute('aria-busy') === 'false' && countsShown() && charge !== '';
  };
  const start = performance.now();
  document.body.append(host);
  let rowsAt = 0;
  let countsAt = 0;
  let totalsAt = 0;
  for (;;) {
    const painted = await afterPaint();
    if (rowsAt === 0 && rowsShown()) rowsAt = painted;
    if (countsAt === 0 && countsShown()) countsAt = painted;
    if (totalsAt === 0 && totalsShown()) totalsAt = painted;
    if (rowsAt !== 0 && totalsAt !== 0) break;
    if (painted - start > 120_000) throw new Error('The renewals were not shown within 120 s');
  }
  return { rowsMs: rowsAt - start, countsMs: countsAt - start, totalsMs: totalsAt - start, rows: rows().length, counts: counts() };
}
