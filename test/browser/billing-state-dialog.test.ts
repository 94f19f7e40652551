import { expect } from '@open-wc/testing';
import type { LicensesApi } from '../../src/api/client.js';
import { ApiError } from '../../src/api/contract/errors.js';
import type { License } from '../../src/api/contract/schemas.js';
import '../../src/elements/billing-state-dialog/billing-state-dialog.js';
import type { BillingStateDialogElement } from '../../src/elements/billing-state-dialog/billing-state-dialog.component.js';
import type { BillingStateChangedEvent } from '../../src/events/index.js';
import {
  button,
  deferred,
  demoClient,
  field,
  findLicense,
  isAvailable,
  openDialog,
  openFor,
  text,
} from './dialog-fixtures.js';
import { proxyClient } from '../../stories/support/clients.js';
import { runDialogSuite } from './dialog-suite.js';
import { until } from './helpers.js';

const TAG = 'billing-state-dialog';
const activeWith = (recurrent: boolean) => (l: License) => l.status === 'active' && l.recurrent === recurrent;

const openBilling = (test: (l: License) => boolean, wrap?: (client: LicensesApi) => LicensesApi) =>
  openFor<BillingStateDialogElement>(TAG, test, wrap);

const status = (el: Element) => text(el.shadowRoot!.querySelector('[role="status"]'));
const failure = new ApiError({ status: 500, code: 'internal_error', detail: 'The database is restarting.' });

runDialogSuite(TAG, {
  open: () => openBilling(activeWith(false)),
  heading: 'Change billing state',
  closeButton: 'Cancel',
});

describe('<billing-state-dialog>', () => {
  it('enables auto-renew of an activated license that does not renew', async () => {
    const { el, license, memory } = await openBilling(activeWith(false));
    expect(text(el.shadowRoot!.querySelector('form'))).to.contain('Auto-renew is currently disabled.');
    expect(field(el, 'Enable auto-renew').checked, 'the other state is preselected').to.equal(true);
    expect(field(el, 'Disable auto-renew').checked).to.equal(false);
    let fired: BillingStateChangedEvent | undefined;
    el.addEventListener('billing-state-changed', (e) => (fired = e));
    button(el, 'Submit')!.click();
    await until(() => status(el) !== '' && status(el) !== 'Sending…', 2000, 'the confirmation');
    expect(status(el)).to.equal('Auto-renew is enabled for the license');
    expect(fired?.detail.recurrent).to.equal(true);
    expect(fired?.detail.license.autoRenew).to.equal(true);
    expect(fired?.bubbles && fired.composed).to.equal(true);
    const stored = await memory.getLicense(license.id);
    expect(stored.recurrent).to.equal(true);
    expect(stored.autoRenew).to.equal(true);
    expect(el.shadowRoot!.activeElement).to.equal(button(el, 'OK'));
    await expect(el).to.be.accessible();
  });

  it('disables auto-renew of an activated license that renews', async () => {
    const { el, license, memory } = await openBilling(activeWith(true));
    expect(text(el.shadowRoot!.querySelector('form'))).to.contain('Auto-renew is currently enabled.');
    expect(field(el, 'Disable auto-renew').checked).to.equal(true);
    button(el, 'Submit')!.click();
    await until(() => button(el, 'OK') !== undefined, 2000, 'the confirmation');
    expect(status(el)).to.equal('Auto-renew is disabled for the license');
    expect((await memory.getLicense(license.id)).autoRenew).to.equal(false);
  });

  it('sends the choice the reseller made', async () => {
    const { el, license, memory } = await openBilling(activeWith(true));
    field(el, 'Enable auto-renew').click();
    button(el, 'Submit')!.click();
    await until(() => button(el, 'OK') !== undefined, 2000, 'the confirmation');
    expect(status(el)).to.equal('Auto-renew is enabled for the license');
    expect((await memory.getLicense(license.id)).recurrent).to.equal(true);
  });

  it('explains that a license that is not activated has no billing state to change', async () => {
    const { el } = await openBilling(isAvailable);
    expect(text(el.shadowRoot!.querySelector('[part="reason"]'))).to.contain(
      'Only activated licenses can change their billing state.',
    );
    expect(button(el, 'Submit')).to.equal(undefined);
    expect(el.shadowRoot!.querySelector('input[type="radio"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('keeps the choice after a server failure and retries with the same idempotency key', async () => {
    const keys: string[] = [];
    let failures = 1;
    const { el, license, memory } = await openBilling(activeWith(false), (inner) =>
      proxyClient(inner, {
        setBillingState: (id, body, options) => {
          keys.push(options.idempotencyKey);
          if (failures-- > 0) return Promise.reject(failure);
          return inner.setBillingState(id, body, options);
        },
      }),
    );
    field(el, 'Disable auto-renew').click();
    button(el, 'Submit')!.click();
    await until(() => el.shadowRoot!.querySelector('[role="alert"]') !== null, 2000, 'the failure');
    const alert = text(el.shadowRoot!.querySelector('[role="alert"]'));
    expect(alert).to.contain('The billing state was not changed.');
    expect(alert).to.contain('The database is restarting.');
    expect(field(el, 'Disable auto-renew').checked, 'the choice is kept').to.equal(true);
    expect(el.isOpen).to.equal(true);
    await expect(el).to.be.accessible();
    field(el, 'Enable auto-renew').click();
    button(el, 'Submit')!.click();
    await until(() => button(el, 'OK') !== undefined, 2000, 'the confirmation');
    expect(keys).to.have.length(2);
    expect(keys[1], 'a changed request is a new action').to.not.equal(keys[0]);
    expect((await memory.getLicense(license.id)).recurrent).to.equal(true);
  });

  it('retries the same request with the same idempotency key', async () => {
    const keys: string[] = [];
    let failures = 1;
    const { el } = await openBilling(activeWith(false), (inner) =>
      proxyClient(inner, {
        setBillingState: (id, body, options) => {
          keys.push(options.idempotencyKey);
          if (failures-- > 0) return Promise.reject(failure);
          return inner.setBillingState(id, body, options);
        },
      }),
    );
    button(el, 'Submit')!.click();
    await until(() => el.shadowRoot!.querySelector('[role="alert"]') !== null, 2000, 'the failure');
    expect(text(el.shadowRoot!.querySelector('[role="alert"]'))).to.contain('trying again is safe');
    button(el, 'Submit')!.click();
    await until(() => button(el, 'OK') !== undefined, 2000, 'the confirmation');
    expect(keys).to.have.length(2);
    expect(keys[1]).to.equal(keys[0]);
  });

  it('disables Submit while the change is in flight', async () => {
    const gate = deferred<void>();
    const { el } = await openBilling(activeWith(false), (inner) =>
      proxyClient(inner, {
        setBillingState: async (id, body, options) => {
          await gate.promise;
          return inner.setBillingState(id, body, options);
        },
      }),
    );
    const submit = button(el, 'Submit')!;
    submit.click();
    await el.updateComplete;
    expect(submit.disabled).to.equal(true);
    expect(status(el)).to.equal('Sending…');
    submit.click();
    gate.resolve();
    await until(() => button(el, 'OK') !== undefined, 2000, 'the confirmation');
    expect(status(el)).to.equal('Auto-renew is enabled for the license');
  });

  it('uses a new idempotency key when opened again for a new action', async () => {
    const memory = demoClient();
    const license = await findLicense(memory, activeWith(false));
    const keys: string[] = [];
    const client = proxyClient(memory, {
      setBillingState: (id, body, options) => {
        keys.push(options.idempotencyKey);
        return memory.setBillingState(id, body, options);
      },
    });
    const { el, dialog } = await openDialog<BillingStateDialogElement>(TAG, client, license);
    button(el, 'Submit')!.click();
    await until(() => button(el, 'OK') !== undefined, 2000, 'the first confirmation');
    button(el, 'OK')!.click();
    await until(() => !dialog.open, 2000, 'the dialog to close');
    el.open(await memory.getLicense(license.id));
    await until(() => dialog.open && button(el, 'Submit') !== undefined, 2000, 'the dialog to open again');
    expect(field(el, 'Disable auto-renew').checked, 'preselected from the new state').to.equal(true);
    button(el, 'Submit')!.click();
    await until(() => button(el, 'OK') !== undefined, 2000, 'the second confirmation');
    expect(status(el)).to.equal('Auto-renew is disabled for the license');
    expect(keys).to.have.length(2);
    expect(keys[1]).to.not.equal(keys[0]);
  });
});
