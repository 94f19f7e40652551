import { expect, oneEvent } from '@open-wc/testing';
import type { LicensesApi } from '../../src/api/client.js';
import type { FoundLicense } from '../../src/api/contract/schemas.js';
import { createMemoryClient } from '../../src/api/memory/memory-client.js';
import '../../src/elements/licenses-renewals/licenses-renewals.js';
import type { LicensesRenewalsElement } from '../../src/elements/licenses-renewals/licenses-renewals.component.js';
import type { ExportFinishedEvent, JobFinishedEvent } from '../../src/events/index.js';
import { addDays, formatMoney, todayIn } from '../../src/format/index.js';
import { renewalsLoaded, renewalsTemplate } from '../../stories/licenses-renewals.stories.js';
import { failingClient, proxyClient } from '../../stories/support/clients.js';
import { find } from '../../stories/support/play.js';
import { BulkHarness } from '../../stories/support/harness.js';
import { clean, providedFixture, until } from './helpers.js';

const world = () => createMemoryClient({ orders: 40, bigOrderLicenses: 0 });

async function mount(client: LicensesApi, attrs: Parameters<typeof renewalsTemplate>[0] = {}, locale = 'en'): Promise<BulkHarness<LicensesRenewalsElement>> {
  const { provider } = await providedFixture<HTMLElement>(client, renewalsTemplate(attrs), { locale });
  return (await renewalsLoaded(provider)) as BulkHarness<LicensesRenewalsElement>;
}

/** Every license of a query, all pages. */
async function all(client: LicensesApi, query: Parameters<LicensesApi['searchLicenses']>[0]): Promise<FoundLicense[]> {
  const out: FoundLicense[] = [];
  let cursor: string | null = null;
  do {
    const page = await client.searchLicenses({ ...query, limit: 500, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return out;
}

const rows = (r: BulkHarness) => Array.from(r.root.querySelectorAll<HTMLTableRowElement>('[part="row"]'));

describe('<licenses-renewals>', () => {
  it('splits the next 90 days into will renew and will lapse, with what the renewals will charge', async () => {
    const client = world();
    const today = todayIn('UTC');
    const window = { expiringFrom: today, expiringTo: addDays(today, 90) };
    const renew = await all(client, { ...window, autoRenew: true });
    const lapse = await all(client, { ...window, autoRenew: false, status: 'active' });
    expect(renew.length).to.be.greaterThan(0);
    expect(lapse.length).to.be.greaterThan(0);
    const catalog = new Map((await client.getCatalog()).items.map((p) => [p.id, p.unitPrice.value]));
    let amount = 0;
    for (const license of renew) amount += catalog.get((await client.getOrder(license.orderId)).product.id) ?? 0;

    const renewals = await mount(client, { days: 90 });
    const groups = Array.from(renewals.root.querySelectorAll('[part="totals"] .group'), (g) => clean(g.textContent));
    expect(groups[0]).to.equal(`Will renew ${renew.length} licenses Renewals will charge ${formatMoney({ value: amount, currency: 'EUR' }, 'en')}`);
    expect(groups[1]).to.equal(`Will lapse ${lapse.length} licenses`);
    // The lapsing licenses are listed first, by end of term, with their product and deadline.
    const first = rows(renewals)[0]!;
    const expected = lapse[0]!;
    expect(clean(first.cells[1]!.textContent)).to.equal(expected.activationCode);
    expect(clean(first.cells[2]!.textContent)).to.equal((await client.getOrder(expected.orderId)).product.name);
    expect(clean(first.cells[5]!.textContent)).to.match(/\((\d+ days? left|passed)\)$/);
    await expect(renewals.element).to.be.accessible();
  });

  it('asks for its first page in three requests: the rows (each naming its product) first, the renewals counted by product, the catalog', async () => {
    const client = proxyClient(world());
    const renewals = await mount(client, { days: 90 });
    const today = todayIn('UTC');
    const window = { expiringFrom: today, expiringTo: addDays(today, 90) };
    expect(client.calls.map((c) => c.method)).to.deep.equal(['searchLicenses', 'countLicenses', 'getCatalog']);
    expect(client.calls[0]!.args[0]).to.deep.equal({ ...window, autoRenew: false, status: 'active', sort: 'validTo:asc', limit: 50 });
    expect(client.calls[1]!.args[0]).to.deep.equal({ ...window, autoRenew: true });
    for (const row of rows(renewals)) expect(clean(row.cells[2]!.textContent)).to.not.equal('');
  });

  it('shows both counts while the prices of what the renewals will charge are still on their way', async () => {
    const memory = world();
    const client = proxyClient(memory, (method, original) => (method === 'getCatalog' ? () => new Promise<never>(() => undefined) : original));
    const { provider } = await providedFixture<HTMLElement>(client, renewalsTemplate({ days: 90 }));
    const renewals = new BulkHarness(await find(provider, 'licenses-renewals'));
    const counts = () => Array.from(renewals.root.querySelectorAll('[part="totals"] strong'), (s) => clean(s.textContent));
    await until(() => counts().length === 2 && counts().every((c) => c !== '…'), 5_000, 'both counts');
    await renewals.find('[part="table"][aria-busy="false"] [part="row"]', 5_000);
    const today = todayIn('UTC');
    const window = { expiringFrom: today, expiringTo: addDays(today, 90) };
    const renew = (await memory.searchLicenses({ ...window, autoRenew: true, limit: 1 })).total;
    const lapse = (await memory.searchLicenses({ ...window, autoRenew: false, status: 'active', limit: 1 })).total;
    expect(counts()).to.deep.equal([`${renew} licenses`, `${lapse} licenses`]);
    expect(clean(renewals.root.querySelector('[part="totals"] .group p')?.textContent)).to.equal('');
    expect(renewals.root.querySelector('[part="totals"]')!.getAttribute('aria-busy')).to.equal('true');
  });

  it('keeps both counts and the charge while the renewing licenses are shown, asking only for the lapsing count', async () => {
    const client = proxyClient(world());
    const renewals = await mount(client, { days: 90 });
    const totals = () => clean(renewals.root.querySelector('[part="totals"]')?.textContent);
    const before = totals();
    const calls = client.calls.length;
    renewals.root.querySelectorAll<HTMLButtonElement>('[part="group-button"]')[0]!.click();
    await until(() => clean(renewals.root.querySelector('caption')?.textContent).endsWith('Will renew'), 3000, 'the renewing group');
    await renewals.find('[part="table"][aria-busy="false"] [part="row"]', 5_000);
    await until(() => renewals.root.querySelector('[part="totals"]')?.getAttribute('aria-busy') === 'false', 5_000, 'the totals');
    expect(totals()).to.equal(before);
    const asked = client.calls.slice(calls);
    expect(asked.map((c) => c.method)).to.deep.equal(['searchLicenses', 'countLicenses']);
    expect(asked[0]!.args[0]).to.include({ autoRenew: true, limit: 50 });
    expect(asked[1]!.args[0]).to.include({ autoRenew: false, status: 'active' });
  });

  it('says when the totals could not be loaded, and Retry shows them', async () => {
    const client = failingClient(world(), ['countLicenses']);
    const { provider } = await providedFixture<HTMLElement>(client, renewalsTemplate({ days: 90 }));
    const renewals = new BulkHarness(await find(provider, 'licenses-renewals'));
    const error = await renewals.find('[part="error"]', 5_000);
    expect(clean(error.textContent)).to.contain('The totals could not be loaded.');
    await renewals.find('[part="table"][aria-busy="false"] [part="row"]', 5_000);
    error.querySelector<HTMLButtonElement>('button')!.click();
    await until(() => /Renewals will charge/.test(clean(renewals.root.querySelector('[part="totals"]')?.textContent)), 5_000, 'the charge');
    expect(renewals.root.querySelector('[part="error"]')).to.equal(null);
  });

  it('switches auto-renewal off on a date for the selected rows, as one job', async () => {
    const memory = world();
    const client = proxyClient(memory);
    const renewals = await mount(client, { days: 90 });
    renewals.root.querySelectorAll<HTMLButtonElement>('[part="group-button"]')[0]!.click();
    await until(() => clean(renewals.root.querySelector('caption')?.textContent).endsWith('Will renew'), 3000, 'the renewing group');
    await renewals.find('[part="table"][aria-busy="false"] [part="row"]', 5_000);
    const picked = rows(renewals).filter((r) => !/passed/.test(r.cells[5]!.textContent ?? '')).slice(0, 2);
    for (const row of picked) row.querySelector<HTMLInputElement>('[part="select-row"]')!.click();
    await renewals.element.updateComplete;
    expect(renewals.text('[part="selection"] [role="status"]')).to.equal('2 selected');
    renewals.field('On a date').click();
    await renewals.element.updateComplete;
    const date = renewals.field('Date of the change');
    const finished = oneEvent(renewals.element, 'job-finished') as Promise<JobFinishedEvent>;
    (await renewals.find<HTMLButtonElement>('[part="bulk-submit"]')).click();
    const { detail } = await finished;
    expect(detail.job).to.include({ kind: 'billing_change', total: 2, succeeded: 2 });
    const request = client.calls.find((c) => c.method === 'createJob')!.args[0] as { recurrent: boolean; effectiveOn: string; licenseIds: string[] };
    expect(request.recurrent).to.equal(false);
    expect(request.effectiveOn).to.equal(date.value);
    const codes = picked.map((r) => clean(r.cells[1]!.textContent));
    for (const id of request.licenseIds) {
      const license = await memory.getLicense(id);
      expect(codes).to.include(license.activationCode);
      expect(license.scheduledBillingChange).to.deep.equal({ recurrent: false, effectiveOn: date.value });
    }
  });

  it('selects all that match, across pages, for one billing change job', async () => {
    // The order of 200 licenses holds more renewing licenses than one page.
    const memory = createMemoryClient({ orders: 40, bigOrderLicenses: 200 });
    const client = proxyClient(memory);
    const window = { from: todayIn('UTC'), to: addDays(todayIn('UTC'), 365) };
    const total = (await memory.searchLicenses({ expiringFrom: window.from, expiringTo: window.to, autoRenew: true, limit: 1 })).total;
    expect(total).to.be.greaterThan(50);
    const renewals = await mount(client, window);
    renewals.root.querySelectorAll<HTMLButtonElement>('[part="group-button"]')[0]!.click();
    await until(() => clean(renewals.root.querySelector('caption')?.textContent).endsWith('Will renew'), 3000, 'the renewing group');
    await renewals.find('[part="table"][aria-busy="false"] [part="row"]', 5_000);
    expect(rows(renewals)).to.have.length(50);
    renewals.root.querySelector<HTMLInputElement>('[part="select-page"]')!.click();
    (await renewals.find<HTMLButtonElement>('[part="select-all-button"]')).click();
    await renewals.element.updateComplete;
    expect(renewals.text('[part="selection"] [role="status"]')).to.equal(`${total} selected`);
    const finished = oneEvent(renewals.element, 'job-finished') as Promise<JobFinishedEvent>;
    (await renewals.find<HTMLButtonElement>('[part="bulk-submit"]')).click();
    const { detail } = await finished;
    expect(detail.job).to.include({ kind: 'billing_change', total, succeeded: total });
    const request = client.calls.find((c) => c.method === 'createJob')!.args[0] as { recurrent: boolean; licenseIds: string[] };
    expect(request.recurrent).to.equal(false);
    expect(new Set(request.licenseIds).size).to.equal(total);
  });

  it('resends the confirmations of the selected licenses\' orders, each order once', async () => {
    const client = proxyClient(world());
    const renewals = await mount(client, { days: 90 });
    renewals.root.querySelector<HTMLInputElement>('[part="select-page"]')!.click();
    const finished = oneEvent(renewals.element, 'job-finished') as Promise<JobFinishedEvent>;
    (await renewals.find<HTMLButtonElement>('[part="resend-button"]')).click();
    await finished;
    const request = client.calls.find((c) => c.method === 'createJob')!.args[0] as { kind: string; orderIds: string[] };
    expect(request.kind).to.equal('confirmation_email');
    expect(new Set(request.orderIds).size).to.equal(request.orderIds.length);
  });

  it('exports the whole window, both groups, as CSV, each license with its product and its price', async () => {
    const client = world();
    const renewals = await mount(client, { days: 60 });
    const groups = Array.from(renewals.root.querySelectorAll('[part="totals"] strong'), (s) => Number(clean(s.textContent).split(' ')[0]));
    const saved = oneEvent(renewals.element, 'export-finished') as Promise<ExportFinishedEvent>;
    // The file is read as it is handed to the browser, which is not let to save it.
    const original = URL.createObjectURL;
    let file: Blob | undefined;
    URL.createObjectURL = (obj: Blob | MediaSource) => ((file = obj as Blob), 'blob:captured');
    try {
      renewals.root.querySelector<HTMLButtonElement>('[part="export-button"]')!.click();
      const { detail } = await saved;
      expect(detail).to.include({ kind: 'renewals', rows: groups[0]! + groups[1]! });
    } finally {
      URL.createObjectURL = original;
    }
    const [header, first] = (await file!.text()).replace(/^\uFEFF/, '').split('\r\n');
    expect(header!.startsWith('Group,Product,Activation code,')).to.equal(true);
    const today = todayIn('UTC');
    const [renewing] = (await client.searchLicenses({ expiringFrom: today, expiringTo: addDays(today, 60), autoRenew: true, limit: 1 })).items;
    const { product } = await client.getOrder(renewing!.orderId);
    const price = (await client.getCatalog()).items.find((p) => p.id === product.id)!.unitPrice;
    expect(first!.startsWith(`Will renew,${product.name},${renewing!.activationCode},`)).to.equal(true);
    expect(first!.endsWith(`,"${formatMoney(price, 'en')}"`) || first!.endsWith(`,${formatMoney(price, 'en')}`)).to.equal(true, first);
  });

  it('on a phone, the table scrolls sideways in its region and its caption reads whole from the start, in both languages', async () => {
    for (const locale of ['en', 'de-DE']) {
      const renewals = await mount(world(), { days: 30 }, locale);
      renewals.element.style.display = 'block';
      renewals.element.style.width = '360px';
      await renewals.element.updateComplete;
      const scroller = renewals.root.querySelector<HTMLElement>('.scroller')!;
      const caption = renewals.root.querySelector('caption')!.getBoundingClientRect();
      const region = scroller.getBoundingClientRect();
      expect(scroller.scrollWidth).to.be.greaterThan(scroller.clientWidth, 'the table is wider than the region');
      expect(caption.left).to.be.at.least(region.left, locale);
      expect(caption.right).to.be.at.most(region.right, `${locale}: the caption ends within the region`);
      renewals.element.closest('licenses-provider')!.remove();
    }
  });

  it('speaks German', async () => {
    const renewals = await mount(world(), { days: 30 }, 'de-DE');
    expect(renewals.text('h2')).to.equal('Verlängerungen');
    expect(renewals.text('[part="totals"] .group button')).to.equal('Wird verlängert');
  });
});
