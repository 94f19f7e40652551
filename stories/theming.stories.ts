import type { ArgTypes, Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { LicensesParameters } from '../.storybook/licenses.js';
import type { MemoryLicensesClient } from '../src/api/memory/memory-client.js';
import { TOKENS } from '../src/styles/tokens.js';
import { COLOR_SCHEMES, TOKEN_DESCRIPTIONS, tokenRows } from './docs/reference.js';
import { loaded } from './support/play.js';

const defaults = new Map(tokenRows().map((t) => [t.name, t]));

/**
 * A control for every design token, described by what it styles: the colour scheme's three
 * values to choose from, a colour picker for colours, text for the rest.
 */
const tokenArgTypes: ArgTypes = Object.fromEntries(
  TOKENS.map((token) => {
    const { light, dark } = defaults.get(token) ?? { light: '', dark: '' };
    const byDefault = light === dark ? `\`${light}\`` : `\`${light}\` (light), \`${dark}\` (dark)`;
    const table = { category: 'design tokens', defaultValue: { summary: byDefault } };
    const description = TOKEN_DESCRIPTIONS[token];
    // A select's options belong to the argType (a control's own `options` are ignored).
    if (token === '--ld-color-scheme') return [token, { control: { type: 'select' }, options: [...COLOR_SCHEMES], description, table }];
    const control = token.startsWith('--ld-color-') || token === '--ld-backdrop' ? { type: 'color' as const } : { type: 'text' as const };
    return [token, { control, description, table }];
  }),
);

async function latestOrder(memory: MemoryLicensesClient) {
  return { orderId: (await memory.searchOrders({ limit: 1 })).items[0]?.id };
}

/** The tokens that have a value, as inline style: an empty control leaves the default. */
function tokenStyle(args: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(TOKENS.flatMap((t) => (typeof args[t] === 'string' && args[t] !== '' ? [[t, args[t] as string]] : [])));
}

/**
 * Every `--ld-*` design token as a control: change one and the elements follow at once.
 * The tokens are set on a wrapper around the elements, as a page sets them on any ancestor.
 */
const meta: Meta = {
  title: 'Theming/Design tokens',
  argTypes: tokenArgTypes,
  parameters: { licenses: { load: latestOrder } satisfies LicensesParameters, controls: { sort: 'none' } },
  render: (args, { loaded: data }) => html`<div style=${styleMap(tokenStyle(args))}>
    <order-tile order-id=${ifDefined(data.orderId as string | undefined)} open></order-tile>
  </div>`,
};
export default meta;
type Story = StoryObj;

/** The defaults: every control empty; light and dark follow the toolbar. */
export const Defaults: Story = {
  play: async ({ canvasElement }) => loaded(canvasElement),
};

/**
 * A reseller's brand: their accent, font, rounder corners and roomier spacing. A colour
 * given as `light-dark()` keeps both schemes readable.
 */
export const Brand: Story = {
  args: {
    '--ld-color-accent': 'light-dark(#7a1fa2, #e2b6f7)',
    '--ld-color-focus': 'light-dark(#7a1fa2, #e2b6f7)',
    '--ld-font-family': 'Georgia, "Times New Roman", serif',
    '--ld-radius': '16px',
    '--ld-radius-small': '8px',
    '--ld-space-3': '1.25rem',
  },
  play: async ({ canvasElement }) => loaded(canvasElement),
};

/** Dark, whatever the page's scheme, with a deep blue surface. */
export const DarkNavy: Story = {
  args: {
    '--ld-color-scheme': 'dark',
    '--ld-color-surface': '#0b1a33',
    '--ld-color-surface-raised': '#12264a',
    '--ld-color-text': '#f2f5fa',
    '--ld-color-accent': '#7cc4ff',
  },
  play: async ({ canvasElement }) => loaded(canvasElement),
};
