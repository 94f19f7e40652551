/** How the end-to-end tests and scripts start Chromium (see test/chromium.mjs). */
import type { LaunchOptions } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../chromium.mjs';

export function launchOptions(): LaunchOptions {
  return { executablePath: chromiumPath(), headless: true, args: [...CHROMIUM_ARGS] };
}
