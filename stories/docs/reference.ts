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
    return { name, light, dark, uses };
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
