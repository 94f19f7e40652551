/** Valid contract values and a scripted `fetch` for testing clients without a server. */
import type { License, Me, OrderSummary } from '../../../src/api/contract/schemas.js';

export const me: Me = {
  reseller: { id: 'r1', name: 'Northwind Software' },
  user: { name: 'Ada Admin', email: 'ada@northwind.example' },
  currency: 'EUR',
  buyUrl: 'https://shop.example/buy/{productId}',
  balance: { value: 250_000, currency: 'EUR' },
};

export function order(overrides: Partial<OrderSummary> = {}): OrderSummary {
  return {
    id: 'o1',
    orderNumber: 'ORD-0001',
    purchasedAt: '2026-11-27T09:14:03Z',
    user: 'Ada Admin',
    product: { id: 'p1', name: 'Office Suite' },
    quantity: 3,
    activeCount: 1,
    availableCount: 2,
    amount: { value: 12900, currency: 'EUR' },
    paymentType: 'credit_card',
    state: 'processed',
    distributionCompany: null,
    actions: { cancel: { allowed: true, reason: null } },
    ...overrides,
  };
}

export function license(overrides: Partial<License> = {}): License {
  return {
    id: 'l1',
    orderId: 'o1',
    activationCode: 'AAAA-BBBB-CCCC',
    activationLink: 'https://activate.example/AAAA-BBBB-CCCC',
    validFrom: '2026-11-27',
    validTo: '2027-11-27',
    status: 'available',
    recurrent: true,
    autoRenew: false,
    distributionCompany: null,
    customer: null,
    activatedAt: null,
    renewalDeadline: null,
    scheduledBillingChange: null,
    actions: {
      activate: { allowed: true, reason: null },
      changeBillingState: { allowed: false, reason: 'license_not_active' },
      deactivate: { allowed: false, reason: 'license_not_active' },
      transfer: { allowed: false, reason: 'license_not_active' },
      cancelScheduledChange: { allowed: false, reason: 'no_scheduled_change' },
    },
    ...overrides,
  };
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

export function problem(status: number, code: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Response {
  const body = { type: 'about:blank', title: `Title of ${code}`, status, detail: `Detail of ${code}`, code, ...extra };
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/problem+json', ...headers } });
}

/** What one scripted try does: answer, fail like a dropped connection, or never answer. */
export type Step = Response | 'network' | 'hang' | ((request: Request) => Response | Promise<Response>);

export interface ScriptedFetch {
  fetch: typeof fetch;
  /** Every request made, in order. */
  requests: Request[];
}

/** A `fetch` that plays `steps` one per request (the last one again when they run out). */
export function scriptedFetch(...steps: Step[]): ScriptedFetch {
  const requests: Request[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    requests.push(request);
    const step = steps[Math.min(requests.length, steps.length) - 1];
    if (step === undefined) throw new Error('no step scripted');
    if (step === 'network') throw new TypeError('fetch failed');
    if (step === 'hang') {
      return new Promise<Response>((_, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    }
    if (typeof step === 'function') return step(request);
    return step.clone();
  };
  return { fetch: fetchImpl as typeof fetch, requests };
}
