/**
 * The routes of the licenses API under `/api/v1`, made from the operations table: each row
 * becomes a route that reads its path parameters, query and body, and hands them to the
 * service's use case of the same name. Nothing here knows what an operation does.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import type { Context, MiddlewareHandler } from 'hono';
import { OPERATIONS, type Operation, pathParameters } from '../../../src/api/contract/operations.js';
import { ApiError } from '../../../src/api/contract/errors.js';
import { Id } from '../../../src/api/contract/schemas.js';
import type { CsvText } from '../../../src/service/exports.js';
import type { ChangeOptions, LicensesService } from '../../../src/service/service.js';
import type { AuthEnv } from './auth.js';
import { notFound, ProblemError } from './problems.js';
import { readJson } from './request.js';
import { csvFile, json, resource, type Handler } from './respond.js';

export interface ApiOptions {
  service: LicensesService;
  /** The OpenAPI document, served without authentication. */
  openApi: unknown;
  /** Admits the calling reseller to every route that is not public (bearer tokens, or the storefront's session). */
  auth: MiddlewareHandler<AuthEnv>;
}

type UseCase = (...args: unknown[]) => Promise<unknown>;

/** The API app, to be mounted at `/api/v1` (or wherever its `auth` belongs). */
export function apiRoutes(options: ApiOptions): Hono<AuthEnv> {
  const api = new Hono<AuthEnv>();
  const rows = Object.entries(OPERATIONS) as [string, Operation][];
  // The public routes come before the authentication that guards all the others.
  for (const isPublic of [true, false]) {
    if (!isPublic) api.use('*', options.auth);
    const paths = new Map<string, Partial<Record<Operation['method'], Handler<AuthEnv>>>>();
    for (const [id, operation] of rows) {
      if ((operation.public === true) !== isPublic) continue;
      const handlers = paths.get(operation.path) ?? {};
      handlers[operation.method] = id === 'getOpenApiDocument' ? () => json(options.openApi) : handler(options.service, id, operation);
      paths.set(operation.path, handlers);
    }
    // A concrete path is matched before a templated one that also fits it (as OpenAPI says):
    // `/licenses/counts` before `/licenses/{licenseId}`. Hono tries the routes in the order given.
    const concreteFirst = [...paths].sort(([a], [b]) => pathParameters(a).length - pathParameters(b).length);
    for (const [path, handlers] of concreteFirst) resource(api, path.replace(/\{(\w+)\}/g, ':$1'), handlers);
  }
  return api;
}

/** The route of one operation: its arguments as the table lists them, then the change options. */
function handler(service: LicensesService, id: string, operation: Operation): Handler<AuthEnv> {
  const useCase = (service as unknown as Record<string, UseCase>)[id]!.bind(service);
  const names = pathParameters(operation.path);
  // A body the client method does not send (a change that takes none) still reaches the use case.
  const args = operation.body !== undefined && !operation.args.includes('body') ? [...operation.args, 'body'] : operation.args;
  return async (c) => {
    // Who asks: the reseller of the token, or, on the customer's side, an address to rate-limit.
    const values: unknown[] = [operation.public ? { address: clientAddress(c) } : c.get('reseller')];
    for (const arg of args) {
      if (arg === 'query') values.push(queryOf(c));
      else if (arg.startsWith('query.')) values.push(queryOf(c)[arg.slice('query.'.length)]);
      else if (arg === 'body') values.push(await readJson(c));
      else if (names.includes(arg)) values.push(pathId(c, arg));
    }
    let replayed = false;
    if (operation.idempotent) {
      const change: ChangeOptions = { idempotencyKey: c.req.header('Idempotency-Key'), onReplay: () => (replayed = true) };
      values.push(change);
    }
    const replay = (response: Response) => (replayed && response.headers.set('Idempotent-Replayed', 'true'), response);
    try {
      const answer = await useCase(...values);
      if (operation.answer === 'CsvFile') return csvFile(answer as CsvText);
      return replay(json(answer, operation.status));
    } catch (error) {
      if (error instanceof ApiError) return replay(ProblemError.from(error).toResponse());
      throw error;
    }
  };
}

/**
 * The query string as an object. A repeated parameter becomes a list, which no query schema
 * takes: the use case refuses it with the other fields, after it has looked up what the path names.
 */
function queryOf(c: Context): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of new URL(c.req.url).searchParams) {
    const before = query[name];
    query[name] = before === undefined ? value : [before, value].flat();
  }
  return query;
}

/** The address the request came from (the socket's; the demo trusts no forwarding header). */
function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** A path parameter that can be an id; anything else names nothing, so it is a 404. */
function pathId(c: Context, name: string): string {
  const value = c.req.param(name);
  if (value === undefined || !Id.safeParse(value).success) throw notFound(`The ${name.replace(/Id$/, '')}`);
  return value;
}
