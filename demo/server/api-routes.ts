/** The routes of the licenses API under `/api/v1`, exactly as CONTRACT.md lists them. */
import { Hono } from 'hono';
import type { Context } from 'hono';
import {
  ActivationRequest,
  BillingStateRequest,
  CustomersQuery,
  Id,
  LicensesQuery,
  type Me,
  OrdersQuery,
} from '../../src/api/contract/schemas.js';
import { isSafeLink } from '../../src/rules/index.js';
import { type AuthEnv, bearerAuth, type Reseller } from './auth.js';
import { activateLicense, resendConfirmation, setBillingState } from './changes.js';
import { searchCustomers } from './customers.js';
import type { Db } from './store/sqlite/database.js';
import { idempotencyKey, parseQuery, readBody, readJson } from './http.js';
import { type Answer, runIdempotent } from './idempotency.js';
import { findLicense, licenseHistory, listLicenses } from './licenses.js';
import type { Mailer } from './mail.js';
import { searchOrders } from './store/sqlite/order-search.js';
import { findOrder, resellerProducts } from './orders.js';
import { fieldProblem, notFound } from './problems.js';
import { json, resource } from './respond.js';
import { licenseView, orderSummary } from './views.js';

export interface ApiOptions {
  db: Db;
  mailer: Mailer;
  /** The OpenAPI document, served without authentication. */
  openApi: unknown;
  /** Where the Buy More page lives; must make a safe link. */
  publicUrl: string;
  now: () => number;
}

/** The API app, to be mounted at `/api/v1`. */
export function apiRoutes(options: ApiOptions): Hono<AuthEnv> {
  const { db, mailer, now } = options;
  const api = new Hono<AuthEnv>();
  const buyUrl = safeBuyUrl(options.publicUrl);

  resource(api, '/openapi.json', { GET: () => json(options.openApi) });
  api.use('*', bearerAuth(db));

  resource(api, '/me', {
    GET: (c) => {
      const r = c.get('reseller');
      const me: Me = { reseller: { id: r.id, name: r.name }, user: { name: r.userName, email: r.userEmail }, currency: r.currency, buyUrl };
      return json(me);
    },
  });
  resource(api, '/products', {
    GET: (c) => json({ items: resellerProducts(db, c.get('reseller').seq).map(({ id, name }) => ({ id, name })) }),
  });
  resource(api, '/orders', {
    GET: (c) => json(searchOrders(db, c.get('reseller').seq, parseQuery(c, OrdersQuery))),
  });
  resource(api, '/orders/:orderId', {
    GET: (c) => json(orderSummary(findOrder(db, c.get('reseller').seq, pathId(c, 'orderId', 'The order')))),
  });
  resource(api, '/orders/:orderId/licenses', {
    GET: (c) => {
      const order = findOrder(db, c.get('reseller').seq, pathId(c, 'orderId', 'The order'));
      return json(listLicenses(db, order, parseQuery(c, LicensesQuery)));
    },
  });
  resource(api, '/orders/:orderId/confirmation-email', {
    POST: async (c) => {
      const orderId = pathId(c, 'orderId', 'The order');
      const body = await readJson(c, false);
      if (body !== undefined && !isEmptyObject(body)) throw fieldProblem('', 'This request takes no body (or {})');
      return change(c, body, (reseller, at) => ({ status: 202, body: resendConfirmation(db, reseller, orderId, at) }));
    },
  });
  resource(api, '/licenses/:licenseId', {
    GET: (c) => json(licenseView(findLicense(db, c.get('reseller').seq, pathId(c, 'licenseId', 'The license')))),
  });
  resource(api, '/licenses/:licenseId/history', {
    GET: (c) => {
      const reseller = c.get('reseller');
      const license = findLicense(db, reseller.seq, pathId(c, 'licenseId', 'The license'));
      return json(licenseHistory(db, license, findOrder(db, reseller.seq, license.order_id), reseller.userName));
    },
  });
  resource(api, '/licenses/:licenseId/activation', {
    POST: async (c) => {
      const licenseId = pathId(c, 'licenseId', 'The license');
      const { raw, value } = await readBody(c, ActivationRequest);
      return change(c, raw, (reseller, at) => ({ status: 200, body: activateLicense(db, reseller, licenseId, value, at) }));
    },
  });
  resource(api, '/licenses/:licenseId/billing-state', {
    PUT: async (c) => {
      const licenseId = pathId(c, 'licenseId', 'The license');
      const { raw, value } = await readBody(c, BillingStateRequest);
      return change(c, raw, (reseller, at) => ({ status: 200, body: setBillingState(db, reseller, licenseId, value.recurrent, at) }));
    },
  });
  resource(api, '/customers', {
    GET: (c) => json(searchCustomers(db, c.get('reseller').seq, parseQuery(c, CustomersQuery).q)),
  });
  return api;

  /** Runs a change once per Idempotency-Key and answers it; emails go out after the commit. */
  function change(c: Context<AuthEnv>, body: unknown, run: (reseller: Reseller, at: number) => Answer): Response {
    const reseller = c.get('reseller');
    const key = idempotencyKey(c);
    const at = now();
    const request = { resellerSeq: reseller.seq, key, method: c.req.method, path: c.req.path, body, now: at };
    const answer = runIdempotent(db, request, () => run(reseller, at));
    void mailer.deliverPending();
    return json(answer.body, answer.status, answer.replayed ? { 'Idempotent-Replayed': 'true' } : {});
  }
}

/** A path parameter that can be an id; anything else names nothing, so it is a 404. */
function pathId(c: Context, name: string, what: string): string {
  const value = c.req.param(name);
  if (value === undefined || !Id.safeParse(value).success) throw notFound(what);
  return value;
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

function safeBuyUrl(publicUrl: string): string {
  const template = `${publicUrl.replace(/\/+$/, '')}/buy/{productId}`;
  return isSafeLink(template.replace('{productId}', 'p')) ? template : 'https://store.example.com/buy/{productId}';
}
