/**
 * Writes src/integrations/grapesjs/elements.ts from custom-elements.json: each element's tag,
 * summary and HTML attributes, the data from which the GrapesJS plugin builds its component
 * types and settings fields. Run by `npm run build:manifest`; the integration tests fail
 * when the committed file differs from what the manifest gives.
 */
import { readFileSync, writeFileSync } from 'node:fs';

export const TARGET = 'src/integrations/grapesjs/elements.ts';

/** The module's text for a parsed custom-elements.json. */
export function elementsModule(manifest) {
  const elements = manifest.modules
    .flatMap((m) => m.declarations ?? [])
    .filter((d) => d.customElement && d.tagName)
    .sort((a, b) => a.tagName.localeCompare(b.tagName))
    .map((d) => ({
      tagName: d.tagName,
      summary: d.summary ?? '',
      attributes: (d.attributes ?? []).map((a) => ({
        name: a.name,
        type: a.type?.text ?? 'string',
        description: a.description ?? '',
      })),
    }));
  return `// Generated from custom-elements.json by scripts/manifest/grapesjs-elements.mjs: do not edit.
import type { KitElement } from './traits.js';

export const KIT_ELEMENTS: readonly KitElement[] = ${JSON.stringify(elements, null, 2)};
`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(TARGET, elementsModule(JSON.parse(readFileSync('custom-elements.json', 'utf8'))));
}
