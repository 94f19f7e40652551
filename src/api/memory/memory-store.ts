/**
 * The memory store: the service's Store port over plain objects, for the memory client
 * (Storybook, tests, prototypes). Several resellers' products, orders, licenses, customers,
 * history, sent emails and idempotency records, indexed for quick searches (licenses by
 * order, orders by activation code and by customer). Transactions run one at a time and
 * undo their writes when they fail.
 */
import type { DemoCustomerRecord, DemoLicenseRecord, DemoOrderRecord, DemoPrice, DemoReseller, DemoWorld } from './demo-data.js';
import type { CatalogProduct, CustomerPatch, LicenseStatus, Money, OrderState, ParsedLicenseCountsQuery, ParsedLicenseSearchQuery, ParsedLicensesQuery, ParsedOrdersQuery, Product } from '../contract/schemas.js';
import { orderCounts, statusInOrder, type OrderCounts } from '../../rules/licenses.js';
import {
  BadCursorError,
  type CustomerRecord,
  type FoundLicenseRecord,
  type HistoryRecord,
  type IdempotencyRecord,
  type JobProgress,
  type JobRecord,
  type JobResultRecord,
  type JobRowRecord,
  type LicenseRecord,
  type MailKind,
  type NewCustomerRecord,
  type NewHistoryRecord,
  type NewJobRecord,
  type NewLicenseRecord,
  type NewMail,
  type NewOrderRecord,
  type OrderRecord,
  type ProductCountRecord,
  type ReadAheadRequest,
  type ResellerRecord,
  type ScheduledChangeRecord,
  type Store,
  type StorePage,
  type StoreTx,
} from '../../service/store.js';
import { MemoryJobs } from './memory-jobs.js';
import { licensePage, searchOrders } from './memory-query.js';
import { countByProduct, dueScheduledChanges, endedTerms, searchLicenses } from './memory-renewals.js';
import { decodeJsonCursor, encodeJsonCursor } from '../../internal/json-cursor.js';

/** A reseller of the store; `buyUrl` is its Buy More template (`{productId}` is filled in). */
export interface MemoryReseller extends Omit<DemoReseller, 'tokenLabel'> {
  tokenLabel?: 'A' | 'B';
  buyUrl?: string;
}

/** An email the store has "sent", for tests and stories to look at. */
export interface OutboxMessage {
  id: string;
  resellerId: string;
  kind: MailKind;
  orderId: string | null;
  licenseId: string | null;
  to: string;
  subject: string;
  text: string;
  at: string;
}

/** A history entry with the order in which it was recorded. */
export interface StoredEvent extends HistoryRecord {
  seq: number;
}

/** A stored order with its licenses in their fixed order. */
export interface StoredOrder {
  record: DemoOrderRecord;
  licenses: StoredLicense[];
  /** Events that concern every license of the order (confirmation emails). */
  events: StoredEvent[];
  counts: OrderCounts;
}

export interface StoredLicense {
  record: DemoLicenseRecord;
  order: StoredOrder;
  /** Position within the order, which never changes. */
  index: number;
  /** Events recorded after the purchase (billing changes, emails), oldest first. */
  events: StoredEvent[];
}

const lower = (text: string) => text.toLowerCase();

/**
 * In-memory data of several resellers. Build it from a demo world with
 * {@link MemoryStore.fromWorld}, or add hand-made records (hostile strings, huge orders)
 * with the `add…` methods; records are copied, so later changes to them have no effect.
 */
export class MemoryStore implements Store {
  readonly #resellers = new Map<string, MemoryReseller>();
  readonly #products = new Map<string, Product>();
  /** Each reseller's prices, by reseller and product. */
  readonly #prices = new Map<string, Map<string, DemoPrice>>();
  readonly #orders = new Map<string, StoredOrder>();
  readonly #ordersByReseller = new Map<string, StoredOrder[]>();
  readonly #licenses = new Map<string, StoredLicense>();
  readonly #licensesByCode = new Map<string, StoredLicense[]>();
  readonly #customers = new Map<string, DemoCustomerRecord>();
  readonly #customersByReseller = new Map<string, DemoCustomerRecord[]>();
  readonly #ordersByCustomer = new Map<string, Set<StoredOrder>>();
  readonly #outbox: OutboxMessage[] = [];
  readonly #idempotency = new Map<string, IdempotencyRecord>();
  /** The day of each reseller's latest renewal-notice digest. */
  readonly #digests = new Map<string, string>();
  #sequence = 0;
  #queue: Promise<unknown> = Promise.resolve();
  /** The undo steps of the running transaction's writes, newest last; null outside one. */
  #undo: (() => void)[] | null = null;
  readonly #jobs = new MemoryJobs((step) => this.#undo?.push(step));

  /** A store holding everything of `world`: both resellers, their orders and customers. */
  static fromWorld(world: DemoWorld, options: { buyUrl?: string } = {}): MemoryStore {
    const store = new MemoryStore();
    for (const reseller of world.resellers) store.addReseller(options.buyUrl ? { ...reseller, buyUrl: options.buyUrl } : reseller);
    for (const product of world.products) store.addProduct(product);
    for (const price of world.prices ?? []) store.addPrice(price);
    for (const customer of world.customers) store.addCustomerRecord(customer);
    for (const { order, licenses } of world.orders()) {
      store.addOrder(order);
      store.addLicenses(licenses);
    }
    return store;
  }

  // ---------------------------------------------------------------------------------------
  // Loading records (stories, tests)
  // ---------------------------------------------------------------------------------------

  addReseller(reseller: MemoryReseller): void {
    this.#resellers.set(reseller.id, structuredClone(reseller));
    if (!this.#ordersByReseller.has(reseller.id)) this.#ordersByReseller.set(reseller.id, []);
    if (!this.#customersByReseller.has(reseller.id)) this.#customersByReseller.set(reseller.id, []);
  }

  addProduct(product: Product): void {
    this.#products.set(product.id, { id: product.id, name: product.name });
  }

  /** What a product costs the reseller, which puts it in the reseller's catalog. */
  addPrice(price: DemoPrice): void {
    if (!this.#products.has(price.productId)) throw new Error(`Unknown product ${price.productId}; add it first`);
    const prices = this.#prices.get(price.resellerId) ?? new Map<string, DemoPrice>();
    prices.set(price.productId, structuredClone(price));
    this.#prices.set(price.resellerId, prices);
  }

  addCustomerRecord(customer: DemoCustomerRecord): void {
    const list = this.#customersByReseller.get(this.#reseller(customer.resellerId).id)!;
    if (this.#customers.has(customer.id)) throw new Error(`Customer ${customer.id} exists already`);
    const copy = structuredClone(customer);
    this.#customers.set(copy.id, copy);
    list.push(copy);
    this.#undo?.push(() => {
      this.#customers.delete(copy.id);
      list.splice(list.indexOf(copy), 1);
    });
  }

  addOrder(order: DemoOrderRecord): void {
    const list = this.#ordersByReseller.get(this.#reseller(order.resellerId).id)!;
    if (!this.#products.has(order.productId)) throw new Error(`Unknown product ${order.productId}; add it first`);
    if (this.#orders.has(order.id)) throw new Error(`Order ${order.id} exists already`);
    const counts = { quantity: 0, activeCount: 0, availableCount: 0 };
    const stored: StoredOrder = { record: structuredClone(order), licenses: [], events: [], counts };
    this.#orders.set(order.id, stored);
    list.push(stored);
  }

  /** Adds licenses to their orders (which must exist), after the licenses already there. */
  addLicenses(licenses: Iterable<DemoLicenseRecord>): void {
    const changed = new Set<StoredOrder>();
    for (const license of licenses) {
      const order = this.#orders.get(license.orderId);
      if (!order || order.record.resellerId !== license.resellerId) throw new Error(`No order ${license.orderId} of ${license.resellerId}`);
      if (this.#licenses.has(license.id)) throw new Error(`License ${license.id} exists already`);
      const stored: StoredLicense = { record: structuredClone(license), order, index: order.licenses.length, events: [] };
      order.licenses.push(stored);
      changed.add(order);
      this.#licenses.set(license.id, stored);
      const code = lower(license.activationCode);
      const sameCode = this.#licensesByCode.get(code);
      if (sameCode) sameCode.push(stored);
      else this.#licensesByCode.set(code, [stored]);
      if (license.customerId !== null) this.#linkCustomer(license.customerId, order);
    }
    for (const order of changed) order.counts = orderCounts(order.licenses.map((l) => this.status(l)));
  }

  /** Emails sent so far, oldest first. */
  get outbox(): readonly OutboxMessage[] {
    return this.#outbox;
  }

  /** How many idempotency keys are remembered. */
  get idempotencyKeys(): number {
    return this.#idempotency.size;
  }

  /** The reseller's customer registered with this email (ignoring case), for building worlds. */
  customerRecordByEmail(resellerId: string, email: string): DemoCustomerRecord | undefined {
    return this.#customersOf(resellerId).find((c) => lower(c.email) === lower(email));
  }

  /** A new id, unique within this store. */
  nextId(prefix: string): string {
    this.#sequence += 1;
    return `${prefix}_m${this.#sequence.toString(36)}`;
  }

  // ---------------------------------------------------------------------------------------
  // What the queries of memory-query.ts read
  // ---------------------------------------------------------------------------------------

  productName(id: string): string {
    return this.#products.get(id)?.name ?? id;
  }

  ordersOf(resellerId: string): readonly StoredOrder[] {
    return this.#ordersByReseller.get(resellerId) ?? [];
  }

  storedOrder(resellerId: string, id: string): StoredOrder | undefined {
    const order = this.#orders.get(id);
    return order?.record.resellerId === resellerId ? order : undefined;
  }

  /** The reseller's licenses holding exactly this activation code (ignoring case). */
  licensesByCode(resellerId: string, code: string): StoredLicense[] {
    return (this.#licensesByCode.get(lower(code)) ?? []).filter((l) => l.record.resellerId === resellerId);
  }

  customerEmail(id: string | null): string | undefined {
    return id === null ? undefined : this.#customers.get(id)?.email;
  }

  /** Orders holding a license activated for a customer of the reseller with this email. */
  ordersOfCustomerEmail(resellerId: string, email: string): Set<StoredOrder> {
    const out = new Set<StoredOrder>();
    for (const customer of this.#customersOf(resellerId)) {
      if (lower(customer.email) !== lower(email)) continue;
      for (const order of this.#ordersByCustomer.get(customer.id) ?? []) out.add(order);
    }
    return out;
  }

  status(license: StoredLicense): LicenseStatus {
    return statusInOrder(license.order.record.state, license.record.activatedAt !== null, (license.record.expiredAt ?? null) !== null);
  }

  // ---------------------------------------------------------------------------------------
  // The Store port: reads
  // ---------------------------------------------------------------------------------------

  async reseller(resellerId: string): Promise<ResellerRecord | null> {
    const reseller = this.#resellers.get(resellerId);
    if (!reseller) return null;
    const { id, name, user, currency, buyUrl } = reseller;
    const balance = reseller.balance ? { ...reseller.balance } : { value: 0, currency };
    return { id, name, user: { ...user }, currency, balance, ...(buyUrl === undefined ? {} : { buyUrl }) };
  }

  async catalog(resellerId: string): Promise<CatalogProduct[]> {
    const prices = [...(this.#prices.get(resellerId)?.values() ?? [])];
    return prices
      .map(({ productId, unitPrice, termMonths }) => ({ id: productId, name: this.productName(productId), unitPrice: { ...unitPrice }, termMonths }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async licenseByCode(activationCode: string): Promise<{ resellerId: string; license: LicenseRecord } | null> {
    const [license] = this.#licensesByCode.get(lower(activationCode)) ?? [];
    return license ? { resellerId: license.record.resellerId, license: this.#licenseRecord(license) } : null;
  }

  async products(resellerId: string): Promise<Product[]> {
    const ids = new Set(this.ordersOf(resellerId).map((order) => order.record.productId));
    return [...ids].flatMap((id) => this.#products.get(id) ?? []).sort((a, b) => a.name.localeCompare(b.name));
  }

  async searchOrders(resellerId: string, query: ParsedOrdersQuery & { limit: number }): Promise<StorePage<OrderRecord>> {
    const page = searchOrders(this, resellerId, query);
    return { ...page, items: page.items.map((order) => this.#orderRecord(order)) };
  }

  async order(resellerId: string, orderId: string): Promise<OrderRecord | null> {
    const order = this.storedOrder(resellerId, orderId);
    return order ? this.#orderRecord(order) : null;
  }

  async activationCodes(resellerId: string, orderId: string): Promise<string[]> {
    return this.storedOrder(resellerId, orderId)?.licenses.map((l) => l.record.activationCode) ?? [];
  }

  async licenses(resellerId: string, orderId: string, query: ParsedLicensesQuery & { limit: number }): Promise<StorePage<LicenseRecord>> {
    const order = this.storedOrder(resellerId, orderId);
    if (!order) return { items: [], nextCursor: null, total: 0 };
    const page = licensePage(this, order, query);
    return { ...page, items: page.items.map((license) => this.#licenseRecord(license)) };
  }

  async license(resellerId: string, licenseId: string): Promise<LicenseRecord | null> {
    const license = this.#storedLicense(resellerId, licenseId);
    return license ? this.#licenseRecord(license) : null;
  }

  async history(resellerId: string, licenseId: string, page: { limit: number; cursor?: string | undefined }): Promise<{ items: HistoryRecord[]; nextCursor: string | null }> {
    const license = this.#storedLicense(resellerId, licenseId);
    if (!license) return { items: [], nextCursor: null };
    const all = [...license.events, ...license.order.events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.seq - b.seq);
    let start = 0;
    if (page.cursor !== undefined) {
      const after = decodeJsonCursor(page.cursor);
      if (!Array.isArray(after) || after[0] !== licenseId || !Number.isInteger(after[1])) throw new BadCursorError('This cursor does not belong to this history');
      start = all.findIndex((e) => e.seq > (after[1] as number));
      if (start < 0) start = all.length;
    }
    const items = all.slice(start, start + page.limit);
    const last = items.at(-1);
    const more = start + page.limit < all.length && last !== undefined;
    return { items: items.map(({ seq: _seq, ...e }) => ({ ...e, actor: { ...e.actor } })), nextCursor: more ? encodeJsonCursor([licenseId, last.seq]) : null };
  }

  async customers(resellerId: string, q: string, limit: number): Promise<CustomerRecord[]> {
    const texts = (c: DemoCustomerRecord) => [c.email, c.organization, `${c.firstName} ${c.lastName}`].map(lower);
    const rank = (email: string) => (lower(email).startsWith(q) ? 0 : 1);
    return this.#customersOf(resellerId)
      .filter((c) => texts(c).some((t) => t.includes(q)))
      .sort((a, b) => rank(a.email) - rank(b.email) || (lower(a.email) < lower(b.email) ? -1 : 1))
      .slice(0, limit)
      .map(customerRecord);
  }

  async customerByEmail(resellerId: string, email: string): Promise<CustomerRecord | null> {
    const found = this.customerRecordByEmail(resellerId, email);
    return found ? customerRecord(found) : null;
  }

  async customer(resellerId: string, customerId: string): Promise<CustomerRecord | null> {
    const found = this.#customers.get(customerId);
    return found?.resellerId === resellerId ? customerRecord(found) : null;
  }

  async customerLicenses(resellerId: string, customerId: string): Promise<{ id: string; orderId: string }[]> {
    return [...(this.#ordersByCustomer.get(customerId) ?? [])]
      .filter((order) => order.record.resellerId === resellerId)
      .flatMap((order) => order.licenses.filter((l) => l.record.customerId === customerId))
      .map((l) => ({ id: l.record.id, orderId: l.record.orderId }));
  }

  async mailTimes(resellerId: string, orderId: string, kind: MailKind, since: string): Promise<string[]> {
    const after = Date.parse(since);
    return this.#outbox
      .filter((m) => m.resellerId === resellerId && m.orderId === orderId && m.kind === kind && Date.parse(m.at) > after)
      .map((m) => m.at);
  }

  async idempotency(resellerId: string, key: string): Promise<IdempotencyRecord | null> {
    const record = this.#idempotency.get(`${resellerId}\n${key}`);
    return record ? structuredClone(record) : null;
  }

  // ---------------------------------------------------------------------------------------
  // The Store port: transactions and writes
  // ---------------------------------------------------------------------------------------

  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    const run = this.#queue.then(async () => {
      this.#undo = [];
      try {
        const result = await work(this);
        this.#undo = null;
        return result;
      } catch (error) {
        const undo = this.#undo;
        this.#undo = null;
        for (const step of (undo ?? []).reverse()) step();
        throw error;
      }
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async createOrder(resellerId: string, order: NewOrderRecord, licenses: NewLicenseRecord[]): Promise<void> {
    const { quantity: _quantity, ...record } = order;
    this.addOrder({ ...record, resellerId, state: 'processed' });
    this.addLicenses(licenses.map((l) => ({ ...l, orderId: order.id, resellerId, activationLink: null, recurrent: false, customerId: null, activatedAt: null })));
    this.#undo?.push(() => this.#removeOrder(order.id));
  }

  async setOrderState(resellerId: string, orderId: string, state: OrderState, counts: { activeCount: number; availableCount: number }): Promise<void> {
    const order = this.storedOrder(resellerId, orderId);
    if (!order) throw new Error(`No order ${orderId} of ${resellerId}`);
    const before = { state: order.record.state, counts: order.counts };
    order.record.state = state;
    order.counts = { ...order.counts, ...counts };
    this.#undo?.push(() => {
      order.record.state = before.state;
      order.counts = before.counts;
    });
  }

  async setBalance(resellerId: string, balance: Money): Promise<void> {
    const reseller = this.#reseller(resellerId);
    const before = reseller.balance;
    reseller.balance = { ...balance };
    this.#undo?.push(() => (reseller.balance = before));
  }

  async addCustomer(resellerId: string, customer: NewCustomerRecord): Promise<void> {
    const { id, email, organization, firstName, lastName } = customer;
    this.addCustomerRecord({ id, resellerId, email, organization, firstName, lastName });
  }

  async activate(resellerId: string, licenseId: string, customerId: string, at: string): Promise<void> {
    const license = this.#writable(resellerId, licenseId);
    const { record } = license;
    const before = { customerId: record.customerId, activatedAt: record.activatedAt };
    record.customerId = customerId;
    record.activatedAt = at;
    const linked = this.#linkCustomer(customerId, license.order);
    this.#undo?.push(() => {
      Object.assign(record, before);
      if (linked) this.#ordersByCustomer.get(customerId)?.delete(license.order);
    });
  }

  async deactivate(resellerId: string, licenseId: string): Promise<void> {
    const { record } = this.#writable(resellerId, licenseId);
    const before = { customerId: record.customerId, activatedAt: record.activatedAt, recurrent: record.recurrent, scheduledChange: record.scheduledChange ?? null };
    Object.assign(record, { customerId: null, activatedAt: null, recurrent: false, scheduledChange: null });
    this.#undo?.push(() => Object.assign(record, before));
  }

  async setCustomer(resellerId: string, licenseId: string, customerId: string): Promise<void> {
    const license = this.#writable(resellerId, licenseId);
    const before = license.record.customerId;
    license.record.customerId = customerId;
    const linked = this.#linkCustomer(customerId, license.order);
    this.#undo?.push(() => {
      license.record.customerId = before;
      if (linked) this.#ordersByCustomer.get(customerId)?.delete(license.order);
    });
  }

  async updateCustomer(resellerId: string, customerId: string, patch: CustomerPatch): Promise<void> {
    const customer = this.#customers.get(customerId);
    if (customer?.resellerId !== resellerId) throw new Error(`No customer ${customerId} of ${resellerId}`);
    const before = { ...customer };
    const { email, organization, firstName, lastName } = patch;
    Object.assign(customer, Object.fromEntries(Object.entries({ email, organization, firstName, lastName }).filter(([, v]) => v !== undefined)));
    this.#undo?.push(() => Object.assign(customer, before));
  }

  async setRecurrent(resellerId: string, licenseId: string, recurrent: boolean): Promise<void> {
    const { record } = this.#writable(resellerId, licenseId);
    const before = record.recurrent;
    record.recurrent = recurrent;
    this.#undo?.push(() => (record.recurrent = before));
  }

  async setOrderCounts(resellerId: string, orderId: string, counts: { activeCount: number; availableCount: number }): Promise<void> {
    const order = this.storedOrder(resellerId, orderId);
    if (!order) throw new Error(`No order ${orderId} of ${resellerId}`);
    const before = order.counts;
    order.counts = { ...before, ...counts };
    this.#undo?.push(() => (order.counts = before));
  }

  async addHistory(resellerId: string, entry: NewHistoryRecord): Promise<void> {
    const { orderId, licenseId, ...event } = entry;
    const target = licenseId === null ? this.storedOrder(resellerId, orderId) : this.#writable(resellerId, licenseId);
    if (!target) throw new Error(`No order ${orderId} of ${resellerId}`);
    this.#sequence += 1;
    target.events.push({ id: `evt_m${this.#sequence.toString(36)}`, seq: this.#sequence, ...event });
    this.#undo?.push(() => target.events.pop());
  }

  async queueMail(resellerId: string, mail: NewMail): Promise<void> {
    this.#outbox.push({ resellerId, ...mail });
    this.#undo?.push(() => this.#outbox.pop());
  }

  async saveIdempotency(resellerId: string, key: string, record: IdempotencyRecord): Promise<void> {
    const slot = `${resellerId}\n${key}`;
    const before = this.#idempotency.get(slot);
    this.#idempotency.set(slot, structuredClone(record));
    this.#undo?.push(() => (before ? this.#idempotency.set(slot, before) : this.#idempotency.delete(slot)));
  }

  async trimIdempotency(resellerId: string, keep: number): Promise<void> {
    const prefix = `${resellerId}\n`;
    const own = [...this.#idempotency].filter(([slot]) => slot.startsWith(prefix));
    own.sort(([, a], [, b]) => Date.parse(b.at) - Date.parse(a.at));
    for (const [slot, record] of own.slice(keep)) {
      this.#idempotency.delete(slot);
      this.#undo?.push(() => this.#idempotency.set(slot, record));
    }
  }

  async expireIdempotency(before: string): Promise<void> {
    const limit = Date.parse(before);
    for (const [slot, record] of this.#idempotency) {
      if (Date.parse(record.at) > limit) continue;
      this.#idempotency.delete(slot);
      this.#undo?.push(() => this.#idempotency.set(slot, record));
    }
  }

  // ---------------------------------------------------------------------------------------
  // The Store port: renewals (queries in memory-renewals.ts)
  // ---------------------------------------------------------------------------------------

  /** Every license of the reseller, order by order. */
  *licensesOf(resellerId: string): Generator<StoredLicense> {
    for (const order of this.ordersOf(resellerId)) yield* order.licenses;
  }

  /** The record of a stored license, as the port answers it. */
  licenseRecordOf(license: StoredLicense): LicenseRecord {
    return this.#licenseRecord(license);
  }

  async searchLicenses(resellerId: string, query: ParsedLicenseSearchQuery & { limit: number }): Promise<StorePage<FoundLicenseRecord>> {
    const page = searchLicenses(this, resellerId, query);
    return { ...page, items: page.items.map((license) => ({ ...this.#licenseRecord(license), product: this.#productOf(license.order.record) })) };
  }

  async countLicensesByProduct(resellerId: string, query: ParsedLicenseCountsQuery): Promise<ProductCountRecord[]> {
    return [...countByProduct(this, resellerId, query)].map(([id, count]) => ({ product: { id, name: this.productName(id) }, count }));
  }

  async resellerIds(): Promise<string[]> {
    return [...this.#resellers.keys()];
  }

  async endedTerms(resellerId: string, before: string, limit: number): Promise<LicenseRecord[]> {
    return endedTerms(this, resellerId, before, limit).map((license) => this.#licenseRecord(license));
  }

  async dueScheduledChanges(resellerId: string, through: string, limit: number): Promise<LicenseRecord[]> {
    return dueScheduledChanges(this, resellerId, through, limit).map((license) => this.#licenseRecord(license));
  }

  async lastRenewalDigest(resellerId: string): Promise<string | null> {
    return this.#digests.get(resellerId) ?? null;
  }

  async setValidTo(resellerId: string, licenseId: string, validTo: string): Promise<void> {
    this.#setField(resellerId, licenseId, 'validTo', validTo);
  }

  async setExpired(resellerId: string, licenseId: string, at: string): Promise<void> {
    this.#setField(resellerId, licenseId, 'expiredAt', at);
  }

  async setScheduledChange(resellerId: string, licenseId: string, change: ScheduledChangeRecord | null): Promise<void> {
    this.#setField(resellerId, licenseId, 'scheduledChange', change === null ? null : { ...change });
  }

  async claimRenewalDigest(resellerId: string, day: string): Promise<boolean> {
    const last = this.#digests.get(resellerId);
    if (last !== undefined && last >= day) return false;
    this.#digests.set(resellerId, day);
    this.#undo?.push(() => (last === undefined ? this.#digests.delete(resellerId) : this.#digests.set(resellerId, last)));
    return true;
  }

  #setField<K extends 'validTo' | 'expiredAt' | 'scheduledChange'>(resellerId: string, licenseId: string, field: K, value: DemoLicenseRecord[K]): void {
    const { record } = this.#writable(resellerId, licenseId);
    const before = record[field];
    record[field] = value;
    this.#undo?.push(() => (record[field] = before));
  }

  // The Store port: jobs (memory-jobs.ts)
  // ---------------------------------------------------------------------------------------

  async job(resellerId: string, jobId: string): Promise<JobRecord | null> {
    return this.#jobs.job(resellerId, jobId);
  }

  async jobResults(resellerId: string, jobId: string, page: { limit: number; cursor?: string | undefined }) {
    return this.#jobs.results(resellerId, jobId, page);
  }

  async unfinishedJobs(limit: number): Promise<{ resellerId: string; jobId: string }[]> {
    return this.#jobs.unfinished(limit);
  }

  /** Reads here cost no round trip: nothing to read ahead. */
  async readAhead(_resellerId: string, _wanted: ReadAheadRequest): Promise<void> {}

  async createJob(resellerId: string, job: NewJobRecord): Promise<void> {
    this.#jobs.create(resellerId, job);
  }

  async claimJob(resellerId: string, jobId: string, limit: number): Promise<{ job: JobRecord; rows: JobRowRecord[] } | null> {
    return this.#jobs.claim(resellerId, jobId, limit);
  }

  async saveJobResults(resellerId: string, jobId: string, results: JobResultRecord[], progress: JobProgress): Promise<void> {
    this.#jobs.save(resellerId, jobId, results, progress);
  }

  // ---------------------------------------------------------------------------------------

  #reseller(id: string): MemoryReseller {
    const reseller = this.#resellers.get(id);
    if (!reseller) throw new Error(`Unknown reseller ${id}; add it first`);
    return reseller;
  }

  #customersOf(resellerId: string): readonly DemoCustomerRecord[] {
    return this.#customersByReseller.get(resellerId) ?? [];
  }

  #storedLicense(resellerId: string, id: string): StoredLicense | undefined {
    const license = this.#licenses.get(id);
    return license?.record.resellerId === resellerId ? license : undefined;
  }

  #writable(resellerId: string, licenseId: string): StoredLicense {
    const license = this.#storedLicense(resellerId, licenseId);
    if (!license) throw new Error(`No license ${licenseId} of ${resellerId}`);
    return license;
  }

  /** Takes an order and its licenses out again (a failed transaction's undo). */
  #removeOrder(orderId: string): void {
    const order = this.#orders.get(orderId);
    if (!order) return;
    this.#orders.delete(orderId);
    const list = this.#ordersByReseller.get(order.record.resellerId) ?? [];
    list.splice(list.indexOf(order), 1);
    for (const license of order.licenses) {
      this.#licenses.delete(license.record.id);
      const sameCode = this.#licensesByCode.get(lower(license.record.activationCode)) ?? [];
      sameCode.splice(sameCode.indexOf(license), 1);
      if (sameCode.length === 0) this.#licensesByCode.delete(lower(license.record.activationCode));
    }
  }

  /** Links the customer to the order; true when the link is new. */
  #linkCustomer(customerId: string, order: StoredOrder): boolean {
    const orders = this.#ordersByCustomer.get(customerId);
    if (orders?.has(order)) return false;
    if (orders) orders.add(order);
    else this.#ordersByCustomer.set(customerId, new Set([order]));
    return true;
  }

  /** The product of an order, as its summary and a license found across orders name it. */
  #productOf(order: DemoOrderRecord): Product {
    return { id: order.productId, name: this.productName(order.productId) };
  }

  #orderRecord(order: StoredOrder): OrderRecord {
    const { record, counts } = order;
    return {
      id: record.id,
      orderNumber: record.orderNumber,
      purchasedAt: record.purchasedAt,
      user: record.user,
      product: this.#productOf(record),
      quantity: counts.quantity,
      activeCount: counts.activeCount,
      availableCount: counts.availableCount,
      amount: { ...record.amount },
      paymentType: record.paymentType,
      state: record.state,
      distributionCompany: record.distributionCompany,
    };
  }

  #licenseRecord(license: StoredLicense): LicenseRecord {
    const { record } = license;
    const customer = record.customerId === null ? undefined : this.#customers.get(record.customerId);
    return {
      id: record.id,
      orderId: record.orderId,
      orderState: license.order.record.state,
      activationCode: record.activationCode,
      activationLink: record.activationLink,
      validFrom: record.validFrom,
      validTo: record.validTo,
      recurrent: record.recurrent,
      activatedAt: record.activatedAt,
      distributionCompany: record.distributionCompany,
      customer: customer ? { id: customer.id, email: customer.email, organization: customer.organization } : null,
      expiredAt: record.expiredAt ?? null,
      scheduledChange: record.scheduledChange ? { ...record.scheduledChange } : null,
    };
  }
}

function customerRecord(customer: DemoCustomerRecord): CustomerRecord {
  const { id, email, organization, firstName, lastName } = customer;
  return { id, email, organization, firstName, lastName };
}
