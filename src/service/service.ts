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
import { activationRefusal, billingChangeRefusal, CONFIRMATION_EMAIL_LIMIT, holderChangeRefusal, statusInOrder } from '../rules/licenses.js';
import { cancellationRefusal, lacksBalance, orderAmount } from '../rules/orders.js';
import { type Clock, isoInstant, systemClock } from './clock.js';
import { canonicalJson, fingerprint } from './fingerprint.js';
import { historyPage } from './history.js';
import { activationMail, cancellationMail, deactivationMail, orderMail } from './mail-texts.js';
import { type RateLimit, RateLimiter } from './rate-limit.js';
import { input, problem, problemDocument, problemFromDocument, queryInput } from './problems.js';
import { BadCursorError, type CustomerRecord, type IdempotencyRecord, type ResellerRecord, type Store, type StoreReads, type StoreTx } from './store.js';
import { customerView, licenseView, orderSummary } from './views.js';

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
  /** How many requests one address may make of the customer's side within a window (30 in 10 seconds). */
  visitorLimit?: RateLimit;
}

/** Who asks on the customer's side, where there is no token: an address, for the rate limit. */
export interface Visitor {
  address: string;
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
const VISITOR_LIMIT: RateLimit = { count: 30, windowSeconds: 10 };
/** What an activation code can look like; anything else names nothing and is not looked up. */
const ACTIVATION_CODE = /^[A-Za-z0-9][A-Za-z0-9-]{0,99}$/;
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
  readonly #visitors: RateLimiter;

  constructor(options: ServiceOptions) {
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.#options = options;
    this.#linkBase = options.activationLinkBase ?? STANDARD_LINK_BASE;
    this.#newId = options.newId ?? randomId;
    this.#visitors = new RateLimiter(options.visitorLimit ?? VISITOR_LIMIT);
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
    const { id, name, user, currency, balance } = caller;
    const buyUrl = caller.buyUrl ?? this.#options.buyUrl ?? DEFAULT_BUY_URL;
    return { reseller: { id, name }, user: { name: user.name, email: user.email }, currency, buyUrl, balance: { ...balance } };
  }

  async getCatalog(caller: ResellerRecord): Promise<s.Catalog> {
    const items = await this.store.catalog(caller.id);
    return { items: items.map(({ id, name, unitPrice, termMonths }) => ({ id, name, unitPrice: { ...unitPrice }, termMonths })) };
  }

  async listProducts(caller: ResellerRecord): Promise<s.ProductList> {
    const items = await this.store.products(caller.id);
    return { items: items.map(({ id, name }) => ({ id, name })) };
  }

  async searchOrders(caller: ResellerRecord, query: s.OrdersQuery): Promise<s.OrderPage> {
    const q = queryInput(s.OrdersQuery, query);
    const page = await withCursor(() => this.store.searchOrders(caller.id, { ...q, limit: q.limit ?? s.LIMITS.ordersPageDefault }));
    const now = this.clock.now();
    return { items: page.items.map((order) => orderSummary(order, now)), nextCursor: page.nextCursor, total: page.total };
  }

  async getOrder(caller: ResellerRecord, orderId: string): Promise<s.OrderSummary> {
    return orderSummary(await this.#order(this.store, caller, orderId), this.clock.now());
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

  /** One page of the license's audit trail, oldest first: see {@link historyPage}. */
  async getLicenseHistory(caller: ResellerRecord, licenseId: string, query: s.HistoryQuery = {}): Promise<s.HistoryList> {
    const q = queryInput(s.HistoryQuery, query);
    const license = await this.#license(this.store, caller, licenseId);
    const order = await this.#order(this.store, caller, license.orderId);
    return withCursor(() => historyPage(this.store, caller, license, order, q.limit ?? s.LIMITS.historyPageDefault, q.cursor));
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
      await tx.addHistory(caller.id, { orderId: order.id, licenseId, at, actor: resellerActor(caller), kind: 'activated', detail: `Activated for ${customer.email}` });
      const mail = activationMail(caller, customer, activated, order.product.name);
      await tx.queueMail(caller.id, { id: this.#newId('msg'), kind: 'activation', to: customer.email, at, orderId: order.id, licenseId, ...mail });
      await tx.addHistory(caller.id, {
        orderId: order.id, licenseId, at, actor: resellerActor(caller), kind: 'email_sent', detail: `Activation details sent to ${customer.email}`,
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
          orderId: license.orderId, licenseId, at: isoInstant(now), actor: resellerActor(caller), kind: 'billing_state_changed', detail,
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
      await tx.queueMail(caller.id, { id: messageId, kind: 'confirmation', to, at, orderId, licenseId: null, ...orderMail(order, codes, 'duplicate') });
      await tx.addHistory(caller.id, {
        orderId, licenseId: null, at, actor: resellerActor(caller), kind: 'email_sent', detail: `Order confirmation sent again to ${to}`,
      });
      return { to, messageId };
    });
  }

  /**
   * Buys `quantity` licenses of a catalog product: the order with its licenses and their
   * codes, paid from the CSS balance (refused with `insufficient_balance` when it is too
   * low) or by credit card; the reseller's user gets the order confirmation.
   */
  async createOrder(caller: ResellerRecord, body: s.CreateOrderRequest, options: ChangeOptions = {}): Promise<s.OrderSummary> {
    const request = input(s.CreateOrderRequest, body);
    return this.#change(caller, options, ['createOrder', request], async (tx, now) => {
      const product = (await tx.catalog(caller.id)).find((p) => p.id === request.productId);
      if (!product) {
        throw problem('not_found', 'This product is not in your catalog.', { errors: [{ path: 'productId', message: 'Choose a product of the catalog.' }] });
      }
      const reseller = await this.caller(caller.id);
      const amount = orderAmount(product.unitPrice, request.quantity);
      if (lacksBalance(request.paymentType, amount, reseller.balance)) {
        throw problem('insufficient_balance', `The order costs ${formatMinor(amount)}, more than the CSS balance of ${formatMinor(reseller.balance)}.`);
      }
      const purchasedAt = isoInstant(now);
      const validFrom = purchasedAt.slice(0, 10);
      const validTo = termEnd(validFrom, product.termMonths);
      const order = {
        id: this.#newId('ord'),
        orderNumber: `ORD-${now.getUTCFullYear()}-${randomDigits(8)}`,
        purchasedAt,
        user: caller.user.name,
        productId: product.id,
        quantity: request.quantity,
        amount,
        paymentType: request.paymentType,
        distributionCompany: request.distributionCompany,
      };
      const licenses = Array.from({ length: request.quantity }, () => ({
        id: this.#newId('lic'),
        activationCode: newActivationCode(),
        validFrom,
        validTo,
        distributionCompany: request.distributionCompany,
      }));
      await tx.createOrder(caller.id, order, licenses);
      if (request.paymentType === 'css_balance') {
        await tx.setBalance(caller.id, { value: reseller.balance.value - amount.value, currency: reseller.balance.currency });
      }
      const created = await this.#order(tx, caller, order.id);
      const codes = licenses.map((l) => l.activationCode);
      const mail = orderMail(created, codes, 'new');
      await tx.queueMail(caller.id, { id: this.#newId('msg'), kind: 'confirmation', to: caller.user.email, at: purchasedAt, orderId: order.id, licenseId: null, ...mail });
      return orderSummary(created, now);
    });
  }

  /**
   * Cancels an order within its cancellation window, once none of its licenses is active:
   * the order and its licenses become refunded, a CSS balance payment is credited back,
   * and the reseller's user is told.
   */
  async cancelOrder(caller: ResellerRecord, orderId: string, body?: unknown, options: ChangeOptions = {}): Promise<s.OrderSummary> {
    input(s.NoBody, body);
    return this.#change(caller, options, ['cancelOrder', orderId], async (tx, now) => {
      const order = await this.#order(tx, caller, orderId);
      const refusal = cancellationRefusal(order, now);
      if (refusal) throw problem(refusal, `Order ${order.orderNumber} cannot be cancelled.`);
      const at = isoInstant(now);
      await tx.setOrderState(caller.id, orderId, 'refunded', { activeCount: 0, availableCount: 0 });
      if (order.paymentType === 'css_balance') {
        const reseller = await this.caller(caller.id);
        await tx.setBalance(caller.id, { value: reseller.balance.value + order.amount.value, currency: reseller.balance.currency });
      }
      await tx.addHistory(caller.id, { orderId, licenseId: null, at, actor: resellerActor(caller), kind: 'refunded', detail: `Order ${order.orderNumber} cancelled and refunded` });
      const mail = cancellationMail(order);
      await tx.queueMail(caller.id, { id: this.#newId('msg'), kind: 'confirmation', to: caller.user.email, at, orderId, licenseId: null, ...mail });
      return orderSummary({ ...order, state: 'refunded', activeCount: 0, availableCount: 0 }, now);
    });
  }

  /** Deactivates an active license: available again, its customer detached and emailed, auto-renewal off. */
  async deactivateLicense(caller: ResellerRecord, licenseId: string, options: ChangeOptions = {}): Promise<s.License> {
    return this.#change(caller, options, ['deactivateLicense', licenseId], async (tx, now) => {
      const license = await this.#license(tx, caller, licenseId);
      const refusal = holderChangeRefusal(statusInOrder(license.orderState, license.activatedAt !== null));
      if (refusal || !license.customer) throw problem(refusal ?? 'license_not_active', `License ${license.activationCode} cannot be deactivated.`);
      const order = await this.#order(tx, caller, license.orderId);
      const holder = await this.#customer(tx, caller, license.customer.id);
      const at = isoInstant(now);
      await tx.deactivate(caller.id, licenseId);
      await tx.setOrderCounts(caller.id, order.id, { activeCount: order.activeCount - 1, availableCount: order.availableCount + 1 });
      const actor = resellerActor(caller);
      await tx.addHistory(caller.id, { orderId: order.id, licenseId, at, actor, kind: 'deactivated', detail: `Deactivated; ${holder.email} no longer holds it` });
      const mail = deactivationMail(caller, holder, license.activationCode, order.product.name);
      await tx.queueMail(caller.id, { id: this.#newId('msg'), kind: 'activation', to: holder.email, at, orderId: order.id, licenseId, ...mail });
      return licenseView({ ...license, activatedAt: null, customer: null, recurrent: false }, this.#linkBase);
    });
  }

  /** Transfers an active license to an existing or a new customer; the new holder gets the activation email. */
  async transferLicense(caller: ResellerRecord, licenseId: string, body: s.ActivationRequest, options: ChangeOptions = {}): Promise<s.License> {
    const request = input(s.ActivationRequest, body);
    return this.#change(caller, options, ['transferLicense', licenseId, request], async (tx, now) => {
      const license = await this.#license(tx, caller, licenseId);
      const refusal = holderChangeRefusal(statusInOrder(license.orderState, license.activatedAt !== null));
      if (refusal || !license.customer) throw problem(refusal ?? 'license_not_active', `License ${license.activationCode} cannot be transferred.`);
      const order = await this.#order(tx, caller, license.orderId);
      const customer = await this.#customerFor(tx, caller, request.customer);
      if (customer.id === license.customer.id) return licenseView(license, this.#linkBase);
      const at = isoInstant(now);
      await tx.setCustomer(caller.id, licenseId, customer.id);
      const detail = `Transferred from ${license.customer.email} to ${customer.email}`;
      await tx.addHistory(caller.id, { orderId: order.id, licenseId, at, actor: resellerActor(caller), kind: 'transferred', detail });
      const transferred = licenseView({ ...license, customer }, this.#linkBase);
      const mail = activationMail(caller, customer, transferred, order.product.name);
      await tx.queueMail(caller.id, { id: this.#newId('msg'), kind: 'activation', to: customer.email, at, orderId: order.id, licenseId, ...mail });
      return transferred;
    });
  }

  /** Corrects a customer's details; an email another customer of the reseller has is `customer_exists`. */
  async updateCustomer(caller: ResellerRecord, customerId: string, body: s.CustomerPatch, options: ChangeOptions = {}): Promise<s.Customer> {
    const patch = input(s.CustomerPatch, body);
    return this.#change(caller, options, ['updateCustomer', customerId, patch], async (tx, now) => {
      const customer = await this.#customer(tx, caller, customerId);
      if (patch.email !== undefined) {
        const holder = await tx.customerByEmail(caller.id, patch.email);
        if (holder && holder.id !== customerId) {
          throw problem('customer_exists', `A customer with ${patch.email} is already registered.`, {
            errors: [{ path: 'email', message: 'A customer with this email is already registered.' }],
          });
        }
      }
      await tx.updateCustomer(caller.id, customerId, patch);
      const changed = Object.keys(patch).join(', ');
      const at = isoInstant(now);
      for (const license of await tx.customerLicenses(caller.id, customerId)) {
        await tx.addHistory(caller.id, { ...license, licenseId: license.id, at, actor: resellerActor(caller), kind: 'customer_changed', detail: `Customer ${customer.email}: ${changed} corrected` });
      }
      const { phone: _phone, country: _country, ...shown } = patch;
      return customerView({ ...customer, ...shown });
    });
  }

  // ---------------------------------------------------------------------------------------
  // The customer's side: the activation code is the credential
  // ---------------------------------------------------------------------------------------

  /** What an activation code is for: the product, the reseller's name, the dates, the status. */
  async getActivation(visitor: Visitor, activationCode: string): Promise<s.ActivationInfo> {
    this.#admit(visitor);
    const found = await this.#byCode(this.store, activationCode);
    const { license } = found;
    return {
      activationCode: license.activationCode,
      product: { name: found.product },
      reseller: { name: found.reseller.name },
      validFrom: license.validFrom,
      validTo: license.validTo,
      status: statusInOrder(license.orderState, license.activatedAt !== null),
    };
  }

  /**
   * The customer activates the code for an existing or a new customer record of the
   * reseller's, and gets the same email as after a reseller's activation.
   */
  async activateByCode(visitor: Visitor, activationCode: string, body: s.ActivationRequest): Promise<s.CustomerActivationResult> {
    this.#admit(visitor);
    const request = input(s.ActivationRequest, body);
    const result = await this.store.transaction(async (tx) => {
      const now = this.clock.now();
      const { license, reseller, product } = await this.#byCode(tx, activationCode);
      const refusal = activationRefusal(statusInOrder(license.orderState, license.activatedAt !== null));
      if (refusal) throw problem(refusal, 'This activation code cannot be activated.');
      const order = await this.#order(tx, reseller, license.orderId);
      const customer = await this.#customerFor(tx, reseller, request.customer);
      const at = isoInstant(now);
      await tx.activate(reseller.id, license.id, customer.id, at);
      await tx.setOrderCounts(reseller.id, order.id, { activeCount: order.activeCount + 1, availableCount: order.availableCount - 1 });
      const activated = licenseView({ ...license, activatedAt: at, customer }, this.#linkBase);
      const mail = activationMail(reseller, customer, activated, product);
      await tx.queueMail(reseller.id, { id: this.#newId('msg'), kind: 'activation', to: customer.email, at, orderId: order.id, licenseId: license.id, ...mail });
      const actor = { kind: 'customer' as const, name: `${customer.firstName} ${customer.lastName}` };
      await tx.addHistory(reseller.id, { orderId: order.id, licenseId: license.id, at, actor, kind: 'customer_activated', detail: `Activated by the customer for ${customer.email}` });
      return { status: 'active' as const, product: { name: product }, validTo: license.validTo };
    });
    this.#options.afterChange?.();
    return result;
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

  /** Counts a visitor's request against the limit of the customer's side. */
  #admit(visitor: Visitor): void {
    const wait = this.#visitors.take(visitor.address, this.clock.now().getTime());
    if (wait !== null) throw problem('rate_limited', `Too many requests; try again in ${wait} s.`, { retryAfter: wait });
  }

  /** The license of an activation code, with its reseller and product; `not_found` for codes that name none. */
  async #byCode(reads: StoreReads, activationCode: string) {
    const found = ACTIVATION_CODE.test(activationCode) ? await reads.licenseByCode(activationCode) : null;
    const reseller = found ? await reads.reseller(found.resellerId) : null;
    const order = found && reseller ? await reads.order(reseller.id, found.license.orderId) : null;
    if (!found || !reseller || !order) throw problem('not_found', 'There is no such activation code.');
    return { license: found.license, reseller, product: order.product.name };
  }

  async #customer(reads: Pick<Store, 'customer'>, caller: ResellerRecord, customerId: string): Promise<CustomerRecord> {
    const customer = await reads.customer(caller.id, customerId);
    if (!customer) throw problem('not_found', 'There is no such customer.');
    return customer;
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

/** The reseller's user, as the actor of what they do. */
function resellerActor(caller: ResellerRecord): s.Actor {
  return { kind: 'reseller', name: caller.user.name };
}

async function withCursor<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof BadCursorError)) throw error;
    throw problem('validation_failed', error.message, { errors: [{ path: 'cursor', message: error.message }] });
  }
}

/** `count` random decimal digits. */
function randomDigits(count: number): string {
  return Array.from(globalThis.crypto.getRandomValues(new Uint8Array(count)), (b) => String(b % 10)).join('');
}

const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A fresh activation code: 80 random bits as four groups of four (Crockford base32). */
function newActivationCode(): string {
  const chars = Array.from(globalThis.crypto.getRandomValues(new Uint8Array(16)), (b) => CODE_ALPHABET[b % 32]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** The last day of a term of `months` starting on `from` (ISO dates). */
function termEnd(from: string, months: number): string {
  const start = new Date(`${from}T00:00:00Z`);
  const end = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + months, start.getUTCDate()) - 86_400_000;
  return new Date(end).toISOString().slice(0, 10);
}

/** Minor units as a plain amount for messages (`1234.50 EUR`). */
function formatMinor(money: s.Money): string {
  return `${(money.value / 100).toFixed(2)} ${money.currency}`;
}

function randomId(prefix: string): string {
  return `${prefix}_${globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 20)}`;
}
