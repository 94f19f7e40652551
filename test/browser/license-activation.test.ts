import { expect, html, oneEvent } from '@open-wc/testing';
import type { LicensesApi } from '../../src/api/client.js';
import { ApiError } from '../../src/api/contract/errors.js';
import type { License } from '../../src/api/contract/schemas.js';
import { createMemoryClient } from '../../src/api/memory/memory-client.js';
import '../../src/elements/license-activation/license-activation.js';
import type { LicenseActivationElement } from '../../src/elements/license-activation/license-activation.component.js';
import type { LicenseSelfActivatedEvent } from '../../src/events/index.js';
import { formatIsoDate } from '../../src/format/index.js';
import { proxyClient } from '../../stories/support/clients.js';
import { licenseWhere, registeredEmail } from '../../stories/support/dialogs.js';
import { buttonByText, clean, providedFixture, until } from './helpers.js';

async function mount(client: LicensesApi, code: string, locale = 'en'): Promise<LicenseActivationElement> {
  const { el } = await providedFixture<LicenseActivationElement>(client, html`<license-activation code=${code}></license-activation>`, { locale });
  await until(() => el.shadowRoot!.querySelector('[part="facts"], [part="refusal"], [part="error"]') !== null, 3000, 'the code checked');
  return el;
}

const q = (el: LicenseActivationElement, selector: string) => el.shadowRoot!.querySelector(selector);
const input = (el: LicenseActivationElement, id: string) => q(el, `#${id}`) as HTMLInputElement;

function type(el: LicenseActivationElement, id: string, value: string): void {
  const field = input(el, id);
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

async function available(client: LicensesApi): Promise<License> {
  return (await licenseWhere(client, (l) => l.status === 'available')).license;
}

describe('<license-activation>', () => {
  it('shows the product, the validity dates and the reseller of an available code, with the sign-up form', async () => {
    const client = createMemoryClient({ orders: 20, bigOrderLicenses: 0 });
    const license = await available(client);
    const info = await client.getActivation(license.activationCode);
    const el = await mount(client, license.activationCode);
    const facts = clean(q(el, '[part="facts"]')!.textContent);
    expect(facts).to.contain(info.product.name);
    expect(facts).to.contain(info.reseller.name);
    expect(facts).to.contain(`${formatIsoDate(info.validFrom, 'en')} to ${formatIsoDate(info.validTo, 'en')}`);
    expect(q(el, '[part="form"]')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('activates for a registered customer, confirms with the end date and fires license-self-activated', async () => {
    const memory = createMemoryClient({ orders: 20, bigOrderLicenses: 0 });
    const email = await registeredEmail(memory);
    const license = await available(memory);
    const client = proxyClient(memory);
    const el = await mount(client, license.activationCode);
    type(el, 'email', email);
    const fired = oneEvent(el, 'license-self-activated') as Promise<LicenseSelfActivatedEvent>;
    buttonByText(el.shadowRoot!, 'Activate')!.click();
    const event = await fired;
    expect(event.detail.activationCode).to.equal(license.activationCode);
    await el.updateComplete;
    const done = clean(q(el, '[part="done"]')!.textContent);
    expect(done).to.contain(`is active until ${formatIsoDate(event.detail.result.validTo, 'en')}`);
    expect(done).to.contain('You will get an email');
    expect(q(el, '[part="form"]')).to.equal(null);
    expect(client.calls.filter((c) => c.method === 'activateByCode')).to.have.length(1);
    expect(client.calls.some((c) => c.method === 'searchCustomers')).to.equal(false);
    expect((await client.getLicense(license.id)).status).to.equal('active');
    await expect(el).to.be.accessible();
  });

  it('signs a new customer up, and marks the fields left empty without sending anything', async () => {
    const client = proxyClient(createMemoryClient({ orders: 20, bigOrderLicenses: 0 }));
    const license = await available(client);
    const el = await mount(client, license.activationCode);
    (q(el, 'input[name="mode"]:not(:checked)') as HTMLInputElement).click();
    await el.updateComplete;
    buttonByText(el.shadowRoot!, 'Activate')!.click();
    await el.updateComplete;
    expect(q(el, '#organization')!.getAttribute('aria-invalid')).to.equal('true');
    expect(client.calls.some((c) => c.method === 'activateByCode')).to.equal(false);
    type(el, 'organization', 'Contoso Ltd');
    type(el, 'firstName', 'Ada');
    type(el, 'lastName', 'Lovelace');
    type(el, 'email', 'ada@contoso.example');
    const country = q(el, '#country') as HTMLSelectElement;
    country.value = 'GB';
    country.dispatchEvent(new Event('change'));
    const fired = oneEvent(el, 'license-self-activated');
    buttonByText(el.shadowRoot!, 'Activate')!.click();
    await fired;
    expect((await client.getLicense(license.id)).customer?.email).to.equal('ada@contoso.example');
  });

  it('says an already active code is active and whom to contact, with no form', async () => {
    const client = createMemoryClient({ orders: 20, bigOrderLicenses: 0 });
    const { license } = await licenseWhere(client, (l) => l.status === 'active');
    const info = await client.getActivation(license.activationCode);
    const el = await mount(client, license.activationCode);
    const refusal = clean(q(el, '[part="refusal"]')!.textContent);
    expect(refusal).to.contain('is already active');
    expect(refusal).to.contain(`Please contact ${info.reseller.name}`);
    expect(q(el, '[part="form"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('says a code of a refunded order is void', async () => {
    const client = createMemoryClient({ orders: 20, bigOrderLicenses: 0 });
    const { license } = await licenseWhere(client, (l) => l.status === 'refunded');
    const el = await mount(client, license.activationCode);
    expect(clean(q(el, '[part="refusal"]')!.textContent)).to.contain('This activation code is void');
    expect(q(el, '[part="form"]')).to.equal(null);
  });

  it('says an expired license expired, with its date', async () => {
    const client = createMemoryClient({ orders: 20, bigOrderLicenses: 0 });
    const license = await available(client);
    const real = await client.getActivation(license.activationCode);
    const expired = proxyClient(client, { getActivation: async () => ({ ...real, validFrom: '2020-01-01', validTo: '2021-01-01' }) });
    const el = await mount(expired, license.activationCode);
    expect(clean(q(el, '[part="refusal"]')!.textContent)).to.contain(`expired on ${formatIsoDate('2021-01-01', 'en')}`);
    expect(q(el, '[part="form"]')).to.equal(null);
  });

  it('says an unknown code is not known and to contact the seller', async () => {
    const el = await mount(createMemoryClient({ orders: 5, bigOrderLicenses: 0 }), 'NO-SUCH-CODE');
    const refusal = clean(q(el, '[part="refusal"]')!.textContent);
    expect(refusal).to.contain('This activation code is not known');
    expect(refusal).to.contain('Please contact the company that sold you the license');
    await expect(el).to.be.accessible();
  });

  it('says when to try again after too many attempts', async () => {
    const limited = new ApiError({ status: 429, code: 'rate_limited', title: 'Too Many Requests', detail: 'Slow down', retryAfter: 30 });
    const client = proxyClient(createMemoryClient({ orders: 5, bigOrderLicenses: 0 }), {
      getActivation: async () => {
        throw limited;
      },
    });
    const el = await mount(client, 'ANY-CODE');
    expect(clean(q(el, '[part="error"]')!.textContent)).to.match(/Too many attempts\. Try again in 30 seconds, at .+\./);
  });

  it('keeps what was typed when the server refuses, and turns to the refusal when the code was used meanwhile', async () => {
    const client = createMemoryClient({ orders: 20, bigOrderLicenses: 0 });
    const license = await available(client);
    const refused = new ApiError({ status: 409, code: 'license_already_active', title: 'Conflict', detail: 'Already active' });
    const failing = proxyClient(client, {
      activateByCode: async () => {
        throw refused;
      },
    });
    const el = await mount(failing, license.activationCode);
    type(el, 'email', 'someone@example.com');
    buttonByText(el.shadowRoot!, 'Activate')!.click();
    await until(() => q(el, '[part="refusal"]') !== null, 2000, 'the refusal');
    expect(clean(q(el, '[part="refusal"]')!.textContent)).to.contain('is already active');
  });

  it('speaks German with the provider’s locale', async () => {
    const client = createMemoryClient({ orders: 20, bigOrderLicenses: 0 });
    const license = await available(client);
    const el = await mount(client, license.activationCode, 'de-DE');
    expect(clean(q(el, '[part="heading"]')!.textContent)).to.equal('Lizenz aktivieren');
    expect(buttonByText(el.shadowRoot!, 'Aktivieren')).to.exist;
  });
});
