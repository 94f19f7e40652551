/**
 * The recipes' files, taken from their Markdown: every fenced block whose first line is a
 * comment naming a file (`// vite.config.ts`, `<!-- src/App.vue -->`) is that file, whole.
 * In the README, which holds many such blocks, an example the tests build is marked by an
 * HTML comment on the line before it (`<!-- example: react -->`).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const BLOCK = /```[\w-]*\n(?:\/\/|<!--)\s*([\w./-]+\.\w+)\s*(?:-->)?\n([\s\S]*?)```/g;

/** The files of a recipe, by path. */
export function recipeFiles(markdownFile: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const [, path, body] of readFileSync(markdownFile, 'utf8').matchAll(BLOCK)) files.set(path!, body!);
  return files;
}

/** Writes a recipe's files into `project`. */
export function writeRecipe(markdownFile: string, project: string): string[] {
  const files = recipeFiles(markdownFile);
  for (const [path, body] of files) {
    mkdirSync(dirname(join(project, path)), { recursive: true });
    writeFileSync(join(project, path), body);
  }
  return [...files.keys()];
}

/** The file of the block marked `<!-- example: <name> -->` in `markdownFile`: its path and text. */
export function markedExample(markdownFile: string, name: string): { path: string; body: string } {
  const marker = `<!-- example: ${name} -->\n`;
  const text = readFileSync(markdownFile, 'utf8');
  const at = text.indexOf(marker);
  if (at < 0 || text.indexOf(marker, at + 1) >= 0) throw new Error(`${markdownFile} must mark exactly one block as ${marker.trim()}`);
  const block = new RegExp(BLOCK.source).exec(text.slice(at + marker.length));
  if (block?.index !== 0) throw new Error(`${marker.trim()} in ${markdownFile} is not followed by a block naming its file`);
  return { path: block[1]!, body: block[2]! };
}
