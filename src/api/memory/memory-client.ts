/**
 * The licenses API over an in-memory store, for Storybook, tests and prototypes. It
 * validates what it is given with the contract's schemas, applies the same rules as the
 * demo backend, answers the same errors, and hands out fresh, validated copies only.
 */
import type { ZodMiniType } from 'zod/mini';
import * as s from '../contract/schemas.js';
import { ApiError, issuesToFieldErrors } from '../contract/errors.js';
import type { LicensesApi, MutationOptions, RequestOptions } from '../client.js';
import { activationRefusal, billingChangeRefusal } from '../../rules/licenses.js';
import { PROBLEMS } from '../contract/problems.js';
import { CONFIRMATION_EMAIL_LIMIT } from '../../rules/licenses.js';
import { createDemoWorld, type DemoWorldOptions } from './demo-data.js';
import { sleep } from '../../internal/abortable.js';
import { MemoryStore, type MemoryReseller, type StoredLicense } from './memory-store.js';
import { BadCursorError, licensePage, searchOrders } from './memory-query.js';
import { licenseHistory, licenseView, orderSummary } from './memory-views.js';

export { MemoryStore } from './memory-store.js';
export type { MemoryReseller, OutboxMessage } from './memory-store.js';

export interface MemoryClientOptions {
  /** The reseller whose data the client sees; an unknown id answers `unauthorized`. */
  resellerId: string;
  /** Delay of every answer, in milliseconds, to show loading states (0). */
  latencyMs?: number;
  /** The clock, for activation times and the email rate limit. */
  now?: () => Date;
}

const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

function problem(code: s.ErrorCode, detail: string, extra: { errors?: s.FieldError[]; retryAfter?: number } = {}): ApiError {
  const { status, title } = PROBLEMS[code];
  return new ApiError({ status, code, title, detail, ...extra });
}

function input<T>(schema: ZodMiniType<T>, value: unknown, prefix = ''): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = issuesToFieldErrors(result.error.issues).map((e) => ({ ...e, path: prefix + e.path }));
  throw problem('validation_failed', 'The request is not valid.', { errors });
}

/** Validates an answer; the result shares nothing with the store. */
function output<T>(schema: ZodMiniType<T>, value: unknown): T {
  const result = schema.safeParse(structuredClone(value));
  if (result.success) return result.data;
  const errors = issuesToFieldErrors(result.error.issues);
  throw new ApiError({ status: 200, code: 'invalid_response', detail: 'The stored data breaks the contract.', errors });
}

/**
 * A `LicensesApi` over a {@link MemoryStore}, seen as one reseller. Another reseller's
 * ids are `not_found`, exactly as over HTTP. Changes are atomic, honour idempotency keys,
 * and are not made when the call was aborted first.
 */
export class MemoryLicensesClient implements LicensesApi {
  readonly store: MemoryStore;
  readonly #resellerId: string;
  readonly #latencyMs: number;
  readonly #now: () => Date;

  constructor(store: MemoryStore, options: MemoryClientOptions) {
    this.store = store;
    this.#resellerId = options.resellerId;
    this.#latencyMs = options.latencyMs ?? 0;
    this.#now = options.now ?? (() => new Date());
  }

  async getMe(o?: RequestOptions) {
    const reseller = await this.#begin(o);
    const { id, name, user, currency, buyUrl } = reseller;
    return output(s.Me, { reseller: { id, name }, user, currency, buyUrl });
  }

  async listProducts(o?: RequestOptions) {
    await this.#begin(o);
    const ids = new Set(this.store.orders(this.#resellerId).map((order) => order.record.productId));
    const items = [...ids].flatMap((id) => this.store.product(id) ?? []).sort((a, b) => a.name.localeCompare(b.name));
    return output(s.ProductList, { items });
  }

  async searchOrders(query: s.OrdersQuery, o?: RequestOptions) {
    await this.#begin(o);
    const q = input(s.OrdersQuery, query);
    const page = withCursor(() => searchOrders(this.store, this.#resellerId, q));
    return output(s.OrderPage, { ...page, items: page.items.map((order) => orderSummary(this.store, order)) });
  }

  async getOrder(orderId: string, o?: RequestOptions) {
    await this.#begin(o);
    return output(s.OrderSummary, orderSummary(this.store, this.#order(orderId)));
  }

  async listLicenses(orderId: string, query: s.LicensesQuery, o?: RequestOptions) {
    await this.#begin(o);
    const order = this.#order(orderId);
    const q = input(s.LicensesQuery, query);
    const page = withCursor(() => licensePage(this.store, order, q));
    return output(s.LicensePage, { ...page, items: page.items.map((l) => licenseView(this.store, l)) });
  }

  async getLicense(licenseId: string, o?: RequestOptions) {
    await this.#begin(o);
    return output(s.License, licenseView(this.store, this.#license(licenseId)));
  }

  async getLicenseHistory(licenseId: string, o?: RequestOptions) {
    const reseller = await this.#begin(o);
    return output(s.HistoryList, { items: licenseHistory(this.store, this.#license(licenseId), reseller.user.name) });
  }

  async activateLicense(licenseId: string, body: s.ActivationRequest, o: MutationOptions) {
    const reseller = await this.#begin(o);
    const request = input(s.ActivationRequest, body);
    return this.#once(o, ['POST', `/licenses/${licenseId}/activation`, request], s.License, () => {
      const license = this.#license(licenseId);
      const refusal = activationRefusal(this.store.status(license));
      if (refusal) throw problem(refusal, `License ${license.record.activationCode} cannot be activated.`);
      const customer = this.#customerFor(request.customer);
      const at = this.#instant();
      this.store.activate(license, customer.id, at);
      const { activationCode, activationLink } = license.record;
      const subject = `Your ${this.#productName(license)} license`;
      const text = `Activation code: ${activationCode}\nActivate: ${activationLink}`;
      this.store.send({ resellerId: reseller.id, to: customer.email, at, subject, text });
      this.store.record(license, 'email_sent', at, reseller.user.name, `Activation details sent to ${customer.email}`);
      return licenseView(this.store, license);
    });
  }

  async setBillingState(licenseId: string, body: s.BillingStateRequest, o: MutationOptions) {
    const reseller = await this.#begin(o);
    const request = input(s.BillingStateRequest, body);
    return this.#once(o, ['PUT', `/licenses/${licenseId}/billing-state`, request], s.License, () => {
      const license = this.#license(licenseId);
      const refusal = billingChangeRefusal(this.store.status(license));
      if (refusal) throw problem(refusal, `The billing state of license ${license.record.activationCode} cannot be changed.`);
      if (license.record.recurrent !== request.recurrent) {
        license.record.recurrent = request.recurrent;
        const detail = request.recurrent ? 'Automatic renewal turned on' : 'Automatic renewal turned off';
        this.store.record(license, 'billing_state_changed', this.#instant(), reseller.user.name, detail);
      }
      return licenseView(this.store, license);
    });
  }

  async resendConfirmationEmail(orderId: string, o: MutationOptions) {
    const reseller = await this.#begin(o);
    return this.#once(o, ['POST', `/orders/${orderId}/confirmation-email`], s.ConfirmationEmailResult, () => {
      const order = this.#order(orderId);
      const now = this.#now().getTime();
      const windowMs = CONFIRMATION_EMAIL_LIMIT.windowSeconds * 1000;
      const recent = (this.store.confirmationsSent.get(orderId) ?? []).filter((t) => t > now - windowMs);
      const oldest = recent[0];
      if (oldest !== undefined && recent.length >= CONFIRMATION_EMAIL_LIMIT.count) {
        const retryAfter = Math.max(1, Math.ceil((oldest + windowMs - now) / 1000));
        throw problem('rate_limited', `Too many confirmation emails for this order; try again in ${retryAfter} s.`, { retryAfter });
      }
      this.store.confirmationsSent.set(orderId, [...recent, now]);
      const at = this.#instant();
      const codes = order.licenses.map((l) => l.record.activationCode).join('\n');
      const to = reseller.user.email;
      const subject = `Order confirmation ${order.record.orderNumber} (duplicate)`;
      const message = this.store.send({ resellerId: reseller.id, to, at, subject, text: `Activation codes:\n${codes}` });
      this.store.record(order, 'email_sent', at, reseller.user.name, `Order confirmation sent again to ${to}`);
      return { to, messageId: message.id };
    });
  }

  async searchCustomers(q: string, o?: RequestOptions) {
    await this.#begin(o);
    const needle = input(s.CustomersQuery, { q }).q?.trim().toLowerCase() ?? '';
    const texts = (c: { email: string; organization: string; firstName: string; lastName: string }) =>
      [c.email, c.organization, `${c.firstName} ${c.lastName}`].map((t) => t.toLowerCase());
    // Emails starting with what was typed first, then by email.
    const rank = (email: string) => (email.toLowerCase().startsWith(needle) ? 0 : 1);
    const items = this.store
      .customers(this.#resellerId)
      .filter((c) => texts(c).some((t) => t.includes(needle)))
      .sort((a, b) => rank(a.email) - rank(b.email) || (a.email.toLowerCase() < b.email.toLowerCase() ? -1 : 1))
      .slice(0, s.LIMITS.customers)
      .map(({ id, email, organization, firstName, lastName }) => ({ id, email, organization, firstName, lastName }));
    return output(s.CustomerList, { items });
  }

  /** Waits the configured latency, then checks that the call may proceed and who makes it. */
  async #begin(o: RequestOptions | undefined): Promise<MemoryReseller> {
    o?.signal?.throwIfAborted();
    await (this.#latencyMs > 0 ? sleep(this.#latencyMs, o?.signal) : Promise.resolve());
    o?.signal?.throwIfAborted();
    const reseller = this.store.reseller(this.#resellerId);
    if (!reseller) throw problem('unauthorized', 'Unknown reseller.');
    return reseller;
  }

  /**
   * Runs a change once per idempotency key: the same key with the same request answers
   * the first answer again and changes nothing; with another request it is refused.
   * Refusals that follow from the data (404, 409) are remembered like successes; others
   * (invalid input, the email rate limit) are not, so that trying again after them runs.
   */
  #once<T>(o: MutationOptions, request: unknown[], schema: ZodMiniType<T>, change: () => unknown): T {
    const key = input(s.IdempotencyKey, o.idempotencyKey, 'Idempotency-Key');
    const slot = `${this.#resellerId}\n${key}`;
    const fingerprint = JSON.stringify(request);
    const now = this.#now().getTime();
    const prior = this.store.idempotency.get(slot);
    if (prior && prior.at > now - IDEMPOTENCY_TTL_MS) {
      if (prior.fingerprint !== fingerprint) throw problem('idempotency_key_reused', 'This idempotency key was used for another request.');
      if (prior.answer instanceof ApiError) throw replayOf(prior.answer);
      return output(schema, prior.answer);
    }
    let answer: T;
    try {
      answer = output(schema, change());
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 409)) {
        this.store.idempotency.set(slot, { fingerprint, answer: error, at: now });
      }
      throw error;
    }
    this.store.idempotency.set(slot, { fingerprint, answer: structuredClone(answer), at: now });
    return answer;
  }

  #order(orderId: string) {
    const order = this.store.order(this.#resellerId, orderId);
    if (!order) throw problem('not_found', 'There is no such order.');
    return order;
  }

  #license(licenseId: string) {
    const license = this.store.license(this.#resellerId, licenseId);
    if (!license) throw problem('not_found', 'There is no such license.');
    return license;
  }

  #customerFor(customer: s.ActivationRequest['customer']) {
    const existing = this.store.customerByEmail(this.#resellerId, customer.email);
    const errors = [{ path: 'customer.email', message: '' }];
    if (customer.kind === 'existing') {
      if (existing) return existing;
      errors[0]!.message = 'No customer is registered with this email.';
      throw problem('customer_not_found', `No customer is registered with ${customer.email}.`, { errors });
    }
    if (existing) {
      errors[0]!.message = 'A customer with this email is already registered.';
      throw problem('customer_exists', `A customer with ${customer.email} is already registered.`, { errors });
    }
    const { organization, firstName, lastName, email } = customer;
    const created = { id: this.store.nextId('cus'), resellerId: this.#resellerId, email, organization, firstName, lastName };
    this.store.addCustomer(created);
    return created;
  }

  #productName(license: StoredLicense): string {
    return this.store.product(license.order.record.productId)?.name ?? 'software';
  }

  #instant(): string {
    return this.#now().toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
}

/** A fresh copy of a remembered refusal, so that callers never share one error object. */
function replayOf(error: ApiError): ApiError {
  const { status, code, title, detail, errors, retryAfter } = error;
  return new ApiError({ status, code, title, detail, errors: errors.map((e) => ({ ...e })), retryAfter });
}

function withCursor<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof BadCursorError)) throw error;
    throw problem('validation_failed', error.message, { errors: [{ path: 'cursor', message: error.message }] });
  }
}

/**
 * A memory client over a fresh demo world, seen as reseller A (or B), for stories and
 * prototypes: `createMemoryClient({ latencyMs: 300 })`.
 */
export function createMemoryClient(options: DemoWorldOptions & { reseller?: 'A' | 'B'; latencyMs?: number } = {}): MemoryLicensesClient {
  const { reseller: label = 'A', latencyMs, ...worldOptions } = options;
  const world = createDemoWorld(worldOptions);
  const reseller = world.resellers.find((r) => r.tokenLabel === label);
  if (!reseller) throw new Error(`The demo world has no reseller ${label}`);
  return new MemoryLicensesClient(MemoryStore.fromWorld(world), { resellerId: reseller.id, latencyMs: latencyMs ?? 0 });
}
