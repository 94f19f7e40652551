/**
 * What the built Storybook's docs and panels say: the Getting started table, the actions'
 * event details, the design tokens' descriptions and options, no control where nothing can
 * be set, and a page per integration. Needs `npm run build-storybook` first.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loggable } from '../../.storybook/event-log.js';
import { open, readEntries, serve, type Entry } from '../../scripts/storybook/harness.js';
import { TOKENS } from '../../src/styles/tokens.js';
import { launchOptions } from '../e2e/browser.js';

const QUIET = { 'a11y.manual': '!true' };
const ELEMENTS = readdirSync('src/elements', { withFileTypes: true })
  .filter((e) => e.isDirectory() && e.name !== 'shared')
  .map((e) => e.name);

const entries = readEntries();
function entry(id: string): Entry {
  const found = entries.find((e) => e.id === id);
  assert.ok(found, `no entry ${id} in the Storybook`);
  return found;
}

let browser: Browser;
let server: Awaited<ReturnType<typeof serve>>;
let page: Page;

before(async () => {
  server = await serve();
  browser = await chromium.launch(await launchOptions());
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'UTC', locale: 'en-US' });
  page = await context.newPage();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The rows of the docs page's args tables: name, description and what the control column shows. */
async function argRows(): Promise<{ name: string; description: string; control: string; options: string[] }[]> {
  await page.waitForSelector('.docblock-argstable tbody tr td:nth-child(4)', { timeout: 15_000 });
  return page.evaluate(() =>
    [...document.querySelectorAll('.docblock-argstable tbody tr')]
      .filter((tr) => tr.children.length === 4)
      .map((tr) => {
        const cells = [...tr.children] as HTMLElement[];
        return {
          name: cells[0]!.innerText.trim(),
          description: (cells[1]!.querySelector('div')?.innerText ?? '').trim(),
          control: cells[3]!.innerText.trim(),
          options: [...cells[3]!.querySelectorAll('option:not([disabled])')].map((o) => (o as HTMLOptionElement).value),
        };
      }),
  );
}

test('Getting started shows the elements as a table, with every element in it', async () => {
  await open(page, server.url, entry('docs-getting-started--docs'), QUIET);
  const table = await page.evaluate(() => document.querySelector('.sbdocs-content table')?.textContent ?? null);
  assert.ok(table, 'no <table> on the page');
  for (const tag of ELEMENTS) assert.ok(table.includes(`<${tag}>`), `<${tag}> is not in the table`);
  const text = await page.evaluate(() => document.querySelector('.sbdocs-content')!.textContent ?? '');
  assert.ok(!text.includes('| element |'), 'the table is shown as Markdown text');
});

describe('the Actions panel logs an event as its type and detail', () => {
  test('loggable maps an event to { type, detail } and leaves other values alone', () => {
    assert.deepEqual(loggable(new CustomEvent('buy-more', { detail: { url: '/buy/p1' } })), { type: 'buy-more', detail: { url: '/buy/p1' } });
    assert.deepEqual(loggable(new Event('close')), { type: 'close', detail: null });
    assert.equal(loggable('text'), 'text');
  });

  test('an element event in a story reaches the channel with its detail', async () => {
    await open(page, server.url, entry('elements-order-tile--expanded'), QUIET);
    const logged = await page.evaluate(async () => {
      const channel = (window as unknown as { __STORYBOOK_ADDONS_CHANNEL__: { emit(e: string, ...a: unknown[]): void } })
        .__STORYBOOK_ADDONS_CHANNEL__;
      const seen: unknown[] = [];
      const emit = channel.emit.bind(channel);
      channel.emit = (event: string, ...args: unknown[]) => {
        if (event === 'storybook/actions/action-event') seen.push(args[0]);
        emit(event, ...args);
      };
      try {
        const tile = document.querySelector('#storybook-root order-tile')!;
        tile.dispatchEvent(new CustomEvent('confirmation-email-sent', { detail: { orderId: 'o-1' }, bubbles: true, composed: true }));
      } finally {
        channel.emit = emit;
      }
      return seen as { data: { name: string; args: unknown } }[];
    });
    assert.equal(logged.length, 1, 'one action logged');
    assert.equal(logged[0]!.data.name, 'confirmation-email-sent');
    assert.deepEqual(logged[0]!.data.args, { type: 'confirmation-email-sent', detail: { orderId: 'o-1' } });
  });
});

test('every design token has a description of its own, which names it; the colour scheme has its options', async () => {
  await open(page, server.url, entry('theming-design-tokens--docs'), QUIET);
  const rows = (await argRows()).filter((r) => r.name.startsWith('--ld-'));
  assert.deepEqual(rows.map((r) => r.name).sort(), [...TOKENS].sort());
  for (const row of rows) assert.ok(row.description.includes(row.name), `${row.name}: ${row.description}`);
  assert.equal(new Set(rows.map((r) => r.description.replace(r.name, ''))).size, rows.length, 'two tokens share a description');
  const scheme = rows.find((r) => r.name === '--ld-color-scheme')!;
  assert.deepEqual(scheme.options, ['light dark', 'light', 'dark']);
});

describe('no control where nothing can be set', () => {
  for (const tag of ELEMENTS) {
    test(`<${tag}>: events, parts, slots and object properties have none`, async () => {
      await open(page, server.url, entry(`elements-${tag}--docs`), QUIET);
      const rows = await argRows();
      assert.ok(rows.length > 0, 'no args table');
      const offending = rows.filter((r) => /Set object|Setup controls/.test(r.control)).map((r) => r.name);
      assert.deepEqual(offending, []);
    });
  }
});

describe('a docs page per integration, with its snippet and where to read on', () => {
  const PAGES = ['react', 'vue', 'angular', 'grapesjs', 'wordpress', 'sanitizers', 'server-rendering', 'conformance-command'];
  for (const name of PAGES) {
    test(name, async () => {
      await open(page, server.url, entry(`integrations-${name}--docs`), QUIET);
      const { code, text } = await page.evaluate(() => ({
        code: document.querySelectorAll('.sbdocs-content pre').length,
        text: document.querySelector('.sbdocs-content')!.textContent ?? '',
      }));
      assert.ok(code > 0, 'no snippet');
      assert.match(text, /README|docs\/recipes\//, 'does not point at the README or a recipe');
    });
  }
});
