/**
 * Hostile data from the memory client, rendered by every element in every state: as text
 * only, running nothing, loading nothing from elsewhere, inside its boxes, and neutralised
 * in every CSV file.
 */
import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { License } from '../../src/api/contract/schemas.js';
import { loadPapaparse, neutraliseFormulae } from '../../src/csv/index.js';
import '../../src/elements/licenses-search/licenses-search.js';
import type { OrderTileElement } from '../../src/elements/order-tile/order-tile.component.js';
import { auditDom, auditLayout } from './dom-audit.js';
import { mountHarness, until } from './helpers.js';
import { licensesSearch } from '../../stories/licenses-search.stories.js';
import type { DialogHarness } from '../../stories/support/harness.js';
import type { LicenseKeysTableHarness } from '../../stories/support/license-keys-table.harness.js';
import { LicensesSearchHarness } from '../../stories/support/licenses-search.harness.js';
import { OrderTileHarness } from '../../stories/support/order-tile.harness.js';
import { HOSTILE_STRINGS, hostileClient } from '../../stories/support/hostile.js';
import { watchScripts, type ScriptWatch } from './script-watch.js';
import { catchDownloads } from './spies.js';

const ORDERS = HOSTILE_STRINGS.length;

async function mountSearch(): Promise<LicensesSearchHarness> {
  const search = await mountHarness(LicensesSearchHarness, hostileClient(), licensesSearch({ pageSize: 200 }));
  await until(() => search.orderTiles().length === ORDERS && search.orderTiles().every((t) => t.root?.querySelector('[part="tile"]')), 5000, 'the tiles');
  return search;
}

/** Expands every tile (and shows its keys); resolves when the codes and the keys are there. */
async function expandAll(search: LicensesSearchHarness, withKeys: boolean): Promise<LicenseKeysTableHarness[]> {
  for (const tile of search.orderTiles()) {
    tile.element.open = true;
    await tile.element.updateComplete;
    if (withKeys) tile.press('Show License Keys');
  }
  await until(() => search.orderTiles().every((t) => t.codeRows().length === 3), 5000, 'the codes');
  if (!withKeys) return [];
  // The keys table's module loads on the first Show License Keys.
  await until(() => search.orderTiles().every((t) => t.keys() !== null), 5000, 'the keys tables');
  const tables = search.orderTiles().map((t) => t.keys()!);
  await until(() => tables.every((t) => t.rows().length === 3), 5000, 'the keys');
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
    // The raw text, white space and all: the harness's readings collapse it.
    const shown = search.orderTiles().map((t) => ({
      product: t.root.querySelector('[part="product"]')!.textContent,
      order: fact(t.root.querySelector('[part="facts"]')!, 'Order'),
    }));
    const expected = HOSTILE_STRINGS.map((text) => ({ product: text, order: text }));
    expect(shown.sort((a, b) => a.order!.localeCompare(b.order!))).to.deep.equal(expected.sort((a, b) => a.order.localeCompare(b.order)));
    expectNothingRan(watch);
  });

  it('shows the Orders section and the activation codes of expanded hostile tiles as plain text', async () => {
    const search = await mountSearch();
    await expandAll(search, false);
    for (const tile of search.orderTiles()) {
      const text = tile.element.order!.orderNumber;
      const orders = tile.root.querySelector('[part="orders"]')!;
      expect([fact(orders, 'User'), fact(orders, 'Order Number'), fact(orders, 'Product')]).to.deep.equal([text, text, text]);
      const codes = tile.codeRows().map((r) => r.querySelector('code')!.textContent);
      expect(codes).to.include(text);
    }
    expectNothingRan(watch);
  });

  it('shows hostile codes and distribution companies in the license keys rows as plain text', async () => {
    const search = await mountSearch();
    const tables = await expandAll(search, true);
    for (const table of tables) {
      const text = ((table.element.getRootNode() as ShadowRoot).host as OrderTileElement).order!.orderNumber;
      const rows = table.rows();
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
    const opened: DialogHarness[] = [];
    for (const table of tables) {
      const licenses = (await hostileClient().listLicenses(table.element.orderId!, {})).items;
      for (const [tag, license] of dialogsFor(licenses)) {
        const dialog = table.dialogOf(tag);
        dialog.element.open(license);
        await dialog.element.updateComplete;
        expect(dialog.root.querySelector('[part="code"] .mono')!.textContent).to.equal(license.activationCode);
        opened.push(dialog);
      }
    }
    await until(() => opened.every((d) => d.isOpen), 3000, 'the dialogs');
    expectNothingRan(watch);
    expectLayoutHolds();
  });

  it('suggests hostile customers in the activate dialog as plain text', async () => {
    const search = await mountSearch();
    const [table] = await expandAll(search, true);
    const licenses = (await hostileClient().listLicenses(table!.element.orderId!, {})).items;
    const dialog = table!.dialogOf('activate-dialog');
    dialog.element.open(licenses.find((l) => l.status === 'available')!);
    await until(() => dialog.isOpen, 2000, 'the dialog');
    dialog.fill('Email', '.example');
    const options = () => dialog.suggestions();
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
      search.element.closest('licenses-provider')!.remove();
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
    const tile = search.orderTiles()[0]!;
    tile.element.open = true;
    await tile.element.updateComplete;
    tile.press('Resend Email');
    const status = () => tile.status();
    await until(() => status().includes('sent'), 2000, 'the confirmation');
    expect(status()).to.contain('<svg onload=');
    expectNothingRan(watch);
  });

  it('neutralises formulas in the orders, activation codes and license keys CSV files', async () => {
    const search = await mountSearch();
    const [table] = await expandAll(search, true);
    const downloads = catchDownloads();
    try {
      search.press('Export');
      const orders = await parseCsv((await downloads.next()).text);
      expect(orders.map((r) => r['Order Number']).sort()).to.deep.equal(HOSTILE_STRINGS.map(neutralised).sort());
      for (const row of orders) {
        expect([row['Product'], row['User'], row['Distribution Company']]).to.deep.equal(Array(3).fill(row['Order Number']));
      }
      const tile = new OrderTileHarness((table!.element.getRootNode() as ShadowRoot).host as OrderTileElement);
      const text = tile.element.order!.orderNumber;
      tile.press('Download Activation Code');
      const codes = await parseCsv((await downloads.next()).text);
      expect(codes.map((r) => r['Activation Code'])).to.include(neutralised(text));
      void table!.element.exportCsv();
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
