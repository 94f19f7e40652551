/**
 * The soak's mixed traffic: what a page full of resellers does (searches, license pages,
 * single licenses, customer suggestions, activations, billing changes, confirmation emails,
 * retried activations), each request with the one answer it must get, and a ledger of every
 * change the server acknowledged, to be found in the database afterwards.
 */
import type Database from 'better-sqlite3';

export type Kind = 'search' | 'licenses page' | 'license' | 'customers' | 'activation' | 'billing change' | 'resend email' | 'replay';

/** Shares of the traffic, out of 100. */
export const MIX: Record<Kind, number> = {
  search: 30,
  'licenses page': 18,
  license: 10,
  customers: 8,
  activation: 14,
  'billing change': 12,
  'resend email': 4,
  replay: 4,
};

export interface Request {
  kind: Kind;
  method: string;
  path: string;
  body?: string;
  key?: string;
  /** The status it must be answered with. */
  status: number;
  /** Checks the answer's body and records the change it acknowledged; returns an error or null. */
  accept?: (body: string, headers: Record<string, string | string[] | undefined>) => string | null;
  /** Gives back what the request held (a license being switched) whatever the answer. */
  release?: () => void;
}

/** Every change the server acknowledged. */
export interface Ledger {
  activations: { licenseId: string; email: string; key: string; request: string; answer: string }[];
  /** License id → the recurrent values acknowledged for it, in order. */
  billing: Map<string, boolean[]>;
  confirmations: { orderId: string; messageId: string }[];
}

interface Pools {
  orders: { id: string; number: string; productId: string; product: string; distributor: string | null }[];
  codes: string[];
  customerEmails: string[];
  available: string[];
  active: Map<string, boolean>;
  bigOrder: string;
}

/** Reseller A's data the traffic draws on, read once from the seeded database. */
export function readPools(db: Database.Database): Pools {
  const a = (db.prepare("SELECT seq FROM resellers WHERE token_label = 'A'").get() as { seq: number }).seq;
  const all = <T>(sql: string) => db.prepare<[number], T>(sql).all(a);
  const licenses = all<{ id: string; code: string; activated: number; recurrent: number; refunded: number }>(
    `SELECT l.id, l.activation_code AS code, l.activated_at IS NOT NULL AS activated, l.recurrent, o.state = 'refunded' AS refunded
     FROM licenses l JOIN orders o ON o.seq = l.order_seq WHERE l.reseller_seq = ? ORDER BY (l.seq * 7919) % 100003`,
  );
  return {
    orders: all(`SELECT o.id, o.order_number AS number, p.id AS productId, p.name AS product, o.distribution_company AS distributor
                 FROM orders o JOIN products p ON p.seq = o.product_seq WHERE o.reseller_seq = ?`),
    codes: licenses.filter((_, i) => i % 50 === 0).map((l) => l.code),
    customerEmails: all<{ email: string }>('SELECT email FROM customers WHERE reseller_seq = ?').map((c) => c.email),
    available: licenses.filter((l) => !l.activated && !l.refunded).map((l) => l.id),
    active: new Map(licenses.filter((l) => l.activated && !l.refunded).map((l) => [l.id, l.recurrent === 1])),
    bigOrder: all<{ id: string }>('SELECT id FROM orders WHERE reseller_seq = ? ORDER BY quantity DESC LIMIT 1')[0]?.id ?? '',
  };
}

/** Builds the next request of a given kind; `null` when its pool has run dry. */
export class Traffic {
  readonly ledger: Ledger = { activations: [], billing: new Map(), confirmations: [] };
  readonly #pools: Pools;
  readonly #switching = new Set<string>();
  readonly #activeIds: string[];
  readonly #sends = new Map<string, number>();
  #next = 0;
  #seed = 1;

  constructor(pools: Pools) {
    this.#pools = pools;
    this.#activeIds = [...pools.active.keys()];
  }

  /** A kind drawn by {@link MIX}. */
  kind(): Kind {
    let roll = this.#random() * 100;
    for (const [kind, share] of Object.entries(MIX) as [Kind, number][]) {
      roll -= share;
      if (roll < 0) return kind;
    }
    return 'search';
  }

  request(kind: Kind): Request | null {
    const p = this.#pools;
    const pick = <T>(items: readonly T[]): T => items[Math.floor(this.#random() * items.length)] as T;
    const order = pick(p.orders);
    switch (kind) {
      case 'search': {
        const filters = [
          '', `orderNumber=${enc(order.number)}`, `productId=${enc(order.productId)}`, `productName=${enc(order.product.slice(0, 6))}`,
          `activationCode=${enc(pick(p.codes))}`, `customerEmail=${enc(pick(p.customerEmails))}`, 'state=refunded', 'paymentType=credit_card',
          `purchasedFrom=${new Date(Date.now() - 30 * 86_400_000).toISOString()}`, `distributionCompany=${enc(order.distributor ?? 'none')}`,
          `q=${enc(order.number.slice(-4))}`, `q=${enc(pick(p.customerEmails).slice(0, 4))}`, `q=${enc(pick(p.codes).slice(5, 9))}`,
        ];
        const sort = pick(['purchasedAt:desc', 'purchasedAt:asc', 'amount:desc', 'amount:asc', 'orderNumber:asc']);
        return { kind, method: 'GET', path: `/api/v1/orders?limit=${pick([25, 50, 200])}&sort=${sort}&${pick(filters)}`, status: 200 };
      }
      case 'licenses page': {
        const id = this.#random() < 0.2 ? p.bigOrder : order.id;
        const filter = pick(['', '&status=active', '&status=available', `&q=${enc(pick(p.codes).slice(0, 4).toLowerCase())}`]);
        return { kind, method: 'GET', path: `/api/v1/orders/${id}/licenses?limit=100${filter}`, status: 200 };
      }
      case 'license':
        return { kind, method: 'GET', path: `/api/v1/licenses/${pick(this.#activeIds)}${this.#random() < 0.5 ? '/history' : ''}`, status: 200 };
      case 'customers':
        return { kind, method: 'GET', path: `/api/v1/customers?q=${enc(pick(p.customerEmails).slice(0, 1 + Math.floor(this.#random() * 4)))}`, status: 200 };
      case 'activation':
        return this.#activation();
      case 'billing change':
        return this.#billingChange(pick);
      case 'resend email': {
        const sent = this.#sends.get(order.id) ?? 0;
        if (sent >= 3) return null;
        this.#sends.set(order.id, sent + 1);
        const accept = (body: string) => {
          this.ledger.confirmations.push({ orderId: order.id, messageId: (JSON.parse(body) as { messageId: string }).messageId });
          return null;
        };
        return { kind, method: 'POST', path: `/api/v1/orders/${order.id}/confirmation-email`, key: `soak-resend-${this.#next++}`, status: 202, accept };
      }
      case 'replay': {
        const done = this.ledger.activations.length > 0 ? pick(this.ledger.activations) : null;
        if (!done) return null;
        const accept = (body: string, headers: Record<string, string | string[] | undefined>) =>
          headers['idempotent-replayed'] !== 'true' ? 'not marked as replayed' : body !== done.answer ? 'another answer than the first' : null;
        const path = `/api/v1/licenses/${done.licenseId}/activation`;
        return { kind, method: 'POST', path, body: done.request, key: done.key, status: 200, accept };
      }
    }
  }

  #activation(): Request | null {
    const licenseId = this.#pools.available.pop();
    if (licenseId === undefined) return null;
    const n = this.#next++;
    const existing = n % 4 === 0 ? this.#pools.customerEmails[n % this.#pools.customerEmails.length] : undefined;
    const email = existing ?? `soak-${n}@load.example`;
    const call = activationCall(licenseId, email, `soak-activation-${n}`, existing !== undefined);
    const accept = (body: string) => {
      const license = JSON.parse(body) as { id: string; status: string };
      if (license.id !== licenseId || license.status !== 'active') return `answered ${body.slice(0, 120)}`;
      this.ledger.activations.push({ licenseId, email, key: call.key ?? '', request: call.body ?? '', answer: body });
      return null;
    };
    return { ...call, kind: 'activation', accept };
  }

  #billingChange(pick: <T>(items: readonly T[]) => T): Request | null {
    const licenseId = pick(this.#activeIds);
    if (this.#switching.has(licenseId)) return null;
    this.#switching.add(licenseId);
    const recurrent = !this.#pools.active.get(licenseId);
    const accept = (body: string) => {
      if ((JSON.parse(body) as { recurrent: boolean }).recurrent !== recurrent) return `answered ${body.slice(0, 120)}`;
      this.#pools.active.set(licenseId, recurrent);
      this.ledger.billing.set(licenseId, [...(this.ledger.billing.get(licenseId) ?? []), recurrent]);
      return null;
    };
    return {
      kind: 'billing change',
      method: 'PUT',
      path: `/api/v1/licenses/${licenseId}/billing-state`,
      body: JSON.stringify({ recurrent }),
      key: `soak-billing-${this.#next++}`,
      status: 200,
      accept,
      release: () => this.#switching.delete(licenseId),
    };
  }

  /** A small, fixed sequence (xorshift): the same run draws the same traffic. */
  #random(): number {
    let x = this.#seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.#seed = x >>> 0 || 1;
    return this.#seed / 2 ** 32;
  }
}

function activationCall(licenseId: string, email: string, key: string, existing = false): Omit<Request, 'kind'> {
  const customer = existing
    ? { kind: 'existing', email }
    : { kind: 'new', email, organization: `Load ${key}`, firstName: 'Soak', lastName: 'Test', country: 'DE' };
  return { method: 'POST', path: `/api/v1/licenses/${licenseId}/activation`, body: JSON.stringify({ customer }), key, status: 200 };
}

function enc(text: string): string {
  return encodeURIComponent(text);
}
