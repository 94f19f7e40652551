/**
 * The reads of the reseller's API: who is calling, the catalog and products, orders and
 * their licenses, one license and its history, customers.
 */
import * as s from '../api/contract/schemas.js';
import { type ServiceCore, DEFAULT_BUY_URL, withCursor } from './core.js';
import { historyPage } from './history.js';
import { input, queryInput } from './problems.js';
import type { Caller } from './store.js';
import { customerView, orderSummary } from './views.js';

export async function getMe(core: ServiceCore, caller: Caller): Promise<s.Me> {
  const { id, name, user, currency } = caller;
  // The balance as it stands now: the caller does not hold it (see Caller).
  const { balance } = await core.caller(caller.id);
  const buyUrl = caller.buyUrl ?? core.options.buyUrl ?? DEFAULT_BUY_URL;
  return { reseller: { id, name }, user: { name: user.name, email: user.email }, currency, buyUrl, balance: { ...balance } };
}

export async function getCatalog(core: ServiceCore, caller: Caller): Promise<s.Catalog> {
  const items = await core.store.catalog(caller.id);
  return { items: items.map(({ id, name, unitPrice, termMonths }) => ({ id, name, unitPrice: { ...unitPrice }, termMonths })) };
}

export async function listProducts(core: ServiceCore, caller: Caller): Promise<s.ProductList> {
  const items = await core.store.products(caller.id);
  return { items: items.map(({ id, name }) => ({ id, name })) };
}

export async function searchOrders(core: ServiceCore, caller: Caller, query: s.OrdersQuery): Promise<s.OrderPage> {
  const q = queryInput(s.OrdersQuery, query);
  const page = await withCursor(() => core.store.searchOrders(caller.id, { ...q, limit: q.limit ?? s.LIMITS.ordersPageDefault }));
  const now = core.clock.now();
  return { items: page.items.map((order) => orderSummary(order, now)), nextCursor: page.nextCursor, total: page.total };
}

export async function getOrder(core: ServiceCore, caller: Caller, orderId: string): Promise<s.OrderSummary> {
  return orderSummary(await core.order(core.store, caller, orderId), core.clock.now());
}

export async function listLicenses(core: ServiceCore, caller: Caller, orderId: string, query: s.LicensesQuery): Promise<s.LicensePage> {
  await core.order(core.store, caller, orderId);
  const q = queryInput(s.LicensesQuery, query);
  const limit = q.limit ?? s.LIMITS.licensesPageDefault;
  const page = await withCursor(() => core.store.licenses(caller.id, orderId, { ...q, limit }));
  return { items: page.items.map((l) => core.view(l)), nextCursor: page.nextCursor, total: page.total };
}

/** `GET /licenses`: the reseller's licenses across orders by the day they renew or lapse (the renewals view). */
export async function searchLicenses(core: ServiceCore, caller: Caller, query: s.LicenseSearchQuery): Promise<s.LicenseSearchPage> {
  const q = queryInput(s.LicenseSearchQuery, query);
  const limit = q.limit ?? s.LIMITS.licensesPageDefault;
  const page = await withCursor(() => core.store.searchLicenses(caller.id, { ...q, limit }));
  return { items: page.items.map((l) => ({ ...core.view(l), product: { id: l.product.id, name: l.product.name } })), nextCursor: page.nextCursor, total: page.total };
}

/**
 * `GET /licenses/counts`: how many licenses `GET /licenses` finds with the same filters, in
 * all and for each product, most first (then by product id, so that every store answers the
 * same list); the store counts, the order is the contract's.
 */
export async function countLicenses(core: ServiceCore, caller: Caller, query: s.LicenseCountsQuery): Promise<s.LicenseCounts> {
  const q = queryInput(s.LicenseCountsQuery, query);
  const counts = await core.store.countLicensesByProduct(caller.id, q);
  const byProduct = counts
    .filter((c) => c.count > 0)
    .map(({ product, count }) => ({ product: { id: product.id, name: product.name }, count }))
    .sort((a, b) => b.count - a.count || (a.product.id < b.product.id ? -1 : a.product.id > b.product.id ? 1 : 0));
  return { total: byProduct.reduce((sum, c) => sum + c.count, 0), byProduct };
}

export async function getLicense(core: ServiceCore, caller: Caller, licenseId: string): Promise<s.License> {
  return core.view(await core.license(core.store, caller, licenseId));
}

/** One page of the license's audit trail, oldest first: see {@link historyPage}. */
export async function getLicenseHistory(core: ServiceCore, caller: Caller, licenseId: string, query: s.HistoryQuery = {}): Promise<s.HistoryList> {
  const q = queryInput(s.HistoryQuery, query);
  const license = await core.license(core.store, caller, licenseId);
  const order = await core.order(core.store, caller, license.orderId);
  return withCursor(() => historyPage(core.store, caller, license, order, q.limit ?? s.LIMITS.historyPageDefault, q.cursor));
}

/** Customers whose email, name or organization holds `q`; emails starting with it first. */
export async function searchCustomers(core: ServiceCore, caller: Caller, q: string | undefined): Promise<s.CustomerList> {
  const needle = input(s.CustomersQuery, { q }).q?.trim().toLowerCase() ?? '';
  const items = await core.store.customers(caller.id, needle, s.LIMITS.customers);
  return { items: items.map(customerView) };
}
