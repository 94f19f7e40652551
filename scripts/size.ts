/**
 * `npm run size`: builds the single-file bundle, the buy and activation pages' own files, and
 * each element's own entry (minified, with
 * its dependencies, as a page that imports only that element gets it) into a temporary
 * folder, and prints their bytes raw, gzipped and brotli-compressed, with what loads lazily
 * (the validators with the first request, German on a German page, papaparse on the first
 * export) on lines of its own, and what a page loads in all before anyone clicks.
 *
 * `npm run size -- --check` builds nothing: it measures `dist/cdn` as `npm run build:cdn`
 * left it. Either way the command fails when the single-file bundle passes the limit, or
 * the bundle with the first request's validators passes its budget.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'vite';
import { formatTable, type Cell } from './bench/table.js';
import { CDN_FILES } from './build/cdn-files.js';

/** The most the single-file bundle may weigh, gzipped (35 kB). */
export const BUNDLE_LIMIT_GZIP = 35_000;

/**
 * The most a page in English that talks to the API may load before anyone clicks, gzipped
 * (45 kB): the bundle and the validators that load with the first request.
 */
export const FIRST_REQUEST_BUDGET_GZIP = 45_000;

const ROOT = new URL('..', import.meta.url).pathname;
const CONFIG = join(ROOT, 'vite.config.ts');
const ELEMENTS = join(ROOT, 'src/elements');

/** Bytes of one file: raw, gzip (level 9) and brotli (quality 11). */
export interface Weight {
  raw: number;
  gzip: number;
  brotli: number;
}

/** The weight of `bytes` as a server would send them compressed. */
export function weigh(bytes: Buffer): Weight {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** A build's file and the files it imports, statically (loaded with it) and dynamically (when needed), relative to the build. */
interface Imports {
  eager: string[];
  lazy: string[];
}

/** What `file` (relative to the build folder `dir`) imports: `import … from "./x.js"` and `import("./x.js")`. */
function importsOf(dir: string, file: string): Imports {
  const text = readFileSync(join(dir, file), 'utf8');
  const folder = posix.dirname(file);
  const resolve = (spec: string) => posix.normalize(posix.join(folder, spec));
  const eager = [...text.matchAll(/\bimport\s*(?:[\w$*{}\s,]+from\s*)?["'`](\.{1,2}\/[^"'`]+)["'`]/g)].map((m) => resolve(m[1]!));
  const lazy = [...text.matchAll(/\bimport\(\s*["'`](\.{1,2}\/[^"'`]+)["'`]\s*\)/g)].map((m) => resolve(m[1]!));
  return { eager: [...new Set(eager)], lazy: [...new Set(lazy)] };
}

/** `file` and every file it imports statically, directly or through another. */
function eagerClosure(dir: string, file: string): Set<string> {
  const seen = new Set<string>();
  const visit = (f: string) => {
    if (seen.has(f)) return;
    seen.add(f);
    for (const next of importsOf(dir, f).eager) visit(next);
  };
  visit(file);
  return seen;
}

/**
 * The JavaScript files of one entry of a build, found by following its imports (the CDN
 * files share one `chunks` folder, so a folder listing would mix theirs): the entry, the
 * chunks it imports statically (a page loads them with it), and each chunk it may import
 * later, with what that chunk brings along that is not loaded by then (`lazy`, by chunk): a
 * chunk that a lazy chunk imports lazily (the keys table's dialogs) loads after that one, so
 * what the two share counts once, with the first.
 */
function outputs(dir: string, entry: string): { entry: Weight; eager: [string, Weight][]; lazy: [string, Weight][] } {
  const upFront = eagerClosure(dir, entry);
  const lazy = new Map<string, Set<string>>();
  /** What is loaded by the time each file runs. */
  const loadedWhen = new Map([...upFront].map((f) => [f, upFront]));
  const queue = [...upFront];
  while (queue.length > 0) {
    const file = queue.shift()!;
    const before = loadedWhen.get(file)!;
    for (const chunk of importsOf(dir, file).lazy) {
      if (lazy.has(chunk) || upFront.has(chunk)) continue;
      const closure = eagerClosure(dir, chunk);
      const brings = new Set([...closure].filter((f) => !before.has(f)));
      lazy.set(chunk, brings);
      const after = new Set([...before, ...closure]);
      for (const f of brings) if (!loadedWhen.has(f)) (loadedWhen.set(f, after), queue.push(f));
    }
  }
  const weightOf = (file: string) => weigh(readFileSync(join(dir, file)));
  return {
    entry: weightOf(entry),
    eager: [...upFront].filter((f) => f !== entry).map((f): [string, Weight] => [f, weightOf(f)]),
    lazy: [...lazy].map(([chunk, brings]): [string, Weight] => [chunk, sum([...brings].map(weightOf))]),
  };
}

/** Builds `entry` with the kit's Vite configuration into `outDir` as `fileName`. */
async function buildEntry(entry: string, outDir: string, fileName: string): Promise<void> {
  await build({
    configFile: CONFIG,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, sourcemap: false, lib: { entry, formats: ['es'], fileName: () => fileName } },
  });
}

const number = (n: number) => n.toLocaleString('en-US');
const row = (name: string, w: Weight): Cell[] => [name, number(w.raw), number(w.gzip), number(w.brotli)];
const sum = (weights: Weight[]): Weight => ({
  raw: weights.reduce((n, w) => n + w.raw, 0),
  gzip: weights.reduce((n, w) => n + w.gzip, 0),
  brotli: weights.reduce((n, w) => n + w.brotli, 0),
});
/** `chunks/papaparse-C3JFiTGb.js` → `chunks/papaparse.js`: names that stay put from build to build. */
const stable = (chunk: string) => chunk.replace(/-[\w-]{8}\.js$/, '.js');

/** When each lazy chunk loads, by its stable name. */
const LOADS_WHEN: Record<string, string> = {
  'chunks/validators.js': 'with the first API call',
  'chunks/columns.js': 'on the first export',
  'chunks/papaparse.js': 'on the first export',
  'chunks/de.js': 'on a page in German',
  'chunks/license-keys-table.js': "when an order's keys are first shown",
  'chunks/dialogs.js': 'with the first license keys table',
  'chunks/cancel-order-dialog.js': "on an order's first Cancel",
};

async function main(): Promise<number> {
  const check = process.argv.includes('--check');
  const rows: Cell[][] = [];
  const temp = check ? null : mkdtempSync(join(tmpdir(), 'license-desk-size-'));
  let upFront: Weight;
  let firstRequest: Weight;
  try {
    const cdn = temp === null ? join(ROOT, 'dist/cdn') : join(temp, 'cdn');
    if (temp !== null) await buildEntry(join(ROOT, CDN_FILES[0].entry), cdn, CDN_FILES[0].file);
    const bundle = outputs(cdn, 'license-desk.js');
    upFront = sum([bundle.entry, ...bundle.eager.map(([, w]) => w)]);
    rows.push(row("license-desk.js (the reseller's elements)", bundle.entry));
    for (const [chunk, weight] of bundle.eager) rows.push(row(`+ ${stable(chunk)} (imported with it)`, weight));
    if (bundle.eager.length > 0) rows.push(row('= loaded up front', upFront));
    for (const [chunk, weight] of bundle.lazy) {
      rows.push(row(`lazy: ${stable(chunk)} (${LOADS_WHEN[stable(chunk)] ?? 'when needed'})`, weight));
    }
    const lazy = (name: string) => bundle.lazy.find(([chunk]) => stable(chunk) === name)?.[1] ?? null;
    const validators = lazy('chunks/validators.js');
    const german = lazy('chunks/de.js');
    if (validators === null) throw new Error('chunks/validators.js is missing from the build');
    firstRequest = sum([upFront, validators]);
    rows.push(row('= a page in English, with its first request', firstRequest));
    if (german !== null) rows.push(row('= a page in German, with its first request', sum([firstRequest, german])));
    // The pages' own files (the buy page, the customer's activation page), with their eager chunks.
    for (const { file, entry, holds } of CDN_FILES.filter((f) => f.file !== 'license-desk.js')) {
      const dir = temp === null ? cdn : join(temp, file);
      if (temp !== null) await buildEntry(join(ROOT, entry), dir, file);
      if (!existsSync(join(dir, file))) throw new Error(`${file} is missing from the build`);
      const page = outputs(dir, file);
      rows.push(row(`${file} (${holds})`, sum([page.entry, ...page.eager.map(([, w]) => w)])));
    }
    if (temp !== null) {
      for (const tag of readdirSync(ELEMENTS).filter((name) => name !== 'shared').sort()) {
        const out = join(temp, tag);
        await buildEntry(join(ELEMENTS, tag, `${tag}.ts`), out, `${tag}.js`);
        const alone = outputs(out, `${tag}.js`);
        rows.push(row(`elements/${tag} alone`, sum([alone.entry, ...alone.eager.map(([, w]) => w)])));
      }
    }
  } finally {
    if (temp !== null) rmSync(temp, { recursive: true, force: true });
  }
  console.log(formatTable(['what (bytes)', 'raw', 'gzip', 'brotli'], rows));
  console.log('\nA lazy line weighs its chunk with the chunks it imports that are not loaded by then (up front, or with the lazy chunk that imports it).');
  const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;
  const over = upFront.gzip > BUNDLE_LIMIT_GZIP;
  const overBudget = firstRequest.gzip > FIRST_REQUEST_BUDGET_GZIP;
  console.log(
    `\nSingle-file bundle: ${kB(upFront.gzip)} gzipped, ${kB(upFront.brotli)} brotli; ` +
      `limit ${kB(BUNDLE_LIMIT_GZIP)} gzipped: ${over ? 'OVER THE LIMIT' : 'within'}.` +
      `\nWith the validators of the first request: ${kB(firstRequest.gzip)} gzipped; ` +
      `budget ${kB(FIRST_REQUEST_BUDGET_GZIP)}: ${overBudget ? 'OVER THE BUDGET' : 'within'}.`,
  );
  return over || overBudget ? 1 : 0;
}

process.exitCode = await main();
