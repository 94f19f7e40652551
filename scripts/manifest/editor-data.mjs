/**
 * Editor support generated from custom-elements.json, so editors complete and explain the
 * kit's tags, attributes, events, parts and tokens:
 *  - dist/vscode.html-custom-data.json and dist/vscode.css-custom-data.json (VS Code's
 *    `html.customData` / `css.customData` settings),
 *  - dist/web-types.json (JetBrains IDEs, found through package.json's `web-types`).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
const elements = manifest.modules
  .flatMap((m) => m.declarations ?? [])
  .filter((d) => d.customElement && d.tagName)
  .sort((a, b) => a.tagName.localeCompare(b.tagName));

const isBoolean = (attr) => attr.type?.text === 'boolean';
/** `'a' | 'b' | null` → ['a', 'b']; anything else → []. */
const literals = (attr) => [...(attr.type?.text ?? '').matchAll(/'([^']*)'/g)].map((m) => m[1]);
/** The element's description, with its summary first. */
const describe = (d) => [d.summary, d.description].filter(Boolean).join('\n\n');
const listed = (title, items) =>
  items?.length ? `\n\n**${title}:**\n${items.map((i) => `- \`${i.name || '(default)'}\`: ${i.description ?? ''}`).join('\n')}` : '';

function vscodeHtml() {
  return {
    $schema: 'https://raw.githubusercontent.com/microsoft/vscode-html-languageservice/main/docs/customData.schema.json',
    version: 1.1,
    tags: elements.map((d) => ({
      name: d.tagName,
      description: {
        kind: 'markdown',
        value:
          describe(d) +
          listed('Events', d.events) +
          listed('Slots', d.slots) +
          listed('CSS parts', d.cssParts) +
          listed('CSS properties', d.cssProperties),
      },
      attributes: (d.attributes ?? []).map((a) => ({
        name: a.name,
        description: a.description ?? '',
        ...(isBoolean(a) ? { valueSet: 'v' } : {}),
        ...(literals(a).length ? { values: literals(a).map((name) => ({ name })) } : {}),
      })),
    })),
  };
}

/** The kit-wide `--ld-*` tokens (read from src/styles/tokens.ts) and the elements' own properties. */
function vscodeCss() {
  const tokens = /export const TOKENS = \[([^\]]*)\]/.exec(readFileSync('src/styles/tokens.ts', 'utf8'))?.[1] ?? '';
  const uses = new Map([...tokens.matchAll(/'(--ld-[a-z0-9-]+)'/g)].map((m) => [m[1], []]));
  for (const d of elements) {
    for (const p of d.cssProperties ?? []) {
      if (!uses.has(p.name)) uses.set(p.name, []);
      uses.get(p.name).push(`\`<${d.tagName}>\`: ${p.description ?? ''}`);
    }
  }
  const describeToken = (name, lines) =>
    [name.startsWith('--ld-') ? 'A License Desk design token, inherited by every element.' : '', ...lines].filter(Boolean).join('\n');
  return {
    $schema: 'https://raw.githubusercontent.com/microsoft/vscode-css-languageservice/main/docs/customData.schema.json',
    version: 1.1,
    properties: [...uses]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, lines]) => ({ name, description: { kind: 'markdown', value: describeToken(name, lines) } })),
  };
}

function webTypes() {
  return {
    $schema: 'https://json.schemastore.org/web-types',
    name: pkg.name,
    version: pkg.version,
    'description-markup': 'markdown',
    contributions: {
      html: {
        elements: elements.map((d) => ({
          name: d.tagName,
          description: describe(d),
          attributes: (d.attributes ?? []).map((a) => ({
            name: a.name,
            description: a.description ?? '',
            value: isBoolean(a) ? { type: 'boolean', required: false } : { type: a.type?.text ?? 'string' },
          })),
          slots: (d.slots ?? []).map((s) => ({ name: s.name, description: s.description ?? '' })),
          events: (d.events ?? []).map((e) => ({ name: e.name, description: e.description ?? '' })),
          js: {
            properties: (d.members ?? [])
              .filter((m) => m.kind === 'field')
              .map((m) => ({ name: m.name, description: m.description ?? '', type: m.type?.text })),
            events: (d.events ?? []).map((e) => ({ name: e.name, description: e.description ?? '' })),
          },
          css: {
            parts: (d.cssParts ?? []).map((p) => ({ name: p.name, description: p.description ?? '' })),
            properties: (d.cssProperties ?? []).map((p) => ({ name: p.name, description: p.description ?? '' })),
          },
        })),
      },
    },
  };
}

mkdirSync('dist', { recursive: true });
const write = (file, data) => writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
write('dist/vscode.html-custom-data.json', vscodeHtml());
write('dist/vscode.css-custom-data.json', vscodeCss());
write('dist/web-types.json', webTypes());
