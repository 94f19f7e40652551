import { expect, fixture, html } from '@open-wc/testing';
import type { LicensesApi } from '../../src/api/client.js';
import type { LicensesContextValue } from '../../src/api/context.js';
import { HttpLicensesClient } from '../../src/api/http/http-client.js';
import '../../src/elements/licenses-provider/licenses-provider.js';
import type { LicensesProviderElement } from '../../src/elements/licenses-provider/licenses-provider.component.js';
import { defineElement } from '../../src/elements/shared/define.js';
import { LicensesController } from '../../src/elements/shared/licenses-controller.js';
import { LitElement } from 'lit';
import { until } from './helpers.js';

/** The smallest element that consumes the provider, to look at what it receives. */
class ProbeElement extends LitElement {
  private readonly api = new LicensesController(this);
  get received(): LicensesContextValue | undefined {
    return this.api.ctx;
  }
  override render() {
    return this.api.renderSetupState();
  }
}
defineElement('ld-test-probe', ProbeElement);

const fakeClient = {} as LicensesApi;

describe('<licenses-provider>', () => {
  it('gives the elements inside it its client and settings', async () => {
    const provider = await fixture<LicensesProviderElement>(html`<licenses-provider
      .client=${fakeClient}
      locale="de-DE"
      time-zone="Europe/Berlin"
      buy-url="https://shop.example.com/buy/{productId}"
      ><ld-test-probe></ld-test-probe
    ></licenses-provider>`);
    const probe = provider.querySelector('ld-test-probe') as ProbeElement;
    await until(() => probe.received !== undefined, 2000, 'context');
    expect(probe.received?.client).to.equal(fakeClient);
    expect(probe.received?.settings).to.deep.equal({
      locale: 'de-DE',
      timeZone: 'Europe/Berlin',
      buyUrl: 'https://shop.example.com/buy/{productId}',
    });
  });

  it('reaches elements added after it rendered, and tells them when settings change', async () => {
    const provider = await fixture<LicensesProviderElement>(
      html`<licenses-provider .client=${fakeClient} locale="en"></licenses-provider>`,
    );
    const probe = document.createElement('ld-test-probe') as ProbeElement;
    provider.append(probe);
    await until(() => probe.received !== undefined, 2000, 'context');
    expect(probe.received?.settings.locale).to.equal('en');
    provider.locale = 'de';
    await until(() => probe.received?.settings.locale === 'de', 2000, 'new locale');
  });

  it('builds an HTTP client from api-base and sends the token', async () => {
    const provider = await fixture<LicensesProviderElement>(html`<licenses-provider
      api-base="/api/v1"
      token="demo-token"
      ><ld-test-probe></ld-test-probe
    ></licenses-provider>`);
    const probe = provider.querySelector('ld-test-probe') as ProbeElement;
    await until(() => probe.received !== undefined, 2000, 'context');
    expect(probe.received?.client).to.be.instanceOf(HttpLicensesClient);
  });

  it('explains that a provider is missing instead of rendering a blank box', async () => {
    const probe = await fixture<ProbeElement>(html`<ld-test-probe></ld-test-probe>`);
    await until(() => probe.shadowRoot?.querySelector('[role="alert"]') !== null, 2000, 'message');
    expect(probe.shadowRoot?.textContent).to.contain('<licenses-provider>');
    await expect(probe).to.be.accessible();
  });

  it('explains that the provider has no API configured', async () => {
    const provider = await fixture<LicensesProviderElement>(
      html`<licenses-provider><ld-test-probe></ld-test-probe></licenses-provider>`,
    );
    const probe = provider.querySelector('ld-test-probe') as ProbeElement;
    await until(() => probe.shadowRoot?.querySelector('[role="alert"]') !== null, 2000, 'message');
    expect(probe.shadowRoot?.textContent).to.contain('api-base');
  });
});
