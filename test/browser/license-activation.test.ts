import { expect, oneEvent } from '@open-wc/testing';
import type { LicensesApi } from '../../src/api/client.js';
import { ApiError } from '../../src/api/contract/errors.js';
import type { License } from '../../src/api/contract/schemas.js';
import '../../src/elements/license-activation/license-activation.js';
import type { LicenseActivationElement } from '../../src/elements/license-activation/license-activation.component.js';
import type { LicenseSelfActivatedEvent } from '../../src/events/index.js';
import { formatIsoDate } from '../../src/format/index.js';
import { demoClient, proxyClient } from '../../stories/support/clients.js';
import { expiredClient, licenseActivation, rateLimitedClient } from '../../stories/license-activation.stories.js';
import { LicenseActivationHarness } from '../../stories/support/license-activation.harness.js';
import { licenseWhere, registeredEmail } from '../../stories/support/dialogs.js';
import { providedFixture, until } from './helpers.js';

async function mount(client: LicensesApi, code: string, locale = 'en') {
  const { el } = await providedFixture<LicenseActivationElement>(client, licenseActivation(code), { locale });
  return { el, page: await new LicenseActivationHarness(el).ready() };
}

async function available(client: LicensesApi): Promise<License> {
  return (await licenseWhere(client, (l) => l.status === 'available')).license;
}

describe('<license-activation>', () => {
  it('shows the product, the validity dates and the reseller of an available code, with the sign-up form', async () => {
    const client = demoClient({ orders: 20 });
    const license = await available(client);
    const info = await client.getActivation(license.activationCode);
    const { el, page } = await mount(client, license.activationCode);
    const facts = page.facts();
    expect(facts).to.contain(info.product.name);
    expect(facts).to.contain(info.reseller.name);
    expect(facts).to.contain(`${formatIsoDate(info.validFrom, 'en')} to ${formatIsoDate(info.validTo, 'en')}`);
    expect(page.hasForm()).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('activates for a registered customer, confirms with the end date and fires license-self-activated', async () => {
    const memory = demoClient({ orders: 20 });
    const email = await registeredEmail(memory);
    const license = await available(memory);
    const client = proxyClient(memory);
    const { el, page } = await mount(client, license.activationCode);
    page.type('email', email);
    const fired = oneEvent(el, 'license-self-activated') as Promise<LicenseSelfActivatedEvent>;
    page.press('Activate');
    const event = await fired;
    expect(event.detail.activationCode).to.equal(license.activationCode);
    await el.updateComplete;
    const done = page.done();
    expect(done).to.contain(`is active until ${formatIsoDate(event.detail.result.validTo, 'en')}`);
    expect(done).to.contain('You will get an email');
    expect(page.hasForm()).to.equal(false);
    expect(client.calls.filter((c) => c.method === 'activateByCode')).to.have.length(1);
    expect(client.calls.some((c) => c.method === 'searchCustomers')).to.equal(false);
    expect((await client.getLicense(license.id)).status).to.equal('active');
    await expect(el).to.be.accessible();
  });

  it('signs a new customer up, and marks the fields left empty without sending anything', async () => {
    const client = proxyClient(demoClient({ orders: 20 }));
    const license = await available(client);
    const { el, page } = await mount(client, license.activationCode);
    page.field('I am a new customer').click();
    await el.updateComplete;
    page.press('Activate');
    await el.updateComplete;
    expect(page.control('organization').getAttribute('aria-invalid')).to.equal('true');
    expect(client.calls.some((c) => c.method === 'activateByCode')).to.equal(false);
    page.type('organization', 'Contoso Ltd');
    page.type('firstName', 'Ada');
    page.type('lastName', 'Lovelace');
    page.type('email', 'ada@contoso.example');
    page.type('country', 'GB');
    const fired = oneEvent(el, 'license-self-activated');
    page.press('Activate');
    await fired;
    expect((await client.getLicense(license.id)).customer?.email).to.equal('ada@contoso.example');
  });

  it('says an already active code is active and whom to contact, with no form', async () => {
    const client = demoClient({ orders: 20 });
    const { license } = await licenseWhere(client, (l) => l.status === 'active');
    const info = await client.getActivation(license.activationCode);
    const { el, page } = await mount(client, license.activationCode);
    const refusal = page.refusal();
    expect(refusal).to.contain('is already active');
    expect(refusal).to.contain(`Please contact ${info.reseller.name}`);
    expect(page.hasForm()).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('says a code of a refunded order is void', async () => {
    const client = demoClient({ orders: 20 });
    const { license } = await licenseWhere(client, (l) => l.status === 'refunded');
    const { page } = await mount(client, license.activationCode);
    expect(page.refusal()).to.contain('This activation code is void');
    expect(page.hasForm()).to.equal(false);
  });

  it('says an expired license expired, with its date', async () => {
    const client = demoClient({ orders: 20 });
    const license = await available(client);
    const real = await client.getActivation(license.activationCode);
    const expired = proxyClient(client, { getActivation: async () => ({ ...real, validFrom: '2020-01-01', validTo: '2021-01-01' }) });
    const { page } = await mount(expired, license.activationCode);
    expect(page.refusal()).to.contain(`expired on ${formatIsoDate('2021-01-01', 'en')}`);
    expect(page.hasForm()).to.equal(false);
  });

  it('says an unknown code is not known and to contact the seller', async () => {
    const { el, page } = await mount(demoClient({ orders: 5 }), 'NO-SUCH-CODE');
    const refusal = page.refusal();
    expect(refusal).to.contain('This activation code is not known');
    expect(refusal).to.contain('Please contact the company that sold you the license');
    await expect(el).to.be.accessible();
  });

  it('says when to try again after too many attempts', async () => {
    const { page } = await mount(rateLimitedClient(demoClient({ orders: 5 })), 'ANY-CODE');
    expect(page.error()).to.match(/Too many attempts\. Try again in 30 seconds, at .+\./);
  });

  it('keeps what was typed when the server refuses, and turns to the refusal when the code was used meanwhile', async () => {
    const client = demoClient({ orders: 20 });
    const license = await available(client);
    const refused = new ApiError({ status: 409, code: 'license_already_active', title: 'Conflict', detail: 'Already active' });
    const failing = proxyClient(client, {
      activateByCode: async () => {
        throw refused;
      },
    });
    const { page } = await mount(failing, license.activationCode);
    page.type('email', 'someone@example.com');
    page.press('Activate');
    await until(() => page.refusal() !== '', 2000, 'the refusal');
    expect(page.refusal()).to.contain('is already active');
  });

  it('speaks German with the provider’s locale', async () => {
    const client = demoClient({ orders: 20 });
    const license = await available(client);
    const { page } = await mount(client, license.activationCode, 'de-DE');
    expect(page.heading()).to.equal('Lizenz aktivieren');
    expect(page.button('Aktivieren')).to.exist;
  });
});
