/**
 * Hostile data from the memory client, rendered by every element in every state: as text
 * only, running nothing, loading nothing from elsewhere, inside its boxes, and neutralised
 * in every CSV file.
 */
import { expect, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { License } from '../../src/api/contract/schemas.js';
import { loadPapaparse, neutraliseFormulae } from '../../src/csv/index.js';
import '../../src/elements/licenses-search/licenses-search.js';
import type { LicensesSearchElement } from '../../src/elements/licenses-search/licenses-search.component.js';
import type { LicenseKeysTableElement } from '../../src/elements/license-keys-table/license-keys-table.component.js';
import type { OrderTileElement } from '../../src/elements/order-tile/order-tile.component.js';
import type { LicenseDialog } from '../../src/elements/shared/dialog-controller.js';
import { fill, field } from './dialog-fixtures.js';
import { auditDom, auditLayout } from './dom-audit.js';
import { providedFixture, until } from './helpers.js';
import { HOSTILE_STRINGS, hostileClient } from '../../stories/support/hostile.js';
import { watchScripts, type ScriptWatch } from './script-watch.js';
import { catchDownloads } from './spies.js';

const ORDERS = HOSTILE_STRINGS.length;

async function mountSearch(): Promise<LicensesSearchElement> {
  const { el } = await providedFixture<LicensesSearchElement>(hostileClient(), html`<licenses-search page-size="200"></licenses-search>`);
  await until(() => tiles(el).length === ORDERS && tiles(el).every((t) => t.shadowRoot?.querySelector('[part="tile"]')), 5000, 'the tiles');
  return el;
}

function tiles(search: LicensesSearchElement): OrderTileElement[] {
  return Array.from(search.shadowRoot!.querySelectorAll('order-tile'));
}

/** Expands every tile (and shows its keys); resolves when the codes and the keys are there. */
async function expandAll(search: LicensesSearchElement, withKeys: boolean): Promise<LicenseKeysTableElement[]> {
  for (const tile of tiles(search)) {
    tile.open = true;
    await tile.updateComplete;
    if (withKeys) tile.shadowRoot!.querySelector<HTMLButtonElement>('[part="keys-toggle"]')!.click();
  }
  await until(() => tiles(search).every((t) => t.shadowRoot!.querySelectorAll('[part="codes-table"] tbody tr').length === 3), 5000, 'the codes');
  if (!withKeys) return [];
  const tables = tiles(search).map((t) => t.shadowRoot!.querySelector('license-keys-table')!);
  await until(() => tables.every((t) => t.shadowRoot?.querySelectorAll('tbody tr[part="row"]').length === 3), 5000, 'the keys');
  return tables;
}

/** The text of the `<dd>` beside the `<dt>` labelled `label`. */
function fact(section: Element, label: string): string | undefined {
  const dt = Array.from(section.querySelectorAll('dt')).find((d) => d.textContent!.trim() === label);
  return dt?.nextElementSibling?.textContent ?? undefined;
}

function expectNothingRan(watch: ScriptWatch): void {
  const audit = auditDom();
  expect(audit.injected, 'elements or handlers made from data').to.deep.equal([]);
  expect(audit.unsafeLinks, 'links that are not https').to.deep.equal([]);
  expect(watch.report()).to.deep.equal({ dialogs: [], pwned: false, errors: [], foreignRequests: [] });
}

function expectLayoutHolds(): void {
  const layout = auditLayout('licenses-search');
  expect(layout.pageWidth, 'page width').to.be.at.most(layout.viewportWidth + 1);
  expect(layout.outside, 'boxes out of place').to.deep.equal([]);
  expect(layout.spills, 'content spilling out of its box').to.deep.equal([]);
}

/** The cell a spreadsheet must read for `text`: formulas behind an apostrophe. */
const neutralised = neutraliseFormulae;

async function parseCsv(text: string): Promise<Record<string, string>[]> {
  const Papa = await loadPapaparse();
  return Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
}

describe('hostile data from the memory client', () => {
  let watch: ScriptWatch;
  beforeEach(() => {
    watch = watchScripts();
  });
  afterEach(async () => {
    watch.restore();
    await setViewport({ width: 800, height: 600 });
  });

  it('lists every hostile order with its product and order number as plain text, running nothing', async () => {
    const search = await mountSearch();
    const shown = tiles(search).map((t) => ({
      product: t.shadowRoot!.querySelector('[part="product"]')!.textContent,
      order: fact(t.shadowRoot!.querySelector('[part="facts"]')!, 'Order'),
    }));
    const expected = HOSTILE_STRINGS.map((text) => ({ product: text, order: text }));
    expect(shown.sort((a, b) => a.order!.localeCompare(b.order!))).to.deep.equal(expected.sort((a, b) => a.order.localeCompare(b.order)));
    expectNothingRan(watch);
  });

  it('shows the Orders section and the activation codes of expanded hostile tiles as plain text', async () => {
    const search = await mountSearch();
    await expandAll(search, false);
    for (const tile of tiles(search)) {
      const text = tile.order!.orderNumber;
      const orders = tile.shadowRoot!.querySelector('[part="orders"]')!;
      expect([fact(orders, 'User'), fact(orders, 'Order Number'), fact(orders, 'Product')]).to.deep.equal([text, text, text]);
      const codes = Array.from(tile.shadowRoot!.querySelectorAll('[part="codes-table"] code'), (c) => c.textContent);
      expect(codes).to.include(text);
    }
    expectNothingRan(watch);
  });

  it('shows hostile codes and distribution companies in the license keys rows as plain text', async () => {
    const search = await mountSearch();
    const tables = await expandAll(search, true);
    for (const table of tables) {
      const text = ((table.getRootNode() as ShadowRoot).host as OrderTileElement).order!.orderNumber;
      const rows = Array.from(table.shadowRoot!.querySelectorAll('tbody tr[part="row"]'));
      const codes = rows.map((r) => r.querySelector('.code')!.textContent);
      const companies = rows.map((r) => r.querySelectorAll('td')[4]!.textContent!.trim());
      expect(codes).to.include(text);
      expect(companies.filter((c) => c === text.trim()).length).to.equal(3);
    }
    expectNothingRan(watch);
  });

  it('opens the activation link, activate and billing state dialogs of every hostile license without running anything', async () => {
    const search = await mountSearch();
    const tables = await expandAll(search, true);
    const opened: LicenseDialog[] = [];
    for (const table of tables) {
      const licenses = (await hostileClient().listLicenses(table.orderId!, {})).items;
      for (const [tag, license] of dialogsFor(licenses)) {
        const dialog = table.shadowRoot!.querySelector<LicenseDialog>(tag)!;
        dialog.open(license);
        await dialog.updateComplete;
        expect(dialog.shadowRoot!.querySelector('[part="code"] .mono')!.textContent).to.equal(license.activationCode);
        opened.push(dialog);
      }
    }
    await until(() => opened.every((d) => d.shadowRoot!.querySelector('dialog')?.open === true), 3000, 'the dialogs');
    expectNothingRan(watch);
    expectLayoutHolds();
  });

  it('suggests hostile customers in the activate dialog as plain text', async () => {
    const search = await mountSearch();
    const [table] = await expandAll(search, true);
    const licenses = (await hostileClient().listLicenses(table!.orderId!, {})).items;
    const dialog = table!.shadowRoot!.querySelector<LicenseDialog>('activate-dialog')!;
    dialog.open(licenses.find((l) => l.status === 'available')!);
    await until(() => dialog.shadowRoot!.querySelector('dialog')?.open === true, 2000, 'the dialog');
    fill(field(dialog, 'Email'), '.example');
    const options = () => Array.from(dialog.shadowRoot!.querySelectorAll('[role="option"]'));
    await until(() => options().length === 8, 3000, 'the suggestions');
    const emails = options().map((o) => o.querySelector('span')!.textContent!);
    expect(emails.every((email) => HOSTILE_STRINGS.some((text) => email.startsWith(text)))).to.equal(true);
    expectNothingRan(watch);
    expectLayoutHolds();
  });

  it('keeps hostile tiles within the search and the page within its width, on a desktop and on a phone', async () => {
    for (const width of [1280, 390]) {
      await setViewport({ width, height: 800 });
      const search = await mountSearch();
      await expandAll(search, true);
      expectLayoutHolds();
      search.closest('licenses-provider')!.remove();
    }
    expectNothingRan(watch);
  });

  it('keeps the bidi controls of hostile text from reordering the words around it', async () => {
    const search = await mountSearch();
    await expandAll(search, true);
    expect(auditDom().bidiLeaks).to.deep.equal([]);
  });

  it('says where a resent confirmation went, showing a hostile address as text', async () => {
    const search = await mountSearch();
    const tile = tiles(search)[0]!;
    tile.open = true;
    await tile.updateComplete;
    tile.shadowRoot!.querySelector<HTMLButtonElement>('[part="resend"]')!.click();
    const status = () => tile.shadowRoot!.querySelector('.note[role="status"]')!.textContent!;
    await until(() => status().includes('sent'), 2000, 'the confirmation');
    expect(status()).to.contain('<svg onload=');
    expectNothingRan(watch);
  });

  it('neutralises formulas in the orders, activation codes and license keys CSV files', async () => {
    const search = await mountSearch();
    const [table] = await expandAll(search, true);
    const downloads = catchDownloads();
    try {
      search.shadowRoot!.querySelector<HTMLButtonElement>('[part="export-button"]')!.click();
      const orders = await parseCsv((await downloads.next()).text);
      expect(orders.map((r) => r['Order Number']).sort()).to.deep.equal(HOSTILE_STRINGS.map(neutralised).sort());
      for (const row of orders) {
        expect([row['Product'], row['User'], row['Distribution Company']]).to.deep.equal(Array(3).fill(row['Order Number']));
      }
      const tile = (table!.getRootNode() as ShadowRoot).host as OrderTileElement;
      const text = tile.order!.orderNumber;
      tile.shadowRoot!.querySelector<HTMLButtonElement>('[part="download-codes"]')!.click();
      const codes = await parseCsv((await downloads.next()).text);
      expect(codes.map((r) => r['Activation Code'])).to.include(neutralised(text));
      void table!.exportCsv();
      const keys = await parseCsv((await downloads.next()).text);
      expect(keys.map((r) => r['Distribution Company'])).to.deep.equal(Array(3).fill(neutralised(text)));
      expect(keys.map((r) => r['Customer Organization'])).to.include(neutralised(text));
    } finally {
      downloads.restore();
    }
    expectNothingRan(watch);
  });
});

/** Each dialog with a license it can show: the link for any, Activate for an available one, billing for an active one. */
function dialogsFor(licenses: License[]): [string, License][] {
  return [
    ['activation-link-dialog', licenses[0]!],
    ['activate-dialog', licenses.find((l) => l.status === 'available')!],
    ['billing-state-dialog', licenses.find((l) => l.status === 'active')!],
  ];
}
