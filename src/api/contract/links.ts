/**
 * Links the kit renders into `href`s (activation links, the Buy More page) must be
 * `https:`; plain `http:` is accepted only for a loopback host, so the local demo works.
 * Anything else (`javascript:`, `data:`, relative paths, credentials in the URL) is refused.
 */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isSafeLink(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '') return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

/** Fills a Buy More template (`https://shop.example/buy/{productId}`) and checks the result. */
export function fillBuyUrl(template: string, productId: string): string | null {
  const filled = template.replaceAll('{productId}', encodeURIComponent(productId));
  return isSafeLink(filled) ? filled : null;
}
