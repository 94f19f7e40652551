/** How the end-to-end tests and scripts start Chromium (see test/chromium.mjs). */
import type { LaunchOptions } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../chromium.mjs';

export async function launchOptions(): Promise<LaunchOptions> {
  return { executablePath: await chromiumPath(), headless: true, args: [...CHROMIUM_ARGS] };
}
