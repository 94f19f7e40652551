/**
 * The WordPress plugin (demo/wordpress/license-desk) in a real WordPress 6.1 from Debian's
 * packages: activated, the block inserted and set up in the block editor in Chromium and
 * published; the shortcode twice in one post. Each page holds the elements with their
 * attributes and the kit's module script exactly once. Skips when the packages are absent.
 */
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { launchOptions } from '../e2e/browser.js';
import { buildKit, ROOT, tempDir, watchedPage } from './site.js';
import { missingWordPress, startWordPress, type WordPress } from './wordpress.js';

const missing = missingWordPress();
const KIT_SCRIPT = 'script[type="module"][src*="license-desk.js"]';

describe('the WordPress plugin in WordPress', { skip: missing ?? false }, () => {
  const plugin = tempDir('wordpress-plugin');
  let wordpress: WordPress;
  let browser: Browser;

  before(async () => {
    cpSync(join(ROOT, 'demo/wordpress/license-desk'), plugin.dir, { recursive: true });
    await buildKit(join(plugin.dir, 'assets'));
    wordpress = await startWordPress({ 'license-desk': plugin.dir });
    assert.equal(wordpress.php(`$r = activate_plugin('license-desk/license-desk.php'); echo is_wp_error($r) ? $r->get_error_message() : 'active';`), 'active');
    browser = await chromium.launch(await launchOptions());
  });

  after(async () => {
    await browser?.close();
    await wordpress?.stop();
    plugin.remove();
  });

  /** What a visitor's page holds of the kit, once the elements are defined. */
  async function visit(page: Page, url: string) {
    await page.goto(url);
    await page.waitForFunction(() => customElements.get('licenses-search') !== undefined, null, { timeout: 20_000 });
    return page.evaluate((selector) => ({
      scripts: document.querySelectorAll(selector).length,
      providers: [...document.querySelectorAll('licenses-provider')].map((p) => ({
        attributes: Object.fromEntries([...p.attributes].map((a) => [a.name, a.value])),
        child: p.firstElementChild?.localName,
      })),
    }), KIT_SCRIPT);
  }

  test('a License Desk block inserted and set up in the block editor is on the published page, with the kit loaded once', async () => {
    // WordPress's admin asks other hosts for avatars and the welcome guide's picture: those
    // requests are stopped, and only they may fail here.
    const { page } = await watchedPage(browser, [/gravatar\.com|s\.w\.org/, /net::ERR_FAILED/]);
    await page.goto(`${wordpress.url}/wp-login.php`);
    await page.fill('#user_login', wordpress.user);
    await page.fill('#user_pass', wordpress.password);
    await Promise.all([page.waitForURL(/wp-admin/), page.click('#wp-submit')]);

    await page.goto(`${wordpress.url}/wp-admin/post-new.php`);
    const welcome = page.locator('.edit-post-welcome-guide');
    await page.locator('.edit-post-header, .edit-post-welcome-guide').first().waitFor({ timeout: 30_000 });
    if (await welcome.isVisible()) await welcome.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('textbox', { name: 'Add title' }).fill('Our licenses');

    await page.getByRole('button', { name: 'Toggle block inserter' }).click();
    await page.getByRole('searchbox', { name: /Search/ }).fill('License Desk');
    await page.getByRole('option', { name: 'License Desk' }).click();
    await page.locator('.wp-block-license-desk-element').waitFor();

    const sidebar = page.locator('.interface-complementary-area');
    if (!(await sidebar.getByLabel('Locale').isVisible())) await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await sidebar.getByLabel('API base URL').fill('/licenses-proxy/api/v1');
    await sidebar.getByLabel('Locale').fill('de');
    await sidebar.getByLabel('No heading').check();

    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.locator('.editor-post-publish-panel').getByRole('button', { name: 'Publish', exact: true }).click();
    await page.locator('.post-publish-panel__postpublish').waitFor({ timeout: 30_000 });
    const link = await page.evaluate(() => (window as any).wp.data.select('core/editor').getPermalink() as string);

    await page.close();

    // The page's API path does not exist here: the search's failed requests are expected.
    const visitor = await watchedPage(browser, [/status of 404/]);
    const published = await visit(visitor.page, link);
    assert.deepEqual(published, {
      scripts: 1,
      providers: [{ attributes: { 'api-base': '/licenses-proxy/api/v1', locale: 'de' }, child: 'licenses-search' }],
    });
    assert.equal(await visitor.page.locator('licenses-search').getAttribute('no-heading'), '');
    assert.ok(await visitor.page.locator('licenses-search').evaluate((search) => search.shadowRoot?.textContent));
    visitor.assertClean();
    await visitor.page.close();
  });

  test('two shortcodes in one post render two elements with escaped attributes and one module script', async () => {
    const id = wordpress.php(`echo wp_insert_post(array(
      'post_title' => 'Two desks', 'post_status' => 'publish',
      'post_content' => '[license_desk element="licenses-search" api-base="/licenses-proxy/api/v1" locale="de" no-heading]' . "\\n\\n" .
        '[license_desk element="order-tile" order-id="ord_&quot;1&lt;" locale="en" onclick="alert(1)"]',
    ));`);
    const { page, assertClean } = await watchedPage(browser, [/status of 404/]);
    const result = await visit(page, `${wordpress.url}/?p=${Number(id)}`);
    assert.equal(result.scripts, 1);
    assert.deepEqual(result.providers, [
      { attributes: { 'api-base': '/licenses-proxy/api/v1', locale: 'de' }, child: 'licenses-search' },
      { attributes: { locale: 'en' }, child: 'order-tile' },
    ]);
    const tile = await page.locator('order-tile').evaluate((t) => ({ id: t.getAttribute('order-id'), click: t.hasAttribute('onclick') }));
    assert.deepEqual(tile, { id: 'ord_"1<', click: false });
    assertClean();
    await page.close();
  });
});

test('the WordPress test skips, saying what to install, when the packages are missing', { skip: missing === null }, () => {
  assert.match(missing!, /apt-get install -y wordpress mariadb-server php-cli php-mysql/);
});
