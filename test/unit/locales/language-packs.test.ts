import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { common } from '../../../src/locales/common.js';
import de from '../../../src/locales/de.js';
import { dialogs } from '../../../src/locales/dialogs.js';
import { exportMessages } from '../../../src/locales/exports.js';
import { type Catalog, loadLanguage, translator } from '../../../src/locales/index.js';
import { licenseKeysTableMessages } from '../../../src/locales/license-keys-table.js';
import { orderTileMessages } from '../../../src/locales/order-tile.js';
import { searchMessages } from '../../../src/locales/search.js';
import { buyLicensesMessages } from '../../../src/locales/buy-licenses.js';
import { cancelOrderMessages } from '../../../src/locales/cancel-order.js';

const CATALOGS: Catalog<string>[] = [
  common,
  dialogs,
  exportMessages,
  licenseKeysTableMessages,
  orderTileMessages,
  searchMessages,
  buyLicensesMessages,
  cancelOrderMessages,
];
/** A catalog that is defined only after the German pack came (an element that loads lazily). */
const lateCatalog = () => import('../../../src/locales/license-activation.js');

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('language packs', () => {
  it('leave English alone: nothing to load, and German falls back to English until its pack is in', () => {
    assert.equal(loadLanguage('en'), null);
    assert.equal(loadLanguage('fr-FR'), null, 'an unsupported language is shown in English');
    assert.equal(translator(common, 'de-DE')('retry'), 'Retry');
  });

  it('load German once, into every catalog', async () => {
    const first = loadLanguage('de-DE');
    assert.ok(first instanceof Promise);
    assert.equal(loadLanguage('de-AT'), first, 'one load per language, whatever the region');
    await first;
    assert.equal(loadLanguage('de'), null);
    assert.equal(translator(common, 'de-DE')('retry'), 'Erneut versuchen');
    for (const catalog of CATALOGS) assert.equal(catalog.de, de[catalog.name as keyof typeof de], catalog.name);
    const { licenseActivationMessages } = await lateCatalog();
    assert.equal(licenseActivationMessages.de, de.licenseActivation, 'a catalog defined after the pack loaded');
  });

  it('covers the late catalog in German with the same keys', async () => {
    const { licenseActivationMessages } = await lateCatalog();
    assert.deepEqual(Object.keys(de.licenseActivation).sort(), Object.keys(licenseActivationMessages.en).sort());
  });

  it('has a German pack that covers every English key with the same placeholders', () => {
    assert.deepEqual(Object.keys(de).sort(), [...CATALOGS.map((c) => c.name), 'licenseActivation'].sort());
    for (const catalog of CATALOGS) {
      const german = de[catalog.name as keyof typeof de] as Record<string, string>;
      assert.deepEqual(Object.keys(german).sort(), Object.keys(catalog.en).sort(), catalog.name);
      for (const [key, english] of Object.entries(catalog.en)) {
        assert.ok(german[key]!.trim() !== '', `${catalog.name}.${key} is empty`);
        assert.deepEqual(placeholders(german[key]!), placeholders(english), `${catalog.name}.${key}`);
      }
    }
  });
});
