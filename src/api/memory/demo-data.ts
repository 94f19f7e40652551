/**
 * A deterministic demo world: two resellers, the vendor's products, customers, and orders
 * with their licenses, all relative to a given `today`. The same seed and the same `today`
 * always give the same world. Orders are produced lazily, oldest first, so that a million of
 * them can be streamed into a database in batches; the default world is small and quick.
 *
 * Used by the demo backend's seed and by the in-memory client (Storybook, browser tests).
 */
import { CATALOG, DISTRIBUTORS, FIRST_NAMES, LAST_NAMES, ORGANIZATIONS, RESELLERS } from './demo-catalog.js';
import type { CatalogReseller } from './demo-catalog.js';
import { base32of40, Dice, hashInts, hashText, permute40, randomBase32 } from './demo-random.js';
import { addMonths, clamp, DAY, DUE_DAYS, isoDate, isoInstant, mergeByTime, planSlots, RENEWAL_DAYS, type Slot, type SlotKind } from './demo-schedule.js';
import { STANDARD_LINK_BASE } from '../../service/service.js';
import type { Money, OrderState, PaymentType, Product } from '../contract/schemas.js';

export interface DemoWorldOptions {
  /** Seed of every random choice; default 1. */
  seed?: number;
  /** The present moment the world is built around; default now. */
  today?: Date;
  /** Orders of reseller A, the big order included; default 320. Reseller B gets an eighth (4..40). */
  orders?: number;
  /** Licenses in reseller A's one big order; default 5,000. */
  bigOrderLicenses?: number;
  /**
   * Of reseller A's orders, how many were bought a one-year term before a day of the next
   * {@link DUE_DAYS} days, so that their licenses renew or lapse in the renewals view's
   * windows as in a reseller's book of a whole year; default none (only the few renewals of
   * {@link RENEWAL_DAYS}).
   */
  dueOrders?: number;
}

export interface DemoReseller {
  id: string;
  name: string;
  user: { name: string; email: string };
  currency: string;
  /** The CSS balance the reseller starts with; none is 0. */
  balance?: Money;
  tokenLabel: 'A' | 'B';
}

/** What one license of a product costs a reseller, for one term. */
export interface DemoPrice {
  resellerId: string;
  productId: string;
  unitPrice: Money;
  termMonths: number;
}

export interface DemoOrderRecord {
  id: string;
  resellerId: string;
  orderNumber: string;
  /** ISO 8601 UTC instant. */
  purchasedAt: string;
  user: string;
  productId: string;
  amount: Money;
  paymentType: PaymentType;
  state: OrderState;
  distributionCompany: string | null;
}

export interface DemoLicenseRecord {
  id: string;
  orderId: string;
  resellerId: string;
  activationCode: string;
  /** Absolute https URL; null for the deployment's standard link of the code. */
  activationLink: string | null;
  /** ISO dates. */
  validFrom: string;
  validTo: string;
  recurrent: boolean;
  customerId: string | null;
  activatedAt: string | null;
  distributionCompany: string | null;
  /** When its term ended without a renewal; none: not expired. */
  expiredAt?: string | null;
  /** A billing change that takes effect on a later day; none: nothing scheduled. */
  scheduledChange?: { recurrent: boolean; effectiveOn: string } | null;
}

export interface DemoCustomerRecord {
  id: string;
  resellerId: string;
  email: string;
  organization: string;
  firstName: string;
  lastName: string;
}

export interface DemoWorld {
  resellers: DemoReseller[];
  products: Product[];
  /** Every reseller's price of every product it may buy; none: nothing to buy. */
  prices?: DemoPrice[];
  customers: DemoCustomerRecord[];
  /** Every order of both resellers with its licenses, oldest first; a fresh pass on each call. */
  orders(): Iterable<{ order: DemoOrderRecord; licenses: DemoLicenseRecord[] }>;
}

/**
 * The CSS balance each reseller starts with, in euro cents (converted at the reseller's rate):
 * enough for about three years of the default world's renewals (reseller A's renewing
 * licenses cost some 81,000 euros a year), so that renewals fail for want of money only when
 * a reseller spends it.
 */
const STARTING_BALANCE_CENTS = 25_000_000;

/** Builds the demo world for `options`; see {@link DemoWorldOptions} for the defaults. */
export function createDemoWorld(options: DemoWorldOptions = {}): DemoWorld {
  const seed = Math.floor(options.seed ?? 1) >>> 0;
  const now = Math.floor((options.today ?? new Date()).getTime() / 1000) * 1000;
  const ordersA = Math.max(0, Math.floor(options.orders ?? 320));
  const ordersB = clamp(Math.round(ordersA / 8), 4, 40);
  const bigLicenses = Math.max(0, Math.floor(options.bigOrderLicenses ?? 5000));
  const keys = idKeys(seed);
  const customers = createCustomers(seed, keys, [ordersA, ordersB]);
  const customerIds = RESELLERS.map((r) => customers.filter((c) => c.resellerId === r.id).map((c) => c.id));
  const plans = [planSlots(seed, now, 0, ordersA, bigLicenses > 0, options.dueOrders ?? 0), planSlots(seed, now, 1, ordersB, false)] as const;

  return {
    resellers: RESELLERS.map(({ id, name, user, currency, rate, tokenLabel }) => ({
      id,
      name,
      user: { ...user },
      currency,
      balance: { value: Math.round(STARTING_BALANCE_CENTS * rate), currency },
      tokenLabel,
    })),
    products: CATALOG.map(({ id, name }) => ({ id, name })),
    prices: RESELLERS.flatMap((reseller) =>
      CATALOG.map((product) => ({
        resellerId: reseller.id,
        productId: product.id,
        unitPrice: { value: Math.round(product.yearlyPriceCents * reseller.rate), currency: reseller.currency },
        termMonths: 12,
      })),
    ),
    customers,
    *orders() {
      const counters = { order: 0, license: 0 };
      for (const slot of mergeByTime(plans[0](), plans[1]())) {
        const reseller = RESELLERS[slot.reseller];
        const ids = customerIds[slot.reseller] ?? [];
        yield buildOrder({ seed, now, slot, reseller, customerIds: ids, bigLicenses, counters, keys });
      }
    },
  };
}

interface BuildContext {
  seed: number;
  now: number;
  slot: Slot;
  reseller: CatalogReseller;
  customerIds: readonly string[];
  bigLicenses: number;
  counters: { order: number; license: number };
  keys: IdKeys;
}

/** Permutation keys of the world's identifiers, derived once from the seed. */
interface IdKeys {
  ord: number;
  lic: number;
  cus: number;
  code: number;
}

function idKeys(seed: number): IdKeys {
  const key = (label: string) => hashInts(seed, hashText(label));
  return { ord: key('ord'), lic: key('lic'), cus: key('cus'), code: key('code') };
}

const KIND_CODES: Record<SlotKind, number> = { regular: 1, recent: 2, big: 3, renewal: 4, due: 5 };

function buildOrder(ctx: BuildContext): { order: DemoOrderRecord; licenses: DemoLicenseRecord[] } {
  const { seed, now, slot, reseller, keys } = ctx;
  const dice = new Dice(hashInts(seed, slot.reseller, KIND_CODES[slot.kind], slot.k));
  const shape = orderShape(slot, dice, ctx.bigLicenses);
  const product = CATALOG[shape.productIndex % CATALOG.length] ?? CATALOG[0]!;
  const number = ++ctx.counters.order;
  const renewal = slot.kind === 'renewal';
  const termYears = slot.kind === 'big' || slot.kind === 'due' || renewal ? 1 : dice.pick([1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 3]);
  const discount = shape.quantity >= 100 ? 0.8 : shape.quantity >= 10 ? 0.9 : 1;
  const order: DemoOrderRecord = {
    id: opaqueId('ord', number, keys.ord),
    resellerId: reseller.id,
    orderNumber: `ORD-${new Date(slot.at).getUTCFullYear()}-${String(number).padStart(6, '0')}`,
    purchasedAt: isoInstant(slot.at),
    user: dice.chance(0.7) ? reseller.staff[0]! : dice.pick(reseller.staff),
    productId: product.id,
    amount: {
      value: Math.round(product.yearlyPriceCents * reseller.rate * termYears * shape.quantity * discount),
      currency: reseller.currency,
    },
    paymentType: shape.paymentType,
    state: shape.state,
    distributionCompany: shape.distributionCompany,
  };
  const validFrom = isoDate(slot.at);
  const validTo = isoDate(addMonths(slot.at, 12 * termYears) - DAY);
  const ageDays = (now - slot.at) / DAY;
  const activeShare = slot.kind === 'big' ? 0.35 : Math.min(0.85, 0.1 + ageDays / 40);
  const orderCustomer = ctx.customerIds.length > 0 ? dice.pick(ctx.customerIds) : null;
  const licenses: DemoLicenseRecord[] = [];
  for (let i = 0; i < shape.quantity; i += 1) {
    const code = activationCode(++ctx.counters.license, keys.code, dice);
    const forced = slot.kind === 'big' && i < 2;
    // A renewal order's first license renews (or, once expired, had been activated); its second lapses (or was never activated).
    const lapsed = renewal && validTo < isoDate(now);
    const activated =
      order.state === 'processed' && orderCustomer !== null && (renewal ? !(lapsed && i === 1) : forced ? i === 0 : dice.chance(activeShare));
    const customerId = !activated ? null : dice.chance(0.8) ? orderCustomer : dice.pick(ctx.customerIds);
    const activatedAt = activated ? slot.at + Math.floor((dice.next() * Math.min(now - slot.at, 30 * DAY)) / 1000) * 1000 : null;
    licenses.push({
      id: opaqueId('lic', ctx.counters.license, keys.lic),
      orderId: order.id,
      resellerId: reseller.id,
      activationCode: code,
      activationLink: `${STANDARD_LINK_BASE}${code}`,
      validFrom,
      validTo,
      recurrent: renewal ? i === 0 && !lapsed : forced ? i === 0 : dice.chance(0.6),
      customerId,
      activatedAt: activatedAt === null ? null : isoInstant(activatedAt),
      distributionCompany: order.distributionCompany,
      ...(lapsed ? { expiredAt: isoInstant(Date.parse(validTo) + DAY) } : {}),
    });
  }
  return { order, licenses };
}

interface OrderShape {
  productIndex: number;
  quantity: number;
  state: OrderState;
  paymentType: PaymentType;
  distributionCompany: string | null;
}

/**
 * What an order is made of. Recent orders cycle through every state, payment type and
 * distributor case so that even a small world covers them; the rest is drawn at random.
 */
function orderShape(slot: Slot, dice: Dice, bigLicenses: number): OrderShape {
  if (slot.kind === 'big') {
    return { productIndex: 0, quantity: bigLicenses, state: 'processed', paymentType: 'credit_card', distributionCompany: DISTRIBUTORS[0]! };
  }
  if (slot.kind === 'renewal') {
    const paymentType = slot.k % 2 === 0 ? 'css_balance' : 'credit_card';
    return { productIndex: slot.k % RENEWAL_DAYS.length, quantity: 2, state: 'processed', paymentType, distributionCompany: null };
  }
  const quantity = dice.chance(0.55) ? 1 : dice.chance(0.55) ? dice.int(2, 3) : dice.chance(0.75) ? dice.int(4, 10) : dice.int(11, 25);
  if (slot.kind === 'recent') {
    const k = slot.k;
    return {
      productIndex: k + slot.reseller * 3,
      quantity,
      state: k % 4 === 3 ? 'refunded' : 'processed',
      paymentType: k % 2 === 0 ? 'css_balance' : 'credit_card',
      distributionCompany: k % 3 === 1 ? null : dice.pick(DISTRIBUTORS),
    };
  }
  return {
    productIndex: dice.int(0, CATALOG.length - 1),
    quantity,
    state: dice.chance(0.07) ? 'refunded' : 'processed',
    paymentType: dice.chance(0.55) ? 'css_balance' : 'credit_card',
    distributionCompany: dice.chance(0.45) ? null : dice.pick(DISTRIBUTORS),
  };
}

function createCustomers(seed: number, keys: IdKeys, counts: readonly number[]): DemoCustomerRecord[] {
  const out: DemoCustomerRecord[] = [];
  const taken = new Set<string>();
  RESELLERS.forEach((reseller, r) => {
    const count = clamp(Math.ceil((counts[r] ?? 0) / 8), 12, 4000);
    for (let k = 0; k < count; k += 1) {
      const dice = new Dice(hashInts(seed, r, 77, k));
      const firstName = dice.pick(FIRST_NAMES);
      const lastName = dice.pick(LAST_NAMES);
      const organization = dice.pick(ORGANIZATIONS);
      const local = `${slug(firstName)}.${slug(lastName)}`;
      const domain = `${slug(organization)}.example`;
      let email = `${local}@${domain}`;
      for (let n = 2; taken.has(email); n += 1) email = `${local}${n}@${domain}`;
      taken.add(email);
      out.push({ id: opaqueId('cus', out.length + 1, keys.cus), resellerId: reseller.id, email, organization, firstName, lastName });
    }
  });
  return out;
}

/** `ord_…`, `lic_…`, `cus_…`: unique per counter, unordered to the eye. */
function opaqueId(prefix: string, counter: number, key: number): string {
  return `${prefix}_${base32of40(permute40(counter, key), true)}`;
}

/** `XXXX-XXXX-XXXX-XXXX`: a permuted counter (unique) followed by random characters. */
function activationCode(counter: number, key: number, dice: Dice): string {
  const unique = base32of40(permute40(counter, key));
  const noise = randomBase32(dice, 8);
  return `${unique.slice(0, 4)}-${unique.slice(4)}-${noise.slice(0, 4)}-${noise.slice(4)}`;
}

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[^A-Za-z0-9 ]/g, '')
    .trim()
    .toLowerCase()
    .replace(/ +/g, '-');
}
