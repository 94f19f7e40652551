/**
 * The recipes' files, taken from their Markdown: every fenced block whose first line is a
 * comment naming a file (`// vite.config.ts`, `<!-- src/App.vue -->`) is that file, whole.
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
