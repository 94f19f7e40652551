/**
 * Renders every story of the built Storybook in Chromium, with its play function, and
 * fails on any console error, uncaught exception, failed request or axe violation; every
 * docs page must render without console errors too. So a story cannot silently break.
 * Needs `npm run build-storybook` first.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { open, readEntries, serve, type Entry } from '../../scripts/storybook/harness.js';
import { launchOptions } from '../e2e/browser.js';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Storybook's own accessibility run is switched off here; this test runs axe itself. */
const QUIET = { 'a11y.manual': '!true' };

/** Every element of the kit: one folder each below src/elements. */
const ELEMENTS = readdirSync('src/elements', { withFileTypes: true })
  .filter((e) => e.isDirectory() && e.name !== 'shared')
  .map((e) => e.name);

interface Violation {
  id: string;
  help: string;
  nodes: { target: unknown[] }[];
}

/** Axe over the story's root, with axe's default rules (WCAG 2.x A/AA and best practices). */
async function axeViolations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: Violation[] }> } }).axe;
    const { violations } = await axe.run(document.querySelector('#storybook-root'), { resultTypes: ['violations'] });
    return violations.map(({ id, help, nodes }) => ({ id, help, nodes: nodes.map((n) => ({ target: n.target })) }));
  });
}

/** Everything the page reported as an error while `run` ran. */
async function errorsDuring(page: Page, run: () => Promise<void>): Promise<string[]> {
  const errors: string[] = [];
  const onConsole = (m: { type(): string; text(): string }) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  };
  // STORIES_STACKS=1 adds each uncaught error's stack (in the built Storybook's files) to the report.
  const onPageError = (e: Error) => errors.push(`uncaught: ${e.message}${process.env.STORIES_STACKS ? `\n${e.stack}` : ""}`);
  // A request the page itself gave up (an aborted fetch or module load, when a docs page
  // renders its stories again) is not a failure; one the network or the server refused is.
  const onFailed = (r: { url(): string; failure(): { errorText: string } | null }) => {
    const reason = r.failure()?.errorText ?? '';
    if (reason !== 'net::ERR_ABORTED') errors.push(`request failed: ${r.url()} ${reason}`);
  };
  page.on('console', onConsole);
  page.on('pageerror', onPageError);
  page.on('requestfailed', onFailed);
  try {
    await run();
  } finally {
    page.off('console', onConsole);
    page.off('pageerror', onPageError);
    page.off('requestfailed', onFailed);
  }
  return errors;
}

const entries = readEntries();
const stories = entries.filter((e) => e.type === 'story');
const docs = entries.filter((e) => e.type === 'docs');

/** Two pages side by side (CI has two cores); a check takes whichever is free. */
const WORKERS = 2;
let browser: Browser;
let server: Awaited<ReturnType<typeof serve>>;
const idle: Page[] = [];
const waiting: ((page: Page) => void)[] = [];

async function withPage<T>(run: (page: Page) => Promise<T>): Promise<T> {
  const page = idle.pop() ?? (await new Promise<Page>((resolve) => waiting.push(resolve)));
  try {
    return await run(page);
  } finally {
    const next = waiting.shift();
    if (next) next(page);
    else idle.push(page);
  }
}

before(async () => {
  server = await serve();
  browser = await chromium.launch(await launchOptions());
  for (let i = 0; i < WORKERS; i++) {
    // A context each, so that both pages are foreground pages that get animation frames.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'UTC', locale: 'en-US' });
    idle.push(await context.newPage());
  }
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens `entry` with the toolbar's `globals` and asserts that nothing went wrong. */
function check(entry: Entry, globals: Record<string, string> = {}) {
  return withPage(async (page) => {
    const problems = await errorsDuring(page, () => open(page, server.url, entry, { ...QUIET, ...globals }));
    if (entry.type === 'story') {
      for (const v of await axeViolations(page)) {
        problems.push(`axe ${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`);
      }
    }
    assert.deepEqual(problems, [], `${entry.title} › ${entry.name}`);
  });
}

const name = (entry: Entry) => `${entry.title} › ${entry.name}`;
const concurrency = WORKERS;

test('the Storybook holds stories for every element and the whole page', () => {
  const titles = new Set(stories.map((s) => s.title));
  for (const tag of ELEMENTS) assert.ok(titles.has(`Elements/${tag}`), `no stories of <${tag}>`);
  assert.ok([...titles].some((t) => t.startsWith('Screens/')), 'no whole-page story');
});

test("no fixture of a stories file is shown as a story (a template or helper Storybook would render with a story's arguments)", () => {
  const fixtures = stories.filter((s) => s.exportName !== undefined && (/^[a-z]/.test(s.exportName) || /^[A-Z_]+$/.test(s.exportName)));
  assert.deepEqual(fixtures.map((s) => `${s.id} (${s.exportName})`), [], 'set excludeStories in their stories file');
});

describe('every story renders clean in English, light', { concurrency }, () => {
  for (const entry of stories) test(name(entry), () => check(entry));
});

describe('every story renders clean in German, dark', { concurrency }, () => {
  for (const entry of stories) test(name(entry), () => check(entry, { locale: 'de', theme: 'dark' }));
});

/** The stories of an element on a phone: each says nothing scrolls sideways there. */
const onAPhone = stories.filter((s) => /on a phone/i.test(s.name));

/** Opens `entry` in a window as wide as a phone (390 px) and asserts that the page is no wider. */
function checkOnAPhone(entry: Entry, globals: Record<string, string>) {
  return withPage(async (page) => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await open(page, server.url, entry, { ...QUIET, ...globals });
      const { scrolled, window } = await page.evaluate(() => ({ scrolled: document.documentElement.scrollWidth, window: document.documentElement.clientWidth }));
      assert.ok(scrolled <= window, `${entry.title} › ${entry.name}: ${scrolled} px wide in a window of ${window} px`);
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });
}

describe('every story on a phone fits a window of 390 px, in English and German', { concurrency }, () => {
  test('there are such stories', () => assert.ok(onAPhone.length >= 5, onAPhone.map(name).join(', ')));
  for (const entry of onAPhone) {
    test(`${name(entry)}, English`, () => checkOnAPhone(entry, {}));
    test(`${name(entry)}, German`, () => checkOnAPhone(entry, { locale: 'de', theme: 'dark' }));
  }
});

describe('every docs page renders without errors', { concurrency }, () => {
  for (const entry of docs) test(name(entry), () => check(entry));
});
