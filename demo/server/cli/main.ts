/**
 * `npm start [-- --reset]`: the demo backend on one port, configured by environment:
 * HOST (127.0.0.1), PORT (8787), PUBLIC_URL, DATABASE_PATH (.data/demo.sqlite) or
 * DATABASE_URL (postgres://…), DEMO_TOKENS (A,B), ALLOWED_ORIGINS (comma-separated), SMTP_URL,
 * SEED (1), DEMO_NOW (an ISO instant such as 2027-01-15T09:00:00Z: the demo's clock starts there
 * and advances in real time, to watch renewals, expiries and notices happen; a new database is
 * seeded around it). Renewals run on start and every minute. Prints the addresses and both
 * reseller tokens. SIGINT or SIGTERM stops it within
 * a few seconds, whatever the SMTP server does.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { tokenHash } from '../http/auth.js';
import { defaultDatabasePath } from '../paths.js';
import { startDemoServer, type StartedDemoServer } from '../start.js';

const { values } = parseArgs({ options: { reset: { type: 'boolean', default: false } } });
const env = process.env;

const port = wholeNumber('PORT', env.PORT ?? '8787');
const seed = wholeNumber('SEED', env.SEED ?? '1');
const databaseUrl = env.DATABASE_URL?.trim() || undefined;
const databasePath = env.DATABASE_PATH ? resolve(env.DATABASE_PATH) : defaultDatabasePath();
const tokens = parseTokens(env.DEMO_TOKENS);
const allowedOrigins = list(env.ALLOWED_ORIGINS);
const demoNow = instant('DEMO_NOW', env.DEMO_NOW);

const started = performance.now();
const host = env.HOST ?? '127.0.0.1';
const server = await startDemoServer({
  port,
  host,
  databasePath,
  ...(databaseUrl ? { databaseUrl } : {}),
  reset: values.reset,
  seed,
  allowedOrigins,
  log: true,
  ...(tokens ? { tokens } : {}),
  ...(env.SMTP_URL ? { smtpUrl: env.SMTP_URL } : {}),
  ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {}),
  ...(demoNow ? { now: demoNow } : {}),
}).catch((error: unknown) => fail(startFailure(error)));
const facts = await databaseFacts(server);

console.log(`
License Desk demo backend is running (ready in ${Math.round(performance.now() - started)} ms)

  Storefront   ${server.url}/  (reseller B: ${server.url}/?reseller=b)
  Buy page     ${facts.buyPage}
  Customer     ${facts.customerPage}
  API base     ${server.apiBase}
  OpenAPI      ${server.apiBase}/openapi.json
  Outbox       ${server.url}/outbox
  Database     ${databaseUrl ? `PostgreSQL at ${redacted(databaseUrl)}` : databasePath}${facts.note}
  CORS         ${allowedOrigins.length > 0 ? allowedOrigins.join(', ') : 'same origin only (set ALLOWED_ORIGINS)'}
  Mail         ${env.SMTP_URL ? 'outbox and SMTP' : 'outbox only (set SMTP_URL to send)'}
  Clock        ${demoNow ? `started at ${demoNow.toISOString()} (DEMO_NOW)` : 'the system clock (set DEMO_NOW to start it elsewhere)'}

  Token of reseller A (${facts.names.A ?? 'A'}): ${server.tokens.a}
  Token of reseller B (${facts.names.B ?? 'B'}): ${server.tokens.b}

  curl -H "Authorization: Bearer ${server.tokens.a}" ${server.apiBase}/orders
`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    // Closing waits for a mail in flight only briefly; this is the bound on everything else.
    setTimeout(() => {
      console.error('Still stopping after 5 s: exiting anyway');
      process.exit(1);
    }, 5_000).unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}

function wholeNumber(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) fail(`${name} must be a whole number, got ${JSON.stringify(text)}`);
  return value;
}

/** An ISO 8601 instant with its time zone, or undefined when unset. */
function instant(name: string, text: string | undefined): Date | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = new Date(text.trim());
  if (!/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(text.trim()) || Number.isNaN(value.getTime())) {
    fail(`${name} must be an ISO 8601 instant such as 2027-01-15T09:00:00Z, got ${JSON.stringify(text)}`);
  }
  return value;
}

function list(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function parseTokens(text: string | undefined): [string, string] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const [a, b, ...rest] = list(text);
  if (a === undefined || b === undefined || rest.length > 0 || a === b) fail('DEMO_TOKENS must be two different tokens: A,B');
  return [a, b];
}

/**
 * The resellers' names by token label, a note when the data was seeded on another day, and
 * reseller A's buy page and one customer's activation page to try.
 */
async function databaseFacts(server: StartedDemoServer): Promise<{ names: Record<string, string>; note: string; buyPage: string; customerPage: string }> {
  const { store } = server;
  const hashes = await store.tokenHashes();
  const names: Record<string, string> = {};
  let first: string | null = null;
  for (const [label, token] of [['A', server.tokens.a], ['B', server.tokens.b]] as const) {
    const entry = hashes.find(({ hash }) => hash.equals(tokenHash(token)));
    const reseller = entry ? await store.reseller(entry.resellerId) : null;
    if (reseller) names[label] = reseller.name;
    first ??= reseller?.id ?? null;
  }
  const [product] = first === null ? [] : await store.catalog(first);
  const buyPage = product ? `${server.url}/buy/${encodeURIComponent(product.id)}` : 'none (the catalog is empty)';
  const today = first === null ? null : await store.searchOrders(first, { state: 'processed', limit: 20 });
  let code: string | undefined;
  for (const order of today?.items ?? []) {
    if (order.availableCount === 0 || first === null) continue;
    code = (await store.licenses(first, order.id, { status: 'available', limit: 1 })).items[0]?.activationCode;
    if (code) break;
  }
  const customerPage = code ? `${server.url}/activate/${encodeURIComponent(code)}  (an available license's activation link)` : 'none (no available license)';
  const seededOn = (await store.seededAt())?.slice(0, 10);
  const stale = seededOn !== undefined && seededOn !== (demoNow ?? new Date()).toISOString().slice(0, 10);
  const note = stale ? `\n               seeded ${seededOn}: 'today' has no new orders; npm start -- --reset reseeds` : '';
  return { names, note, buyPage, customerPage };
}

/** A connection URL without its password. */
function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the DATABASE_URL given';
  }
}

/** Why the demo could not start, as one sentence for the errors a person can fix. */
function startFailure(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const reason = typeof message === 'string' ? message : String(error);
  const where = databaseUrl ? `the PostgreSQL database at ${redacted(databaseUrl)}` : `the database ${databasePath}`;
  if (typeof code === 'string' && (/^SQLITE_(CANTOPEN|READONLY|PERM|NOTADB|CORRUPT)/.test(code) || ['EACCES', 'EROFS', 'ENOENT', 'ENOTDIR', 'EEXIST', 'EPERM'].includes(code))) {
    return `Cannot open ${where} (${reason}). Set DATABASE_PATH to a file in a folder you can write to.`;
  }
  if (code === 'EADDRINUSE') return `Port ${port} on ${host} is in use. Set PORT to a free port.`;
  if (code === 'EADDRNOTAVAIL') return `This machine has no address ${host}. Set HOST to one of its addresses.`;
  if (code === 'ECONNREFUSED' || code === '28P01' || code === '3D000') return `Cannot connect to ${where} (${reason}).`;
  throw error;
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}
