/**
 * Fixtures for the element tests: an element inside a `<licenses-provider>` that holds a
 * memory client, with fresh data for every test.
 */
import { fixture } from '@open-wc/testing';
import { html, type TemplateResult } from 'lit';
import type { LicensesApi } from '../../src/api/client.js';
import '../../src/elements/licenses-provider/licenses-provider.js';
import type { LicensesProviderElement } from '../../src/elements/licenses-provider/licenses-provider.component.js';

export interface ProvidedFixture<T extends Element> {
  provider: LicensesProviderElement;
  el: T;
}

/** Renders `inner` inside a provider for `client`; resolves when the first element inside has rendered. */
export async function providedFixture<T extends Element>(
  client: LicensesApi,
  inner: TemplateResult,
  settings: { locale?: string; timeZone?: string; buyUrl?: string } = {},
): Promise<ProvidedFixture<T>> {
  const provider = await fixture<LicensesProviderElement>(html`<licenses-provider
    .client=${client}
    locale=${settings.locale ?? 'en'}
    time-zone=${settings.timeZone ?? 'UTC'}
    buy-url=${settings.buyUrl ?? 'https://shop.example.com/buy/{productId}'}
    >${inner}</licenses-provider
  >`);
  const el = provider.firstElementChild as T;
  await (el as unknown as { updateComplete?: Promise<unknown> }).updateComplete;
  return { provider, el };
}

/** Renders a story's `template` inside a provider for `client`, and answers a harness of kind `Kind` over its element. */
export async function mountHarness<H>(
  Kind: new (element: never) => H,
  client: LicensesApi,
  template: TemplateResult,
  settings: { locale?: string; timeZone?: string; buyUrl?: string } = {},
): Promise<H> {
  const { el } = await providedFixture<Element>(client, template, settings);
  return new Kind(el as never);
}

/** Waits until `predicate` holds (polling each frame), or fails after `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const start = performance.now();
  while (!predicate()) {
    if (performance.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => requestAnimationFrame(() => r(undefined)));
  }
}

/** Text as a person reads it: the harnesses' reading. */
export { clean } from '../../stories/support/harness.js';
