/**
 * The demo backend as one Hono app: the API under `/api/v1` (bearer tokens) and again under
 * `/session/api/v1` (the storefront's session cookie, same origin only), the outbox, the
 * start page and the static files, behind security headers, CORS from an allow-list and a
 * body size limit. Every error, down to an unknown route or an unexpected exception, is a
 * problem document; no page or answer is ever cached.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { ApiError } from '../../../src/api/contract/errors.js';
import { buildOpenApiDocument } from '../../../src/api/contract/openapi.js';
import { OPERATIONS, type Operation } from '../../../src/api/contract/operations.js';
import * as z from 'zod/mini';
import { Cursor, LIMITS } from '../../../src/api/contract/schemas.js';
import type { LicensesService } from '../../../src/service/service.js';
import { BadCursorError } from '../../../src/service/store.js';
import type { OutboxMail, ServerStore } from '../store/server-store.js';
import { bearerAuth, bearerReseller, unauthorized } from './auth.js';
import { apiRoutes } from './routes.js';
import { escapeHtml, outboxPage, startPage } from './pages.js';
import { ROOT } from '../paths.js';
import { fieldProblem, ProblemError, validationProblem } from './problems.js';
import { DemoSessions, sessionAuth, sessionReseller } from './session.js';
import { json, resource } from './respond.js';

export interface AppOptions {
  store: ServerStore;
  service: LicensesService;
  /** Origins allowed to call the API from a browser; nobody else gets CORS headers. */
  allowedOrigins: readonly string[];
  /**
   * The ids of the demo resellers the storefront signs in as: A at `/`, B at `/?reseller=b`
   * (see session.ts). Without them the storefront opens signed out.
   */
  storefrontResellers?: { a: string; b: string };
  /** The storefront's sessions; default a new, empty set. */
  sessions?: DemoSessions;
  /** Where a line per request goes (method, path, status, time; never headers or queries). */
  log?: (line: string) => void;
  /** Unexpected errors; default stderr. */
  logError?: (error: unknown) => void;
}

const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  objectSrc: ["'none'"],
};

export function createApp(options: AppOptions): Hono {
  const { store } = options;
  const logError = options.logError ?? ((error: unknown) => console.error(error));
  const app = new Hono();
  const onError = (error: Error): Response => errorResponse(error, logError);

  if (options.log) app.use('*', requestLog(options.log));
  // X-Frame-Options says what frame-ancestors 'none' says, for browsers that only know the older header.
  app.use('*', secureHeaders({ contentSecurityPolicy: CSP, strictTransportSecurity: false, crossOriginEmbedderPolicy: false, xFrameOptions: 'DENY' }));
  const corsHeaders = cors({
    origin: (origin) => (options.allowedOrigins.includes(origin) ? origin : null),
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
    exposeHeaders: ['Idempotent-Replayed', 'Retry-After', 'X-Total-Count'],
    credentials: true,
    maxAge: 600,
  });
  // Only browsers' cross-origin requests (those with an Origin) need CORS headers; for the
  // others `Vary: Origin` is enough, and adding it directly spares Hono's cors middleware
  // rebuilding every answer twice.
  app.use('/api/*', async (c, next) => {
    if (c.req.header('Origin') !== undefined) return corsHeaders(c, next);
    await next();
    c.res.headers.append('Vary', 'Origin');
  });
  const limitBody = bodyLimits(API_BASES);
  // A GET or HEAD request never has a body here, and asking for one would make the Node
  // adapter build a whole Request object for nothing, on every search.
  app.use('*', (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)));

  const sessions = options.sessions ?? new DemoSessions();
  const openApi = buildOpenApiDocument();
  for (const [base, auth] of [[API_BASES[0], bearerAuth(store)], [API_BASES[1], sessionAuth(sessions, store)]] as const) {
    const api = apiRoutes({ service: options.service, openApi, auth });
    api.onError(onError);
    app.route(base, api);
  }

  // The pages change with every request (and the storefront signs in): never cached.
  const pages = ['/', '/outbox', '/outbox.json', '/buy/*'];
  for (const path of pages) {
    app.use(path, async (c, next) => {
      await next();
      c.res.headers.set('Cache-Control', 'no-store');
    });
  }
  resource(app, '/', {
    GET: (c) => {
      const resellers = options.storefrontResellers;
      const resellerId = c.req.query('reseller')?.toLowerCase() === 'b' ? resellers?.b : resellers?.a;
      const storefront = storefrontPage();
      if (storefront !== null && resellerId !== undefined) sessions.signIn(c, resellerId);
      return c.html(storefront ?? startPage());
    },
  });
  const outbox = mailbox(store, sessions);
  resource(app, '/outbox', {
    GET: async (c) => {
      const { items, nextCursor, limit } = await outbox(c);
      return c.html(outboxPage(items, nextCursor === null ? null : `/outbox?${new URLSearchParams({ limit: String(limit), cursor: nextCursor })}`));
    },
  });
  resource(app, '/outbox.json', {
    GET: async (c) => {
      const { items, nextCursor } = await outbox(c);
      return json({
        items: items.map(({ id, at, to, subject, text, kind, orderId, licenseId, delivery }) => ({
          id, at, to, subject, text, kind, orderId, licenseId, delivery,
        })),
        nextCursor,
      });
    },
  });
  // The customer's end of an activation link: the code goes into the page only as an escaped attribute.
  resource(app, '/activate/:code', {
    GET: (c) => {
      const page = demoPage('activate.html', { CODE: c.req.param('code') ?? '' });
      return page === null ? new ProblemError('not_found', 'There is nothing at this address').toResponse() : c.html(page);
    },
  });
  // Buy More's page: the buy element on the storefront's session (the product in an escaped attribute).
  resource(app, '/buy/:productId', {
    GET: (c) => {
      const page = demoPage('buy.html', { PRODUCT_ID: c.req.param('productId') ?? '' });
      return page === null ? new ProblemError('not_found', 'There is nothing at this address').toResponse() : c.html(page);
    },
  });
  app.get('/assets/pages.css', staticFolder(join(ROOT, 'demo', 'server', 'assets'), '/assets'));
  app.get('/cdn/*', staticFolder(join(ROOT, 'dist', 'cdn'), '/cdn'));
  app.get('/demo/*', staticFolder(join(ROOT, 'demo', 'public'), '/demo'));

  app.notFound(() => new ProblemError('not_found', 'There is nothing at this address').toResponse());
  app.onError(onError);
  return app;
}

/** Where the API is mounted: for bearer tokens, and for the storefront's session. */
const API_BASES = ['/api/v1', '/session/api/v1'] as const;

/**
 * The body size limit of each request: `LIMITS.bodyBytes`, or the larger limit an operation of
 * the table declares (`bodyBytes`: `POST /jobs`) on its own route under each API base.
 */
function bodyLimits(bases: readonly string[]): MiddlewareHandler {
  const limit = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new ProblemError('payload_too_large', `Send at most ${maxSize} bytes`);
      },
    });
  const standard = limit(LIMITS.bodyBytes);
  const prefixes = bases.map((base) => base.replace(/[/.]/g, '\\$&')).join('|');
  const larger = (Object.values(OPERATIONS) as Operation[]).flatMap((operation) =>
    operation.bodyBytes === undefined
      ? []
      : [{ method: operation.method, path: new RegExp(`^(?:${prefixes})${operation.path.replace(/\{\w+\}/g, '[^/]+')}/?$`), check: limit(operation.bodyBytes) }],
  );
  return (c, next) => {
    const own = larger.find((route) => route.method === c.req.method && route.path.test(c.req.path));
    return (own?.check ?? standard)(c, next);
  };
}

/** A page of demo/ with its `{{NAME}}` placeholders filled in, escaped; null when the file is missing. */
function demoPage(name: string, values: Record<string, string>): string | null {
  const path = join(ROOT, 'demo', name);
  if (!existsSync(path)) return null;
  return readFileSync(path, 'utf8').replace(/\{\{([A-Z_]+)\}\}/g, (placeholder, key: string) => escapeHtml(values[key] ?? ''));
}

/** demo/index.html, the storefront demo, when it exists. It holds no credential: the session cookie is one. */
function storefrontPage(): string | null {
  return demoPage('index.html', {});
}

const OutboxQuery = z.object({
  limit: z.optional(z.pipe(z.pipe(z.string().check(z.regex(/^\d{1,9}$/, 'Must be a whole number')), z.transform(Number)), z.int().check(z.gte(1), z.lte(10_000)))),
  cursor: z.optional(Cursor),
});

/**
 * One reseller's outbox, newest first, paged: the reseller of the bearer token when the
 * request has an Authorization header, else of the storefront's session; 401 without either.
 */
function mailbox(store: ServerStore, sessions: DemoSessions): (c: Context) => Promise<{ items: OutboxMail[]; nextCursor: string | null; limit: number }> {
  const bearer = bearerReseller(store);
  return async (c) => {
    const authorization = c.req.header('Authorization');
    const reseller = authorization !== undefined ? await bearer(authorization) : await sessionReseller(c, sessions, store);
    if (reseller === null) throw unauthorized('Send the reseller token as "Authorization: Bearer <token>", or open the storefront first', false);
    const params = new URL(c.req.url).searchParams;
    const query = OutboxQuery.safeParse(Object.fromEntries([...new Set(params.keys())].map((name) => {
      const values = params.getAll(name);
      return [name, values.length === 1 ? values[0] : values];
    })));
    if (!query.success) throw validationProblem(query.error.issues);
    const limit = query.data.limit ?? 200;
    try {
      return { ...(await store.resellerOutbox(reseller.id, { limit, cursor: query.data.cursor })), limit };
    } catch (error) {
      if (error instanceof BadCursorError) throw fieldProblem('cursor', error.message);
      throw error;
    }
  };
}

/** Serves the files below `root` at `prefix` (no traversal: serveStatic refuses `..`). */
function staticFolder(root: string, prefix: string): MiddlewareHandler {
  let serve: MiddlewareHandler | null = null;
  return async (c, next) => {
    if (!existsSync(root)) return next();
    serve ??= serveStatic({ root, rewriteRequestPath: (path) => path.slice(prefix.length) });
    return serve(c, next);
  };
}

function errorResponse(error: Error, logError: (error: unknown) => void): Response {
  if (error instanceof ProblemError) return error.toResponse();
  if (error instanceof ApiError) return ProblemError.from(error).toResponse();
  if (error instanceof HTTPException && error.status < 500) {
    const code = error.status === 413 ? 'payload_too_large' : error.status === 404 ? 'not_found' : 'validation_failed';
    return new ProblemError(code, error.message || 'The request is not valid').toResponse();
  }
  // A client that hung up while its body was on the way is no fault of the server's: nobody
  // is left to read an answer, and it is not logged as one.
  if ((error as NodeJS.ErrnoException).code === 'ECONNRESET') return new ProblemError('validation_failed', 'The request body was cut off').toResponse();
  logError(error);
  return new ProblemError('internal_error', 'Something went wrong on the server; the request was not completed').toResponse();
}

/**
 * One JSON line per request: method, path, status and time, never headers or queries. JSON
 * escapes whatever a client put in the path (line breaks included), so no request can
 * write a line of its own into the log.
 */
function requestLog(log: (line: string) => void): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const ms = Number((performance.now() - started).toFixed(1));
    log(JSON.stringify({ method: c.req.method, path: c.req.path, status: c.res.status, ms }));
  };
}
