/**
 * A SQLite store file in a folder of its own, with a connection that writes and a read-only
 * one beside it, as a reader thread has: for tests of what a reader keeps between reads.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Db, openDatabase, openReader } from '../../demo/server/store/sqlite/database.js';

/** Runs `use` with both connections, then closes them and removes the folder, whatever `use` does. */
export function withWriterAndReader(prefix: string, use: (writer: Db, reader: Db) => void): void {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  const writer = openDatabase(join(folder, 'store.sqlite'));
  const reader = openReader(join(folder, 'store.sqlite'));
  try {
    use(writer, reader);
  } finally {
    reader.close();
    writer.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
