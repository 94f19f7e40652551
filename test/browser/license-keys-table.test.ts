import { expect, html, oneEvent } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { CsvFile, LicensesApi } from '../../src/api/client.js';
import { announceLicenseChange, type LicensesContextValue } from '../../src/api/context.js';
import { ApiError } from '../../src/api/contract/errors.js';
import type { License } from '../../src/api/contract/schemas.js';
import '../../src/elements/license-keys-table/license-keys-table.js';
import type { LicenseKeysTableElement } from '../../src/elements/license-keys-table/license-keys-table.component.js';
import type { LicensesErrorEvent } from '../../src/events/index.js';
import { providedFixture, until } from './helpers.js';
import { proxyClient } from '../../stories/support/clients.js';
import type { DialogHarness } from '../../stories/support/harness.js';
import { LicenseKeysTableHarness } from '../../stories/support/license-keys-table.harness.js';
import { keysTable, tableWorld, type KeysTableProps, type TableWorld } from '../../stories/license-keys-table.stories.js';
import { HandmadeWorld } from '../../stories/support/handmade.js';

const LABELS = ['Activation Code', 'From', 'To', 'Auto Renew', 'Recurrent', 'Distribution Company', 'Status', 'Customer', 'Activated', 'Actions'];

// ---------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------
async function mount(client: LicensesApi, props: KeysTableProps, settings: { locale?: string; timeZone?: string } = {}) {
  const { el, provider } = await providedFixture<LicenseKeysTableElement>(client, keysTable(props), settings);
  return { el, provider, table: new LicenseKeysTableHarness(el) };
}

/** Mounts the table for an order and waits until every page is loaded. */
async function loaded(world: TableWorld, orderId = world.orderId, settings: { locale?: string } = {}) {
  const { el, table } = await mount(world.client, { orderId }, settings);
  await table.loaded();
  return { el, table };
}

/** A client whose `listLicenses` answers through `fake`, counting calls; everything else is the real one. */
function withListLicenses(client: LicensesApi, fake: (call: number, real: LicensesApi['listLicenses']) => LicensesApi['listLicenses']) {
  let calls = 0;
  const real = client.listLicenses.bind(client);
  const wrapped = proxyClient(client, { listLicenses: (...args) => fake(++calls, real)(...args) });
  return { client: wrapped, calls: () => calls };
}

const serverError = () => new ApiError({ status: 500, code: 'internal_error', detail: 'The server failed.' });

/** Runs `action` and returns the CSV file it downloads, without letting the browser save it. */
async function download(action: () => unknown): Promise<{ name: string; text: string }> {
  const original = URL.createObjectURL;
  let blob: Blob | undefined;
  let name = '';
  URL.createObjectURL = (obj: Blob | MediaSource) => {
    blob = obj as Blob;
    return 'blob:captured';
  };
  const stop = (e: Event) => {
    if (e.target instanceof HTMLAnchorElement && e.target.download) {
      name = e.target.download;
      e.preventDefault();
    }
  };
  document.addEventListener('click', stop, true);
  try {
    await action();
    await until(() => blob !== undefined, 8000, 'the download');
  } finally {
    URL.createObjectURL = original;
    document.removeEventListener('click', stop, true);
  }
  return { name, text: await blob!.text() };
}

/** The client without the server's files (`exportLicenseKeys`), as a backend before v1.1 or a reseller's own client. */
function withoutFiles(client: LicensesApi): LicensesApi {
  const inner = proxyClient(client);
  return new Proxy(inner, { get: (target, prop, receiver) => (prop === 'exportLicenseKeys' ? undefined : Reflect.get(target, prop, receiver)) });
}

/** A CSV file as a server would send it, in two chunks. */
function served(text: string, total: number | null): CsvFile {
  const bytes = new TextEncoder().encode(text);
  async function* chunks() {
    yield bytes.slice(0, 7);
    yield bytes.slice(7);
  }
  return { total, chunks: chunks() };
}

const csvLines = (text: string) => text.replace(/^\uFEFF/, '').split('\r\n').filter((l) => l !== '');

// ---------------------------------------------------------------------------------------
describe('<license-keys-table>', () => {
  describe('columns and values', () => {
    it('shows the columns of the portal', async () => {
      const { table } = await loaded(tableWorld());
      const headers = table.headers();
      expect(headers).to.deep.equal(LABELS);
      expect(table.rows()).to.have.length(4);
    });

    it('shows Auto Renew Yes only for an activated license with recurrence', async () => {
      const world = tableWorld();
      const { table } = await loaded(world);
      expect(table.cells(table.row(world.codes.activeRecurrent)).slice(3, 5)).to.deep.equal(['Yes', 'Yes']);
      expect(table.cells(table.row(world.codes.available)).slice(3, 5)).to.deep.equal(['No', 'Yes']);
    });

    it('shows Auto Renew No for an activated license without recurrence', async () => {
      const world = tableWorld();
      const { table } = await loaded(world);
      expect(table.cells(table.row(world.codes.activeOnce)).slice(3, 5)).to.deep.equal(['No', 'No']);
    });

    it('shows the validity dates and leaves an empty distribution company blank', async () => {
      const world = tableWorld();
      const { table } = await loaded(world);
      expect(table.cells(table.row(world.codes.activeRecurrent)).slice(1, 3)).to.deep.equal(['Mar 1, 2026', 'May 31, 2027']);
      expect(table.cells(table.row(world.codes.activeRecurrent))[5]).to.equal('Northwind Distribution');
      const blank = table.row(world.codes.available).children[5]!;
      expect(blank.textContent!.trim()).to.equal('');
      expect(blank.textContent).not.to.match(/null|undefined|—/);
    });

    it('speaks German when the provider says so', async () => {
      const world = tableWorld();
      const { table } = await loaded(world, world.orderId, { locale: 'de' });
      const headers = table.headers();
      expect(headers).to.deep.equal(['Aktivierungscode', 'Von', 'Bis', 'Automatische Verlängerung', 'Wiederkehrend', 'Vertriebsunternehmen', 'Status', 'Kunde', 'Aktiviert', 'Aktionen']);
      expect(table.cells(table.row(world.codes.activeRecurrent))[3]).to.equal('Ja');
    });

    it('reads Auto Renew and Recurrent as Ja or Nein in German, not Wahr or Falsch', async () => {
      const world = tableWorld();
      const { table } = await loaded(world, world.orderId, { locale: 'de-DE' });
      expect(table.cells(table.row(world.codes.activeRecurrent)).slice(3, 5)).to.deep.equal(['Ja', 'Ja']);
      expect(table.cells(table.row(world.codes.available)).slice(3, 5)).to.deep.equal(['Nein', 'Ja']);
    });

    it('shows a license bought just after midnight in Berlin as valid from the local purchase date', async () => {
      const world = new HandmadeWorld();
      const purchasedAt = new Date('2026-12-04T23:30:00Z');
      const orderId = world.addOrder({ productName: 'Office Suite', purchasedAt, licenses: [{ activationCode: 'BERL-IN00-0001-AAAA', recurrent: true, validTo: '2027-12-03' }] });
      const { table } = await mount(world.client(), { orderId, purchasedAt: purchasedAt.toISOString() }, { locale: 'de-DE', timeZone: 'Europe/Berlin' });
      await until(() => table.rows().length === 1, 4000, 'the license');
      const purchaseDate = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeZone: 'Europe/Berlin' }).format(purchasedAt);
      expect(purchaseDate).to.equal('05.12.2026');
      expect(table.cells(table.rows()[0]!).slice(1, 3)).to.deep.equal([purchaseDate, '04.12.2027']);
    });

    it('shows hostile data as text, on one line of the fixed row height', async () => {
      const world = tableWorld();
      const orderId = world.addOrder(1);
      const hostile = `<img src=x onerror="window.hacked=1">\u202E${'A'.repeat(10_000)}`;
      world.world.store.addLicenses([{
        id: 'lic_hostile', orderId, resellerId: world.world.resellerId, activationCode: hostile,
        activationLink: 'https://activate.example.com/a/hostile', validFrom: '2026-01-01', validTo: '2027-01-01',
        recurrent: false, customerId: null, activatedAt: null, distributionCompany: `<b>${'W'.repeat(10_000)}</b>`,
      }]);
      const { el, table } = await loaded(world, orderId);
      expect(table.root.querySelector('img, b')).to.equal(null);
      const [normal, bad] = table.rows();
      expect(table.cells(bad!)[0]).to.equal(hostile);
      expect(bad!.getBoundingClientRect().height).to.equal(normal!.getBoundingClientRect().height);
      expect(el.getBoundingClientRect().width).to.be.at.most(document.documentElement.clientWidth);
    });
  });

  describe('copy buttons', () => {
    it('puts the activation code and the activation link on the clipboard and says Copied', async () => {
      const world = tableWorld();
      const { table } = await loaded(world);
      const written: string[] = [];
      const clipboard = navigator.clipboard as Clipboard & { writeText: Clipboard['writeText'] };
      clipboard.writeText = async (text: string) => {
        written.push(text);
      };
      try {
        const row = table.row(world.codes.available);
        table.labelled(`Copy activation code ${world.codes.available}`, row).click();
        await until(() => table.announcement() === 'Copied', 2000, 'Copied');
        table.labelled(`Copy activation link of ${world.codes.available}`, row).click();
        await until(() => written.length === 2, 2000, 'the link');
        expect(written).to.deep.equal([world.codes.available, `https://activate.example.com/a/${world.codes.available}`]);
      } finally {
        delete (clipboard as Partial<Clipboard>).writeText;
      }
    });
  });

  describe('sorting and filtering', () => {
    it('sorts by a column when its header is clicked, then the other way round', async () => {
      const world = tableWorld();
      const { table } = await loaded(world);
      const { activeRecurrent, activeOnce, available, availableOnce } = world.codes;
      await table.sortBy('To');
      expect(table.sortOrder('To')).to.equal('ascending');
      expect(table.codes()).to.deep.equal([availableOnce, activeOnce, available, activeRecurrent]);
      await table.sortBy('To');
      expect(table.sortOrder('To')).to.equal('descending');
      expect(table.codes()).to.deep.equal([activeRecurrent, available, activeOnce, availableOnce]);
      await table.sortBy('Distribution Company');
      expect((table.sortOrder('To') !== null)).to.equal(false);
      expect(table.codes()).to.deep.equal([availableOnce, activeOnce, activeRecurrent, available]);
    });

    it('filters by status, and by code or customer email', async () => {
      const world = tableWorld();
      const { table } = await loaded(world);
      const options = table.statusOptions();
      expect(options).to.deep.equal(['All', 'Available', 'Active', 'Expired', 'Refunded']);
      await table.filterStatus('active');
      expect(table.codes()).to.deep.equal([world.codes.activeRecurrent, world.codes.activeOnce]);
      expect(table.summary()).to.equal('2 of 4 license keys');
      await table.filterStatus('available');
      expect(table.codes()).to.deep.equal([world.codes.available, world.codes.availableOnce]);
      await table.filterStatus('refunded');
      expect(table.rows()).to.have.length(0);
      expect(table.message()).to.equal('No license keys match the filter.');
      await table.filterStatus('all');
      await table.filter('ADA@customer');
      expect(table.codes()).to.deep.equal([world.codes.activeRecurrent, world.codes.activeOnce]);
      await table.filter('avai-labl');
      expect(table.codes()).to.deep.equal([world.codes.available]);
    });
  });

  describe('export', () => {
    it('exports every key of the order, whatever the filter shows', async () => {
      const world = tableWorld();
      const { el, table } = await loaded(world);
      await table.filterStatus('active');
      expect(table.rows()).to.have.length(2);
      const finished = oneEvent(el, 'export-finished');
      const file = await download(() => table.click('Export'));
      const { detail } = await finished;
      expect(detail).to.deep.equal({ kind: 'license-keys', fileName: 'ORD-2026-000777-license-keys.csv', rows: 4 });
      expect(file.name).to.equal('ORD-2026-000777-license-keys.csv');
      const lines = csvLines(file.text);
      expect(lines).to.have.length(5);
      expect(lines[0]).to.match(/^Activation Code,From,To,Auto Renew,Recurrent,Distribution Company,/);
      for (const code of Object.values(world.codes).filter((c) => c !== world.codes.refunded)) {
        expect(lines.some((l) => l.startsWith(`${code},`))).to.equal(true, code);
      }
    });

    it("saves the server's file, in the table's language and time zone, without waiting for the pages", async () => {
      const world = tableWorld();
      const orderId = world.addOrder(1_200);
      // The pages after the first never come: the file cannot be written from them.
      const client = proxyClient(world.client, (method, original) =>
        method === 'listLicenses'
          ? async (...args: unknown[]) => ((args[1] as { cursor?: string } | undefined)?.cursor !== undefined ? new Promise(() => undefined) : original(...args))
          : original,
      );
      const { el, table } = await mount(client, { orderId }, { locale: 'de', timeZone: 'America/New_York' });
      await until(() => table.rows().length > 0, 4000, 'the first page');
      const finished = oneEvent(el, 'export-finished');
      const file = await download(() => el.exportCsv());
      expect((await finished).detail.rows).to.equal(1_200);
      const lines = csvLines(file.text);
      expect(lines[0]).to.match(/^Aktivierungscode;Von;Bis;/);
      expect(new Set(lines.slice(1)).size).to.equal(1_200);
      const asked = client.calls.filter((c) => c.method === 'exportLicenseKeys');
      expect(asked.map((c) => c.args.slice(0, 2))).to.deep.equal([[orderId, { locale: 'de', timeZone: 'America/New_York' }]]);
      expect(table.summary()).to.equal('500 von 1.200 geladen');
    });

    it("writes the file itself from the pages when the server answers no file, or one that breaks the rules", async () => {
      const world = tableWorld();
      const header = '\uFEFFActivation Code,From,To,Auto Renew,Recurrent,Distribution Company,Status,Customer Email,Customer Organization,Activated At,Activation Code Link';
      const hostile = `${header}\r\n=cmd|' /C calc'!A0,2026-01-01,2027-01-01,false,false,,Available,,,,https://x.example`;
      const answers: (() => Promise<CsvFile>)[] = [
        () => Promise.reject(new ApiError({ status: 404, code: 'not_found', detail: 'No such route.' })),
        async () => served(hostile, 1),
        async () => served(`${header}\r\nA,B`, 1),
      ];
      for (const answer of answers) {
        const client = proxyClient(world.client, { exportLicenseKeys: answer });
        const { el } = await mount(client, { orderId: world.orderId });
        const file = await download(() => el.exportCsv());
        const lines = csvLines(file.text);
        expect(lines).to.have.length(5);
        expect(file.text).not.to.include('=cmd');
        expect(lines.slice(1).every((l) => l.split(',').length >= 11)).to.equal(true);
        expect(client.calls.some((c) => c.method === 'listLicenses')).to.equal(true);
      }
    });

    it('loads the pages still missing before it exports, from a client without files', async () => {
      const world = tableWorld();
      const orderId = world.addOrder(1_200);
      // The pages after the first wait until the export starts, whatever the machine's pace.
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const client = proxyClient(world.client, (method, original) =>
        method === 'listLicenses'
          ? async (...args: unknown[]) => {
              const query = args[1] as { cursor?: string } | undefined;
              if (query?.cursor !== undefined) await gate;
              return original(...args);
            }
          : original,
      );
      const { el, table } = await mount(withoutFiles(client), { orderId });
      await until(() => table.rows().length > 0, 4000, 'the first page');
      expect(table.summary()).to.equal('Loaded 500 of 1,200');
      release();
      const finished = oneEvent(el, 'export-finished');
      const file = await download(() => el.exportCsv());
      expect((await finished).detail.rows).to.equal(1_200);
      expect(new Set(csvLines(file.text).slice(1)).size).to.equal(1_200);
    });
  });

  describe('a large order', () => {
    it('renders only a window of the 5,000 keys, with the full row count and each row index', async () => {
      const world = tableWorld();
      const orderId = world.addOrder(5_000);
      const { table } = await loaded(world, orderId);
      expect(table.summary()).to.equal('5,000 license keys');
      expect(table.grid()!.getAttribute('aria-rowcount')).to.equal('5001');
      expect(table.root.querySelector('thead tr')!.getAttribute('aria-rowindex')).to.equal('1');
      expect(table.root.querySelectorAll('tr').length).to.be.at.most(100);
      expect(table.rows()[0]!.getAttribute('aria-rowindex')).to.equal('2');

      const rowHeight = table.rows()[0]!.getBoundingClientRect().height;
      table.scroller.scrollTop = 2_500 * rowHeight;
      await until(() => table.rows().some((r) => r.getAttribute('aria-rowindex') === '2502'), 2000, 'row 2502');
      expect(table.root.querySelectorAll('tr').length).to.be.at.most(100);
      const indexes = table.rows().map((r) => Number(r.getAttribute('aria-rowindex')));
      expect(indexes).to.deep.equal(indexes.map((_, i) => indexes[0]! + i));
      const row = table.rows().find((r) => r.getAttribute('aria-rowindex') === '2502')!;
      expect(table.cells(row)[0]).to.equal(world.world.codeOf(orderId, 2_500));
      const view = table.scroller.getBoundingClientRect();
      const at = row.getBoundingClientRect();
      expect(at.top).to.be.within(view.top, view.bottom - at.height);
    });

    it('paints the visible rows alone first, and adds the rows beyond the edge once that frame is out', async () => {
      const world = tableWorld();
      const orderId = world.addOrder(2_000);
      const { el } = await loaded(world, orderId);
      const licenses = (await world.client.listLicenses(orderId, { limit: 500 })).items;
      // Another table on the page, given its licenses at once, as a host that holds them does.
      const other = document.createElement('license-keys-table');
      other.licenses = [];
      el.after(other);
      await other.updateComplete;
      // Two frames: the empty table is laid out and measured (a ResizeObserver) in the first.
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      other.licenses = licenses;
      await other.updateComplete;
      const table = new LicenseKeysTableHarness(other);
      const rowHeight = table.rows()[0]!.getBoundingClientRect().height;
      const header = table.root.querySelector('thead')!.getBoundingClientRect().height;
      const visible = Math.ceil((table.scroller.clientHeight - header) / rowHeight) + 1;
      expect(table.rows().length, 'the first render').to.equal(visible);
      await until(() => table.rows().length > visible, 2000, 'the rows beyond the edge');
      expect(table.rows().length).to.equal(visible + 4);
      other.remove();
    });

    it('scrolls by page with Page Down and Page Up, and to the ends with End and Home', async () => {
      const world = tableWorld();
      const orderId = world.addOrder(5_000);
      const { table } = await loaded(world, orderId);
      table.scroller.focus();
      // A page is what shows below the sticky header, less one row that stays in view.
      const header = table.root.querySelector('thead > tr')!.getBoundingClientRect().height;
      const rowHeight = table.rows()[0]!.getBoundingClientRect().height;
      const page = table.scroller.clientHeight - header - rowHeight;
      expect(page).to.be.greaterThan(table.scroller.clientHeight / 2);
      // Where it stands, should a key not scroll it.
      const state = () => `scrollTop ${table.scroller.scrollTop}, page ${page}, focus on ${table.focused()?.className ?? 'nothing'}, document focused ${document.hasFocus()}`;
      // Within a pixel, as a browser may round each scroll position to a device pixel.
      const scrolledTo = (top: number, what: string) =>
        until(() => Math.abs(table.scroller.scrollTop - top) <= 1, 2000, what).catch((error: Error) => {
          throw new Error(`${error.message} (${state()})`);
        });
      expect(table.scroller.scrollTop).to.equal(0);
      await sendKeys({ press: 'PageDown' });
      await scrolledTo(page, 'Page Down');
      await sendKeys({ press: 'PageDown' });
      await scrolledTo(2 * page, 'second Page Down');
      await sendKeys({ press: 'PageUp' });
      await scrolledTo(page, 'Page Up');
      await sendKeys({ press: 'End' });
      await until(() => table.rows().some((r) => r.getAttribute('aria-rowindex') === '5001'), 2000, 'the last row');
      expect(table.cells(table.rows().at(-1)!)[0]).to.equal(world.world.codeOf(orderId, 4_999));
      await sendKeys({ press: 'Home' });
      await until(() => table.rows()[0]?.getAttribute('aria-rowindex') === '2', 2000, 'the first row');
      expect(table.scroller.scrollTop).to.equal(0);
      expect(table.focused()).to.equal(table.scroller);
    });

    it('reaches rows beyond the rendered window with Tab', async () => {
      const world = tableWorld();
      const orderId = world.addOrder(2_000);
      const { table } = await loaded(world, orderId);
      const rendered = table.rows().length;
      table.labelled(`Copy activation code ${world.world.codeOf(orderId, 0)}`, table.rows()[0]!).focus();
      // Four controls a row (the selection checkbox, two copy buttons, Actions): after this many
      // presses focus is on a row that was not rendered at first.
      for (let i = 0; i < 4 * (rendered + 2); i++) await sendKeys({ press: 'Tab' });
      const row = table.focused()?.closest('tr');
      expect(Number(row?.getAttribute('aria-rowindex'))).to.equal(rendered + 4);
      expect(table.cells(row!)[0]).to.equal(world.world.codeOf(orderId, rendered + 2));
    });

    it('keeps keyboard focus in the table when the focused row scrolls out of the window', async () => {
      const world = tableWorld();
      const orderId = world.addOrder(2_000);
      const { el, table } = await loaded(world, orderId);
      table.labelled(`Copy activation code ${world.world.codeOf(orderId, 0)}`, table.rows()[0]!).focus();
      table.scroller.scrollTop = 50_000;
      await until(() => table.rows()[0]!.getAttribute('aria-rowindex') !== '2', 2000, 'scrolled');
      await el.updateComplete;
      expect(table.focused()).to.equal(table.scroller);
    });

    it('shows the first page while the rest loads, with skeleton rows before it', async () => {
      const world = tableWorld({ latencyMs: 150 });
      const orderId = world.addOrder(1_200);
      const { table } = await mount(world.client, { orderId });
      expect(table.skeletonRows()).to.be.greaterThan(0);
      expect(table.grid()!.getAttribute('aria-busy')).to.equal('true');
      expect(table.summary()).to.equal('Loading…');
      await until(() => table.rows().length > 0, 4000, 'the first page');
      expect(table.summary()).to.equal('Loaded 500 of 1,200');
      expect(table.skeletonRows()).to.equal(0);
      await until(() => table.summary() === '1,200 license keys', 4000, 'every page');
      expect(table.grid()!.getAttribute('aria-busy')).to.equal('false');
      expect(table.grid()!.getAttribute('aria-rowcount')).to.equal('1201');
    });

    it('shows licenses given by the host without asking the API', async () => {
      const world = tableWorld();
      const orderId = world.addOrder(3_000);
      const all: License[] = [];
      for (let cursor: string | null = null, first = true; first || cursor !== null; first = false) {
        const page = await world.client.listLicenses(orderId, cursor === null ? { limit: 500 } : { limit: 500, cursor });
        all.push(...page.items);
        cursor = page.nextCursor;
      }
      const counted = withListLicenses(world.client, (_, real) => real);
      const { table } = await mount(counted.client, { licenses: all });
      await until(() => table.rows().length > 0, 2000, 'rows');
      expect(table.grid()!.getAttribute('aria-rowcount')).to.equal('3001');
      expect(counted.calls()).to.equal(0);
    });
  });

  describe('the Actions menu', () => {
    const press = async (key: string) => sendKeys({ press: key });

    /** Opens the Actions menu of the row of `code` from the keyboard. */
    async function openMenu(table: LicenseKeysTableHarness, code: string, key = 'Enter') {
      table.actionsButton(code).focus();
      await press(key);
      await until(() => table.menu() !== null && table.menuItems().includes(table.focused() as HTMLElement), 2000, 'the menu');
    }

    it('opens with the keyboard, moves with the arrows, and closes with Escape back on its button', async () => {
      const world = tableWorld();
      const { table } = await loaded(world);
      const button = table.actionsButton(world.codes.available);
      expect(button.getAttribute('aria-expanded')).to.equal('false');
      expect(button.getAttribute('aria-label')).to.equal(`Actions for ${world.codes.available}`);
      await openMenu(table, world.codes.available);
      expect(button.getAttribute('aria-expanded')).to.equal('true');
      expect(table.menu()!.getAttribute('aria-labelledby')).to.equal(button.id);
      expect(table.menuItems().map((i) => table.itemLabel(i))).to.deep.equal([
        'Activation Link',
        'Activate',
        'Change Billing State',
        'Transfer',
        'Deactivate',
        'History',
      ]);
      const at = () => table.itemLabel(table.focused());
      expect(at()).to.equal('Activation Link');
      const moves: [key: string, lands: string][] = [
        ['ArrowDown', 'Activate'],
        ['ArrowDown', 'Change Billing State'],
        ['End', 'History'],
        ['ArrowDown', 'Activation Link'],
        ['ArrowUp', 'History'],
        ['Home', 'Activation Link'],
        ['End', 'History'],
        ['a', 'Activation Link'],
        ['a', 'Activate'],
      ];
      for (const [key, lands] of moves) {
        await press(key);
        expect(at()).to.equal(lands, key);
      }
      await press('Escape');
      await until(() => table.menu() === null, 2000, 'closed');
      expect(table.focused()).to.equal(button);
      expect(button.getAttribute('aria-expanded')).to.equal('false');

      await openMenu(table, world.codes.available, 'ArrowUp');
      expect(at()).to.equal('History');
      await press('Tab');
      await until(() => table.menu() === null, 2000, 'closed by Tab');
      const next = table.rows()[table.rows().indexOf(table.row(world.codes.available)) + 1]!;
      // The next row's first control: its selection checkbox.
      expect(table.focused()).to.equal(table.labelled(`Select ${world.codes.availableOnce}`, next));
    });

    it('offers Activate and not Change Billing State for an available license, saying why', async () => {
      const world = tableWorld();
      const { table } = await loaded(world);
      await openMenu(table, world.codes.available);
      expect(table.menuItem('Activation Link')!.hasAttribute('aria-disabled')).to.equal(false);
      expect(table.menuItem('Activate')!.hasAttribute('aria-disabled')).to.equal(false);
      expect(table.itemReason(table.menuItem('Activate')!)).to.equal(null);
      const billing = table.menuItem('Change Billing State')!;
      expect(billing.getAttribute('aria-disabled')).to.equal('true');
      expect(table.itemReason(billing)).to.equal('Only activated licenses can change their billing state.');
      // A disabled item does nothing: the menu stays open and no dialog opens.
      await press('Home');
      await press('ArrowDown');
      await press('ArrowDown');
      expect(table.itemLabel(table.focused())).to.equal('Change Billing State');
      await press('Enter');
      expect(table.menu()).not.to.equal(null);
      expect(table.dialogOf('billing-state-dialog').isOpen).to.equal(false);
    });

    it('offers Change Billing State and not Activate for an active license, saying why', async () => {
      const world = tableWorld();
      const { table } = await loaded(world);
      await openMenu(table, world.codes.activeOnce);
      const activate = table.menuItem('Activate')!;
      expect(activate.getAttribute('aria-disabled')).to.equal('true');
      expect(table.itemReason(activate)).to.equal('The license is already active.');
      expect(table.menuItem('Change Billing State')!.hasAttribute('aria-disabled')).to.equal(false);
    });

    it('offers neither Activate nor Change Billing State for a refunded license', async () => {
      const world = tableWorld();
      const { table } = await loaded(world, world.refundedOrderId);
      await openMenu(table, world.codes.refunded);
      for (const label of ['Activate', 'Change Billing State']) {
        expect(table.menuItem(label)!.getAttribute('aria-disabled')).to.equal('true');
        expect(table.itemReason(table.menuItem(label)!)).to.equal('The order was refunded.');
      }
    });

    it('says a refunded license\'s activation link is void, with no link to copy', async () => {
      const world = tableWorld();
      const { el, table } = await loaded(world, world.refundedOrderId);
      const row = table.row(world.codes.refunded);
      const code = world.codes.refunded;
      expect(Array.from(row.querySelectorAll('[aria-label]'), (e) => e.getAttribute('aria-label')).some((l) => l?.startsWith('Copy activation link'))).to.equal(false);
      const voided = row.querySelector('[part="link-void"]')!;
      expect(voided.getAttribute('role')).to.equal('img');
      expect(voided.getAttribute('aria-label')).to.match(/^The order was refunded: the activation link of .+ is void\.$/);
      expect(voided.getAttribute('aria-label')).to.contain(code.slice(0, 4));
      await expect(el).to.be.accessible();
    });

    it('opens the activate dialog for Activate, and gives focus back to the button when it closes', async () => {
      const world = tableWorld();
      const { table } = await loaded(world);
      await openMenu(table, world.codes.available);
      table.menuItem('Activate')!.click();
      const dialog = await table.openedDialog('activate-dialog', 2000);
      expect(dialog.text('dialog')).to.include(world.codes.available);
      expect(table.menu()).to.equal(null);
      await press('Escape');
      await until(() => !dialog.isOpen, 2000, 'closed dialog');
      await until(() => table.focused() === table.actionsButton(world.codes.available), 2000, 'focus on the button');
    });

    it('opens the activation link and billing state dialogs for their items', async () => {
      const world = tableWorld();
      const { table } = await loaded(world);
      await openMenu(table, world.codes.activeRecurrent);
      table.menuItem('Activation Link')!.click();
      const link = await table.openedDialog('activation-link-dialog', 2000);
      expect(link.root.textContent).to.include(`https://activate.example.com/a/${world.codes.activeRecurrent}`);
      const closed = oneEvent(link.element, 'ld-after-close');
      link.element.close();
      await closed;
      expect(table.focused()).to.equal(table.actionsButton(world.codes.activeRecurrent));
      await openMenu(table, world.codes.activeRecurrent);
      table.menuItem('Change Billing State')!.click();
      const billing = await table.openedDialog('billing-state-dialog', 2000);
      billing.element.close();
    });

    it('closes when a click lands outside it', async () => {
      const world = tableWorld();
      const { table } = await loaded(world);
      await openMenu(table, world.codes.available);
      document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
      await until(() => table.menu() === null, 2000, 'closed');
    });
  });

  describe('changes made elsewhere', () => {
    it('replaces a changed license in its row, keeping the sort and the scroll position', async () => {
      const world = tableWorld();
      const orderId = world.addOrder(2_000);
      const { el, table } = await loaded(world, orderId);
      await table.sortBy('Activation Code');
      await table.sortBy('Activation Code');
      await table.filter('-');
      const rowHeight = table.rows()[0]!.getBoundingClientRect().height;
      table.scroller.scrollTop = 1_000 * rowHeight;
      await until(() => table.rows().some((r) => r.getAttribute('aria-rowindex') === '1002'), 2000, 'row 1002');
      const target = table.rows().find((r) => r.getAttribute('aria-rowindex') === '1002')!;
      const code = table.cells(target)[0]!;
      expect(table.cells(target).slice(3, 5)).to.deep.equal(['No', 'No']);
      const before = table.codes();
      const licenseId = (await world.client.listLicenses(orderId, { q: code })).items[0]!.id;
      await world.client.activateLicense(
        licenseId,
        { customer: { kind: 'existing', email: 'ada@customer.example' } },
        { idempotencyKey: 'k-activate' },
      );
      const active = await world.client.setBillingState(licenseId, { recurrent: true }, { idempotencyKey: 'k-recurrent' });
      expect(active.autoRenew).to.equal(true);
      announceLicenseChange((el as unknown as { api: { ctx: LicensesContextValue } }).api.ctx, active);
      await el.updateComplete;
      expect(table.codes()).to.deep.equal(before);
      const row = table.row(code);
      expect(row.getAttribute('aria-rowindex')).to.equal('1002');
      expect(table.cells(row).slice(3, 5)).to.deep.equal(['Yes', 'Yes']);
      await table.openMenu(code);
      expect(table.menuItem('Activate')!.getAttribute('aria-disabled')).to.equal('true');
    });
  });

  describe('failures', () => {
    it('says the keys could not be loaded, fires licenses-error, and loads them on Retry', async () => {
      const world = tableWorld();
      let failing = true;
      const flaky = withListLicenses(world.client, (_, real) => (failing ? () => Promise.reject(serverError()) : real));
      const errors: LicensesErrorEvent[] = [];
      const listen = (e: Event) => errors.push(e as LicensesErrorEvent);
      document.addEventListener('licenses-error', listen);
      try {
        const { table } = await mount(flaky.client, { orderId: world.orderId });
        await until(() => table.error() !== '', 3000, 'the error');
        expect(table.error()).to.include('The license keys could not be loaded.');
        expect(errors.map((e) => e.detail.code)).to.deep.equal(['internal_error']);
        failing = false;
        await table.click('Retry');
        await until(() => table.rows().length === 4, 3000, 'the rows');
        expect(table.error()).to.equal('');
      } finally {
        document.removeEventListener('licenses-error', listen);
      }
    });

    it('keeps the loaded rows when a later page fails, and goes on from there on Retry', async () => {
      const world = tableWorld();
      const orderId = world.addOrder(1_200);
      const flaky = withListLicenses(world.client, (call, real) => (call === 2 ? () => Promise.reject(serverError()) : real));
      const { el, table } = await mount(withoutFiles(flaky.client), { orderId });
      await until(() => table.error() !== '', 3000, 'the error');
      expect(table.error()).to.include('Loading stopped after 500 of 1,200 license keys.');
      expect(table.grid()!.getAttribute('aria-rowcount')).to.equal('501');
      await table.click('Retry');
      await until(() => table.summary() === '1,200 license keys', 3000, 'every page');
      expect(flaky.calls()).to.equal(4);
      const file = await download(() => el.exportCsv());
      expect(new Set(csvLines(file.text).slice(1)).size).to.equal(1_200);
    });

    it('says so when the order has no license keys', async () => {
      const world = tableWorld();
      const { table } = await loaded(world, world.addOrder(0));
      expect(table.message()).to.equal('No license keys');
      expect(table.summary()).to.equal('0 license keys');
    });
  });

  describe('status, customer and activation', () => {
    it("shows each license's status, its customer's organization and email, and when it was activated", async () => {
      const world = tableWorld();
      const { table } = await loaded(world);
      const active = table.cells(table.row(world.codes.activeRecurrent));
      expect(active[6]).to.equal('Active');
      expect(active[7]!.replace(/\s+/g, ' ')).to.match(/^Customer \d+ Ltd ada@customer\.example$/);
      expect(active[8]).to.match(/^[A-Z][a-z]{2} \d{1,2}, 20\d\d, \d{1,2}:\d\d [AP]M$/);
      const available = table.cells(table.row(world.codes.available));
      expect(available.slice(6)).to.deep.equal(['Available', '', '', '']);
      expect(table.labelled('Correct customer ada@customer.example', table.row(world.codes.activeRecurrent)).tagName).to.equal('BUTTON');
    });

    it("shows only the columns the host chooses, in the table's own order", async () => {
      const world = tableWorld();
      const { el, table } = await mount(world.client, { orderId: world.orderId, columns: 'status, customer,to' });
      await until(() => table.rows().length === 4, 4000, 'the rows');
      const headers = table.headers();
      expect(headers).to.deep.equal(['Activation Code', 'To', 'Status', 'Customer', 'Actions']);
      expect(table.cells(table.row(world.codes.available)).slice(0, 3)).to.deep.equal([world.codes.available, 'Feb 28, 2027', 'Available']);
      el.columns = null;
      await el.updateComplete;
      expect(table.headers()).to.have.length(LABELS.length);
    });

    it("finds licenses by their customer's organization or email, and sorts by status and customer", async () => {
      const world = tableWorld();
      const { table } = await loaded(world);
      const organization = table.row(world.codes.activeOnce).querySelector('.organization')!.textContent!.trim();
      await table.filter(organization.toUpperCase());
      expect(table.codes()).to.deep.equal([world.codes.activeRecurrent, world.codes.activeOnce]);
      await table.filter('');
      await table.sortBy('Status');
      expect(table.codes().slice(0, 2)).to.deep.equal([world.codes.activeRecurrent, world.codes.activeOnce]);
      await table.sortBy('Customer');
      expect(table.codes().slice(2)).to.deep.equal([world.codes.available, world.codes.availableOnce]);
    });
  });

  describe('acting on a license from its row', () => {
    /** Chooses `action` in the menu of the row of `code`; answers the dialog it opened, named `name`. */
    async function act(table: LicenseKeysTableHarness, code: string, action: string, tag: string, name: string): Promise<DialogHarness> {
      await table.choose(code, action);
      const dialog = await table.openedDialog(tag);
      expect(dialog.name()).to.equal(name);
      return dialog;
    }

    it('drops a key activated under the Available filter from the rows and the count at once', async () => {
      const world = tableWorld();
      const { table } = await loaded(world);
      await table.filterStatus('available');
      expect(table.codes()).to.deep.equal([world.codes.available, world.codes.availableOnce]);
      expect(table.summary()).to.equal('2 of 4 license keys');
      const dialog = await act(table, world.codes.available, 'Activate', 'activate-dialog', 'Activate license');
      dialog.fill('Email', 'ada@customer.example');
      await dialog.click('Activate');
      await until(() => dialog.button('OK') !== undefined, 4000, 'the activation');
      await until(() => table.summary() === '1 of 4 license keys', 2000, 'the count');
      expect(table.codes()).to.deep.equal([world.codes.availableOnce]);
      await table.filterStatus('active');
      expect(table.codes()).to.include(world.codes.available);
      expect(table.cells(table.row(world.codes.available))[6]).to.equal('Active');
    });

    it('deactivates an active license after a confirmation: available again, and its customer emailed', async () => {
      const world = tableWorld();
      const { el, table } = await loaded(world);
      const deactivated = oneEvent(el, 'license-deactivated');
      const dialog = await act(table, world.codes.activeOnce, 'Deactivate', 'deactivate-dialog', 'Deactivate license');
      expect(dialog.text('form p')).to.include('ada@customer.example no longer holds it');
      const mailsBefore = world.world.store.outbox.length;
      await dialog.click('Deactivate');
      await until(() => dialog.button('OK') !== undefined, 4000, 'the deactivation');
      expect(dialog.status()).to.equal('License deactivated: it is available again. We emailed ada@customer.example.');
      const { detail } = await deactivated;
      expect(detail.license.status).to.equal('available');
      expect(detail.previous?.email).to.equal('ada@customer.example');
      const mails = world.world.store.outbox.slice(mailsBefore);
      expect(mails.map((m) => m.to)).to.deep.equal(['ada@customer.example']);
      await until(() => table.cells(table.row(world.codes.activeOnce))[6] === 'Available', 2000, 'the row');
      expect(table.cells(table.row(world.codes.activeOnce)).slice(7, 9)).to.deep.equal(['', '']);
    });

    it('transfers an active license to a new customer, who shows in its row', async () => {
      const world = tableWorld();
      const { el, table } = await loaded(world);
      const dialog = await act(table, world.codes.activeRecurrent, 'Transfer', 'transfer-dialog', 'Transfer license');
      expect(dialog.text('form > p')).to.equal('Held now by ada@customer.example.');
      await dialog.fillNewCustomer({ Organization: 'Fabrikam GmbH', Email: 'grace@fabrikam.example' });
      const transferred = oneEvent(el, 'license-transferred');
      await dialog.click('Transfer');
      await until(() => dialog.button('OK') !== undefined, 4000, 'the transfer');
      expect(dialog.status()).to.equal('License transferred. We emailed the activation details to grace@fabrikam.example.');
      expect((await transferred).detail.previous?.email).to.equal('ada@customer.example');
      await until(() => table.cells(table.row(world.codes.activeRecurrent))[7]!.includes('grace@fabrikam.example'), 2000, 'the row');
      expect(table.cells(table.row(world.codes.activeRecurrent))[7]).to.include('Fabrikam GmbH');
      expect(table.cells(table.row(world.codes.activeRecurrent))[6]).to.equal('Active');
    });

    it('offers Transfer and Deactivate only for an active license, saying why not', async () => {
      const world = tableWorld();
      const { el, table } = await loaded(world);
      await table.openMenu(world.codes.available);
      for (const label of ['Transfer', 'Deactivate']) {
        const item = table.menuItem(label)!;
        expect(item.getAttribute('aria-disabled'), label).to.equal('true');
        expect(item.querySelector('.menu-reason')!.textContent!.trim()).to.equal('Only activated licenses can change their billing state.');
      }
      expect(table.menuItem('History')!.hasAttribute('aria-disabled')).to.equal(false);
      // A refused item does nothing: the menu stays open and no dialog opens.
      table.menuItem('Deactivate')!.click();
      await el.updateComplete;
      expect(table.menuItem('Deactivate'), 'the menu stays open').not.to.equal(undefined);
      expect(table.dialogOf('deactivate-dialog').isOpen).to.equal(false);
    });

    it('opens the history of a license from its row', async () => {
      const world = tableWorld();
      const { table } = await loaded(world);
      const dialog = await act(table, world.codes.activeRecurrent, 'History', 'license-history-dialog', 'License history');
      await dialog.find('tbody tr');
      expect(dialog.text('tbody tr td:nth-child(3)')).to.equal('Purchased');
    });

    it("corrects a customer's email on every row the customer holds, and names a taken email on the email field", async () => {
      const world = tableWorld();
      // Another customer of the reseller, whose email the correction must not take.
      const other = (await world.client.listLicenses(world.orderId, { q: world.codes.availableOnce })).items[0]!;
      await world.client.activateLicense(
        other.id,
        { customer: { kind: 'new', organization: 'Contoso', firstName: 'Bo', lastName: 'Li', email: 'bo@contoso.example', country: 'DE' } },
        { idempotencyKey: 'k-other' },
      );
      const { el, table } = await loaded(world);
      table.labelled('Correct customer ada@customer.example', table.row(world.codes.activeOnce)).click();
      const dialog = await table.openedDialog('customer-dialog');
      expect(dialog.name()).to.equal('Correct customer');
      await until(() => dialog.field('First name').value === 'Alex', 2000, 'the names');
      expect(dialog.field('Email').value).to.equal('ada@customer.example');
      dialog.fill('Email', 'bo@contoso.example');
      await dialog.click('Save');
      await until(() => dialog.field('Email').getAttribute('aria-invalid') === 'true', 4000, 'the clash');
      expect(dialog.errorOf('Email')).to.equal('Another customer is already registered with this email.');
      expect(dialog.alert()).to.include('The customer was not changed.');
      expect(table.cells(table.row(world.codes.activeOnce))[7]).to.include('ada@customer.example');
      dialog.fill('Email', 'ada.lovelace@customer.example');
      const updated = oneEvent(el, 'customer-updated');
      await dialog.click('Save');
      await until(() => dialog.button('OK') !== undefined, 4000, 'the correction');
      expect((await updated).detail.customer.email).to.equal('ada.lovelace@customer.example');
      await until(() => table.cells(table.row(world.codes.activeRecurrent))[7]!.includes('ada.lovelace@customer.example'), 2000, 'every row of the customer');
      expect(table.cells(table.row(world.codes.activeOnce))[7]).to.include('ada.lovelace@customer.example');
      expect(table.cells(table.row(world.codes.availableOnce))[7]).to.include('bo@contoso.example');
    });
  });

  describe('layout', () => {
    afterEach(() => setViewport({ width: 800, height: 600 }));

    it('lays each license out as a card at 390 px, with nothing scrolling sideways', async () => {
      await setViewport({ width: 390, height: 800 });
      const world = tableWorld();
      const { el, table } = await loaded(world);
      expect(el.getBoundingClientRect().width).to.be.at.most(390);
      expect(document.documentElement.scrollWidth).to.be.at.most(390);
      expect(table.scroller.scrollWidth, 'no sideways scrolling').to.be.at.most(table.scroller.clientWidth);
      // Still a table to a screen reader: a row per license, its code the row header, each cell named by its column.
      expect(table.grid()!.getAttribute('role')).to.equal('table');
      const row = table.row(world.codes.activeRecurrent);
      expect(row.getAttribute('role')).to.equal('row');
      expect(row.querySelector('[role="rowheader"]')!.textContent!.trim()).to.equal(world.codes.activeRecurrent);
      const labels = Array.from(row.querySelectorAll('[role="cell"]'), (c) => c.getAttribute('data-label'));
      expect(labels).to.deep.equal(LABELS.slice(1));
      // Every piece of the card is inside it, the code with room beside its two copy buttons.
      const card = row.getBoundingClientRect();
      expect(card.width).to.be.at.most(table.scroller.clientWidth);
      for (const cell of Array.from(row.children)) {
        const box = cell.getBoundingClientRect();
        expect(box.left, cell.getAttribute('data-label') ?? 'code').to.be.at.least(card.left - 0.5);
        expect(box.right, cell.getAttribute('data-label') ?? 'code').to.be.at.most(card.right + 0.5);
        expect(box.bottom, cell.getAttribute('data-label') ?? 'code').to.be.at.most(card.bottom + 0.5);
      }
      const code = row.querySelector<HTMLElement>('.code')!;
      expect(code.scrollWidth, 'the whole code shows').to.be.at.most(code.clientWidth);
      const copy = table.labelled(`Copy activation link of ${world.codes.activeRecurrent}`, row).getBoundingClientRect();
      const actions = table.labelled(`Actions for ${world.codes.activeRecurrent}`, row).getBoundingClientRect();
      expect(copy.right).to.be.at.most(actions.left);
      const cardsHeight = table.rows().map((r) => r.getBoundingClientRect().height);
      expect(new Set(cardsHeight).size, 'cards of one height').to.equal(1);
    });

    it('is a table again wider than 600 px', async () => {
      await setViewport({ width: 1200, height: 800 });
      const world = tableWorld();
      const { table } = await loaded(world);
      expect(getComputedStyle(table.row(world.codes.available)).display).to.equal('table-row');
      expect(getComputedStyle(table.root.querySelector('thead')!).display).to.equal('table-header-group');
    });
  });

  describe('accessibility', () => {
    it('passes axe with its rows loaded', async () => {
      const { el, table } = await loaded(tableWorld());
      await expect(el).to.be.accessible();
    });

    it('passes axe with a large order scrolled to its middle', async () => {
      const world = tableWorld();
      const { el, table } = await loaded(world, world.addOrder(2_000));
      table.scroller.scrollTop = 30_000;
      await until(() => table.rows()[0]!.getAttribute('aria-rowindex') !== '2', 2000, 'scrolled');
      await expect(el).to.be.accessible();
    });

    it('passes axe when empty', async () => {
      const world = tableWorld();
      const { el, table } = await loaded(world, world.addOrder(0));
      await expect(el).to.be.accessible();
    });

    it('passes axe while loading', async () => {
      const world = tableWorld({ latencyMs: 1000 });
      const { el, table } = await mount(world.client, { orderId: world.orderId });
      expect(table.skeletonRows()).to.be.greaterThan(0);
      await expect(el).to.be.accessible();
    });

    it('passes axe when loading failed', async () => {
      const world = tableWorld();
      const broken = withListLicenses(world.client, () => () => Promise.reject(serverError()));
      const { el, table } = await mount(broken.client, { orderId: world.orderId });
      await until(() => table.error() !== '', 3000, 'the error');
      await expect(el).to.be.accessible();
    });

    it('passes axe with the Actions menu open', async () => {
      const world = tableWorld();
      const { el, table } = await loaded(world);
      await table.openMenu(world.codes.available);
      await expect(el).to.be.accessible();
    });
  });
});
