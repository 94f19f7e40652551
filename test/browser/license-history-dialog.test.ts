import { expect, html, oneEvent } from '@open-wc/testing';
import type { LicensesApi } from '../../src/api/client.js';
import '../../src/elements/license-history-dialog/license-history-dialog.js';
import type { LicenseHistoryDialogElement } from '../../src/elements/license-history-dialog/license-history-dialog.component.js';
import type { License } from '../../src/api/contract/schemas.js';
import { failingClient, proxyClient } from '../../stories/support/clients.js';
import { DialogHarness } from '../../stories/support/harness.js';
import { busyWorld, withBillingChanges } from '../../stories/support/history.js';
import { openFor, text } from './dialog-fixtures.js';
import { runDialogSuite } from './dialog-suite.js';
import { clean, providedFixture, until } from './helpers.js';

const TAG = 'license-history-dialog';
const isActive = (l: License) => l.status === 'active';

runDialogSuite(TAG, {
  open: () => openFor<LicenseHistoryDialogElement>(TAG, isActive),
  heading: 'License history',
  closeButton: 'Close',
});

/** The dialog inside a provider for `client` (in `timeZone`), opened for `license`. */
async function openHistory(client: LicensesApi, license: License, settings: { timeZone?: string; locale?: string } = {}) {
  const { el } = await providedFixture<LicenseHistoryDialogElement>(client, html`<license-history-dialog></license-history-dialog>`, settings);
  el.open(license);
  const dialog = new DialogHarness(el);
  await until(() => dialog.dialog?.open === true, 2000, 'the dialog to open');
  return { el, dialog };
}

const entryRows = (el: Element) =>
  Array.from(el.shadowRoot!.querySelectorAll('tbody tr'), (tr) => Array.from(tr.children, (td) => clean(td.textContent)));

describe('<license-history-dialog>', () => {
  it('shows all 1,100 billing changes of a license across pages, oldest first', async () => {
    const busy = busyWorld();
    const license = await withBillingChanges(busy, 1_100);
    const client = proxyClient(busy.client);
    const { el, dialog } = await openHistory(client, license);
    await until(() => entryRows(el).length === 100, 4000, 'the first page');
    expect(dialog.text('.bar .muted')).to.equal('100 entries so far');
    let presses = 0;
    while (dialog.button('Load more') !== undefined || dialog.button('Loading more…') !== undefined) {
      await dialog.click('Load more');
      presses += 1;
      await until(() => entryRows(el).length === Math.min(1_102, 100 * (presses + 1)), 4000, `page ${presses + 1}`);
      await el.updateComplete;
    }
    const entries = entryRows(el);
    expect(presses).to.equal(11);
    // The purchase and the activation, then every change, each once, in order.
    expect(entries).to.have.length(1_102);
    expect(entries[0]![2]).to.equal('Purchased');
    expect(entries[1]![2]).to.equal('Activated');
    const details = entries.slice(2).map((e) => e[3]);
    expect(details).to.deep.equal(Array.from({ length: 1_100 }, (_, i) => `Change ${i + 1}: auto-renew ${i % 2 === 0 ? 'enabled' : 'disabled'}`));
    expect(dialog.status()).to.equal('All 1,102 entries');
    const calls = client.calls.filter((c) => c.method === 'getLicenseHistory');
    expect(calls).to.have.length(12);
    expect(calls.every((c) => (c.args[1] as { limit: number }).limit === 100)).to.equal(true);
    expect((calls[0]!.args[1] as { cursor?: string }).cursor).to.equal(undefined);
    expect(calls.slice(1).every((c) => typeof (c.args[1] as { cursor?: string }).cursor === 'string')).to.equal(true);
  });

  it("says who did what and when, in the provider's time zone", async () => {
    const busy = busyWorld();
    const license = await withBillingChanges(busy, 10);
    const { el } = await openHistory(busy.client, license, { timeZone: 'Europe/Berlin' });
    await until(() => entryRows(el).length === 12, 4000, 'the entries');
    const headers = Array.from(el.shadowRoot!.querySelectorAll('thead th'), (th) => clean(th.textContent));
    expect(headers).to.deep.equal(['When', 'Who', 'What', 'Details']);
    const [when, who, what, detail] = entryRows(el)[2]!;
    // 08:00 UTC is 09:00 in Berlin in February.
    expect(when).to.equal('Feb 1, 2026, 9:00 AM');
    expect(who).to.equal('Dana Weber (Reseller)');
    expect(what).to.equal('Billing state changed');
    expect(detail).to.equal('Change 1: auto-renew enabled');
    expect(entryRows(el)[11]![1]).to.equal('Renewals (System)');
    expect(el.shadowRoot!.querySelector('[part="entries"]')!.getAttribute('role')).to.equal('region');
    expect(text(el.shadowRoot!.querySelector('caption'))).to.equal('History of the license');
    await expect(el).to.be.accessible();
  });

  it('speaks German when the provider says so', async () => {
    const busy = busyWorld();
    const license = await withBillingChanges(busy, 1);
    const { el, dialog } = await openHistory(busy.client, license, { locale: 'de', timeZone: 'UTC' });
    await until(() => entryRows(el).length === 3, 4000, 'the entries');
    expect(text(el.shadowRoot!.querySelector('h2'))).to.equal('Lizenzverlauf');
    expect(entryRows(el)[2]![2]).to.equal('Abrechnungsstatus geändert');
    expect(dialog.status()).to.equal('Alle 3 Einträge');
  });

  it('exports the whole history as CSV, every page of it', async () => {
    const busy = busyWorld();
    const license = await withBillingChanges(busy, 620);
    const { el } = await openHistory(busy.client, license);
    await until(() => entryRows(el).length === 100, 4000, 'the first page');
    const saved: { name: string; text: string }[] = [];
    const original = URL.createObjectURL;
    let blob: Blob | undefined;
    URL.createObjectURL = (obj: Blob | MediaSource) => {
      blob = obj as Blob;
      return 'blob:captured';
    };
    const stop = (e: Event) => {
      if (e.target instanceof HTMLAnchorElement && e.target.download) {
        saved.push({ name: e.target.download, text: '' });
        e.preventDefault();
      }
    };
    document.addEventListener('click', stop, true);
    try {
      const finished = oneEvent(el, 'export-finished');
      new DialogHarness(el).button('Export')!.click();
      const { detail } = await finished;
      expect(detail).to.deep.equal({ kind: 'license-history', fileName: 'BUSY-HIST-0001-AAAA-history.csv', rows: 622 });
    } finally {
      URL.createObjectURL = original;
      document.removeEventListener('click', stop, true);
    }
    const lines = (await blob!.text()).replace(/^\uFEFF/, '').split('\r\n').filter((l) => l !== '');
    expect(lines).to.have.length(623);
    expect(lines[0]).to.equal('When,Who,What,Details');
    expect(lines[3]).to.equal('2026-02-01T08:00:00Z,Dana Weber (Reseller),Billing state changed,Change 1: auto-renew enabled');
    expect(saved.map((s) => s.name)).to.deep.equal(['BUSY-HIST-0001-AAAA-history.csv']);
  });

  it('says the history could not be loaded, and loads it on Retry', async () => {
    const busy = busyWorld();
    const license = await withBillingChanges(busy, 3);
    const { el, dialog } = await openHistory(failingClient(busy.client, ['getLicenseHistory']), license);
    await until(() => dialog.alert() !== '', 4000, 'the failure');
    expect(dialog.alert()).to.include('The history could not be loaded.');
    await dialog.click('Retry');
    await until(() => entryRows(el).length === 5, 4000, 'the entries');
  });
});
