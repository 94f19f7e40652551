import { expect } from '@open-wc/testing';
import type { LicensesApi } from '../../src/api/client.js';
import { ApiError } from '../../src/api/contract/errors.js';
import type { License } from '../../src/api/contract/schemas.js';
import '../../src/elements/billing-state-dialog/billing-state-dialog.js';
import type { BillingStateDialogElement } from '../../src/elements/billing-state-dialog/billing-state-dialog.component.js';
import type { BillingStateChangedEvent } from '../../src/events/index.js';
import { deferred, dialogWorld, findLicense, isAvailable, openDialog, openFor } from './dialog-fixtures.js';
import { proxyClient } from '../../stories/support/clients.js';
import { runDialogSuite } from './dialog-suite.js';
import { until } from './helpers.js';

const TAG = 'billing-state-dialog';
const activeWith = (recurrent: boolean) => (l: License) => l.status === 'active' && l.recurrent === recurrent;

const openBilling = (test: (l: License) => boolean, wrap?: (client: LicensesApi) => LicensesApi) =>
  openFor<BillingStateDialogElement>(TAG, test, wrap);

const failure = new ApiError({ status: 500, code: 'internal_error', detail: 'The database is restarting.' });

runDialogSuite(TAG, {
  open: () => openBilling(activeWith(false)),
  heading: 'Change billing state',
  closeButton: 'Cancel',
});

describe('<billing-state-dialog>', () => {
  it('enables auto-renew of an activated license that does not renew', async () => {
    const { el, ui, license, memory } = await openBilling(activeWith(false));
    expect(ui.text('form')).to.contain('Auto-renew is currently disabled.');
    expect(ui.field('Enable auto-renew').checked, 'the other state is preselected').to.equal(true);
    expect(ui.field('Disable auto-renew').checked).to.equal(false);
    let fired: BillingStateChangedEvent | undefined;
    el.addEventListener('billing-state-changed', (e) => (fired = e));
    ui.button('Submit')!.click();
    await until(() => ui.status() !== '' && ui.status() !== 'Sending…', 2000, 'the confirmation');
    expect(ui.status()).to.equal('Auto-renew is enabled for the license');
    expect(fired?.detail.recurrent).to.equal(true);
    expect(fired?.detail.license.autoRenew).to.equal(true);
    expect(fired?.bubbles && fired.composed).to.equal(true);
    const stored = await memory.getLicense(license.id);
    expect(stored.recurrent).to.equal(true);
    expect(stored.autoRenew).to.equal(true);
    expect(ui.focused()).to.equal(ui.button('OK'));
    await expect(el).to.be.accessible();
  });

  it('disables auto-renew of an activated license that renews', async () => {
    const { ui, license, memory } = await openBilling(activeWith(true));
    expect(ui.text('form')).to.contain('Auto-renew is currently enabled.');
    expect(ui.field('Disable auto-renew').checked).to.equal(true);
    ui.button('Submit')!.click();
    await until(() => ui.button('OK') !== undefined, 2000, 'the confirmation');
    expect(ui.status()).to.equal('Auto-renew is disabled for the license');
    expect((await memory.getLicense(license.id)).autoRenew).to.equal(false);
  });

  it('sends the choice the reseller made', async () => {
    const { ui, license, memory } = await openBilling(activeWith(true));
    ui.field('Enable auto-renew').click();
    ui.button('Submit')!.click();
    await until(() => ui.button('OK') !== undefined, 2000, 'the confirmation');
    expect(ui.status()).to.equal('Auto-renew is enabled for the license');
    expect((await memory.getLicense(license.id)).recurrent).to.equal(true);
  });

  it('explains that a license that is not activated has no billing state to change', async () => {
    const { el, ui } = await openBilling(isAvailable);
    expect(ui.reason()).to.contain(
      'Only activated licenses can change their billing state.',
    );
    expect(ui.button('Submit')).to.equal(undefined);
    expect(ui.root.querySelector('input[type="radio"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('keeps the choice after a server failure and retries with the same idempotency key', async () => {
    const keys: string[] = [];
    let failures = 1;
    const { el, ui, license, memory } = await openBilling(activeWith(false), (inner) =>
      proxyClient(inner, {
        setBillingState: (id, body, options) => {
          keys.push(options.idempotencyKey);
          if (failures-- > 0) return Promise.reject(failure);
          return inner.setBillingState(id, body, options);
        },
      }),
    );
    ui.field('Disable auto-renew').click();
    ui.button('Submit')!.click();
    await until(() => ui.alert() !== '', 2000, 'the failure');
    const alert = ui.alert();
    expect(alert).to.contain('The billing state was not changed.');
    expect(alert).to.contain('The database is restarting.');
    expect(ui.field('Disable auto-renew').checked, 'the choice is kept').to.equal(true);
    expect(el.isOpen).to.equal(true);
    await expect(el).to.be.accessible();
    ui.field('Enable auto-renew').click();
    ui.button('Submit')!.click();
    await until(() => ui.button('OK') !== undefined, 2000, 'the confirmation');
    expect(keys).to.have.length(2);
    expect(keys[1], 'a changed request is a new action').to.not.equal(keys[0]);
    expect((await memory.getLicense(license.id)).recurrent).to.equal(true);
  });

  it('retries the same request with the same idempotency key', async () => {
    const keys: string[] = [];
    let failures = 1;
    const { ui } = await openBilling(activeWith(false), (inner) =>
      proxyClient(inner, {
        setBillingState: (id, body, options) => {
          keys.push(options.idempotencyKey);
          if (failures-- > 0) return Promise.reject(failure);
          return inner.setBillingState(id, body, options);
        },
      }),
    );
    ui.button('Submit')!.click();
    await until(() => ui.alert() !== '', 2000, 'the failure');
    expect(ui.alert()).to.contain('trying again is safe');
    ui.button('Submit')!.click();
    await until(() => ui.button('OK') !== undefined, 2000, 'the confirmation');
    expect(keys).to.have.length(2);
    expect(keys[1]).to.equal(keys[0]);
  });

  it('disables Submit while the change is in flight', async () => {
    const gate = deferred<void>();
    const { el, ui } = await openBilling(activeWith(false), (inner) =>
      proxyClient(inner, {
        setBillingState: async (id, body, options) => {
          await gate.promise;
          return inner.setBillingState(id, body, options);
        },
      }),
    );
    const submit = ui.button('Submit')!;
    submit.click();
    await el.updateComplete;
    expect(submit.disabled).to.equal(true);
    expect(ui.status()).to.equal('Sending…');
    submit.click();
    gate.resolve();
    await until(() => ui.button('OK') !== undefined, 2000, 'the confirmation');
    expect(ui.status()).to.equal('Auto-renew is enabled for the license');
  });

  it('uses a new idempotency key when opened again for a new action', async () => {
    const memory = dialogWorld();
    const license = await findLicense(memory, activeWith(false));
    const keys: string[] = [];
    const client = proxyClient(memory, {
      setBillingState: (id, body, options) => {
        keys.push(options.idempotencyKey);
        return memory.setBillingState(id, body, options);
      },
    });
    const { el, ui, dialog } = await openDialog<BillingStateDialogElement>(TAG, client, license);
    ui.button('Submit')!.click();
    await until(() => ui.button('OK') !== undefined, 2000, 'the first confirmation');
    ui.button('OK')!.click();
    await until(() => !dialog.open, 2000, 'the dialog to close');
    el.open(await memory.getLicense(license.id));
    await until(() => dialog.open && ui.button('Submit') !== undefined, 2000, 'the dialog to open again');
    expect(ui.field('Disable auto-renew').checked, 'preselected from the new state').to.equal(true);
    ui.button('Submit')!.click();
    await until(() => ui.button('OK') !== undefined, 2000, 'the second confirmation');
    expect(ui.status()).to.equal('Auto-renew is disabled for the license');
    expect(keys).to.have.length(2);
    expect(keys[1]).to.not.equal(keys[0]);
  });
});
