/**
 * The facts the docs pages show as tables, taken from their sources so that the pages
 * cannot drift: the design tokens and their defaults from src/styles/tokens.ts, parts and
 * events from custom-elements.json, endpoints and schemas from docs/openapi.json.
 */
import manifest from '../../custom-elements.json';
import openapi from '../../docs/openapi.json';
import { tokens, TOKENS } from '../../src/styles/tokens.js';

interface Item {
  name: string;
  description?: string;
  type?: { text: string };
}
interface Declaration {
  tagName?: string;
  cssParts?: Item[];
  cssProperties?: Item[];
  events?: Item[];
}

const elements = (manifest as { modules: { declarations?: Declaration[] }[] }).modules
  .flatMap((m) => m.declarations ?? [])
  .filter((d): d is Declaration & { tagName: string } => d.tagName !== undefined)
  .sort((a, b) => a.tagName.localeCompare(b.tagName));

export interface TokenRow {
  name: string;
  light: string;
  dark: string;
  /** What it styles (TOKEN_DESCRIPTIONS, without the token's name). */
  description: string;
  /** The elements whose JSDoc names the token, with what it styles there. */
  uses: string[];
}

/** `light-dark(a, b)` → [a, b]; anything else is the same in both schemes. */
function schemes(value: string): [string, string] {
  const inner = /^light-dark\((.*)\)$/.exec(value)?.[1];
  if (inner === undefined) return [value, value];
  let depth = 0;
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === '(') depth++;
    else if (inner[i] === ')') depth--;
    else if (inner[i] === ',' && depth === 0) return [inner.slice(0, i).trim(), inner.slice(i + 1).trim()];
  }
  return [value, value];
}

/** Every design token with its light and dark default and where the elements use it. */
export function tokenRows(): TokenRow[] {
  const defaults = new Map<string, string>();
  for (const [, name, value] of tokens.cssText.matchAll(/var\((--ld-[\w-]+),\s*(.+?)\);/g)) defaults.set(name!, value!);
  return TOKENS.map((name) => {
    const [light, dark] = schemes(defaults.get(name) ?? '');
    const uses = elements.flatMap((d) =>
      (d.cssProperties ?? []).filter((p) => p.name === name).map((p) => `<${d.tagName}>: ${p.description ?? ''}`),
    );
    return { name, light, dark, description: TOKEN_DESCRIPTIONS[name].replace(/^`[^`]+`: /, ''), uses };
  });
}

/** The parts and own custom properties of each element. */
export function elementStyling(): { tag: string; parts: Item[]; properties: Item[] }[] {
  return elements.map((d) => ({
    tag: d.tagName,
    parts: d.cssParts ?? [],
    properties: (d.cssProperties ?? []).filter((p) => !p.name.startsWith('--ld-')),
  }));
}

export interface EventRow {
  name: string;
  type: string;
  /** Each element that fires it, with what it means there. */
  firedBy: { tag: string; description: string }[];
}

/** Every event an element fires, with its type and the elements that fire it. */
export function eventRows(): EventRow[] {
  const rows = new Map<string, EventRow>();
  for (const d of elements) {
    for (const e of d.events ?? []) {
      const row = rows.get(e.name) ?? { name: e.name, type: e.type?.text ?? '', firedBy: [] };
      row.firedBy.push({ tag: d.tagName, description: e.description ?? '' });
      rows.set(e.name, row);
    }
  }
  return [...rows.values()].sort((a, b) => a.name.localeCompare(b.name));
}

interface Operation {
  operationId?: string;
  summary?: string;
  responses?: Record<string, { description?: string }>;
  requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> };
}

export interface OperationRow {
  method: string;
  path: string;
  summary: string;
  request: string | null;
  responses: { status: string; description: string }[];
}

/** The endpoints of the generated OpenAPI document, in its order. */
export function operations(): OperationRow[] {
  const paths = openapi.paths as Record<string, Record<string, Operation>>;
  return Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      summary: op.summary ?? op.operationId ?? '',
      request: op.requestBody?.content?.['application/json']?.schema?.$ref?.split('/').pop() ?? null,
      responses: Object.entries(op.responses ?? {}).map(([status, r]) => ({ status, description: r.description ?? '' })),
    })),
  );
}

/** The schemas of the OpenAPI document: name, description and properties. */
export function schemas(): { name: string; description: string; properties: string[] }[] {
  const all = openapi.components.schemas as Record<string, { description?: string; properties?: Record<string, unknown> }>;
  return Object.entries(all).map(([name, schema]) => ({
    name,
    description: schema.description ?? '',
    properties: Object.keys(schema.properties ?? {}),
  }));
}

export const api = { title: openapi.info.title, version: openapi.info.version, description: openapi.info.description };

/** What each design token styles, in the words of the Theming page and the token controls. */
export const TOKEN_DESCRIPTIONS: Record<(typeof TOKENS)[number], string> = {
  '--ld-color-scheme': '`--ld-color-scheme`: the colour scheme the elements render in: `light`, `dark`, or `light dark` (follows the user).',
  '--ld-font-family': '`--ld-font-family`: the font of all text.',
  '--ld-font-family-mono': '`--ld-font-family-mono`: the monospaced font of keys and codes.',
  '--ld-font-size': '`--ld-font-size`: the size of body text.',
  '--ld-font-size-small': '`--ld-font-size-small`: the size of secondary text, such as labels and hints.',
  '--ld-font-size-large': '`--ld-font-size-large`: the size of headings.',
  '--ld-line-height': '`--ld-line-height`: the line height of all text.',
  '--ld-color-text': '`--ld-color-text`: the colour of text.',
  '--ld-color-text-muted': '`--ld-color-text-muted`: the colour of secondary text, such as labels and hints.',
  '--ld-color-surface': '`--ld-color-surface`: the background of cards, tables and dialogs.',
  '--ld-color-surface-raised': '`--ld-color-surface-raised`: the background of raised areas, such as headers and menus.',
  '--ld-color-surface-sunken': '`--ld-color-surface-sunken`: the background of sunken areas, set into a surface.',
  '--ld-color-border': '`--ld-color-border`: the colour of borders and dividers.',
  '--ld-color-accent': '`--ld-color-accent`: the brand colour of primary buttons, links and selected states.',
  '--ld-color-accent-text': '`--ld-color-accent-text`: the colour of text on the accent (primary buttons).',
  '--ld-color-focus': '`--ld-color-focus`: the colour of the keyboard focus ring.',
  '--ld-color-success': '`--ld-color-success`: the colour of success states.',
  '--ld-color-danger': '`--ld-color-danger`: the colour of errors and destructive actions.',
  '--ld-color-warning': "`--ld-color-warning`: the colour of warnings (the edge of a refunded order's tile).",
  '--ld-radius': '`--ld-radius`: the corner radius of cards and dialogs.',
  '--ld-radius-small': '`--ld-radius-small`: the corner radius of buttons, inputs and badges.',
  '--ld-space-1': '`--ld-space-1`: the smallest spacing, between tightly related items.',
  '--ld-space-2': '`--ld-space-2`: the small spacing, inside buttons and between fields.',
  '--ld-space-3': '`--ld-space-3`: the medium spacing, inside cards and between groups.',
  '--ld-space-4': '`--ld-space-4`: the large spacing, between sections.',
  '--ld-shadow': '`--ld-shadow`: the shadow of cards, menus and dialogs.',
  '--ld-backdrop': '`--ld-backdrop`: the colour behind an open dialog.',
};

/** The values `--ld-color-scheme` takes (as `color-scheme`), the default first. */
export const COLOR_SCHEMES = ['light dark', 'light', 'dark'] as const;
