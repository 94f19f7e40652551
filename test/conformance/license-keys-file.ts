/**
 * `GET /orders/{orderId}/licenses.csv`: an order's license keys as the CSV file the kit's
 * export writes. The file must be, byte for byte, what the kit writes from the order's pages
 * of `GET /orders/{orderId}/licenses`, in the language and time zone asked for, hostile text
 * neutralised; its rows counted as it says; another reseller's order is not found, and a
 * language or time zone that is none is refused.
 */
import { describe, test as anyTest } from 'node:test';
import assert from 'node:assert/strict';
import type { CsvFile, LicensesApi } from '../../src/api/client.js';
import type { License, OrderSummary } from '../../src/api/contract/schemas.js';
import { licenseKeyColumns } from '../../src/csv/columns.js';
import { CsvFileCheck } from '../../src/csv/check-file.js';
import { CsvWriter, csvFormat } from '../../src/csv/write.js';
import { loadLanguage } from '../../src/locales/index.js';
import { expectProblem, key, newCustomer, type Fixture } from './support.js';
import type { FixtureGetter } from './suite.js';

/** The file's bytes as one text, its byte-order mark kept. */
async function textOf(file: CsvFile): Promise<string> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });
  let text = '';
  for await (const chunk of file.chunks) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

/** Every license of the order, page by page, as `GET /orders/{orderId}/licenses` answers. */
async function allLicenses(api: LicensesApi, orderId: string): Promise<License[]> {
  const licenses: License[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.listLicenses(orderId, { limit: 500, ...(cursor ? { cursor } : {}) });
    licenses.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return licenses;
}

/** What the kit's own export writes for the order's licenses in `locale` and `timeZone`. */
async function kitFile(api: LicensesApi, order: OrderSummary, locale: string, timeZone: string): Promise<{ text: string; rows: number }> {
  await loadLanguage(locale);
  const writer = CsvWriter.create(licenseKeyColumns(locale, { timeZone, purchasedAt: order.purchasedAt }), csvFormat(locale));
  writer.write(await allLicenses(api, order.id));
  return { text: writer.text(), rows: writer.rows };
}

function exportOf(api: LicensesApi) {
  assert.ok(api.exportLicenseKeys, 'the client has exportLicenseKeys');
  return api.exportLicenseKeys.bind(api);
}

export function defineLicenseKeysFileTests(fixture: FixtureGetter): void {
  const test = (name: string, check: (fx: Fixture) => Promise<void>) => anyTest(name, () => check(fixture()));

  describe("license keys as a CSV file (GET /orders/{orderId}/licenses.csv)", () => {
    test('is, byte for byte, what the kit writes from the pages, in each language and time zone, hostile text neutralised', async (fx) => {
      const license = await fx.availableLicense();
      const customer = { ...newCustomer('file'), organization: '=HYPERLINK("https://evil.example","Open") ;-1+2' };
      await fx.api.activateLicense(license.id, { customer }, { idempotencyKey: key() });
      const order = await fx.api.getOrder(license.orderId);
      const exportLicenseKeys = exportOf(fx.api);
      for (const [locale, timeZone] of [['en', 'UTC'], ['de', 'Europe/Berlin'], ['en', 'Pacific/Chatham']] as const) {
        const file = await exportLicenseKeys(order.id, { locale, timeZone });
        const text = await textOf(file);
        const expected = await kitFile(fx.api, order, locale, timeZone);
        assert.equal(text, expected.text, `${locale}, ${timeZone}`);
        assert.equal(file.total, expected.rows, 'the rows it says it has');
        const check = new CsvFileCheck(text.slice(0, text.indexOf('\r\n')), 11, csvFormat(locale).delimiter);
        check.push(new TextEncoder().encode(text));
        check.end();
        assert.equal(check.rows, order.quantity);
      }
      const english = await textOf(await exportLicenseKeys(order.id, {}));
      assert.ok(english.includes(`"'=HYPERLINK(""https://evil.example"",""Open"") ;'-1+2"`), 'the organization is neutralised and quoted');
      assert.equal(english, (await kitFile(fx.api, order, 'en', 'UTC')).text, 'English in UTC when neither is given');
    });

    test('holds every license of the largest order, as its pages do', async (fx) => {
      const largest = (await fx.orders()).reduce((a, b) => (b.quantity > a.quantity ? b : a));
      const order = await fx.api.getOrder(largest.id);
      const file = await exportOf(fx.api)(order.id, { locale: 'de', timeZone: 'America/Los_Angeles' });
      const expected = await kitFile(fx.api, order, 'de', 'America/Los_Angeles');
      assert.equal(await textOf(file), expected.text);
      assert.equal(expected.rows, order.quantity);
    });

    test('a download stopped early leaves the next one whole', async (fx) => {
      const largest = (await fx.orders()).reduce((a, b) => (b.quantity > a.quantity ? b : a));
      const exportLicenseKeys = exportOf(fx.api);
      for await (const chunk of (await exportLicenseKeys(largest.id, {})).chunks) {
        assert.ok(chunk.length > 0);
        break;
      }
      const order = await fx.api.getOrder(largest.id);
      assert.equal(await textOf(await exportLicenseKeys(order.id, {})), (await kitFile(fx.api, order, 'en', 'UTC')).text);
    });

    anyTest("another reseller's order is not found", async (t) => {
      const fx = fixture();
      if (!fx.needs(t, 'a second reseller')) return;
      const [theirs] = (await fx.otherApi.searchOrders({ limit: 1 })).items;
      assert.ok(theirs, 'the other reseller has an order');
      await expectProblem(exportOf(fx.api)(theirs.id, {}), 'not_found');
      await expectProblem(exportOf(fx.api)('no-such-order', {}), 'not_found');
    });

    test('refuses a language or a time zone that is none, naming each', async (fx) => {
      const [order] = await fx.orders();
      assert.ok(order);
      const refusals: [Record<string, string>, string][] = [
        [{ locale: '<script>' }, 'locale'],
        [{ locale: 'english please' }, 'locale'],
        [{ timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
        [{ timeZone: '../../etc/passwd' }, 'timeZone'],
      ];
      for (const [query, field] of refusals) {
        const problem = await expectProblem(exportOf(fx.api)(order.id, query), 'validation_failed');
        assert.ok(problem.errors.some((e) => e.path === field), `${JSON.stringify(query)} names ${field}: ${JSON.stringify(problem.errors)}`);
      }
    });
  });
}
