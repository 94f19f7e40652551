/**
 * React's CommonJS entry points choose their build with `process.env.NODE_ENV`, which a
 * bundler replaces; the test runner serves them as they are, so the page gets the value.
 * Imported before React, so it is set when React's modules run. 'production', because the
 * runner turns both builds' requires into imports, so both run: the development build does
 * nothing in production, while the production build is not guarded the other way round.
 */
const g = globalThis as unknown as { process?: { env: Record<string, string> } };
g.process ??= { env: { NODE_ENV: 'production' } };
export {};
