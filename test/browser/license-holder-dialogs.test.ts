/**
 * The dialogs that change who holds a license, or the holder's details: deactivate,
 * transfer, and correct the customer. Each behaves as every dialog of the kit does, and
 * each follows the license's `actions`.
 */
import { expect } from '@open-wc/testing';
import { ApiError } from '../../src/api/contract/errors.js';
import type { License } from '../../src/api/contract/schemas.js';
import '../../src/elements/customer-dialog/customer-dialog.js';
import type { CustomerDialogElement } from '../../src/elements/customer-dialog/customer-dialog.component.js';
import '../../src/elements/deactivate-dialog/deactivate-dialog.js';
import type { DeactivateDialogElement } from '../../src/elements/deactivate-dialog/deactivate-dialog.component.js';
import '../../src/elements/transfer-dialog/transfer-dialog.js';
import type { TransferDialogElement } from '../../src/elements/transfer-dialog/transfer-dialog.component.js';
import { failingClient, proxyClient } from '../../stories/support/clients.js';
import { DialogHarness } from '../../stories/support/harness.js';
import { isAvailable, openFor } from './dialog-fixtures.js';
import { runDialogSuite } from './dialog-suite.js';
import { until } from './helpers.js';

const isActive = (l: License) => l.status === 'active';
const serverDown = () => new ApiError({ status: 503, code: 'internal_error', detail: 'Down for maintenance.' });

runDialogSuite('deactivate-dialog', {
  open: () => openFor<DeactivateDialogElement>('deactivate-dialog', isActive),
  heading: 'Deactivate license',
  closeButton: 'Cancel',
});
runDialogSuite('transfer-dialog', {
  open: () => openFor<TransferDialogElement>('transfer-dialog', isActive),
  heading: 'Transfer license',
  closeButton: 'Cancel',
});
runDialogSuite('customer-dialog', {
  open: () => openFor<CustomerDialogElement>('customer-dialog', isActive),
  heading: 'Correct customer',
  closeButton: 'Cancel',
});

describe('<deactivate-dialog>', () => {
  it('makes the license available again once confirmed, and fires license-deactivated', async () => {
    const { el, license, memory } = await openFor<DeactivateDialogElement>('deactivate-dialog', isActive);
    const dialog = new DialogHarness(el);
    expect(el.shadowRoot!.activeElement).to.equal(dialog.button('Deactivate'));
    let fired: License | undefined;
    el.addEventListener('license-deactivated', (e) => (fired = e.detail.license));
    await dialog.click('Deactivate');
    await until(() => dialog.button('OK') !== undefined, 4000, 'the confirmation');
    expect(dialog.status()).to.equal(`License deactivated: it is available again. We emailed ${license.customer!.email}.`);
    expect(fired?.status).to.equal('available');
    const stored = await memory.getLicense(license.id);
    expect([stored.status, stored.customer, stored.recurrent]).to.deep.equal(['available', null, false]);
    await expect(el).to.be.accessible();
  });

  it('says why an available license cannot be deactivated, instead of asking', async () => {
    const { el } = await openFor<DeactivateDialogElement>('deactivate-dialog', isAvailable);
    const dialog = new DialogHarness(el);
    expect(dialog.text('[part="reason"]')).to.equal('This action is not available. Only activated licenses can change their billing state.');
    expect(dialog.button('Deactivate')).to.equal(undefined);
  });

  it('sends the same idempotency key again after a server failure, so nothing happens twice', async () => {
    const keys: string[] = [];
    const { el } = await openFor<DeactivateDialogElement>('deactivate-dialog', isActive, (inner) =>
      proxyClient(failingClient(inner, ['deactivateLicense'], { error: serverDown }), (method, original) =>
        method === 'deactivateLicense'
          ? (...args) => {
              keys.push((args[1] as { idempotencyKey: string }).idempotencyKey);
              return original(...args);
            }
          : original,
      ),
    );
    const dialog = new DialogHarness(el);
    await dialog.click('Deactivate');
    await until(() => dialog.alert() !== '', 4000, 'the failure');
    expect(dialog.alert()).to.include('The license was not deactivated.');
    expect(dialog.alert()).to.include('trying again is safe');
    await dialog.click('Deactivate');
    await until(() => dialog.button('OK') !== undefined, 4000, 'the confirmation');
    expect(keys).to.have.length(2);
    expect(keys[1]).to.equal(keys[0]);
  });
});

describe('<transfer-dialog>', () => {
  it('passes the license to a registered customer found by email', async () => {
    const { el, license, memory } = await openFor<TransferDialogElement>('transfer-dialog', isActive);
    const target = (await memory.searchCustomers('')).items.find((c) => c.id !== license.customer!.id)!;
    const dialog = new DialogHarness(el);
    expect(dialog.text('form > p')).to.equal(`Held now by ${license.customer!.email}.`);
    dialog.fill('Email', target.email);
    let previous: string | undefined;
    el.addEventListener('license-transferred', (e) => (previous = e.detail.previous?.email));
    await dialog.click('Transfer');
    await until(() => dialog.button('OK') !== undefined, 4000, 'the confirmation');
    expect(dialog.status()).to.equal(`License transferred. We emailed the activation details to ${target.email}.`);
    expect(previous).to.equal(license.customer!.email);
    expect((await memory.getLicense(license.id)).customer?.id).to.equal(target.id);
  });

  it('names an unknown email on the email field and keeps what was typed', async () => {
    const { el } = await openFor<TransferDialogElement>('transfer-dialog', isActive);
    const dialog = new DialogHarness(el);
    dialog.fill('Email', 'nobody@unknown.example');
    await dialog.click('Transfer');
    await until(() => dialog.field('Email').getAttribute('aria-invalid') === 'true', 4000, 'the field error');
    expect(dialog.errorOf('Email')).to.include('No customer is registered with this email.');
    expect(dialog.field('Email').value).to.equal('nobody@unknown.example');
    await expect(el).to.be.accessible();
  });

  it('says why an available license cannot be transferred', async () => {
    const { el } = await openFor<TransferDialogElement>('transfer-dialog', isAvailable);
    expect(new DialogHarness(el).text('[part="reason"]')).to.include('This action is not available.');
  });
});

describe('<customer-dialog>', () => {
  it('names an email another customer has on the email field, and saves a free one', async () => {
    const { el, license, memory } = await openFor<CustomerDialogElement>('customer-dialog', isActive);
    const other = (await memory.searchCustomers('')).items.find((c) => c.id !== license.customer!.id)!;
    const dialog = new DialogHarness(el);
    expect(dialog.field('Email').value).to.equal(license.customer!.email);
    expect(dialog.field('Organization').value).to.equal(license.customer!.organization);
    await until(() => dialog.field('First name').value !== '', 2000, 'the names');
    dialog.fill('Email', other.email);
    await dialog.click('Save');
    await until(() => dialog.field('Email').getAttribute('aria-invalid') === 'true', 4000, 'the clash');
    expect(dialog.errorOf('Email')).to.equal('Another customer is already registered with this email.');
    expect(dialog.field('Email').value).to.equal(other.email);
    await expect(el).to.be.accessible();
    dialog.fill('Email', 'corrected@customer.example');
    dialog.fill('Last name', 'Lovelace');
    let saved: string | undefined;
    el.addEventListener('customer-updated', (e) => (saved = e.detail.customer.email));
    await dialog.click('Save');
    await until(() => dialog.button('OK') !== undefined, 4000, 'the confirmation');
    expect(saved).to.equal('corrected@customer.example');
    const stored = (await memory.searchCustomers('corrected@customer.example')).items[0]!;
    expect([stored.id, stored.lastName]).to.deep.equal([license.customer!.id, 'Lovelace']);
    expect((await memory.getLicense(license.id)).customer?.email).to.equal('corrected@customer.example');
  });

  it('sends nothing when nothing was changed, and says so', async () => {
    const { el } = await openFor<CustomerDialogElement>('customer-dialog', isActive, (inner) => proxyClient(inner));
    const dialog = new DialogHarness(el);
    await dialog.click('Save');
    await until(() => dialog.alert() !== '', 2000, 'the note');
    expect(dialog.alert()).to.equal('Change a field first.');
  });
});
