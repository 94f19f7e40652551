/** Opens the demo's database: PostgreSQL for a `postgres://` URL, else the SQLite file at that path. */
import { removeDatabaseFiles } from '../paths.js';
import type { ServerStore } from './server-store.js';

export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/** The store at `target`; with `reset`, emptied first. `poolSize` caps PostgreSQL connections. */
export async function openStore(target: string, options: { reset: boolean; poolSize?: number | undefined }): Promise<ServerStore> {
  if (isPostgresUrl(target)) {
    const { openPostgresStore } = await import('./postgres/postgres-store.js');
    const store = await openPostgresStore({ connectionString: target, ...(options.poolSize ? { max: options.poolSize } : {}) });
    if (options.reset) await store.reset();
    return store;
  }
  if (options.reset) removeDatabaseFiles(target);
  const { SqliteStore } = await import('./sqlite/sqlite-store.js');
  return SqliteStore.open(target);
}
