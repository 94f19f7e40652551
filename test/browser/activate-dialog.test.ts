import { expect } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import type { LicensesApi } from '../../src/api/client.js';
import type { LicensesContextValue } from '../../src/api/context.js';
import { ApiError } from '../../src/api/contract/errors.js';
import type { License } from '../../src/api/contract/schemas.js';
import '../../src/elements/activate-dialog/activate-dialog.js';
import type { ActivateDialogElement } from '../../src/elements/activate-dialog/activate-dialog.component.js';
import type { LicenseActivatedEvent } from '../../src/events/index.js';
import {
  button,
  deferred,
  demoClient,
  errorOf,
  field,
  fill,
  fillNewCustomer,
  findLicense,
  isAvailable,
  openDialog,
  openFor,
  text,
} from './dialog-fixtures.js';
import { proxyClient, type ProxiedClient } from '../../stories/support/clients.js';
import { runDialogSuite } from './dialog-suite.js';
import { until } from './helpers.js';

const TAG = 'activate-dialog';
const DONE = /^License activated\. We emailed the activation details to (.+)\.$/;

const openActivate = (test: (l: License) => boolean = isAvailable, wrap?: (client: LicensesApi) => LicensesApi) =>
  openFor<ActivateDialogElement>(TAG, test, wrap);

const status = (el: Element) => text(el.shadowRoot!.querySelector('[role="status"]'));
const alertOf = (el: Element) => text(el.shadowRoot!.querySelector('[role="alert"]'));
const succeeded = (el: Element) => DONE.test(status(el));

runDialogSuite(TAG, { open: () => openActivate(), heading: 'Activate license', closeButton: 'Cancel' });

describe('<activate-dialog>', () => {
  it('activates a license for an existing customer chosen from the suggestions', async () => {
    const { el, license, memory } = await openActivate();
    const customer = (await memory.searchCustomers('')).items[0]!;
    const email = field(el, 'Email');
    expect(el.shadowRoot!.activeElement, 'the email field has focus').to.equal(email);
    expect(email.getAttribute('role')).to.equal('combobox');
    await sendKeys({ type: customer.email.slice(0, 6) });
    await until(() => email.getAttribute('aria-expanded') === 'true', 3000, 'suggestions');
    const options = Array.from(el.shadowRoot!.querySelectorAll('[role="option"]'));
    const option = options.find((o) => text(o).includes(customer.email));
    expect(option, 'the customer is suggested').to.not.equal(undefined);
    expect(text(option)).to.contain(customer.organization);
    await expect(el).to.be.accessible();

    // Keyboard: down to the customer, Enter takes it without submitting.
    for (let i = 0; i <= options.indexOf(option!); i += 1) await sendKeys({ press: 'ArrowDown' });
    expect(email.getAttribute('aria-activedescendant')).to.equal(option!.id);
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(email.value).to.equal(customer.email);
    expect(email.getAttribute('aria-expanded')).to.equal('false');
    expect(status(el), 'Enter on a suggestion does not submit').to.equal('');

    const events: LicenseActivatedEvent[] = [];
    el.addEventListener('license-activated', (e) => events.push(e));
    const announced: License[] = [];
    const ctx = (el as unknown as { api: { ctx: LicensesContextValue } }).api.ctx;
    ctx.changes.addEventListener('license-changed', (e) => announced.push((e as CustomEvent<{ license: License }>).detail.license));
    button(el, 'Activate')!.click();
    await until(() => succeeded(el), 3000, 'the confirmation');
    expect(status(el)).to.equal(`License activated. We emailed the activation details to ${customer.email}.`);
    expect(events).to.have.length(1);
    expect(events[0]!.detail.license.status).to.equal('active');
    expect(announced.map((l) => l.id)).to.deep.equal([license.id]);
    const stored = await memory.getLicense(license.id);
    expect(stored.status).to.equal('active');
    expect(stored.customer?.email).to.equal(customer.email);
    expect(memory.store.outbox.some((m) => m.to === customer.email)).to.equal(true);
    expect(el.shadowRoot!.activeElement).to.equal(button(el, 'OK'));
    await expect(el).to.be.accessible();
    button(el, 'OK')!.click();
    await until(() => !el.isOpen, 2000, 'the dialog to close');
  });

  it('closes only the suggestions on Escape while they are shown', async () => {
    const { el, dialog, memory } = await openActivate();
    const customer = (await memory.searchCustomers('')).items[0]!;
    const email = field(el, 'Email');
    await sendKeys({ type: customer.email.slice(0, 4) });
    await until(() => email.getAttribute('aria-expanded') === 'true', 3000, 'suggestions');
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(email.getAttribute('aria-expanded')).to.equal('false');
    expect(dialog.open).to.equal(true);
  });

  it('switches to New customer with one click while suggestions are shown', async () => {
    const { el, memory } = await openActivate();
    const customer = (await memory.searchCustomers('')).items[0]!;
    const email = field(el, 'Email');
    await sendKeys({ type: customer.email.slice(0, 2) });
    await until(() => email.getAttribute('aria-expanded') === 'true', 3000, 'suggestions');
    const radio = field(el, 'New customer');
    const box = radio.getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
    await el.updateComplete;
    expect(radio.checked).to.equal(true);
    expect(() => field(el, 'Organization')).to.not.throw();
  });

  it('registers a new customer, then refuses the same email for the next one', async () => {
    const memory = demoClient();
    const [first, second] = await Promise.all([
      findLicense(memory, isAvailable),
      memory.searchOrders({ limit: 200 }).then(async (orders) => {
        for (const order of orders.items.slice().reverse()) {
          const page = await memory.listLicenses(order.id, { status: 'available' });
          if (page.items[0]) return page.items[0];
        }
        throw new Error('no second license');
      }),
    ]);
    expect(second.id).to.not.equal(first!.id);
    const { el, dialog } = await openDialog<ActivateDialogElement>(TAG, memory, first!);
    await fillNewCustomer(el);
    await expect(el).to.be.accessible();
    button(el, 'Activate')!.click();
    await until(() => succeeded(el), 3000, 'the confirmation');
    expect(status(el)).to.equal('License activated. We emailed the activation details to ada@northwind.example.');
    expect((await memory.getLicense(first!.id)).customer?.organization).to.equal('Northwind Traders');
    button(el, 'OK')!.click();
    await until(() => !dialog.open, 2000, 'the dialog to close');

    el.open(second);
    await until(() => dialog.open, 2000, 'the dialog to open again');
    expect(field(el, 'Email').value, 'a new action starts empty').to.equal('');
    await fillNewCustomer(el, { Organization: 'Someone Else' });
    button(el, 'Activate')!.click();
    await until(() => field(el, 'Email').getAttribute('aria-invalid') === 'true', 3000, 'the email error');
    const email = field(el, 'Email');
    expect(errorOf(el, email)).to.contain('already registered');
    expect(alertOf(el)).to.contain('The license was not activated.');
    expect(el.shadowRoot!.activeElement, 'focus on the field to fix').to.equal(email);
    expect(field(el, 'Organization').value).to.equal('Someone Else');
    expect((await memory.getLicense(second.id)).status).to.equal('available');
    await expect(el).to.be.accessible();
  });

  it('puts an unknown customer email on the email field', async () => {
    const { el } = await openActivate();
    fill(field(el, 'Email'), 'nobody@unknown.example');
    button(el, 'Activate')!.click();
    await until(() => field(el, 'Email').getAttribute('aria-invalid') === 'true', 3000, 'the email error');
    expect(errorOf(el, field(el, 'Email'))).to.contain('No customer is registered with this email');
    fill(field(el, 'Email'), 'nobody@unknown.example.org');
    await el.updateComplete;
    expect(field(el, 'Email').hasAttribute('aria-invalid'), 'editing the field clears its error').to.equal(false);
  });

  it('takes the old error away while a new address is typed', async () => {
    const { el } = await openActivate();
    fill(field(el, 'Email'), 'nobody@unknown.example');
    button(el, 'Activate')!.click();
    await until(() => alertOf(el).includes('The license was not activated.'), 3000, 'the refusal');
    fill(field(el, 'Email'), 'nobody@unknown.example.org');
    await el.updateComplete;
    expect(alertOf(el), 'no error about the address that was replaced').to.equal('');
    expect(el.shadowRoot!.querySelector('.field-error')).to.equal(null);
  });

  it('shows the customer suggestions below the email field, leaving its label and hint readable', async () => {
    const { el, memory } = await openActivate();
    const customer = (await memory.searchCustomers('')).items[0]!;
    const email = field(el, 'Email');
    await sendKeys({ type: customer.email.slice(0, 3) });
    await until(() => email.getAttribute('aria-expanded') === 'true', 3000, 'suggestions');
    const list = el.shadowRoot!.querySelector('[role="listbox"]')!.getBoundingClientRect();
    const label = el.shadowRoot!.querySelector('label[for="email"]')!.getBoundingClientRect();
    const hint = el.shadowRoot!.querySelector('#email-hint')!.getBoundingClientRect();
    const input = email.getBoundingClientRect();
    expect(list.height).to.be.greaterThan(0);
    expect(list.top, 'below the label').to.be.at.least(label.bottom);
    expect(list.top, 'below the hint').to.be.at.least(hint.bottom);
    expect(list.top, 'below the input').to.be.at.least(input.bottom);
  });

  it('checks the fields before sending anything', async () => {
    const { el } = await openActivate(isAvailable, (inner) => proxyClient(inner));
    const client = (el as unknown as { api: { ctx: LicensesContextValue } }).api.ctx.client as ProxiedClient;
    const activations = () => client.calls.filter((c) => c.method === 'activateLicense').length;

    button(el, 'Activate')!.click();
    await el.updateComplete;
    expect(field(el, 'Email').getAttribute('aria-invalid')).to.equal('true');
    expect(errorOf(el, field(el, 'Email'))).to.contain('Enter a valid email address.');

    await fillNewCustomer(el, {
      Organization: '   ',
      'First name': '',
      'Last name': '',
      Email: 'not-an-email',
      'Phone (optional)': 'call me',
      Country: '',
    });
    button(el, 'Activate')!.click();
    await el.updateComplete;
    const expected: Record<string, string> = {
      Organization: 'Enter the organization.',
      'First name': 'Enter the first name.',
      'Last name': 'Enter the last name.',
      Email: 'Enter a valid email address.',
      'Phone (optional)': 'Enter a phone number',
      Country: 'Choose a country.',
    };
    for (const [label, message] of Object.entries(expected)) {
      const control = field<HTMLInputElement>(el, label);
      expect(control.getAttribute('aria-invalid'), label).to.equal('true');
      expect(errorOf(el, control), label).to.contain(message);
    }
    await until(() => el.shadowRoot!.activeElement === field(el, 'Organization'), 2000, 'focus on the first field to fix');
    expect(activations(), 'nothing was sent').to.equal(0);
    await expect(el).to.be.accessible();

    fill(field(el, 'Organization'), 'x'.repeat(201));
    button(el, 'Activate')!.click();
    await el.updateComplete;
    expect(errorOf(el, field(el, 'Organization'))).to.contain('at most 200 characters');
    expect(activations()).to.equal(0);
  });

  it('keeps every field after a server failure and retries with the same idempotency key', async () => {
    const keys: string[] = [];
    let failures = 1;
    const { el, license, memory } = await openActivate(isAvailable, (inner) =>
      proxyClient(inner, {
        activateLicense: (id, body, options) => {
          keys.push(options.idempotencyKey);
          if (failures-- > 0) {
            return Promise.reject(new ApiError({ status: 500, code: 'internal_error', detail: 'Internal server error.' }));
          }
          return inner.activateLicense(id, body, options);
        },
      }),
    );
    await fillNewCustomer(el);
    button(el, 'Activate')!.click();
    await until(() => alertOf(el) !== '', 3000, 'the failure');
    expect(alertOf(el)).to.contain('The license was not activated.');
    expect(alertOf(el)).to.contain('Internal server error.');
    expect(alertOf(el)).to.contain('Everything you entered is kept');
    expect(field(el, 'New customer').checked).to.equal(true);
    expect(field(el, 'Organization').value).to.equal('Northwind Traders');
    expect(field(el, 'First name').value).to.equal('Ada');
    expect(field(el, 'Last name').value).to.equal('Lovelace');
    expect(field(el, 'Email').value).to.equal('ada@northwind.example');
    expect(field(el, 'Phone (optional)').value).to.equal('+49 30 1234567');
    expect(field<HTMLSelectElement>(el, 'Country').value).to.equal('DE');
    expect(button(el, 'Activate')!.disabled).to.equal(false);
    expect(el.isOpen).to.equal(true);
    await expect(el).to.be.accessible();

    button(el, 'Activate')!.click();
    await until(() => succeeded(el), 3000, 'the confirmation');
    expect(keys).to.have.length(2);
    expect(keys[1], 'the retry reuses the key').to.equal(keys[0]);
    expect((await memory.getLicense(license.id)).status).to.equal('active');
  });

  it('a retry after a dropped answer activates once and sends one email', async () => {
    let drops = 1;
    const { el, license, memory } = await openActivate(isAvailable, (inner) =>
      proxyClient(inner, {
        activateLicense: async (id, body, options) => {
          const answer = await inner.activateLicense(id, body, options);
          if (drops-- > 0) throw new ApiError({ status: 0, code: 'network_error', detail: 'The connection dropped.' });
          return answer;
        },
      }),
    );
    await fillNewCustomer(el);
    button(el, 'Activate')!.click();
    await until(() => alertOf(el) !== '', 3000, 'the failure');
    button(el, 'Activate')!.click();
    await until(() => succeeded(el), 3000, 'the confirmation');
    expect(memory.store.outbox.filter((m) => m.to === 'ada@northwind.example')).to.have.length(1);
    expect((await memory.getLicense(license.id)).customer?.email).to.equal('ada@northwind.example');
  });

  it('disables Activate while the activation is in flight', async () => {
    const gate = deferred<void>();
    const { el } = await openActivate(isAvailable, (inner) =>
      proxyClient(inner, {
        activateLicense: async (id, body, options) => {
          await gate.promise;
          return inner.activateLicense(id, body, options);
        },
      }),
    );
    await fillNewCustomer(el);
    const activate = button(el, 'Activate')!;
    activate.click();
    await el.updateComplete;
    expect(activate.disabled).to.equal(true);
    expect(status(el)).to.equal('Sending…');
    gate.resolve();
    await until(() => succeeded(el), 3000, 'the confirmation');
  });

  it('explains why an active license cannot be activated, without an Activate button', async () => {
    const { el } = await openActivate((l) => l.status === 'active');
    expect(text(el.shadowRoot!.querySelector('[part="reason"]'))).to.contain('The license is already active.');
    expect(button(el, 'Activate')).to.equal(undefined);
    expect(button(el, 'Close')).to.not.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('explains that a refunded license cannot be activated', async () => {
    const { el } = await openActivate((l) => l.status === 'refunded');
    expect(text(el.shadowRoot!.querySelector('[part="reason"]'))).to.contain('The order was refunded.');
    expect(button(el, 'Activate')).to.equal(undefined);
  });

  it('shows the reason when the license was activated elsewhere in the meantime', async () => {
    const { el, license, memory } = await openActivate();
    const customer = (await memory.searchCustomers('')).items[0]!;
    await memory.activateLicense(license.id, { customer: { kind: 'existing', email: customer.email } }, { idempotencyKey: 'elsewhere' });
    fill(field(el, 'Email'), customer.email);
    button(el, 'Activate')!.click();
    await until(() => text(el.shadowRoot!.querySelector('[part="reason"]')) !== '', 3000, 'the reason');
    expect(text(el.shadowRoot!.querySelector('[part="reason"]'))).to.contain('The license is already active.');
    expect(button(el, 'Activate')).to.equal(undefined);
  });

  it('speaks German with a German provider, country names included', async () => {
    const memory = demoClient();
    const license = await findLicense(memory, isAvailable);
    const { el } = await openDialog<ActivateDialogElement>(TAG, memory, license, 'de');
    expect(text(el.shadowRoot!.querySelector('h2'))).to.equal('Lizenz aktivieren');
    field(el, 'Neuer Kunde').click();
    await el.updateComplete;
    const country = field<HTMLSelectElement>(el, 'Land');
    const names = Array.from(country.options).map((o) => o.text);
    expect(names).to.include('Deutschland');
    expect(names.indexOf('Österreich')).to.be.lessThan(names.indexOf('Polen'));
  });
});
