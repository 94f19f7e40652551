/**
 * A CMS runs what an editor pastes through DOMPurify: by default it strips the kit's
 * elements; with the kit's allow-list they survive with their attributes, and scripts,
 * event handlers and `javascript:` URLs are still removed.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';
import { domPurifyAllowList, elementTags } from '../../../src/integrations/sanitizer.js';

const { window } = new JSDOM('<!doctype html><html><body></body></html>');
const purify = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);

const page = `
  <licenses-provider api-base="/api/v1" locale="de" time-zone="Europe/Berlin" onclick="alert(1)">
    <licenses-search sync-url page-size="10"></licenses-search>
    <order-tile order-id="ord_1" open onmouseover="alert(2)"></order-tile>
    <script>alert(3)</script>
  </licenses-provider>
  <a href="javascript:alert(4)">link</a>`;

function parse(html: string): Document {
  return new window.DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
}

describe('pasting the kit into a page that DOMPurify cleans', () => {
  test('loses the elements without the allow-list', () => {
    const clean = parse(purify.sanitize(page));
    assert.deepEqual(elementTags.filter((tag) => clean.querySelector(tag)), []);
  });

  test('keeps the provider and search with their attributes with the allow-list', () => {
    const clean = parse(purify.sanitize(page, { ...domPurifyAllowList }));
    const provider = clean.querySelector('licenses-provider');
    assert.ok(provider, 'the provider survives');
    assert.equal(provider.getAttribute('api-base'), '/api/v1');
    assert.equal(provider.getAttribute('locale'), 'de');
    assert.equal(provider.getAttribute('time-zone'), 'Europe/Berlin');
    const search = provider.querySelector('licenses-search');
    assert.ok(search, 'the search survives inside the provider');
    assert.ok(search.hasAttribute('sync-url'));
    assert.equal(search.getAttribute('page-size'), '10');
    const tile = provider.querySelector('order-tile');
    assert.equal(tile?.getAttribute('order-id'), 'ord_1');
    assert.ok(tile?.hasAttribute('open'));
  });

  test('still removes scripts, event handlers and javascript: URLs with the allow-list', () => {
    const html = purify.sanitize(`${page}<licenses-provider api-base="javascript:alert(5)"></licenses-provider>`, { ...domPurifyAllowList });
    const clean = parse(html);
    assert.equal(clean.querySelector('script'), null);
    assert.deepEqual([...clean.querySelectorAll('[onclick], [onmouseover]')], []);
    assert.equal(clean.querySelector('a')?.getAttribute('href') ?? null, null);
    assert.doesNotMatch(html, /javascript:|alert/);
  });

  test('lets no other custom element through', () => {
    const clean = parse(purify.sanitize('<evil-widget api-base="/x"></evil-widget><licenses-provider data-x="1" hidden-token="t"></licenses-provider>', { ...domPurifyAllowList }));
    assert.equal(clean.querySelector('evil-widget'), null);
    assert.equal(clean.querySelector('licenses-provider')?.hasAttribute('hidden-token'), false);
  });
});
