/**
 * A Vite plugin that minifies the CSS and HTML inside Lit's css``, html`` and svg``
 * templates at build time; the JavaScript minifier leaves template text alone.
 *
 * - css``: each static part is minified by lightningcss (no targets, so nothing is
 *   rewritten for older browsers: `light-dark()` and nesting stay as written). A part that is
 *   not a stylesheet on its own (an expression inside a rule) only loses comments and
 *   runs of whitespace.
 * - html`` / svg``: a run of whitespace that holds a line break becomes one space, and goes
 *   away entirely next to a tag whose whitespace neighbours never render (table parts,
 *   block containers, SVG shapes). Whitespace on a single line is kept as written, and a
 *   template with `<pre>` or `<textarea>` is left alone.
 */
import { transform } from 'lightningcss';
import MagicString from 'magic-string';
import { parseAst, type Plugin } from 'vite';

/** Tags around which whitespace is never rendered (they lay out as blocks or are not text). */
const BLOCK_TAGS = new Set(
  (
    'table thead tbody tfoot tr td th colgroup col caption div p ul ol li dl dt dd section header ' +
    'footer nav main form fieldset legend h1 h2 h3 h4 h5 h6 dialog details summary menu hr br ' +
    'select option optgroup progress svg g path rect circle line polyline polygon'
  ).split(' '),
);

/** Where Lit's tags come from; their local names are looked up in each module. */
const LIT_MODULES = new Set(['lit', 'lit-html', 'lit-element', '@lit/reactive-element']);

interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

interface Quasi extends Node {
  value: { raw: string; cooked: string | null };
}

const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';

/** Every node below `node`, depth first. */
function* walk(node: Node): Generator<Node> {
  yield node;
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) yield* walk(item);
    } else if (isNode(value)) {
      yield* walk(value);
    }
  }
}

/** The text as a template literal's raw part: backslashes, backticks and `${` escaped. */
const toRaw = (text: string) => text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');

/** A minified stylesheet, or null when `text` is not a stylesheet on its own. */
function minifyStylesheet(text: string): string | null {
  try {
    return transform({ filename: 'template.css', code: Buffer.from(text), minify: true }).code.toString();
  } catch {
    return null;
  }
}

/** Whether every `{` of `text` is closed in it, in order: it may be a list of whole rules. */
function balanced(text: string): boolean {
  let depth = 0;
  for (const char of text) {
    if (char === '{') depth++;
    else if (char === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

/** The raw part of a css`` template, minified. */
export function minifyCssPart(quasi: Quasi): string {
  const { raw, cooked } = quasi.value;
  const content = cooked?.replace(/\/\*[\s\S]*?\*\//g, '').trim() ?? '';
  if (cooked !== null && content !== '' && balanced(cooked)) {
    const minified = minifyStylesheet(cooked);
    if (minified !== null && minified !== '') return toRaw(minified);
  }
  if (cooked !== null && cooked.trim() === '') return raw === '' ? '' : ' ';
  // Inside a rule or beside an expression: comments and line breaks go, nothing else.
  return raw.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s*\n\s*/g, ' ');
}

/** The name of the tag that `text` ends with (`<td class="x">` → `td`), if it does. */
function tagBefore(text: string): string | null {
  const match = /<\/?([a-zA-Z][\w-]*)(?:\s[^<>]*)?\/?>$/.exec(text);
  return match ? match[1]!.toLowerCase() : null;
}

/** The name of the tag that `text` starts with, if it does. */
function tagAfter(text: string): string | null {
  const match = /^<\/?([a-zA-Z][\w-]*)/.exec(text);
  return match ? match[1]!.toLowerCase() : null;
}

/** Stands for each expression while a template's parts are minified together. */
const HOLE = '\u0000';

/**
 * The raw parts of an html`` or svg`` template with line breaks and indentation collapsed.
 * The parts are read together, so that whitespace beside an expression still knows the tag
 * it sits in (`<tr>` + newline + `${cells}`).
 */
export function minifyHtmlParts(raws: readonly string[]): string[] {
  if (raws.some((raw) => raw.includes(HOLE))) return [...raws];
  const whole = raws.join(HOLE);
  const minified = whole.replace(/\s*\n\s*/g, (run: string, offset: number) => {
    const before = tagBefore(whole.slice(0, offset));
    const after = tagAfter(whole.slice(offset + run.length));
    const invisible = (before !== null && BLOCK_TAGS.has(before)) || (after !== null && BLOCK_TAGS.has(after));
    return invisible ? '' : ' ';
  });
  return minified.split(HOLE);
}

/** Lit's tag names as this module imports them: local name → `css` | `html` | `svg`. */
function litTags(program: Node): Map<string, string> {
  const tags = new Map<string, string>();
  for (const statement of program.body as Node[]) {
    if (statement.type !== 'ImportDeclaration' || !LIT_MODULES.has((statement.source as { value: string }).value)) continue;
    for (const spec of statement.specifiers as Node[]) {
      const imported = (spec.imported as { name?: string } | undefined)?.name;
      if (spec.type === 'ImportSpecifier' && (imported === 'css' || imported === 'html' || imported === 'svg')) {
        tags.set((spec.local as { name: string }).name, imported);
      }
    }
  }
  return tags;
}

/** Minifies the css``, html`` and svg`` templates of the modules under `include`. */
export function minifyTemplates(include: RegExp = /[\\/]src[\\/].*\.ts$/): Plugin {
  return {
    name: 'license-desk:minify-templates',
    apply: 'build',
    transform(code, id) {
      if (!include.test(id) || !/\b(css|html|svg)`/.test(code)) return null;
      const program = parseAst(code) as unknown as Node;
      const tags = litTags(program);
      if (tags.size === 0) return null;
      const out = new MagicString(code);
      for (const node of walk(program)) {
        if (node.type !== 'TaggedTemplateExpression') continue;
        const tag = node.tag as Node & { name?: string };
        const kind = tag.type === 'Identifier' ? tags.get(tag.name ?? '') : undefined;
        if (kind === undefined) continue;
        const quasis = (node.quasi as { quasis: Quasi[] }).quasis;
        const raws = quasis.map((q) => q.value.raw);
        if (kind !== 'css' && raws.some((raw) => /<(pre|textarea)\b/i.test(raw))) continue;
        const minified = kind === 'css' ? quasis.map(minifyCssPart) : minifyHtmlParts(raws);
        quasis.forEach((quasi, i) => {
          // An empty part stays empty: collapsing whitespace never adds text.
          if (quasi.end > quasi.start && minified[i] !== raws[i]) out.overwrite(quasi.start, quasi.end, minified[i]!);
        });
      }
      return out.hasChanged() ? { code: out.toString(), map: out.generateMap({ hires: 'boundary' }) } : null;
    },
  };
}
