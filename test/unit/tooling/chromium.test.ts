/**
 * Which Chromium the tests start: CHROME_PATH, else the machine's own, else the one shipped
 * in @sparticuz/chromium, which a fresh machine without a browser falls back to.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../chromium.mjs';

const packaged = async () => '/tmp/packaged/chromium';
const only = (...paths: string[]) => (path: string) => paths.includes(path);

describe('the Chromium the tests start', () => {
  test('is CHROME_PATH when it is set, even with a system Chromium installed', async () => {
    const env = { CHROME_PATH: '/opt/chrome/chrome', PATH: '/usr/bin' };
    assert.equal(await chromiumPath({ env, exists: () => true, packaged }), '/opt/chrome/chrome');
  });

  test('is /usr/bin/chromium without CHROME_PATH', async () => {
    const exists = only('/usr/bin/chromium', '/opt/bin/chromium');
    assert.equal(await chromiumPath({ env: { PATH: '/opt/bin' }, exists, packaged }), '/usr/bin/chromium');
  });

  test('is a chromium on PATH when no usual path has one', async () => {
    const exists = only('/opt/bin/chromium');
    assert.equal(await chromiumPath({ env: { PATH: '/home/ci/bin:/opt/bin' }, exists, packaged }), '/opt/bin/chromium');
  });

  test('is the packaged Chromium on a machine without any', async () => {
    assert.equal(await chromiumPath({ env: { PATH: '/usr/bin:/bin' }, exists: () => false, packaged }), '/tmp/packaged/chromium');
  });

  test('the packaged Chromium starts headless and renders a page', { timeout: 120_000 }, async () => {
    const executablePath = await chromiumPath({ env: {}, exists: () => false });
    assert.ok(!executablePath.startsWith('/usr/'), `${executablePath} is not the system's`);
    const browser = await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS] });
    try {
      const page = await browser.newPage();
      await page.setContent('<licenses-note>ready</licenses-note>');
      assert.equal(await page.textContent('licenses-note'), 'ready');
    } finally {
      await browser.close();
    }
  });
});
