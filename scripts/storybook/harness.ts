/**
 * Drives the built Storybook (storybook-static) in Chromium: serves it, lists its stories
 * and docs pages, and opens one at a time until it has rendered and its play function ran.
 * Used by the stories test and by `npm run screenshots`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import type { Page, Request } from 'playwright-core';

export const STORYBOOK_DIR = resolve('storybook-static');

export interface Entry {
  id: string;
  title: string;
  name: string;
  type: 'story' | 'docs';
  /** The stories file's export the story comes from. */
  exportName?: string;
}

/** The stories and docs pages of the built Storybook, in its order. */
export function readEntries(dir = STORYBOOK_DIR): Entry[] {
  const file = join(dir, 'index.json');
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build-storybook\` first.`);
  const index = JSON.parse(readFileSync(file, 'utf8')) as { entries: Record<string, Entry> };
  return Object.values(index.entries);
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

/** Serves `dir` on a free local port until `close()`. */
export async function serve(dir = STORYBOOK_DIR): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    // Browsers ask for it on their own; the preview iframe has none.
    if (req.url === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** The URL of an entry in the preview iframe, with toolbar globals (`locale:de;theme:dark`). */
export function entryUrl(base: string, entry: Entry, globals: Record<string, string> = {}): string {
  const list = Object.entries(globals).map(([k, v]) => `${k}:${v}`);
  const query = new URLSearchParams({ id: entry.id, viewMode: entry.type });
  if (list.length) query.set('globals', list.join(';'));
  return `${base}/iframe.html?${query.toString().replace(/%3A/g, ':').replace(/%3B/g, ';').replace(/%21/g, '!')}`;
}

/** The requests each page has in flight, so that a check ends only when the page is quiet. */
const inFlight = new WeakMap<Page, Set<Request>>();

function track(page: Page): Set<Request> {
  let requests = inFlight.get(page);
  if (!requests) {
    const pending = new Set<Request>();
    page.on('request', (r) => pending.add(r));
    page.on('requestfinished', (r) => pending.delete(r));
    page.on('requestfailed', (r) => pending.delete(r));
    inFlight.set(page, pending);
    requests = pending;
  }
  return requests;
}

/**
 * Waits until the page has had no request in flight for `quiet` ms (at most `timeout` ms):
 * what a docs page loads after it rendered (the syntax highlighter of its code blocks) then
 * finishes while its own check runs, instead of being cut off by the next page.
 */
async function settle(page: Page, { quiet = 150, timeout = 10_000 } = {}): Promise<void> {
  const requests = track(page);
  const end = Date.now() + timeout;
  let idleSince = Date.now();
  while (Date.now() < end) {
    if (requests.size > 0) idleSince = Date.now();
    else if (Date.now() - idleSince >= quiet) return;
    await new Promise((done) => setTimeout(done, 25));
  }
}

/** The globals each page's preview was loaded with, to know when a story can be switched in place. */
const loadedWith = new WeakMap<Page, string>();

/**
 * Opens an entry and waits until Storybook finished it: a story rendered and its play
 * function ran; a docs page rendered. Throws with Storybook's message when it failed.
 * A story after a story with the same globals is switched in place, as the Storybook UI
 * does, instead of loading the preview again.
 */
export async function open(page: Page, base: string, entry: Entry, globals: Record<string, string> = {}): Promise<void> {
  const url = entryUrl(base, entry, globals);
  track(page);
  const key = JSON.stringify([base, globals]);
  if (entry.type === 'story' && loadedWith.get(page) === key) {
    await page.evaluate((storyId) => {
      const channel = (window as unknown as { __STORYBOOK_ADDONS_CHANNEL__: { emit(e: string, p: unknown): void } }).__STORYBOOK_ADDONS_CHANNEL__;
      channel.emit('setCurrentStory', { storyId, viewMode: 'story' });
    }, entry.id);
  } else {
    loadedWith.delete(page);
    await page.goto(url);
    if (entry.type === 'story') loadedWith.set(page, key);
  }
  const outcome = await page.waitForFunction(
    ({ id, type }) => {
      const body = document.body;
      const preview = (window as unknown as { __STORYBOOK_PREVIEW__?: { currentRender?: { id?: string; phase?: string } } })
        .__STORYBOOK_PREVIEW__;
      const render = preview?.currentRender;
      if (render?.id !== id) return false;
      if (body.classList.contains('sb-show-errordisplay')) {
        // No named helper in here: the test's compiler would wrap it in a helper the page lacks.
        const [message, stack] = ['#error-message', '#error-stack'].map((s) => document.querySelector(s)?.textContent ?? '');
        return `error: ${message} ${stack}`;
      }
      if (type === 'docs') return body.classList.contains('sb-show-main') && document.querySelector('.sbdocs-content') ? 'ok' : false;
      if (render.phase === 'errored') return 'error: the story or its play function failed';
      return render.phase === 'finished' ? 'ok' : false;
    },
    { id: entry.id, type: entry.type },
    { timeout: 30_000, polling: 50 },
  );
  const result = (await outcome.jsonValue()) as string;
  if (result !== 'ok') throw new Error(`${entry.id}: ${result.trim()}`);
  if (entry.type === 'docs') await settle(page);
}
