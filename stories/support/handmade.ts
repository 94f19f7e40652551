/**
 * Hand-made data for the states the demo world does not hold on its own: an order of a
 * chosen mix of licenses, hundreds of orders today, hostile strings. Built into a
 * `MemoryStore`, so the elements see it through the memory client like any other data.
 */
import { MemoryLicensesClient, MemoryStore } from '../../src/api/memory/memory-client.js';
import type { DemoLicenseRecord, DemoOrderRecord } from '../../src/api/memory/demo-data.js';
import type { OrderState, PaymentType } from '../../src/api/contract/schemas.js';

/** One license of a hand-made order. */
export interface LicenseSpec {
  /** Activated for a customer (default false). */
  activated?: boolean;
  /** Renews automatically (default false). */
  recurrent?: boolean;
  distributionCompany?: string | null;
  activationCode?: string;
  /** The email of the customer it is activated for (a new customer is registered). */
  customerEmail?: string;
  /** The last day it is valid (default: a year after the purchase). */
  validTo?: string;
}

export interface OrderSpec {
  productName?: string;
  orderNumber?: string;
  purchasedAt?: Date;
  user?: string;
  state?: OrderState;
  paymentType?: PaymentType;
  distributionCompany?: string | null;
  /** Amount in minor units (default: 49.00 per license). */
  amount?: number;
  licenses: readonly LicenseSpec[];
}

const RESELLER = {
  id: 'rsl_story',
  name: 'Northwind Software GmbH',
  user: { name: 'Dana Weber', email: 'dana.weber@northwind-software.example' },
  currency: 'EUR',
  buyUrl: 'https://shop.example.com/buy/{productId}',
};

/** A code in the vendor's format (`3TWQ-6XJC-7MB8-6BQ3`), the same for the same number. */
function activationCode(n: number): string {
  const group = (g: number) => ((Math.imul(n + 1, 2_654_435_761) ^ Math.imul(g + 7, 40_503)) >>> 0).toString(36).toUpperCase().slice(-4).padStart(4, '0');
  return [0, 1, 2, 3].map(group).join('-');
}

const isoDate = (at: Date) => at.toISOString().slice(0, 10);
const instant = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A store of one reseller (Northwind Software) to which orders are added by hand. */
export class HandmadeWorld {
  readonly store = new MemoryStore();
  /** The reseller whose orders these are. */
  readonly resellerId = RESELLER.id;
  #sequence = 0;
  readonly #products = new Map<string, string>();

  constructor() {
    this.store.addReseller(RESELLER);
  }

  /** Adds an order with its licenses; returns its id. */
  addOrder(spec: OrderSpec): string {
    const n = ++this.#sequence;
    const at = spec.purchasedAt ?? new Date(Date.now() - n * 60_000);
    const order: DemoOrderRecord = {
      id: `ord_story${n}`,
      resellerId: RESELLER.id,
      orderNumber: spec.orderNumber ?? `ORD-${at.getUTCFullYear()}-${String(900_000 + n).padStart(6, '0')}`,
      purchasedAt: instant(at),
      user: spec.user ?? RESELLER.user.name,
      productId: this.#product(spec.productName ?? 'Sentinel Endpoint Protection'),
      amount: { value: spec.amount ?? 4_900 * spec.licenses.length, currency: RESELLER.currency },
      paymentType: spec.paymentType ?? 'credit_card',
      state: spec.state ?? 'processed',
      distributionCompany: spec.distributionCompany ?? null,
    };
    this.store.addOrder(order);
    this.store.addLicenses(spec.licenses.map((l, i) => this.#license(order, at, l, i)));
    return order.id;
  }

  /** The memory client over this store, as the reseller; `latencyMs` delays every answer. */
  client(options: { latencyMs?: number } = {}): MemoryLicensesClient {
    return new MemoryLicensesClient(this.store, { resellerId: RESELLER.id, latencyMs: options.latencyMs ?? 0 });
  }

  /** The activation code `addOrder` gave the `index`-th license of the order `orderId`. */
  codeOf(orderId: string, index: number): string {
    return activationCode(Number(orderId.replace('ord_story', '')) * 100_003 + index);
  }

  #product(name: string): string {
    let id = this.#products.get(name);
    if (id === undefined) {
      id = `prd_story${this.#products.size + 1}`;
      this.#products.set(name, id);
      this.store.addProduct({ id, name });
    }
    return id;
  }

  #license(order: DemoOrderRecord, at: Date, spec: LicenseSpec, index: number): DemoLicenseRecord {
    const code = spec.activationCode ?? activationCode(this.#sequence * 100_003 + index);
    const validTo = new Date(at.getTime() + 365 * 86_400_000);
    return {
      id: `${order.id.replace('ord_', 'lic_')}_${index + 1}`,
      orderId: order.id,
      resellerId: RESELLER.id,
      activationCode: code,
      activationLink: `https://activate.example.com/a/${encodeURIComponent(code)}`,
      validFrom: isoDate(at),
      validTo: spec.validTo ?? isoDate(validTo),
      recurrent: spec.recurrent ?? false,
      customerId: spec.activated ? this.#customer(spec.customerEmail, order.id, index) : null,
      activatedAt: spec.activated ? instant(at) : null,
      distributionCompany: spec.distributionCompany === undefined ? order.distributionCompany : spec.distributionCompany,
    };
  }

  #customer(email: string | undefined, orderId: string, index: number): string {
    const address = email ?? `it-${orderId.slice(-4)}-${index + 1}@customer.example`;
    const known = this.store.customerRecordByEmail(RESELLER.id, address);
    if (known) return known.id;
    const id = this.store.nextId('cus');
    const organization = `Customer ${index + 1} Ltd`;
    this.store.addCustomerRecord({ id, resellerId: RESELLER.id, email: address, organization, firstName: 'Alex', lastName: 'Morgan' });
    return id;
  }
}

/**
 * A moment of today in the browser's time zone, `fraction` of the way from midnight to
 * now, so that orders placed then are among today's orders whatever the time.
 */
export function todayAt(fraction: number): Date {
  const now = Date.now();
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  return new Date(midnight.getTime() + (now - midnight.getTime()) * fraction);
}

/** `count` licenses, the first `activated` of them activated, every `recurrentEvery`-th recurrent. */
export function licenses(count: number, activated = 0, recurrentEvery = 0): LicenseSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    activated: i < activated,
    recurrent: recurrentEvery > 0 && i % recurrentEvery === 0,
  }));
}
