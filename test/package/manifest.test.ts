/**
 * The elements manifest is what editors, Storybook's controls and the React components
 * are built from, so it must be complete: a summary for every element, a type for every
 * event, and every documented `--ld-*` property a real design token.
 */
import assert from 'node:assert/strict';
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

describe('the elements manifest', () => {
  test('describes all sixteen elements, each with a summary', () => {
    assert.equal(elements.length, 16);
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

  test('lets every tag and attribute through the sanitizer allow-list, and nothing else', () => {
    const fromManifest = Object.fromEntries(elements.map((d) => [d.tagName, (d.attributes ?? []).map((a) => a.name).sort()]));
    const allowed = Object.fromEntries(Object.entries(elementAttributes).map(([tag, names]) => [tag, [...names].sort()]));
    assert.deepEqual(allowed, fromManifest);
  });
});
