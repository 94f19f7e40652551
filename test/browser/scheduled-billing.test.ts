import { expect } from '@open-wc/testing';
import type { License } from '../../src/api/contract/schemas.js';
import '../../src/elements/billing-state-dialog/billing-state-dialog.js';
import type { BillingStateDialogElement } from '../../src/elements/billing-state-dialog/billing-state-dialog.component.js';
import '../../src/elements/license-keys-table/license-keys-table.js';
import type { LicenseKeysTableElement } from '../../src/elements/license-keys-table/license-keys-table.component.js';
import type { BillingStateChangedEvent, ScheduledChangeCancelledEvent } from '../../src/events/index.js';
import { addDays, formatIsoDate, todayIn } from '../../src/format/index.js';
import { proxyClient } from '../../stories/support/clients.js';
import { Harness } from '../../stories/support/harness.js';
import { fill } from '../../stories/support/play.js';
import { dialogWorld, findLicense, openDialog, openFor, text } from './dialog-fixtures.js';
import { providedFixture, until } from './helpers.js';
import { html } from 'lit';

const TAG = 'billing-state-dialog';
const tomorrow = () => addDays(todayIn(undefined), 1);
/** An active license whose renewal deadline is at least `days` days away. */
const schedulable = (days: number) => (l: License) => l.status === 'active' && l.renewalDeadline !== null && l.renewalDeadline >= addDays(todayIn(undefined), days);
const status = (el: Element) => text(el.shadowRoot!.querySelector('[part="status"]'));

describe('<billing-state-dialog> scheduling', () => {
  it('schedules the switch for a day up to the renewal deadline, and says when it takes effect', async () => {
    const { el, license, memory } = await openFor<BillingStateDialogElement>(TAG, schedulable(3));
    new Harness(el).field('On a date').click();
    await el.updateComplete;
    const date = new Harness(el).field('Date of the change');
    expect(date.min).to.equal(tomorrow());
    expect(date.max).to.equal(license.renewalDeadline);
    expect(date.value, 'the deadline is offered first').to.equal(license.renewalDeadline);
    fill(date, tomorrow());
    let fired: BillingStateChangedEvent | undefined;
    el.addEventListener('billing-state-changed', (e) => (fired = e));
    await el.updateComplete;
    new Harness(el).button('Submit')!.click();
    await until(() => el.shadowRoot!.querySelector('[part="ok-button"]') !== null, 2000, 'the confirmation');
    const on = formatIsoDate(tomorrow(), 'en');
    expect(status(el)).to.equal(`Auto-renew will be ${license.recurrent ? 'disabled' : 'enabled'} on ${on}`);
    expect(fired?.detail).to.include({ recurrent: !license.recurrent, effectiveOn: tomorrow() });
    const stored = await memory.getLicense(license.id);
    expect(stored.recurrent, 'nothing changes before the day').to.equal(license.recurrent);
    expect(stored.scheduledBillingChange).to.deep.equal({ recurrent: !license.recurrent, effectiveOn: tomorrow() });
  });

  it('refuses a day after the deadline before sending anything', async () => {
    const { el, license } = await openFor<BillingStateDialogElement>(TAG, schedulable(3), (c) => proxyClient(c));
    new Harness(el).field('On a date').click();
    await el.updateComplete;
    fill(new Harness(el).field('Date of the change'), addDays(license.renewalDeadline!, 1));
    await el.updateComplete;
    new Harness(el).button('Submit')!.click();
    await el.updateComplete;
    const date = new Harness(el).field('Date of the change');
    expect(date.getAttribute('aria-invalid')).to.equal('true');
    expect(text(el.shadowRoot!.querySelector('.field-error'))).to.equal(`Choose a day from tomorrow up to ${formatIsoDate(license.renewalDeadline!, 'en')}.`);
    expect(el.shadowRoot!.activeElement).to.equal(date);
    await expect(el).to.be.accessible();
  });

  it('shows a pending change and cancels it', async () => {
    const memory = dialogWorld();
    const found = await findLicense(memory, schedulable(3));
    const scheduled = await memory.setBillingState(found.id, { recurrent: !found.recurrent, effectiveOn: found.renewalDeadline! }, { idempotencyKey: 'schedule' });
    const { el } = await openDialog<BillingStateDialogElement>(TAG, memory, scheduled);
    const change = `Auto-renew ${scheduled.recurrent ? 'off' : 'on'}${scheduled.recurrent ? ' on' : ' from'} ${formatIsoDate(found.renewalDeadline!, 'en')}`;
    expect(text(el.shadowRoot!.querySelector('[part="pending"] p'))).to.equal(`Scheduled: ${change}.`);
    let fired: ScheduledChangeCancelledEvent | undefined;
    el.addEventListener('scheduled-change-cancelled', (e) => (fired = e));
    new Harness(el).button('Cancel scheduled change')!.click();
    await until(() => status(el) === 'The scheduled change was cancelled', 2000, 'the cancellation');
    expect(el.shadowRoot!.querySelector('[part="pending"]')).to.equal(null);
    expect(fired?.detail.license.scheduledBillingChange).to.equal(null);
    expect((await memory.getLicense(found.id)).scheduledBillingChange).to.equal(null);
  });

  it('offers only now when the deadline has passed', async () => {
    const { el } = await openFor<BillingStateDialogElement>(TAG, (l) => l.status === 'active' && l.renewalDeadline !== null && l.renewalDeadline < tomorrow());
    expect(text(el.shadowRoot!.querySelector('[part="schedule-note"]'))).to.equal(
      'A change on a later day is no longer possible: the deadline before the renewal has passed.',
    );
    expect(() => new Harness(el).field('On a date')).to.throw();
  });
});

describe('<license-keys-table> pending changes', () => {
  it('shows a pending change in Auto Renew, which opens the dialog that cancels it', async () => {
    const memory = dialogWorld();
    const found = await findLicense(memory, schedulable(3));
    await memory.setBillingState(found.id, { recurrent: false, effectiveOn: found.renewalDeadline! }, { idempotencyKey: 'off-later' });
    const { el } = await providedFixture<LicenseKeysTableElement>(memory, html`<license-keys-table order-id=${found.orderId}></license-keys-table>`);
    const pending = await until(() => el.shadowRoot!.querySelector('[part="pending-button"]') !== null, 3000, 'the pending change').then(
      () => el.shadowRoot!.querySelector<HTMLButtonElement>('[part="pending-button"]')!,
    );
    expect(text(pending)).to.equal(`Auto-renew off on ${formatIsoDate(found.renewalDeadline!, 'en')}`);
    pending.click();
    const dialog = el.shadowRoot!.querySelector('billing-state-dialog')!;
    await until(() => dialog.isOpen && new Harness(dialog).button('Cancel scheduled change') !== undefined, 3000, 'the dialog');
    new Harness(dialog).button('Cancel scheduled change')!.click();
    await until(() => el.shadowRoot!.querySelector('[part="pending-button"]') === null, 3000, 'the table to drop the pending change');
    const options = Array.from(el.shadowRoot!.querySelectorAll('#status option'), (o) => o.textContent!.trim());
    expect(options).to.include('Expired');
  });
});

describe('<license-keys-table> selection', () => {
  it('switches auto-renewal of the selected licenses, and resends the order\'s confirmation, as jobs', async () => {
    const memory = dialogWorld();
    const client = proxyClient(memory);
    const found = await findLicense(memory, (l) => l.status === 'active');
    const { el } = await providedFixture<LicenseKeysTableElement>(client, html`<license-keys-table order-id=${found.orderId}></license-keys-table>`);
    await until(() => el.shadowRoot!.querySelectorAll('[part="select-row"]').length > 0, 3000, 'the rows');
    const order = await memory.listLicenses(found.orderId, { limit: 500 });
    const active = order.items.filter((l) => l.status === 'active');
    el.shadowRoot!.querySelector<HTMLInputElement>('[part="select-all"]')!.click();
    await until(() => el.shadowRoot!.querySelector('[part="bulk-form"]') !== null, 3000, 'the bulk form');
    expect(text(el.shadowRoot!.querySelector('[part="selection"] [role="status"]'))).to.equal(`${order.items.length} selected`);
    new Harness(el).field('Auto-renew on').click();
    await el.updateComplete;
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="bulk-submit"]')!.click();
    await until(() => /done/.test(text(el.shadowRoot!.querySelector('[part="job-progress"] [role="status"]'))), 5000, 'the job');
    const request = client.calls.find((c) => c.method === 'createJob')!.args[0] as { kind: string; licenseIds: string[]; recurrent: boolean };
    expect(request).to.include({ kind: 'billing_change', recurrent: true });
    expect(request.licenseIds).to.have.members(order.items.map((l) => l.id));
    for (const license of active) expect((await memory.getLicense(license.id)).recurrent).to.equal(true);
    await expect(el).to.be.accessible();

    el.shadowRoot!.querySelector<HTMLInputElement>('[part="select-row"]')!.click();
    await until(() => el.shadowRoot!.querySelector('[part="resend-button"]') !== null, 3000, 'the resend button');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="resend-button"]')!.click();
    await until(() => client.calls.filter((c) => c.method === 'createJob').length === 2, 3000, 'the resend job');
    expect(client.calls.filter((c) => c.method === 'createJob')[1]!.args[0]).to.deep.equal({ kind: 'confirmation_email', orderIds: [found.orderId] });
  });
});
