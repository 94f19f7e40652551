// Where Chromium is, and how every test and script starts it headless. In this order:
// `CHROME_PATH`; a system Chromium or Chrome (/usr/bin/chromium, or `chromium` on PATH);
// else the Chromium that the @sparticuz/chromium devDependency carries, unpacked into the
// temporary folder on first use, so that a fresh machine needs no browser of its own.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const SYSTEM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
const COMMANDS = ['chromium', 'chromium-browser', 'google-chrome'];

export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-dev-shm-usage',
]);

/** The browser installed on the machine: `CHROME_PATH`, a usual path, or a command on PATH. */
export function systemChromium({ env = process.env, exists = existsSync } = {}) {
  if (env.CHROME_PATH) return env.CHROME_PATH;
  const onPath = (env.PATH ?? '').split(delimiter).filter(Boolean).flatMap((dir) => COMMANDS.map((name) => join(dir, name)));
  return [...SYSTEM_PATHS, ...onPath].find((path) => exists(path));
}

/** The packaged Chromium: @sparticuz/chromium unpacks its binary into the temporary folder. */
async function packagedChromium() {
  const { default: chromium } = await import('@sparticuz/chromium');
  return chromium.executablePath();
}

export async function chromiumPath({ env = process.env, exists = existsSync, packaged = packagedChromium } = {}) {
  return systemChromium({ env, exists }) ?? packaged();
}
