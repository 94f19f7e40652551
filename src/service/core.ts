/**
 * What every use case of the service stands on: the store and the clock, the one way a
 * change runs (one transaction, once per idempotency key), the customer side's rate limit,
 * and the lookups that answer `not_found`. The use cases themselves are functions of this
 * core, one module per subject; {@link LicensesService} gathers them.
 */
import * as s from '../api/contract/schemas.js';
import { ApiError } from '../api/contract/errors.js';
import { type Clock, isoInstant, systemClock } from './clock.js';
import { canonicalJson, fingerprint } from './fingerprint.js';
import { input, problem, problemDocument, problemFromDocument } from './problems.js';
import { type RateLimit, RateLimiter } from './rate-limit.js';
import { BadCursorError, type Caller, type CustomerRecord, type IdempotencyRecord, type LicenseRecord, type ResellerRecord, type Store, type StoreReads, type StoreTx } from './store.js';
import { licenseView } from './views.js';

export interface ServiceOptions {
  store: Store;
  clock?: Clock;
  /** The Buy More URL template of resellers that have none of their own. */
  buyUrl?: string;
  /** The standard activation link of a code is this followed by the code. */
  activationLinkBase?: string;
  /** Called after each change has committed, e.g. to send the mail it queued. */
  afterChange?: () => void;
  /** Called when a job was queued, e.g. to wake the job runner. */
  onJobQueued?: () => void;
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
export const DEFAULT_BUY_URL = 'https://shop.example.com/buy/{productId}';
/** Where a code's activation link points when the deployment names no page of its own. */
export const STANDARD_LINK_BASE = 'https://activate.example.com/a/';

/** A change's answer: its value, or the refusal that is remembered like one. */
type Outcome<T> = ({ ok: true; value: T } | { ok: false; error: ApiError }) & { replayed: boolean };

/** The service's foundation: what every use case reads, writes and answers through. */
export class ServiceCore {
  readonly store: Store;
  readonly clock: Clock;
  readonly options: ServiceOptions;
  /** A new record's id with this prefix (`ord`, `lic`, `cus`, `msg`, …). */
  readonly newId: (prefix: string) => string;
  readonly #linkBase: string;
  readonly #visitors: RateLimiter;

  constructor(options: ServiceOptions) {
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.options = options;
    this.#linkBase = options.activationLinkBase ?? STANDARD_LINK_BASE;
    this.newId = options.newId ?? randomId;
    this.#visitors = new RateLimiter(options.visitorLimit ?? VISITOR_LIMIT);
  }

  /** The reseller with this id (as `tx` sees it, when given), or `unauthorized`. */
  async caller(resellerId: string, tx?: StoreTx): Promise<ResellerRecord> {
    const reseller = await (tx ?? this.store).reseller(resellerId);
    if (!reseller) throw problem('unauthorized', 'Unknown reseller.');
    return reseller;
  }

  /** The license as the contract shows it, with this deployment's standard activation links. */
  view(license: LicenseRecord): s.License {
    return licenseView(license, this.#linkBase);
  }

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
  async change<T>(caller: Caller, options: ChangeOptions, request: unknown[], work: (tx: StoreTx, now: Date) => Promise<T>): Promise<T> {
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
    else this.options.afterChange?.();
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  async #remember(tx: StoreTx, caller: Caller, key: string, record: IdempotencyRecord): Promise<void> {
    await tx.saveIdempotency(caller.id, key, record);
    await tx.trimIdempotency(caller.id, this.options.idempotencyKeysPerReseller ?? IDEMPOTENCY_KEYS_PER_RESELLER);
  }

  /** Counts a visitor's request against the limit of the customer's side. */
  admit(visitor: Visitor): void {
    const wait = this.#visitors.take(visitor.address, this.clock.now().getTime());
    if (wait !== null) throw problem('rate_limited', `Too many requests; try again in ${wait} s.`, { retryAfter: wait });
  }

  /** The license of an activation code, with its reseller and product; `not_found` for codes that name none. */
  async byCode(reads: StoreReads, activationCode: string) {
    const found = ACTIVATION_CODE.test(activationCode) ? await reads.licenseByCode(activationCode) : null;
    const reseller = found ? await reads.reseller(found.resellerId) : null;
    const order = found && reseller ? await reads.order(reseller.id, found.license.orderId) : null;
    if (!found || !reseller || !order) throw problem('not_found', 'There is no such activation code.');
    return { license: found.license, reseller, product: order.product.name };
  }

  /** The caller's license of an activation code; `not_found` for codes that name none of the caller's. */
  async ownLicenseByCode(reads: StoreReads, caller: Caller, activationCode: string): Promise<LicenseRecord> {
    const found = ACTIVATION_CODE.test(activationCode) ? await reads.licenseByCode(activationCode) : null;
    if (!found || found.resellerId !== caller.id) throw problem('not_found', 'There is no such activation code.');
    return found.license;
  }

  async customer(reads: Pick<Store, 'customer'>, caller: Caller, customerId: string): Promise<CustomerRecord> {
    const customer = await reads.customer(caller.id, customerId);
    if (!customer) throw problem('not_found', 'There is no such customer.');
    return customer;
  }

  async order(reads: Pick<Store, 'order'>, caller: Caller, orderId: string) {
    const order = await reads.order(caller.id, orderId);
    if (!order) throw problem('not_found', 'There is no such order.');
    return order;
  }

  async license(reads: Pick<Store, 'license'>, caller: Caller, licenseId: string) {
    const license = await reads.license(caller.id, licenseId);
    if (!license) throw problem('not_found', 'There is no such license.');
    return license;
  }

  /** The existing customer asked for, or a newly registered one. */
  async customerFor(tx: StoreTx, caller: Caller, wanted: s.ActivationRequest['customer']): Promise<CustomerRecord> {
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
    const customer = { id: this.newId('cus'), email, organization, firstName, lastName };
    await tx.addCustomer(caller.id, { ...customer, phone: wanted.phone ?? null, country: wanted.country });
    return customer;
  }
}

/** The reseller's user, as the actor of what they do. */
export function resellerActor(caller: Caller): s.Actor {
  return { kind: 'reseller', name: caller.user.name };
}

export async function withCursor<T>(run: () => Promise<T>): Promise<T> {
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
