/**
 * How every story gets its data: a loader builds a fresh memory client per story (from the
 * story's `parameters.licenses`), and a decorator wraps the story in `<licenses-provider>`
 * with that client, the toolbar's locale and the toolbar's light or dark scheme.
 */
import type { Decorator, Loader } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { LicensesApi } from '../src/api/client.js';
import type { MemoryLicensesClient } from '../src/api/memory/memory-client.js';
import '../src/elements/licenses-provider/licenses-provider.js';
import { demoClient } from '../stories/support/clients.js';

/** What a story may say about its data, as `parameters.licenses`. */
export interface LicensesParameters {
  /** The data behind the story (default: a demo world of 40 orders). */
  memory?: () => MemoryLicensesClient;
  /** How the elements see that data: wrap it to hold or fail requests (default: as is). */
  client?: (memory: MemoryLicensesClient) => LicensesApi;
  /** Loads what the story renders (an order, a license) from the data, before it renders. */
  load?: (memory: MemoryLicensesClient) => Promise<Record<string, unknown>>;
  /** False renders the story without a provider. */
  provider?: boolean;
}

/** What the loader hands to the decorator, the render function and the play function. */
export interface LicensesLoaded {
  client: LicensesApi;
  memory: MemoryLicensesClient;
  [key: string]: unknown;
}

export const loadLicenses: Loader = async ({ parameters }): Promise<LicensesLoaded> => {
  const options = (parameters.licenses ?? {}) as LicensesParameters;
  const memory = (options.memory ?? demoClient)();
  const loaded = options.load ? await options.load(memory) : {};
  return { ...loaded, memory, client: options.client ? options.client(memory) : memory };
};

export const SCHEMES = { light: '#ffffff', dark: '#0d1017' } as const;

export const withProvider: Decorator = (story, { loaded, globals, parameters }) => {
  const scheme = globals.theme === 'dark' ? 'dark' : 'light';
  // The canvas follows the scheme, so the elements are seen on a page of their kind.
  document.documentElement.style.colorScheme = scheme;
  document.body.style.background = SCHEMES[scheme];
  const options = (parameters.licenses ?? {}) as LicensesParameters;
  if (options.provider === false) return html`<div style="--ld-color-scheme: ${scheme}">${story()}</div>`;
  return html`<licenses-provider
    .client=${(loaded as LicensesLoaded).client}
    locale=${globals.locale ?? 'en'}
    style="--ld-color-scheme: ${scheme}"
    >${story()}</licenses-provider
  >`;
};
