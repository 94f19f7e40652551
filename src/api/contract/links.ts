/**
 * Links the kit renders into `href`s (activation links, the Buy More page) must be
 * `https:`; plain `http:` is accepted only for a loopback host, so the local demo works.
 * Anything else (`javascript:`, `data:`, relative paths, credentials in the URL) is refused.
 */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A link's scheme and authority (`https://host:port`), when it starts with exactly
 * `http://` or `https://`, a non-empty authority and then one of the characters that end it.
 */
const SCHEME_AND_AUTHORITY = /^https?:\/\/[^/\\?#]+(?=[/\\?#])/;

/** Answers of {@link isSafeLink} by scheme and authority; a handful of hosts in practice. */
const byAuthority = new Map<string, boolean>();
const AUTHORITIES_KEPT = 64;

/**
 * Whether `value` is a safe link. Only a link's scheme and authority decide: what follows
 * (path, query, fragment) never makes a URL fail to parse nor changes its credentials, host or
 * protocol. So a page of 500 activation links on one host parses that host once, not 500
 * URLs; a link of another shape is parsed whole.
 */
export function isSafeLink(value: string): boolean {
  const authority = SCHEME_AND_AUTHORITY.exec(value)?.[0];
  if (authority === undefined) return parsedSafe(value);
  let safe = byAuthority.get(authority);
  if (safe === undefined) {
    if (byAuthority.size >= AUTHORITIES_KEPT) byAuthority.clear();
    safe = parsedSafe(`${authority}/`);
    byAuthority.set(authority, safe);
  }
  return safe;
}

function parsedSafe(value: string): boolean {
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
