import assert from 'node:assert/strict';
import { test } from 'node:test';
import { licenseKeyColumns, orderColumns } from '../../../src/csv/columns.js';
import { loadLanguage } from '../../../src/locales/index.js';
import { license as aLicense, order as anOrder } from '../api/fixtures.js';

const order = anOrder({ purchasedAt: '2026-12-04T23:30:00Z', amount: { value: 123456, currency: 'EUR' } });

const license = aLicense({
  validFrom: '2026-12-04',
  validTo: '2027-12-03',
  status: 'active',
  autoRenew: true,
  customer: { id: 'cus_1', email: 'it@acme.example', organization: 'Acme' },
  activatedAt: '2026-12-05T08:15:00Z',
});

/** The row of one record as its file shows it, by header. */
function row<T>(columns: { header: string; value: (r: T) => unknown }[], record: T): Record<string, unknown> {
  return Object.fromEntries(columns.map((c) => [c.header, c.value(record)]));
}

test('an orders file shows the labels of the screen and local purchase times in the provider\'s time zone', () => {
  const shown = row(orderColumns('en', { timeZone: 'Europe/Berlin' }), order);
  assert.equal(shown['Date'], '2026-12-05 00:30');
  assert.equal(shown['Payment Type'], 'Credit card');
  assert.equal(shown['State'], 'Processed');
  assert.equal(shown['Amount'], '1234.56');
});

test('a German orders file writes amounts with a decimal comma and German labels', async () => {
  await loadLanguage('de-DE');
  const shown = row(orderColumns('de-DE', { timeZone: 'Europe/Berlin' }), order);
  assert.equal(shown['Betrag'], '1234,56');
  assert.equal(shown['Zahlungsart'], 'Kreditkarte');
  assert.equal(shown['Status'], 'Verarbeitet');
});

test('a license keys file shows the status label, local activation time and the reseller\'s validity days', () => {
  const shown = row(licenseKeyColumns('en', { timeZone: 'Europe/Berlin', purchasedAt: order.purchasedAt }), license);
  assert.equal(shown['Status'], 'Active');
  assert.equal(shown['Activated At'], '2026-12-05 09:15');
  assert.deepEqual([shown['From'], shown['To']], ['2026-12-05', '2027-12-04']);
});
