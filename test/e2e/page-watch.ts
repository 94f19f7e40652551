/**
 * Watches a browser context for what must never happen on a reseller's page: a JavaScript
 * dialog (alert, confirm, prompt), a request to any origin but the server's own, a
 * Content-Security-Policy violation, a console error, an uncaught error, or the global that
 * hostile payloads set (`window.__pwned`).
 */
import type { BrowserContext, Page } from 'playwright-core';

export interface PageWatch {
  /** Everything seen so far, one line each; empty when all is well. */
  problems(page: Page): Promise<string[]>;
  /** Stops counting console errors the test caused on purpose (a refused request logs one). */
  expectConsoleErrors(pattern: RegExp): void;
}

export async function watchContext(context: BrowserContext, origin: string): Promise<PageWatch> {
  const seen: string[] = [];
  const expected: RegExp[] = [];
  await context.exposeBinding('__reportViolation', (_source, line: string) => void seen.push(line));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __reportViolation: (line: string) => void }).__reportViolation;
      report(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} in ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  context.on('request', (request) => {
    const url = new URL(request.url());
    const own = url.origin === origin || (url.protocol === 'blob:' && request.url().startsWith(`blob:${origin}/`));
    if (!own && request.url() !== 'data:,') seen.push(`request to ${request.url().slice(0, 120)}`);
  });
  context.on('page', (page) => {
    page.on('dialog', (dialog) => {
      seen.push(`${dialog.type()} dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('console', (message) => {
      if (message.type() !== 'error' && !/Content.Security.Policy/i.test(message.text())) return;
      if (!expected.some((p) => p.test(message.text()))) seen.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => seen.push(`page error: ${error.message}`));
  });
  return {
    problems: async (page) => {
      const pwned = await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned !== undefined);
      return pwned ? [...seen, 'window.__pwned was set'] : [...seen];
    },
    expectConsoleErrors: (pattern) => void expected.push(pattern),
  };
}
