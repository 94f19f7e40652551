/** How the end-to-end tests start Chromium: a local Chrome or Chromium (`CHROME_PATH` overrides). */
import { existsSync } from 'node:fs';
import type { LaunchOptions } from 'playwright-core';

export function chromePath(): string {
  const found =
    process.env.CHROME_PATH ??
    ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
  if (!found) throw new Error('No Chrome or Chromium found: install one or set CHROME_PATH.');
  return found;
}

export function launchOptions(): LaunchOptions {
  return {
    executablePath: chromePath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--headless=new',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-dev-shm-usage',
    ],
  };
}
