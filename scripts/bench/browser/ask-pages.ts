/**
 * Every page of an order's licenses asked for over HTTP one after another, 500 at a time,
 * each answer read whole and only its cursor picked out, so that the time is the server's
 * and the network's. The page and Node (for the floor without the browser) both use it.
 */
export interface OrderOverHttp {
  apiBase: string;
  token: string;
  orderId: string;
}

/** The answers' texts, in order. */
export async function askEveryPage(source: OrderOverHttp): Promise<string[]> {
  const texts: string[] = [];
  let cursor: string | null = null;
  do {
    const url = new URL(`${source.apiBase}/orders/${encodeURIComponent(source.orderId)}/licenses`);
    url.searchParams.set('limit', '500');
    if (cursor !== null) url.searchParams.set('cursor', cursor);
    const response = await fetch(url, { headers: { Authorization: `Bearer ${source.token}`, Accept: 'application/json' } });
    const text = await response.text();
    texts.push(text);
    cursor = /"nextCursor":"([^"]+)"/.exec(text.slice(-400))?.[1] ?? null;
  } while (cursor !== null);
  return texts;
}
