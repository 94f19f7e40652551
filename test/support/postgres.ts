/**
 * A throwaway PostgreSQL database for tests. With PostgreSQL's server binaries installed
 * (`/usr/lib/postgresql/<version>/bin`), a fresh cluster in a temporary folder on a free
 * loopback port, without fsync; otherwise PGlite (PostgreSQL in WebAssembly) served over the
 * wire protocol on a free loopback port. `LD_TEST_PGLITE=1` forces PGlite. Nothing touches a
 * cluster the machine may already run; `stop()` leaves nothing running and removes the folder.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

export interface TestPostgres {
  url: string;
  stop(): Promise<void>;
  /** How many connections the server takes at once (PGlite runs one session, so 1); undefined: no limit worth naming. */
  poolSize?: number;
  /** 'postgres' or 'pglite'. */
  engine: 'postgres' | 'pglite';
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = process.env.LD_TEST_PGLITE === '1' ? null : postgresBin();
  return bin === null ? startPglite() : startCluster(bin);
}

/** The newest `/usr/lib/postgresql/<version>/bin` with an initdb, or null. */
function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? null : join(root, versions[0], 'bin');
}


async function startCluster(bin: string): Promise<TestPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'ld-pg-'));
  const root = process.getuid?.() === 0;
  // initdb refuses to run as root: as root, the cluster belongs to the postgres user.
  const run = (program: string, args: string[]) => {
    const command = root ? 'runuser' : join(bin, program);
    const argv = root ? ['-u', 'postgres', '--', join(bin, program), ...args] : args;
    return execFileSync(command, argv, { stdio: 'pipe', cwd: dir, encoding: 'utf8' });
  };
  const data = join(dir, 'data');
  let started = false;
  try {
    if (root) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(dir, uid, gid);
    }
    chmodSync(dir, 0o700);
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
    const port = await freePort();
    const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    run('pg_ctl', ['-D', data, '-o', settings, '-l', join(dir, 'server.log'), '-w', 'start']);
    started = true;
    run('psql', ['-h', dir, '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-qc', 'CREATE DATABASE license_desk']);
    return {
      engine: 'postgres',
      url: `postgres://postgres@127.0.0.1:${port}/license_desk`,
      async stop() {
        try {
          run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    if (started) {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } catch {
        // Already down.
      }
    }
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function startPglite(): Promise<TestPostgres> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const db = await PGlite.create({ extensions: { pg_trgm } });
  const port = await freePort();
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 4 });
  await server.start();
  return {
    engine: 'pglite',
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    poolSize: 1,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
