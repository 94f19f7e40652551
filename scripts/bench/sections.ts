/** Every section of `npm run bench` by the name that selects it; each is loaded only when it runs. */
import type { BenchSection } from './section.js';

export const SECTIONS: Readonly<Record<string, () => Promise<BenchSection>>> = {
  server: async () => (await import('./server.js')).serverSection,
  browser: async () => (await import('./browser.js')).browserSection,
  jobs: async () => (await import('./jobs.js')).jobsSection,
  renewals: async () => (await import('./renewals.js')).renewalsSection,
  // Further sections register here the same way.
};
