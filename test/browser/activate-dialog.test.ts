import { expect } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import type { LicensesApi } from '../../src/api/client.js';
import type { LicensesContextValue } from '../../src/api/context.js';
import { ApiError } from '../../src/api/contract/errors.js';
import type { License } from '../../src/api/contract/schemas.js';
import '../../src/elements/activate-dialog/activate-dialog.js';
import type { ActivateDialogElement } from '../../src/elements/activate-dialog/activate-dialog.component.js';
import type { LicenseActivatedEvent } from '../../src/events/index.js';
import { deferred, dialogWorld, findLicense, isAvailable, openDialog, openFor, text } from './dialog-fixtures.js';
import { proxyClient, type ProxiedClient } from '../../stories/support/clients.js';
import type { DialogHarness } from '../../stories/support/harness.js';
import { runDialogSuite } from './dialog-suite.js';
import { until } from './helpers.js';

const TAG = 'activate-dialog';
const DONE = /^License activated\. We emailed the activation details to (.+)\.$/;

const openActivate = (test: (l: License) => boolean = isAvailable, wrap?: (client: LicensesApi) => LicensesApi) =>
  openFor<ActivateDialogElement>(TAG, test, wrap);

const succeeded = (ui: DialogHarness) => DONE.test(ui.status());

runDialogSuite(TAG, { open: () => openActivate(), heading: 'Activate license', closeButton: 'Cancel' });

describe('<activate-dialog>', () => {
  it('activates a license for an existing customer chosen from the suggestions', async () => {
    const { el, ui, license, memory } = await openActivate();
    const customer = (await memory.searchCustomers('')).items[0]!;
    const email = ui.field('Email');
    expect(ui.focused(), 'the email field has focus').to.equal(email);
    expect(email.getAttribute('role')).to.equal('combobox');
    await sendKeys({ type: customer.email.slice(0, 6) });
    await until(() => email.getAttribute('aria-expanded') === 'true', 3000, 'suggestions');
    const options = ui.suggestions();
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
    expect(ui.status(), 'Enter on a suggestion does not submit').to.equal('');

    const events: LicenseActivatedEvent[] = [];
    el.addEventListener('license-activated', (e) => events.push(e));
    const announced: License[] = [];
    const ctx = (el as unknown as { api: { ctx: LicensesContextValue } }).api.ctx;
    ctx.changes.addEventListener('license-changed', (e) => announced.push((e as CustomEvent<{ license: License }>).detail.license));
    ui.button('Activate')!.click();
    await until(() => succeeded(ui), 3000, 'the confirmation');
    expect(ui.status()).to.equal(`License activated. We emailed the activation details to ${customer.email}.`);
    expect(events).to.have.length(1);
    expect(events[0]!.detail.license.status).to.equal('active');
    expect(announced.map((l) => l.id)).to.deep.equal([license.id]);
    const stored = await memory.getLicense(license.id);
    expect(stored.status).to.equal('active');
    expect(stored.customer?.email).to.equal(customer.email);
    expect(memory.store.outbox.some((m) => m.to === customer.email)).to.equal(true);
    expect(ui.focused()).to.equal(ui.button('OK'));
    await expect(el).to.be.accessible();
    ui.button('OK')!.click();
    await until(() => !el.isOpen, 2000, 'the dialog to close');
  });

  it('closes only the suggestions on Escape while they are shown', async () => {
    const { el, ui, dialog, memory } = await openActivate();
    const customer = (await memory.searchCustomers('')).items[0]!;
    const email = ui.field('Email');
    await sendKeys({ type: customer.email.slice(0, 4) });
    await until(() => email.getAttribute('aria-expanded') === 'true', 3000, 'suggestions');
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(email.getAttribute('aria-expanded')).to.equal('false');
    expect(dialog.open).to.equal(true);
  });

  it('switches to New customer with one click while suggestions are shown', async () => {
    const { el, ui, memory } = await openActivate();
    const customer = (await memory.searchCustomers('')).items[0]!;
    const email = ui.field('Email');
    await sendKeys({ type: customer.email.slice(0, 2) });
    await until(() => email.getAttribute('aria-expanded') === 'true', 3000, 'suggestions');
    const radio = ui.field('New customer');
    const box = radio.getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
    await el.updateComplete;
    expect(radio.checked).to.equal(true);
    expect(() => ui.field('Organization')).to.not.throw();
  });

  it('registers a new customer, then refuses the same email for the next one', async () => {
    const memory = dialogWorld();
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
    const { el, ui, dialog } = await openDialog<ActivateDialogElement>(TAG, memory, first!);
    await ui.fillNewCustomer();
    await expect(el).to.be.accessible();
    ui.button('Activate')!.click();
    await until(() => succeeded(ui), 3000, 'the confirmation');
    expect(ui.status()).to.equal('License activated. We emailed the activation details to ada@northwind.example.');
    expect((await memory.getLicense(first!.id)).customer?.organization).to.equal('Northwind Traders');
    ui.button('OK')!.click();
    await until(() => !dialog.open, 2000, 'the dialog to close');

    el.open(second);
    await until(() => dialog.open, 2000, 'the dialog to open again');
    expect(ui.field('Email').value, 'a new action starts empty').to.equal('');
    await ui.fillNewCustomer({ Organization: 'Someone Else' });
    ui.button('Activate')!.click();
    await until(() => ui.field('Email').getAttribute('aria-invalid') === 'true', 3000, 'the email error');
    const email = ui.field('Email');
    expect(ui.errorOf(email)).to.contain('already registered');
    expect(ui.alert()).to.contain('The license was not activated.');
    expect(ui.focused(), 'focus on the field to fix').to.equal(email);
    expect(ui.field('Organization').value).to.equal('Someone Else');
    expect((await memory.getLicense(second.id)).status).to.equal('available');
    await expect(el).to.be.accessible();
  });

  it('puts an unknown customer email on the email field', async () => {
    const { el, ui } = await openActivate();
    ui.fill('Email', 'nobody@unknown.example');
    ui.button('Activate')!.click();
    await until(() => ui.field('Email').getAttribute('aria-invalid') === 'true', 3000, 'the email error');
    expect(ui.errorOf(ui.field('Email'))).to.contain('No customer is registered with this email');
    ui.fill('Email', 'nobody@unknown.example.org');
    await el.updateComplete;
    expect(ui.field('Email').hasAttribute('aria-invalid'), 'editing the field clears its error').to.equal(false);
  });

  it('takes the old error away while a new address is typed', async () => {
    const { el, ui } = await openActivate();
    ui.fill('Email', 'nobody@unknown.example');
    ui.button('Activate')!.click();
    await until(() => ui.alert().includes('The license was not activated.'), 3000, 'the refusal');
    ui.fill('Email', 'nobody@unknown.example.org');
    await el.updateComplete;
    expect(ui.alert(), 'no error about the address that was replaced').to.equal('');
    expect(ui.fieldErrors()).to.deep.equal([]);
  });

  it('shows the customer suggestions below the email field, leaving its label and hint readable', async () => {
    const { ui, memory } = await openActivate();
    const customer = (await memory.searchCustomers('')).items[0]!;
    const email = ui.field('Email');
    await sendKeys({ type: customer.email.slice(0, 3) });
    await until(() => email.getAttribute('aria-expanded') === 'true', 3000, 'suggestions');
    const list = ui.root.querySelector('[role="listbox"]')!.getBoundingClientRect();
    const label = ui.root.querySelector('label[for="email"]')!.getBoundingClientRect();
    const hint = ui.root.querySelector('#email-hint')!.getBoundingClientRect();
    const input = email.getBoundingClientRect();
    expect(list.height).to.be.greaterThan(0);
    expect(list.top, 'below the label').to.be.at.least(label.bottom);
    expect(list.top, 'below the hint').to.be.at.least(hint.bottom);
    expect(list.top, 'below the input').to.be.at.least(input.bottom);
  });

  it('checks the fields before sending anything', async () => {
    const { el, ui } = await openActivate(isAvailable, (inner) => proxyClient(inner));
    const client = (el as unknown as { api: { ctx: LicensesContextValue } }).api.ctx.client as ProxiedClient;
    const activations = () => client.calls.filter((c) => c.method === 'activateLicense').length;

    ui.button('Activate')!.click();
    await el.updateComplete;
    expect(ui.field('Email').getAttribute('aria-invalid')).to.equal('true');
    expect(ui.errorOf(ui.field('Email'))).to.contain('Enter a valid email address.');

    await ui.fillNewCustomer({
      Organization: '   ',
      'First name': '',
      'Last name': '',
      Email: 'not-an-email',
      'Phone (optional)': 'call me',
      Country: '',
    });
    ui.button('Activate')!.click();
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
      const control = ui.field<HTMLInputElement>(label);
      expect(control.getAttribute('aria-invalid'), label).to.equal('true');
      expect(ui.errorOf(control), label).to.contain(message);
    }
    await until(() => ui.focused() === ui.field('Organization'), 2000, 'focus on the first field to fix');
    expect(activations(), 'nothing was sent').to.equal(0);
    await expect(el).to.be.accessible();

    ui.fill('Organization', 'x'.repeat(201));
    ui.button('Activate')!.click();
    await el.updateComplete;
    expect(ui.errorOf(ui.field('Organization'))).to.contain('at most 200 characters');
    expect(activations()).to.equal(0);
  });

  it('keeps every field after a server failure and retries with the same idempotency key', async () => {
    const keys: string[] = [];
    let failures = 1;
    const { el, ui, license, memory } = await openActivate(isAvailable, (inner) =>
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
    await ui.fillNewCustomer();
    ui.button('Activate')!.click();
    await until(() => ui.alert() !== '', 3000, 'the failure');
    expect(ui.alert()).to.contain('The license was not activated.');
    expect(ui.alert()).to.contain('Internal server error.');
    expect(ui.alert()).to.contain('Everything you entered is kept');
    expect(ui.field('New customer').checked).to.equal(true);
    expect(ui.field('Organization').value).to.equal('Northwind Traders');
    expect(ui.field('First name').value).to.equal('Ada');
    expect(ui.field('Last name').value).to.equal('Lovelace');
    expect(ui.field('Email').value).to.equal('ada@northwind.example');
    expect(ui.field('Phone (optional)').value).to.equal('+49 30 1234567');
    expect(ui.field<HTMLSelectElement>('Country').value).to.equal('DE');
    expect(ui.button('Activate')!.disabled).to.equal(false);
    expect(el.isOpen).to.equal(true);
    await expect(el).to.be.accessible();

    ui.button('Activate')!.click();
    await until(() => succeeded(ui), 3000, 'the confirmation');
    expect(keys).to.have.length(2);
    expect(keys[1], 'the retry reuses the key').to.equal(keys[0]);
    expect((await memory.getLicense(license.id)).status).to.equal('active');
  });

  it('a retry after a dropped answer activates once and sends one email', async () => {
    let drops = 1;
    const { ui, license, memory } = await openActivate(isAvailable, (inner) =>
      proxyClient(inner, {
        activateLicense: async (id, body, options) => {
          const answer = await inner.activateLicense(id, body, options);
          if (drops-- > 0) throw new ApiError({ status: 0, code: 'network_error', detail: 'The connection dropped.' });
          return answer;
        },
      }),
    );
    await ui.fillNewCustomer();
    ui.button('Activate')!.click();
    await until(() => ui.alert() !== '', 3000, 'the failure');
    ui.button('Activate')!.click();
    await until(() => succeeded(ui), 3000, 'the confirmation');
    expect(memory.store.outbox.filter((m) => m.to === 'ada@northwind.example')).to.have.length(1);
    expect((await memory.getLicense(license.id)).customer?.email).to.equal('ada@northwind.example');
  });

  it('disables Activate while the activation is in flight', async () => {
    const gate = deferred<void>();
    const { el, ui } = await openActivate(isAvailable, (inner) =>
      proxyClient(inner, {
        activateLicense: async (id, body, options) => {
          await gate.promise;
          return inner.activateLicense(id, body, options);
        },
      }),
    );
    await ui.fillNewCustomer();
    const activate = ui.button('Activate')!;
    activate.click();
    await el.updateComplete;
    expect(activate.disabled).to.equal(true);
    expect(ui.status()).to.equal('Sending…');
    gate.resolve();
    await until(() => succeeded(ui), 3000, 'the confirmation');
  });

  it('explains why an active license cannot be activated, without an Activate button', async () => {
    const { el, ui } = await openActivate((l) => l.status === 'active');
    expect(ui.reason()).to.contain('The license is already active.');
    expect(ui.button('Activate')).to.equal(undefined);
    expect(ui.button('Close')).to.not.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('explains that a refunded license cannot be activated', async () => {
    const { ui } = await openActivate((l) => l.status === 'refunded');
    expect(ui.reason()).to.contain('The order was refunded.');
    expect(ui.button('Activate')).to.equal(undefined);
  });

  it('shows the reason when the license was activated elsewhere in the meantime', async () => {
    const { ui, license, memory } = await openActivate();
    const customer = (await memory.searchCustomers('')).items[0]!;
    await memory.activateLicense(license.id, { customer: { kind: 'existing', email: customer.email } }, { idempotencyKey: 'elsewhere' });
    ui.fill('Email', customer.email);
    ui.button('Activate')!.click();
    await until(() => ui.reason() !== '', 3000, 'the reason');
    expect(ui.reason()).to.contain('The license is already active.');
    expect(ui.button('Activate')).to.equal(undefined);
  });

  it('speaks German with a German provider, country names included', async () => {
    const memory = dialogWorld();
    const license = await findLicense(memory, isAvailable);
    const { el, ui } = await openDialog<ActivateDialogElement>(TAG, memory, license, 'de');
    expect(ui.heading()).to.equal('Lizenz aktivieren');
    ui.field('Neuer Kunde').click();
    await el.updateComplete;
    const country = ui.field<HTMLSelectElement>('Land');
    const names = Array.from(country.options).map((o) => o.text);
    expect(names).to.include('Deutschland');
    expect(names.indexOf('Österreich')).to.be.lessThan(names.indexOf('Polen'));
  });
});
