import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exportMessages } from '../../../src/locales/exports.js';
import { loadLanguage, pluralKey, translator } from '../../../src/locales/index.js';

test('says "Saved 1 order" and "Saved 1 activation code", choosing the plural by the locale\'s rules', async () => {
  const saved = (locale: string, kind: 'orders' | 'activation-codes' | 'license-keys', rows: number) =>
    translator(exportMessages, locale)(pluralKey(`${kind}.finished`, rows, locale), { rows, fileName: 'x.csv' });
  assert.equal(saved('en', 'orders', 1), 'Saved 1 order as x.csv.');
  assert.equal(saved('en', 'orders', 2), 'Saved 2 orders as x.csv.');
  assert.equal(saved('en', 'activation-codes', 1), 'Saved 1 activation code as x.csv.');
  assert.equal(saved('en', 'license-keys', 1), 'Saved 1 license key as x.csv.');
  assert.equal(saved('en', 'orders', 0), 'Saved 0 orders as x.csv.');
  await loadLanguage('de-DE');
  assert.equal(saved('de-DE', 'orders', 1), '1 Bestellung als x.csv gespeichert.');
  assert.equal(saved('de-DE', 'activation-codes', 3), '3 Aktivierungscodes als x.csv gespeichert.');
});
