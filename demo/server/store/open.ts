/** Opens the demo's database: PostgreSQL for a `postgres://` URL, else the SQLite file at that path. */
import { removeDatabaseFiles } from '../paths.js';
import type { ServerStore } from './server-store.js';
import { ResellerKeys, sealing } from './shared/sealing.js';

export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/**
 * The store at `target`; with `reset`, emptied first. `poolSize` caps PostgreSQL connections.
 * Its cursors and history ids are sealed per reseller under the database's own secret.
 */
export async function openStore(target: string, options: { reset: boolean; poolSize?: number | undefined }): Promise<ServerStore> {
  const store = await openPlainStore(target, options);
  try {
    return sealing(store, new ResellerKeys(await store.secret('sealing')));
  } catch (error) {
    await store.close();
    throw error;
  }
}

async function openPlainStore(target: string, options: { reset: boolean; poolSize?: number | undefined }): Promise<ServerStore> {
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
