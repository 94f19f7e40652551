/**
 * The data behind the memory client: several resellers' products, orders, licenses,
 * customers, history, sent emails and idempotency records, indexed for quick searches
 * (licenses by order, orders by activation code and by customer).
 */
import type { DemoCustomerRecord, DemoLicenseRecord, DemoOrderRecord, DemoReseller, DemoWorld } from './demo-data.js';
import type { HistoryEntry, HistoryKind, LicenseStatus, Product } from '../contract/schemas.js';
import { orderCounts, statusInOrder, type OrderCounts } from '../../rules/licenses.js';

/** A reseller of the store; `buyUrl` is its Buy More template (`{productId}` is filled in). */
export interface MemoryReseller extends Omit<DemoReseller, 'tokenLabel'> {
  tokenLabel?: 'A' | 'B';
  buyUrl?: string;
}

/** An email the store has "sent", for tests and stories to look at. */
export interface OutboxMessage {
  id: string;
  resellerId: string;
  to: string;
  subject: string;
  text: string;
  at: string;
}

/** A stored order with its licenses in their fixed order; counts are derived and cached. */
export interface StoredOrder {
  record: DemoOrderRecord;
  licenses: StoredLicense[];
  /** Events that concern every license of the order (confirmation emails). */
  events: HistoryEntry[];
  counts: OrderCounts | null;
}

export interface StoredLicense {
  record: DemoLicenseRecord;
  order: StoredOrder;
  /** Position within the order, which never changes. */
  index: number;
  /** Events recorded after the purchase (billing changes, emails), oldest first. */
  events: HistoryEntry[];
}

/** What an idempotency key was first used for, and what was answered. */
export interface IdempotencyRecord {
  fingerprint: string;
  answer: unknown;
  at: number;
}

const DEFAULT_BUY_URL = 'https://shop.example.com/buy/{productId}';
const lower = (text: string) => text.toLowerCase();

/**
 * In-memory data of several resellers. Build it from a demo world with
 * {@link MemoryStore.fromWorld}, or add hand-made records (hostile strings, huge orders)
 * with the `add…` methods; records are copied, so later changes to them have no effect.
 */
export class MemoryStore {
  readonly #resellers = new Map<string, MemoryReseller>();
  readonly #products = new Map<string, Product>();
  readonly #orders = new Map<string, StoredOrder>();
  readonly #ordersByReseller = new Map<string, StoredOrder[]>();
  readonly #licenses = new Map<string, StoredLicense>();
  readonly #licensesByCode = new Map<string, StoredLicense[]>();
  readonly #customers = new Map<string, DemoCustomerRecord>();
  readonly #customersByReseller = new Map<string, DemoCustomerRecord[]>();
  readonly #ordersByCustomer = new Map<string, Set<StoredOrder>>();
  readonly #outbox: OutboxMessage[] = [];
  /** Idempotency records by reseller and key. */
  readonly idempotency = new Map<string, IdempotencyRecord>();
  /** When confirmation emails of each order were sent (epoch ms), for the rate limit. */
  readonly confirmationsSent = new Map<string, number[]>();
  #sequence = 0;

  /** A store holding everything of `world`: both resellers, their orders and customers. */
  static fromWorld(world: DemoWorld, options: { buyUrl?: string } = {}): MemoryStore {
    const store = new MemoryStore();
    for (const reseller of world.resellers) store.addReseller({ ...reseller, buyUrl: options.buyUrl ?? DEFAULT_BUY_URL });
    for (const product of world.products) store.addProduct(product);
    for (const customer of world.customers) store.addCustomer(customer);
    for (const { order, licenses } of world.orders()) {
      store.addOrder(order);
      store.addLicenses(licenses);
    }
    return store;
  }

  addReseller(reseller: MemoryReseller): void {
    this.#resellers.set(reseller.id, structuredClone({ buyUrl: DEFAULT_BUY_URL, ...reseller }));
    if (!this.#ordersByReseller.has(reseller.id)) this.#ordersByReseller.set(reseller.id, []);
    if (!this.#customersByReseller.has(reseller.id)) this.#customersByReseller.set(reseller.id, []);
  }

  addProduct(product: Product): void {
    this.#products.set(product.id, { id: product.id, name: product.name });
  }

  addCustomer(customer: DemoCustomerRecord): void {
    const list = this.#customersByReseller.get(this.#reseller(customer.resellerId).id)!;
    if (this.#customers.has(customer.id)) throw new Error(`Customer ${customer.id} exists already`);
    const copy = structuredClone(customer);
    this.#customers.set(copy.id, copy);
    list.push(copy);
  }

  addOrder(order: DemoOrderRecord): void {
    const list = this.#ordersByReseller.get(this.#reseller(order.resellerId).id)!;
    if (!this.#products.has(order.productId)) throw new Error(`Unknown product ${order.productId}; add it first`);
    if (this.#orders.has(order.id)) throw new Error(`Order ${order.id} exists already`);
    const stored: StoredOrder = { record: structuredClone(order), licenses: [], events: [], counts: null };
    this.#orders.set(order.id, stored);
    list.push(stored);
  }

  /** Adds licenses to their orders (which must exist), after the licenses already there. */
  addLicenses(licenses: Iterable<DemoLicenseRecord>): void {
    for (const license of licenses) {
      const order = this.#orders.get(license.orderId);
      if (!order || order.record.resellerId !== license.resellerId) throw new Error(`No order ${license.orderId} of ${license.resellerId}`);
      if (this.#licenses.has(license.id)) throw new Error(`License ${license.id} exists already`);
      const stored: StoredLicense = { record: structuredClone(license), order, index: order.licenses.length, events: [] };
      order.licenses.push(stored);
      order.counts = null;
      this.#licenses.set(license.id, stored);
      const code = lower(license.activationCode);
      const sameCode = this.#licensesByCode.get(code);
      if (sameCode) sameCode.push(stored);
      else this.#licensesByCode.set(code, [stored]);
      if (license.customerId !== null) this.#linkCustomer(license.customerId, order);
    }
  }

  /** Emails sent so far, oldest first. */
  get outbox(): readonly OutboxMessage[] {
    return this.#outbox;
  }

  reseller(id: string): MemoryReseller | undefined {
    return this.#resellers.get(id);
  }

  product(id: string): Product | undefined {
    return this.#products.get(id);
  }

  /** The reseller's order, or undefined when there is none (or it is another reseller's). */
  order(resellerId: string, id: string): StoredOrder | undefined {
    const order = this.#orders.get(id);
    return order?.record.resellerId === resellerId ? order : undefined;
  }

  orders(resellerId: string): readonly StoredOrder[] {
    return this.#ordersByReseller.get(resellerId) ?? [];
  }

  license(resellerId: string, id: string): StoredLicense | undefined {
    const license = this.#licenses.get(id);
    return license?.record.resellerId === resellerId ? license : undefined;
  }

  /** The reseller's licenses holding exactly this activation code (ignoring case). */
  licensesByCode(resellerId: string, code: string): StoredLicense[] {
    return (this.#licensesByCode.get(lower(code)) ?? []).filter((l) => l.record.resellerId === resellerId);
  }

  customer(id: string): DemoCustomerRecord | undefined {
    return this.#customers.get(id);
  }

  customers(resellerId: string): readonly DemoCustomerRecord[] {
    return this.#customersByReseller.get(resellerId) ?? [];
  }

  customerByEmail(resellerId: string, email: string): DemoCustomerRecord | undefined {
    return this.customers(resellerId).find((c) => lower(c.email) === lower(email));
  }

  /** Orders holding a license activated for one of these customers. */
  ordersOfCustomers(customerIds: Iterable<string>): Set<StoredOrder> {
    const out = new Set<StoredOrder>();
    for (const id of customerIds) for (const order of this.#ordersByCustomer.get(id) ?? []) out.add(order);
    return out;
  }

  status(license: StoredLicense): LicenseStatus {
    return statusInOrder(license.order.record.state, license.record.activatedAt !== null);
  }

  counts(order: StoredOrder): OrderCounts {
    order.counts ??= orderCounts(order.licenses.map((l) => this.status(l)));
    return order.counts;
  }

  /** Records the activation of `license` for `customerId` at `at`. */
  activate(license: StoredLicense, customerId: string, at: string): void {
    license.record.customerId = customerId;
    license.record.activatedAt = at;
    license.order.counts = null;
    this.#linkCustomer(customerId, license.order);
  }

  /** Appends an event to one license, or to every license of an order. */
  record(target: StoredLicense | StoredOrder, kind: HistoryKind, at: string, actor: string, detail: string): void {
    target.events.push({ id: this.nextId('evt'), at, actor, kind, detail });
  }

  send(message: Omit<OutboxMessage, 'id'>): OutboxMessage {
    const sent = { id: this.nextId('msg'), ...message };
    this.#outbox.push(sent);
    return sent;
  }

  /** A new id, unique within this store. */
  nextId(prefix: string): string {
    this.#sequence += 1;
    return `${prefix}_m${this.#sequence.toString(36)}`;
  }

  #reseller(id: string): MemoryReseller {
    const reseller = this.#resellers.get(id);
    if (!reseller) throw new Error(`Unknown reseller ${id}; add it first`);
    return reseller;
  }

  #linkCustomer(customerId: string, order: StoredOrder): void {
    const orders = this.#ordersByCustomer.get(customerId);
    if (orders) orders.add(order);
    else this.#ordersByCustomer.set(customerId, new Set([order]));
  }
}
