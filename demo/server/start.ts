/**
 * Starts the demo backend: opens (creating and seeding when needed) the database, installs the
 * reseller tokens and serves the app. Used by `npm start` and by tests, which start servers
 * on free ports with in-memory databases.
 */
import { createServer, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { createDemoWorld } from '../../src/api/memory/demo-data.js';
import { isSafeLink } from '../../src/api/contract/links.js';
import { clockFrom, systemClock } from '../../src/service/clock.js';
import { JobRunner, type JobRunnerOptions, LicensesService } from '../../src/service/service.js';
import { createApp } from './http/app.js';
import { deriveDemoTokens, tokenHash } from './http/auth.js';
import { answerClientError, answerUnreadableRequest, requiringHost } from './http/client-errors.js';
import { Mailer, type MailerOptions } from './mailer.js';
import { defaultDatabasePath } from './paths.js';
import { startRenewals } from './renewals.js';
import { openStore } from './store/open.js';
import type { ServerStore } from './store/server-store.js';

export interface DemoServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default `.data/demo.sqlite`; `:memory:` allowed. A new file is created and seeded. */
  databasePath?: string;
  /** A `postgres://` URL: the demo runs on that PostgreSQL database instead of SQLite. */
  databaseUrl?: string;
  /** At most this many PostgreSQL connections (10). */
  databasePoolSize?: number;
  /** Delete the database first and seed a fresh one. */
  reset?: boolean;
  /** Seed of the demo data and of the derived tokens; default 1. */
  seed?: number;
  /** The day the demo data is built around; default the demo's now. */
  today?: Date;
  /** The instant the demo's clock starts at (it advances in real time from there); default the system's time. */
  now?: Date;
  /** How often the renewals run after the run on start, in milliseconds; default a minute. */
  renewalsEveryMs?: number;
  /** Orders of reseller A; default 320. */
  orders?: number;
  /** Licenses of the big order; default 5,000. */
  bigOrderLicenses?: number;
  /** Tokens of reseller A and B; default derived from the seed. */
  tokens?: [string, string];
  /** Origins allowed to call the API from a browser. */
  allowedOrigins?: string[];
  /** Also send the outbox through this SMTP server (nodemailer URL). */
  smtpUrl?: string;
  /** The mailer's retry delays, timeouts and grace on closing (see mailer.ts); for tests. */
  mail?: Omit<MailerOptions, 'smtpUrl' | 'log'>;
  /** Where warnings and mail failures go; default stderr. */
  warn?: (line: string) => void;
  /** The URL browsers use to reach the server, when not its own address. */
  publicUrl?: string;
  /** Print a line per request. */
  log?: boolean;
  /** How the job runner batches and polls (see job-runner.ts); for tests and benchmarks. */
  jobs?: Omit<JobRunnerOptions, 'onError'>;
}

export interface StartedDemoServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `url + '/api/v1'` */
  apiBase: string;
  tokens: { a: string; b: string };
  /** The database behind it. */
  store: ServerStore;
  /**
   * Settles once what searches keep in the process is read (ServerStore.readOrdersAhead),
   * which starts with the server: true, or false when it could not be (a search starts it again).
   */
  readAhead: Promise<boolean>;
  /**
   * Stops accepting connections, waits (two seconds at most) for the requests under way to be
   * answered, ends every connection, waits for the job runner's batch and for mail, and closes
   * the database.
   */
  close(): Promise<void>;
}

/** Starts a demo backend; resolves once it is listening. */
export async function startDemoServer(options: DemoServerOptions = {}): Promise<StartedDemoServer> {
  const seed = options.seed ?? 1;
  const clock = options.now ? clockFrom(options.now) : systemClock;
  const store = await prepareStore({ ...options, today: options.today ?? clock.now() }, seed);
  const [a, b] = options.tokens ?? deriveDemoTokens(seed);
  await store.installTokens([a, b]);
  const warn = options.warn ?? ((line: string) => console.error(line));
  const mailer = new Mailer(store, { ...options.mail, smtpUrl: options.smtpUrl, log: warn });
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host)) {
    warn(
      `Warning: HOST=${host} serves the demo beyond this machine. Anyone who reaches it can open the storefront ` +
        'signed in as a demo reseller and change its data. Use HOST=127.0.0.1 unless that is what you want.',
    );
  }

  let handle: (request: Request) => Response | Promise<Response> = () => new Response(null, { status: 503 });
  const listener = getRequestListener((request) => handle(request), { hostname: host, errorHandler: answerUnreadableRequest });
  const answering = new AnswersUnderWay();
  const server = createServer({ requireHostHeader: false }, answering.track(requiringHost(discardingUnreadBody(listener))));
  server.on('clientError', answerClientError);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
  } catch (error) {
    await mailer.close();
    await store.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const publicUrl = (options.publicUrl ?? url).replace(/\/+$/, '');
  const service = new LicensesService({
    store,
    clock,
    buyUrl: buyUrlOf(publicUrl),
    ...(isSafeLink(`${publicUrl}/activate/CODE`) ? { activationLinkBase: `${publicUrl}/activate/` } : {}),
    afterChange: () => void mailer.deliverPending(),
    onJobQueued: () => jobs.wake(),
  });
  // Bulk jobs run in the background; on start it picks up what an earlier run left unfinished.
  const jobs = new JobRunner(service, { ...options.jobs, onError: (error) => warn(`Job runner: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`) });
  const storefront = await storefrontResellers(store, [a, b]);
  const app = createApp({
    store,
    service,
    allowedOrigins: options.allowedOrigins ?? [],
    ...(storefront ? { storefrontResellers: storefront } : {}),
    ...(options.log ? { log: (line: string) => console.log(line) } : {}),
  });
  // What came due while the server was down is applied before the first request is answered.
  const renewals = await startRenewals(service, { warn, ...(options.renewalsEveryMs ? { everyMs: options.renewalsEveryMs } : {}) });
  handle = (request) => answering.during(app.fetch(request));
  // What an earlier run left due (a retry whose time has come) goes out now, not at the first check.
  void mailer.deliverPending();
  jobs.wake();
  // The first search by a fragment of a number or code need not wait for the orders to be read.
  const readAhead = store.readOrdersAhead().then(() => true, () => false);

  let closing: Promise<void> | null = null;
  return {
    url,
    apiBase: `${url}/api/v1`,
    tokens: { a, b },
    store,
    readAhead,
    close: () =>
      (closing ??= (async () => {
        // No new connection; the requests under way are answered (for DRAIN_MS at most) before
        // the database they read closes, and then every connection is cut.
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await answering.drained(DRAIN_MS);
        server.closeAllConnections();
        await closed;
        await renewals.close();
        await jobs.stop();
        await mailer.close();
        await store.close();
      })()),
  };
}

/** How long closing the server waits for the requests under way to be answered. */
const DRAIN_MS = 2_000;

/**
 * The requests under way: each from the moment the server takes it until both its response is
 * finished (or its connection closed) and the app is done with it, which goes on after a client
 * that gave up closed its connection.
 */
class AnswersUnderWay {
  readonly #open = new Set<object>();
  #onDrained: (() => void) | null = null;

  /** The listener, counting each response until it is finished or its connection closes. */
  track(listener: RequestListener): RequestListener {
    return (request, response) => {
      this.#open.add(response);
      response.once('close', () => this.#delete(response));
      return listener(request, response);
    };
  }

  /** The app's answer, counted until it settles. */
  during(answer: Response | Promise<Response>): Response | Promise<Response> {
    if (!(answer instanceof Promise)) return answer;
    const key = {};
    this.#open.add(key);
    const done = () => this.#delete(key);
    answer.then(done, done);
    return answer;
  }

  /** Resolves once no request is under way, or after `ms`. */
  drained(ms: number): Promise<void> {
    if (this.#open.size === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#onDrained = done;
    });
  }

  #delete(item: object): void {
    this.#open.delete(item);
    if (this.#open.size === 0) this.#onDrained?.();
  }
}

/**
 * Wraps the request listener so that the rest of a body the app answered without reading
 * (a 413 from Content-Length, a body refused before it was parsed) is read and thrown away,
 * and the connection stays usable for the client's next request. Node does that itself only
 * for a body nobody started reading; the adapter's body stream has started reading it and then
 * holds it paused, so the unread bytes would stay on the socket until the adapter gives up
 * waiting and closes the connection, under the client's next request. The adapter's limits on
 * that wait (half a second, 64 MiB) still bound what is read here.
 */
function discardingUnreadBody(listener: RequestListener): RequestListener {
  return (request, response) => {
    response.once('finish', () => {
      if (request.readableEnded || request.destroyed) return;
      request.removeAllListeners('data');
      request.resume();
    });
    return listener(request, response);
  };
}

/** Opens the database, replacing it when asked or when an earlier seed did not finish, and seeds it when new. */
async function prepareStore(options: DemoServerOptions, seed: number): Promise<ServerStore> {
  const target = options.databaseUrl ?? options.databasePath ?? defaultDatabasePath();
  const poolSize = options.databasePoolSize;
  let store = await openStore(target, { reset: options.reset ?? false, poolSize });
  if ((await store.seededAt()) !== null) return store;
  if (!(await store.isEmpty())) {
    await store.close();
    store = await openStore(target, { reset: true, poolSize });
  }
  const world = createDemoWorld({
    seed,
    ...(options.today ? { today: options.today } : {}),
    ...(options.orders !== undefined ? { orders: options.orders } : {}),
    ...(options.bigOrderLicenses !== undefined ? { bigOrderLicenses: options.bigOrderLicenses } : {}),
  });
  await store.seed(world, { seed });
  return store;
}

/** Whether the server is reachable from this machine only. */
export function isLoopback(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[|\]$/g, '');
  return name === 'localhost' || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name);
}

/** The ids of the resellers of tokens A and B, whom the storefront signs in as. */
async function storefrontResellers(store: ServerStore, tokens: readonly [string, string]): Promise<{ a: string; b: string } | null> {
  const hashes = await store.tokenHashes();
  const [a, b] = tokens.map((token) => hashes.find(({ hash }) => hash.equals(tokenHash(token)))?.resellerId);
  return a !== undefined && b !== undefined ? { a, b } : null;
}

/** The demo's Buy More page, where it makes a safe link. */
function buyUrlOf(publicUrl: string): string {
  const template = `${publicUrl}/buy/{productId}`;
  return isSafeLink(template.replace('{productId}', 'p')) ? template : 'https://store.example.com/buy/{productId}';
}
