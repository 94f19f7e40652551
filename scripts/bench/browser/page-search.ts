/**
 * `<licenses-search>` from its first connection to the first page of order tiles painted,
 * on the memory client or on a licenses API. The search is restored from the page URL
 * (the last 30 days), so that the first page is full at any hour of the day.
 */
import { createMemoryClient } from '../../../src/api/memory/memory-client.js';
import '../../../src/elements/licenses-provider/licenses-provider.js';
import '../../../src/elements/licenses-search/licenses-search.js';
import { afterPaint, paintedWhen } from './page-timing.js';

/** Where the orders come from: the memory client, or an API at `apiBase`. */
export type SearchSource = { kind: 'memory' } | { kind: 'http'; apiBase: string; token: string };

let host: HTMLElement | null = null;

function isoDay(daysAgo: number): string {
  return new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
}

/** Milliseconds from connecting a provider with a search to the first page of tiles painted. */
export async function searchFirstPage(source: SearchSource): Promise<{ ms: number; tiles: number }> {
  host?.remove();
  await afterPaint();
  history.replaceState(null, '', `?ld-from=${isoDay(30)}&ld-to=${isoDay(-1)}`);
  const provider = document.createElement('licenses-provider');
  if (source.kind === 'memory') {
    provider.client = createMemoryClient({ orders: 320 });
  } else {
    provider.setAttribute('api-base', source.apiBase);
    provider.setAttribute('token', source.token);
  }
  const search = document.createElement('licenses-search');
  search.setAttribute('sync-url', '');
  provider.append(search);
  host = Object.assign(document.createElement('div'), { className: 'stage' });
  host.append(provider);
  const tiles = () => [...(search.shadowRoot?.querySelectorAll('order-tile') ?? [])];
  const start = performance.now();
  document.body.append(host);
  const painted = await paintedWhen(() => {
    const shown = tiles();
    return shown.length > 0 && shown.every((tile) => tile.shadowRoot?.querySelector('[part="product"]') != null);
  });
  return { ms: painted - start, tiles: tiles().length };
}
