/** Where the demo backend finds the repository's files and keeps its database. */
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** `.data/demo.sqlite` below the repository root. */
export function defaultDatabasePath(): string {
  return join(ROOT, '.data', 'demo.sqlite');
}

/** Deletes a database file with its WAL and shared-memory files; nothing for `:memory:`. */
export function removeDatabaseFiles(path: string): void {
  if (path === ':memory:') return;
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}
