// The German strings load only on a German page, and before anything is shown. This file
// runs in a page of its own, so the German pack is not loaded when it starts.
import { expect, fixture, html } from '@open-wc/testing';
import { demoClient } from '../../stories/support/clients.js';
import { licensesSearch } from '../../stories/licenses-search.stories.js';
import { LicensesSearchHarness } from '../../stories/support/licenses-search.harness.js';
import '../../src/elements/licenses-provider/licenses-provider.js';
import '../../src/elements/licenses-search/licenses-search.js';
import '../../src/elements/order-tile/order-tile.js';
import type { LicensesProviderElement } from '../../src/elements/licenses-provider/licenses-provider.component.js';
import type { LicensesSearchElement } from '../../src/elements/licenses-search/licenses-search.component.js';
import { clean, until } from './helpers.js';

// The browser keeps 250 resource entries by default; the test page's modules alone come near that.
performance.setResourceTimingBufferSize(10_000);

const packRequested = () =>
  performance.getEntriesByType('resource').some((entry) => /\/src\/locales\/de\.ts(\?|$)/.test(new URL(entry.name).pathname + '?'));

describe('language packs in the elements', () => {
  it('an English page never fetches the German strings', async () => {
    const client = demoClient({ orders: 12, bigOrderLicenses: 10 });
    const provider = await fixture<LicensesProviderElement>(html`<licenses-provider .client=${client} locale="en-GB">${licensesSearch()}</licenses-provider>`);
    const search = new LicensesSearchHarness(provider.querySelector<LicensesSearchElement>('licenses-search')!);
    await search.element.updateComplete;
    await until(() => search.tiles().length > 0, 4000, 'the first tiles');
    expect(search.button('Search')).to.exist;
    expect(packRequested()).to.equal(false);
  });

  it('a German page shows German from its first render, never English first', async () => {
    const client = demoClient({ orders: 12, bigOrderLicenses: 10 });
    const seen: string[] = [];
    const provider = document.createElement('licenses-provider') as LicensesProviderElement;
    provider.client = client;
    provider.locale = 'de-DE';
    const search = document.createElement('licenses-search') as LicensesSearchElement;
    provider.append(search);
    document.body.append(provider);
    try {
      const observer = new MutationObserver(() => seen.push(clean(search.shadowRoot!.textContent ?? '')));
      observer.observe(search.shadowRoot!, { childList: true, subtree: true, characterData: true });
      await search.updateComplete;
      const harness = new LicensesSearchHarness(search);
      await until(() => harness.tiles().length > 0, 4000, 'the first tiles');
      observer.disconnect();
      expect(packRequested()).to.equal(true);
      expect(harness.legend()).to.equal('Kaufdatum');
      expect(seen.length).to.be.greaterThan(0);
      for (const text of seen) {
        expect(text, 'a render in English').not.to.match(/Purchase date|Search orders|Order Number|Loading…/);
      }
    } finally {
      provider.remove();
    }
  });
});
