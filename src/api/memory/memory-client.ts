/**
 * The licenses API in memory, for Storybook, tests and prototypes: the very service the
 * demo backend runs, over a {@link MemoryStore}, seen as one reseller. Another reseller's
 * ids are `not_found`, exactly as over HTTP; answers are checked against the contract's
 * schemas and are fresh copies; an aborted call changes nothing.
 */
import type { ZodMiniType } from 'zod/mini';
import * as s from '../contract/schemas.js';
import { ApiError, issuesToFieldErrors } from '../contract/errors.js';
import type { LicensesApi, MutationOptions, RequestOptions } from '../client.js';
import { sleep } from '../../internal/abortable.js';
import type { Clock } from '../../service/clock.js';
import { LicensesService } from '../../service/service.js';
import type { ResellerRecord } from '../../service/store.js';
import { createDemoWorld, type DemoWorldOptions } from './demo-data.js';
import { MemoryStore } from './memory-store.js';

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

/** The customer's side in memory has one visitor: the page the client runs in. */
const VISITOR = { address: 'memory' };

/** Checks an answer against the contract; the result shares nothing with the store. */
function output<T>(schema: ZodMiniType<T>, value: unknown): T {
  const result = schema.safeParse(structuredClone(value));
  if (result.success) return result.data;
  const errors = issuesToFieldErrors(result.error.issues);
  throw new ApiError({ status: 200, code: 'invalid_response', detail: 'The stored data breaks the contract.', errors });
}

/** A `LicensesApi` over the service and a {@link MemoryStore}, seen as one reseller. */
export class MemoryLicensesClient implements LicensesApi {
  readonly store: MemoryStore;
  readonly #service: LicensesService;
  readonly #resellerId: string;
  readonly #latencyMs: number;

  constructor(store: MemoryStore, options: MemoryClientOptions) {
    this.store = store;
    const clock: Clock | undefined = options.now ? { now: options.now } : undefined;
    this.#service = new LicensesService({ store, ...(clock ? { clock } : {}) });
    this.#resellerId = options.resellerId;
    this.#latencyMs = options.latencyMs ?? 0;
  }

  async getMe(o?: RequestOptions) {
    return output(s.Me, await this.#service.getMe(await this.#begin(o)));
  }

  async listProducts(o?: RequestOptions) {
    return output(s.ProductList, await this.#service.listProducts(await this.#begin(o)));
  }

  async searchOrders(query: s.OrdersQuery, o?: RequestOptions) {
    return output(s.OrderPage, await this.#service.searchOrders(await this.#begin(o), query));
  }

  async getOrder(orderId: string, o?: RequestOptions) {
    return output(s.OrderSummary, await this.#service.getOrder(await this.#begin(o), orderId));
  }

  async listLicenses(orderId: string, query: s.LicensesQuery, o?: RequestOptions) {
    return output(s.LicensePage, await this.#service.listLicenses(await this.#begin(o), orderId, query));
  }

  async getLicense(licenseId: string, o?: RequestOptions) {
    return output(s.License, await this.#service.getLicense(await this.#begin(o), licenseId));
  }

  async getLicenseHistory(licenseId: string, o?: RequestOptions) {
    return output(s.HistoryList, await this.#service.getLicenseHistory(await this.#begin(o), licenseId));
  }

  async activateLicense(licenseId: string, body: s.ActivationRequest, o: MutationOptions) {
    const caller = await this.#begin(o);
    return output(s.License, await this.#service.activateLicense(caller, licenseId, body, { idempotencyKey: o.idempotencyKey }));
  }

  async setBillingState(licenseId: string, body: s.BillingStateRequest, o: MutationOptions) {
    const caller = await this.#begin(o);
    return output(s.License, await this.#service.setBillingState(caller, licenseId, body, { idempotencyKey: o.idempotencyKey }));
  }

  async resendConfirmationEmail(orderId: string, o: MutationOptions) {
    const caller = await this.#begin(o);
    const answer = await this.#service.resendConfirmationEmail(caller, orderId, undefined, { idempotencyKey: o.idempotencyKey });
    return output(s.ConfirmationEmailResult, answer);
  }

  async searchCustomers(q: string, o?: RequestOptions) {
    return output(s.CustomerList, await this.#service.searchCustomers(await this.#begin(o), q));
  }

  async getCatalog(o?: RequestOptions) {
    return output(s.Catalog, await this.#service.getCatalog(await this.#begin(o)));
  }

  async createOrder(body: s.CreateOrderRequest, o: MutationOptions) {
    const caller = await this.#begin(o);
    return output(s.OrderSummary, await this.#service.createOrder(caller, body, { idempotencyKey: o.idempotencyKey }));
  }

  async cancelOrder(orderId: string, o: MutationOptions) {
    const caller = await this.#begin(o);
    return output(s.OrderSummary, await this.#service.cancelOrder(caller, orderId, undefined, { idempotencyKey: o.idempotencyKey }));
  }

  async getActivation(activationCode: string, o?: RequestOptions) {
    await this.#wait(o);
    return output(s.ActivationInfo, await this.#service.getActivation(VISITOR, activationCode));
  }

  async activateByCode(activationCode: string, body: s.ActivationRequest, o?: RequestOptions) {
    await this.#wait(o);
    return output(s.CustomerActivationResult, await this.#service.activateByCode(VISITOR, activationCode, body));
  }

  /** Waits the configured latency, then checks that the call may proceed and who makes it. */
  async #begin(o: RequestOptions | undefined): Promise<ResellerRecord> {
    await this.#wait(o);
    return this.#service.caller(this.#resellerId);
  }

  /** Waits the configured latency; an aborted call goes no further. */
  async #wait(o: RequestOptions | undefined): Promise<void> {
    o?.signal?.throwIfAborted();
    await (this.#latencyMs > 0 ? sleep(this.#latencyMs, o?.signal) : Promise.resolve());
    o?.signal?.throwIfAborted();
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
