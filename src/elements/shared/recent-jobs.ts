/**
 * The reseller's recent job ids, kept in `localStorage` per API (the provider's `api-base`),
 * so that a page left and opened again finds its jobs and asks the server how they are.
 * Only ids are kept: what a job is and how far it got always comes from the server.
 */
const PREFIX = 'license-desk.recent-jobs|';
const KEEP = 10;

/** The `<licenses-provider>` around `element`, through shadow roots. */
function providerOf(element: Element): Element | null {
  let node: Node | null = element;
  while (node !== null) {
    if (node instanceof Element) {
      const found = node.closest('licenses-provider');
      if (found !== null) return found;
    }
    const root: Node = (node as Element).getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return null;
}

/** Which API the jobs belong to: the provider's absolute `api-base`, or the page for a client given as a property. */
export function apiKeyOf(element: Element): string {
  const base = providerOf(element)?.getAttribute('api-base');
  if (base) {
    try {
      return new URL(base, document.baseURI).href.replace(/\/+$/, '');
    } catch {
      return base;
    }
  }
  return `client|${location.origin}${location.pathname}`;
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** The remembered job ids of the API `key`, newest first. */
export function recentJobIds(key: string): string[] {
  try {
    const value: unknown = JSON.parse(storage()?.getItem(PREFIX + key) ?? '[]');
    return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string').slice(0, KEEP) : [];
  } catch {
    return [];
  }
}

function save(key: string, ids: string[]): void {
  try {
    storage()?.setItem(PREFIX + key, JSON.stringify(ids.slice(0, KEEP)));
  } catch {
    // A full or forbidden storage only means the jobs are not found again after a reload.
  }
}

/** Remembers a job, newest first. */
export function rememberJob(key: string, id: string): void {
  save(key, [id, ...recentJobIds(key).filter((other) => other !== id)]);
}

/** Forgets a job the server no longer knows. */
export function forgetJob(key: string, id: string): void {
  save(key, recentJobIds(key).filter((other) => other !== id));
}
