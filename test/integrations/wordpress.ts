/**
 * A real WordPress for the plugin's test, from Debian's packages: MariaDB on a temporary
 * data folder (a unix socket and a loopback port), a copy of /usr/share/wordpress with its
 * own wp-config.php served by `php -S` on 127.0.0.1, installed through its install page.
 * `stop()` ends both servers and removes every file.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { tempDir } from './site.js';

const WORDPRESS = '/usr/share/wordpress';
const NEEDED = [`${WORDPRESS}/wp-settings.php`, '/usr/bin/mariadb-install-db', '/usr/sbin/mariadbd', '/usr/bin/php'];
export const APT_PACKAGES = 'wordpress mariadb-server php-cli php-mysql';

/** Why the WordPress test cannot run here, or null when it can. */
export function missingWordPress(): string | null {
  const missing = NEEDED.filter((file) => !existsSync(file));
  if (missing.length === 0 && spawnSync('php', ['-r', 'exit(extension_loaded("mysqli") ? 0 : 1);']).status === 0) return null;
  return `WordPress, MariaDB or PHP's MySQL extension is not installed (${missing.join(', ') || 'mysqli'}): apt-get install -y ${APT_PACKAGES}`;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

async function until(what: string, test: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await Promise.resolve().then(test).catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Ends a server started in its own process group, with every process it forked. */
function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // Already gone.
    }
  };
  return new Promise((done) => {
    const timer = setTimeout(() => signal('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      signal('SIGKILL');
      done();
    });
    signal('SIGTERM');
  });
}

export interface WordPress {
  url: string;
  user: string;
  password: string;
  /** Runs PHP with WordPress loaded (as the admin user); returns what it prints. */
  php(code: string): string;
  stop(): Promise<void>;
}

export async function startWordPress(plugins: Record<string, string>): Promise<WordPress> {
  const work = tempDir('wordpress');
  // MariaDB runs as `mysql`, so it must reach its folder inside the temporary one.
  chmodSync(work.dir, 0o755);
  const data = join(work.dir, 'mariadb');
  mkdirSync(data);
  const mysql = spawnSync('id', ['-u', 'mysql'], { encoding: 'utf8' });
  const [uid, gid] = [Number(mysql.stdout), Number(spawnSync('id', ['-g', 'mysql'], { encoding: 'utf8' }).stdout)];
  chownSync(data, uid, gid);
  const socket = join(data, 'mariadb.sock');
  const dbPort = await freePort();
  const webPort = await freePort();
  let db: ChildProcess | undefined;
  let web: ChildProcess | undefined;
  const stop = async () => {
    await stopProcess(web);
    await stopProcess(db);
    work.remove();
  };

  try {
    const install = spawnSync(
      'mariadb-install-db',
      ['--no-defaults', `--datadir=${data}`, '--user=mysql', '--auth-root-authentication-method=normal', '--skip-test-db'],
      { encoding: 'utf8' },
    );
    if (install.status !== 0) throw new Error(`mariadb-install-db failed:\n${install.stdout}\n${install.stderr}`);
    db = spawn('mariadbd', [
      '--no-defaults', `--datadir=${data}`, '--user=mysql', `--socket=${socket}`, `--port=${dbPort}`, '--bind-address=127.0.0.1',
      `--pid-file=${join(data, 'mariadb.pid')}`, '--skip-log-bin', '--innodb-buffer-pool-size=32M', '--skip-name-resolve',
    ], { stdio: 'ignore', detached: true });
    await until('MariaDB', () => existsSync(socket));
    const sql = (statement: string) => {
      const result = spawnSync('mariadb', ['--no-defaults', `--socket=${socket}`, '-uroot', '-e', statement], { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`${statement}: ${result.stderr}`);
    };
    await until('MariaDB to answer', () => (sql('SELECT 1'), true));
    sql("CREATE DATABASE wordpress; CREATE USER 'wp'@'127.0.0.1' IDENTIFIED BY 'wp'; GRANT ALL ON wordpress.* TO 'wp'@'127.0.0.1';");

    const root = join(work.dir, 'wordpress');
    cpSync(WORDPRESS, root, { recursive: true, dereference: true, filter: (src) => !src.endsWith('/.htaccess') });
    const url = `http://127.0.0.1:${webPort}`;
    writeFileSync(join(root, 'wp-config.php'), `<?php
define('DB_NAME', 'wordpress');
define('DB_USER', 'wp');
define('DB_PASSWORD', 'wp');
define('DB_HOST', '127.0.0.1:${dbPort}');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
define('WP_HOME', '${url}');
define('WP_SITEURL', '${url}');
define('WP_CONTENT_DIR', __DIR__ . '/wp-content');
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('DISABLE_WP_CRON', true);
define('WP_DEBUG', false);
${['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT'].map((k, i) => `define('${k}', 'test-only-${k}-${i}-${webPort}');`).join('\n')}
$table_prefix = 'wp_';
if (!defined('ABSPATH')) define('ABSPATH', __DIR__ . '/');
require_once ABSPATH . 'wp-settings.php';
`);
    for (const [name, from] of Object.entries(plugins)) cpSync(from, join(root, 'wp-content/plugins', name), { recursive: true });

    web = spawn('php', ['-S', `127.0.0.1:${webPort}`, '-t', root], { stdio: 'ignore', detached: true, env: { ...process.env, PHP_CLI_SERVER_WORKERS: '4' } });
    await until('PHP', async () => (await fetch(`${url}/wp-login.php`, { redirect: 'manual' })).status > 0);

    const user = 'admin';
    const password = 'license-desk-test-only';
    const installed = await fetch(`${url}/wp-admin/install.php?step=2`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        weblog_title: 'Reseller', user_name: user, admin_password: password, admin_password2: password, pw_weak: 'on',
        admin_email: 'admin@example.com', blog_public: '0', language: '',
      }),
    });
    const page = await installed.text();
    if (!/Success!|wp-login\.php/.test(page)) throw new Error(`WordPress did not install:\n${page.slice(0, 2000)}`);

    const php = (code: string) => {
      const script = `<?php
$_SERVER['HTTP_HOST'] = '127.0.0.1:${webPort}';
require ${JSON.stringify(join(root, 'wp-load.php'))};
require_once ABSPATH . 'wp-admin/includes/plugin.php';
wp_set_current_user(1);
${code}`;
      const result = spawnSync('php', ['-d', 'display_errors=stderr'], { input: script, encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`php failed:\n${result.stdout}\n${result.stderr}`);
      return result.stdout;
    };
    return { url, user, password, php, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
