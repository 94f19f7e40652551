/**
 * Where 'Buy More' leads: the provider's `buy-url` template, or else the API's `Me.buyUrl`,
 * filled with the product's id. Only a safe (https) result is ever opened.
 */
import type { LicensesApi } from '../../api/client.js';
import type { LicensesSettings } from '../../api/context.js';
import { fillBuyUrl } from '../../api/contract/links.js';

/** `Me.buyUrl` per client, asked once: every tile of a page needs the same answer. */
const templates = new WeakMap<LicensesApi, Promise<string>>();

function apiTemplate(client: LicensesApi): Promise<string> {
  let template = templates.get(client);
  if (template === undefined) {
    template = client.getMe().then((me) => me.buyUrl);
    templates.set(client, template);
    // A failure is not remembered: the next Buy More asks again.
    template.catch(() => templates.delete(client));
  }
  return template;
}

/**
 * The filled buy page for a product, or null when the template yields no safe link.
 * Rejects when the API had to be asked and failed.
 */
export async function buyMoreUrl(settings: LicensesSettings, client: LicensesApi | null, productId: string): Promise<string | null> {
  if (settings.buyUrl !== null && settings.buyUrl.trim() !== '') return fillBuyUrl(settings.buyUrl, productId);
  if (client === null) return null;
  return fillBuyUrl(await apiTemplate(client), productId);
}

/** Asks the API for its template ahead of the click, so the new tab opens without delay. */
export function prefetchBuyUrl(settings: LicensesSettings, client: LicensesApi | null): void {
  if ((settings.buyUrl === null || settings.buyUrl.trim() === '') && client !== null) apiTemplate(client).catch(() => undefined);
}
