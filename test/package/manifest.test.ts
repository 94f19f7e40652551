/**
 * The elements manifest is what editors, Storybook's controls and the React components
 * are built from, so it must be complete: a summary for every element, a type for every
 * event, every documented `--ld-*` property a real design token, and a React component
 * with an `on…` prop for every event an element fires.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
// The analyzer's own entry point, run with the project's config, writing nothing.
import { cli } from '@custom-elements-manifest/analyzer/cli.js';
import { TOKENS } from '../../src/styles/tokens.js';
import { elementAttributes } from '../../src/integrations/sanitizer.js';

interface Declaration {
  tagName?: string;
  summary?: string;
  events?: { name: string; type?: { text: string } }[];
  cssProperties?: { name: string }[];
  attributes?: { name: string }[];
}

let elements: Declaration[];

before(async () => {
  const manifest = (await cli({ argv: ['analyze'], cwd: process.cwd(), noWrite: true })) as { modules: { declarations?: Declaration[] }[] };
  elements = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName !== undefined);
});

/** `license-activated` → `onLicenseActivated`, as @lit/react's event props are named. */
const propOf = (event: string) => `on${event.replace(/(^|-)([a-z])/g, (_, _dash, c: string) => c.toUpperCase())}`;

describe('the elements manifest', () => {
  test('describes all seven elements, each with a summary', () => {
    assert.equal(elements.length, 7);
    assert.deepEqual(elements.filter((d) => !d.summary).map((d) => d.tagName), []);
  });

  test('gives every event the type its listeners receive', () => {
    const untyped = elements.flatMap((d) => (d.events ?? []).filter((e) => !e.type?.text).map((e) => `${d.tagName} ${e.name}`));
    assert.deepEqual(untyped, []);
  });

  test('documents only real design tokens among the --ld-* properties', () => {
    const known = new Set<string>(TOKENS);
    const unknown = elements.flatMap((d) => (d.cssProperties ?? []).map((p) => p.name).filter((n) => n.startsWith('--ld-') && !known.has(n)));
    assert.deepEqual(unknown, []);
  });

  test('has a React component for every element, with an on… prop for every event it fires', () => {
    const index = readFileSync('src/react/index.ts', 'utf8');
    const problems: string[] = [];
    for (const d of elements) {
      const file = `src/react/${d.tagName}.ts`;
      if (!existsSync(file)) {
        problems.push(`no ${file}`);
        continue;
      }
      const source = readFileSync(file, 'utf8');
      if (!source.includes(`tagName: '${d.tagName}'`)) problems.push(`${file} wraps another tag`);
      if (!index.includes(`from './${d.tagName}.js'`)) problems.push(`src/react/index.ts does not export ${file}`);
      for (const e of d.events ?? []) {
        if (!source.includes(`${propOf(e.name)}: '${e.name}' as EventName<${e.type?.text}>`)) problems.push(`${file} lacks ${propOf(e.name)}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  test('lets every tag and attribute through the sanitizer allow-list, and nothing else', () => {
    const fromManifest = Object.fromEntries(elements.map((d) => [d.tagName, (d.attributes ?? []).map((a) => a.name).sort()]));
    const allowed = Object.fromEntries(Object.entries(elementAttributes).map(([tag, names]) => [tag, [...names].sort()]));
    assert.deepEqual(allowed, fromManifest);
  });
});
