/**
 * Every use case of the licenses API, written once: searching, reading, activating,
 * switching auto-renewal, resending the confirmation with its rate limit, the idempotency
 * policy, the history and the emails. Pure TypeScript over a {@link Store} and a
 * {@link Clock}: the demo backend runs it over SQLite or PostgreSQL behind its routes, the
 * memory client over a MemoryStore in the browser.
 *
 * Inputs are validated with the contract's schemas here, whoever calls; answers are the
 * contract's resources; refusals are `ApiError`s with the contract's codes.
 */
import * as s from '../api/contract/schemas.js';
import { ApiError } from '../api/contract/errors.js';
import { activationRefusal, billingChangeRefusal, CONFIRMATION_EMAIL_LIMIT, statusInOrder } from '../rules/licenses.js';
import { type Clock, isoInstant, systemClock } from './clock.js';
import { canonicalJson, fingerprint } from './fingerprint.js';
import { activationMail, confirmationMail } from './mail-texts.js';
import { input, problem, problemDocument, problemFromDocument, queryInput } from './problems.js';
import { BadCursorError, type CustomerRecord, type IdempotencyRecord, type ResellerRecord, type Store, type StoreTx } from './store.js';
import { customerView, factEntries, licenseView, orderSummary } from './views.js';

export interface ServiceOptions {
  store: Store;
  clock?: Clock;
  /** The Buy More URL template of resellers that have none of their own. */
  buyUrl?: string;
  /** The standard activation link of a code is this followed by the code. */
  activationLinkBase?: string;
  /** Called after each change has committed, e.g. to send the mail it queued. */
  afterChange?: () => void;
  /** Ids of new records; random by default. */
  newId?: (prefix: string) => string;
  /** How many idempotency keys each reseller keeps at most, the oldest dropped first (10,000). */
  idempotencyKeysPerReseller?: number;
}

/** How a change is asked for. */
export interface ChangeOptions {
  /** One key per user action (CONTRACT: Idempotency); without one, the change is not remembered. */
  idempotencyKey?: string | undefined;
  /** Told when the answer is the stored answer to an earlier request with the same key. */
  onReplay?: () => void;
}

const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const IDEMPOTENCY_KEYS_PER_RESELLER = 10_000;
const DEFAULT_BUY_URL = 'https://shop.example.com/buy/{productId}';
/** Where a code's activation link points when the deployment names no page of its own. */
export const STANDARD_LINK_BASE = 'https://activate.example.com/a/';

/** A change's answer: its value, or the refusal that is remembered like one. */
type Outcome<T> = ({ ok: true; value: T } | { ok: false; error: ApiError }) & { replayed: boolean };

export class LicensesService {
  readonly store: Store;
  readonly clock: Clock;
  readonly #options: ServiceOptions;
  readonly #linkBase: string;
  readonly #newId: (prefix: string) => string;

  constructor(options: ServiceOptions) {
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.#options = options;
    this.#linkBase = options.activationLinkBase ?? STANDARD_LINK_BASE;
    this.#newId = options.newId ?? randomId;
  }

  /** The reseller with this id, or `unauthorized`. */
  async caller(resellerId: string): Promise<ResellerRecord> {
    const reseller = await this.store.reseller(resellerId);
    if (!reseller) throw problem('unauthorized', 'Unknown reseller.');
    return reseller;
  }

  // ---------------------------------------------------------------------------------------
  // Reads
  // ---------------------------------------------------------------------------------------

  async getMe(caller: ResellerRecord): Promise<s.Me> {
    const { id, name, user, currency } = caller;
    const buyUrl = caller.buyUrl ?? this.#options.buyUrl ?? DEFAULT_BUY_URL;
    return { reseller: { id, name }, user: { name: user.name, email: user.email }, currency, buyUrl };
  }

  async listProducts(caller: ResellerRecord): Promise<s.ProductList> {
    const items = await this.store.products(caller.id);
    return { items: items.map(({ id, name }) => ({ id, name })) };
  }

  async searchOrders(caller: ResellerRecord, query: s.OrdersQuery): Promise<s.OrderPage> {
    const q = queryInput(s.OrdersQuery, query);
    const page = await withCursor(() => this.store.searchOrders(caller.id, { ...q, limit: q.limit ?? s.LIMITS.ordersPageDefault }));
    return { items: page.items.map(orderSummary), nextCursor: page.nextCursor, total: page.total };
  }

  async getOrder(caller: ResellerRecord, orderId: string): Promise<s.OrderSummary> {
    return orderSummary(await this.#order(this.store, caller, orderId));
  }

  async listLicenses(caller: ResellerRecord, orderId: string, query: s.LicensesQuery): Promise<s.LicensePage> {
    await this.#order(this.store, caller, orderId);
    const q = queryInput(s.LicensesQuery, query);
    const limit = q.limit ?? s.LIMITS.licensesPageDefault;
    const page = await withCursor(() => this.store.licenses(caller.id, orderId, { ...q, limit }));
    return { items: page.items.map((l) => licenseView(l, this.#linkBase)), nextCursor: page.nextCursor, total: page.total };
  }

  async getLicense(caller: ResellerRecord, licenseId: string): Promise<s.License> {
    return licenseView(await this.#license(this.store, caller, licenseId), this.#linkBase);
  }

  /**
   * The license's audit trail, oldest first: its purchase, its activation, then what was
   * recorded since for it or its whole order. The newest entries win when there are more
   * than a list holds.
   */
  async getLicenseHistory(caller: ResellerRecord, licenseId: string): Promise<s.HistoryList> {
    const license = await this.#license(this.store, caller, licenseId);
    const order = await this.#order(this.store, caller, license.orderId);
    const recorded = await this.store.history(caller.id, licenseId);
    const entries = [...factEntries(license, order, caller.user.name), ...recorded.map((e) => ({ ...e }))];
    entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    return { items: entries.slice(-s.LIMITS.history) };
  }

  /** Customers whose email, name or organization holds `q`; emails starting with it first. */
  async searchCustomers(caller: ResellerRecord, q: string | undefined): Promise<s.CustomerList> {
    const needle = input(s.CustomersQuery, { q }).q?.trim().toLowerCase() ?? '';
    const items = await this.store.customers(caller.id, needle, s.LIMITS.customers);
    return { items: items.map(customerView) };
  }

  // ---------------------------------------------------------------------------------------
  // Changes
  // ---------------------------------------------------------------------------------------

  /** Activates the license for an existing or a new customer and emails the customer. */
  async activateLicense(caller: ResellerRecord, licenseId: string, body: s.ActivationRequest, options: ChangeOptions = {}): Promise<s.License> {
    const request = input(s.ActivationRequest, body);
    return this.#change(caller, options, ['activateLicense', licenseId, request], async (tx, now) => {
      const license = await this.#license(tx, caller, licenseId);
      const refusal = activationRefusal(statusInOrder(license.orderState, license.activatedAt !== null));
      if (refusal) throw problem(refusal, `License ${license.activationCode} cannot be activated.`);
      const order = await this.#order(tx, caller, license.orderId);
      const customer = await this.#customerFor(tx, caller, request.customer);
      const at = isoInstant(now);
      await tx.activate(caller.id, licenseId, customer.id, at);
      await tx.setOrderCounts(caller.id, order.id, { activeCount: order.activeCount + 1, availableCount: order.availableCount - 1 });
      const activated = licenseView({ ...license, activatedAt: at, customer }, this.#linkBase);
      const mail = activationMail(caller, customer, activated, order.product.name);
      await tx.queueMail(caller.id, { id: this.#newId('msg'), kind: 'activation', to: customer.email, at, orderId: order.id, licenseId, ...mail });
      await tx.addHistory(caller.id, {
        orderId: order.id, licenseId, at, actor: caller.user.name, kind: 'email_sent', detail: `Activation details sent to ${customer.email}`,
      });
      return activated;
    });
  }

  /** Turns the automatic renewal of an activated license on or off. */
  async setBillingState(caller: ResellerRecord, licenseId: string, body: s.BillingStateRequest, options: ChangeOptions = {}): Promise<s.License> {
    const request = input(s.BillingStateRequest, body);
    return this.#change(caller, options, ['setBillingState', licenseId, request], async (tx, now) => {
      const license = await this.#license(tx, caller, licenseId);
      const refusal = billingChangeRefusal(statusInOrder(license.orderState, license.activatedAt !== null));
      if (refusal) throw problem(refusal, `The billing state of license ${license.activationCode} cannot be changed.`);
      if (license.recurrent !== request.recurrent) {
        await tx.setRecurrent(caller.id, licenseId, request.recurrent);
        const detail = request.recurrent ? 'Automatic renewal turned on' : 'Automatic renewal turned off';
        await tx.addHistory(caller.id, {
          orderId: license.orderId, licenseId, at: isoInstant(now), actor: caller.user.name, kind: 'billing_state_changed', detail,
        });
      }
      return licenseView({ ...license, recurrent: request.recurrent }, this.#linkBase);
    });
  }

  /**
   * Sends the reseller's user a duplicate of the order confirmation with every activation
   * code; at most CONFIRMATION_EMAIL_LIMIT per order within its window, else `rate_limited`.
   */
  async resendConfirmationEmail(caller: ResellerRecord, orderId: string, body?: unknown, options: ChangeOptions = {}): Promise<s.ConfirmationEmailResult> {
    input(s.NoBody, body);
    return this.#change(caller, options, ['resendConfirmationEmail', orderId], async (tx, now) => {
      const order = await this.#order(tx, caller, orderId);
      const windowMs = CONFIRMATION_EMAIL_LIMIT.windowSeconds * 1000;
      const recent = await tx.mailTimes(caller.id, orderId, 'confirmation', isoInstant(now.getTime() - windowMs));
      const oldest = recent[0];
      if (oldest !== undefined && recent.length >= CONFIRMATION_EMAIL_LIMIT.count) {
        const retryAfter = Math.max(1, Math.ceil((Date.parse(oldest) + windowMs - now.getTime()) / 1000));
        throw problem('rate_limited', `Too many confirmation emails for this order; try again in ${retryAfter} s.`, { retryAfter });
      }
      const codes = await tx.activationCodes(caller.id, orderId);
      const to = caller.user.email;
      const at = isoInstant(now);
      const messageId = this.#newId('msg');
      await tx.queueMail(caller.id, { id: messageId, kind: 'confirmation', to, at, orderId, licenseId: null, ...confirmationMail(order, codes) });
      await tx.addHistory(caller.id, {
        orderId, licenseId: null, at, actor: caller.user.name, kind: 'email_sent', detail: `Order confirmation sent again to ${to}`,
      });
      return { to, messageId };
    });
  }

  // ---------------------------------------------------------------------------------------
  // The machinery of changes
  // ---------------------------------------------------------------------------------------

  /**
   * Runs a change in one transaction, once per idempotency key: the same key with the same
   * request answers the first answer again and changes nothing; with another request it is
   * `idempotency_key_reused`. Refusals that follow from the data (409, and 404 for what the
   * body names) are remembered like successes; others are not: invalid input and the rate
   * limit, so that trying again after them runs, and a 404 for what the path names, so that
   * requests for things that do not exist cost no storage. Each reseller keeps at most
   * `idempotencyKeysPerReseller` keys. Use cases check everything before they write, so a
   * refusal leaves nothing half done.
   */
  async #change<T>(caller: ResellerRecord, options: ChangeOptions, request: unknown[], work: (tx: StoreTx, now: Date) => Promise<T>): Promise<T> {
    const key = options.idempotencyKey === undefined ? undefined : input(s.IdempotencyKey, options.idempotencyKey, 'Idempotency-Key');
    const print = key === undefined ? '' : await fingerprint(canonicalJson(request));
    const outcome = await this.store.transaction(async (tx): Promise<Outcome<T>> => {
      const now = this.clock.now();
      if (key !== undefined) {
        await tx.expireIdempotency(isoInstant(now.getTime() - IDEMPOTENCY_TTL_MS));
        const prior = await tx.idempotency(caller.id, key);
        if (prior) {
          if (prior.fingerprint !== print) throw problem('idempotency_key_reused', 'This idempotency key was used for another request; send a new key.');
          if (prior.status >= 400) return { ok: false, error: problemFromDocument(prior.body as s.Problem), replayed: true };
          return { ok: true, value: prior.body as T, replayed: true };
        }
      }
      try {
        const value = await work(tx, now);
        if (key !== undefined) await this.#remember(tx, caller, key, { fingerprint: print, status: 200, body: value, at: isoInstant(now) });
        return { ok: true, value, replayed: false };
      } catch (error) {
        if (!(error instanceof ApiError) || (error.status !== 404 && error.status !== 409)) throw error;
        if (key !== undefined && error.code !== 'not_found') {
          await this.#remember(tx, caller, key, { fingerprint: print, status: error.status, body: problemDocument(error), at: isoInstant(now) });
        }
        return { ok: false, error, replayed: false };
      }
    });
    if (outcome.replayed) options.onReplay?.();
    else this.#options.afterChange?.();
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  async #remember(tx: StoreTx, caller: ResellerRecord, key: string, record: IdempotencyRecord): Promise<void> {
    await tx.saveIdempotency(caller.id, key, record);
    await tx.trimIdempotency(caller.id, this.#options.idempotencyKeysPerReseller ?? IDEMPOTENCY_KEYS_PER_RESELLER);
  }

  async #order(reads: Pick<Store, 'order'>, caller: ResellerRecord, orderId: string) {
    const order = await reads.order(caller.id, orderId);
    if (!order) throw problem('not_found', 'There is no such order.');
    return order;
  }

  async #license(reads: Pick<Store, 'license'>, caller: ResellerRecord, licenseId: string) {
    const license = await reads.license(caller.id, licenseId);
    if (!license) throw problem('not_found', 'There is no such license.');
    return license;
  }

  /** The existing customer asked for, or a newly registered one. */
  async #customerFor(tx: StoreTx, caller: ResellerRecord, wanted: s.ActivationRequest['customer']): Promise<CustomerRecord> {
    const existing = await tx.customerByEmail(caller.id, wanted.email);
    if (wanted.kind === 'existing') {
      if (existing) return existing;
      throw problem('customer_not_found', `No customer is registered with ${wanted.email}.`, {
        errors: [{ path: 'customer.email', message: 'No customer is registered with this email.' }],
      });
    }
    if (existing) {
      throw problem('customer_exists', `A customer with ${wanted.email} is already registered.`, {
        errors: [{ path: 'customer.email', message: 'A customer with this email is already registered.' }],
      });
    }
    const { organization, firstName, lastName, email } = wanted;
    const customer = { id: this.#newId('cus'), email, organization, firstName, lastName };
    await tx.addCustomer(caller.id, { ...customer, phone: wanted.phone ?? null, country: wanted.country });
    return customer;
  }
}

async function withCursor<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof BadCursorError)) throw error;
    throw problem('validation_failed', error.message, { errors: [{ path: 'cursor', message: error.message }] });
  }
}

function randomId(prefix: string): string {
  return `${prefix}_${globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 20)}`;
}
