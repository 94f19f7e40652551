// Where Chromium is, and how every test and script starts it headless: a local Chrome or
// Chromium (`CHROME_PATH` overrides), with the flags a closed, sandboxed machine needs.
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-dev-shm-usage',
]);

export function chromiumPath() {
  const found = process.env.CHROME_PATH ?? CANDIDATES.find((path) => existsSync(path));
  if (!found) throw new Error('No Chrome or Chromium found: install one or set CHROME_PATH.');
  return found;
}
