/**
 * Hand-made orders for the license table's tests: every kind of license once, a refunded
 * order, and orders of any size, in a memory store seen as one reseller.
 */
import type { DemoLicenseRecord } from '../../src/api/memory/demo-data.js';
import { MemoryLicensesClient, MemoryStore } from '../../src/api/memory/memory-client.js';

const RESELLER = 'res_test';

export interface TableWorld {
  client: MemoryLicensesClient;
  store: MemoryStore;
  /** An order of four licenses, one of each kind below. */
  orderId: string;
  orderNumber: string;
  /** A refunded order of one license. */
  refundedOrderId: string;
  codes: {
    /** Activated, recurrent: Auto Renew True; distribution company 'Northwind Distribution'. */
    activeRecurrent: string;
    /** Activated, not recurrent: Auto Renew False. */
    activeOnce: string;
    /** Available, recurrent: Auto Renew False; no distribution company. */
    available: string;
    /** Available, not recurrent, customer-less. */
    availableOnce: string;
    refunded: string;
  };
  /** Adds an order of `count` licenses; resolves its id. */
  addOrder(count: number, options?: { orderNumber?: string }): string;
}

let orders = 0;

export function tableWorld(options: { latencyMs?: number } = {}): TableWorld {
  const store = new MemoryStore();
  store.addReseller({ id: RESELLER, name: 'Test Reseller', user: { name: 'Rita Reseller', email: 'rita@example.com' }, currency: 'EUR' });
  store.addProduct({ id: 'prod_suite', name: 'Office Suite' });
  store.addCustomerRecord({
    id: 'cus_1',
    resellerId: RESELLER,
    email: 'ada@customer.example',
    organization: 'Ada Ltd',
    firstName: 'Ada',
    lastName: 'Lovelace',
  });

  const addOrder = (count: number, o: { orderNumber?: string; state?: 'processed' | 'refunded' } = {}): string => {
    const n = ++orders;
    const id = `ord_t${n}`;
    store.addOrder({
      id,
      resellerId: RESELLER,
      orderNumber: o.orderNumber ?? `ORD-2026-${String(n).padStart(6, '0')}`,
      purchasedAt: '2026-03-01T09:00:00Z',
      user: 'Rita Reseller',
      productId: 'prod_suite',
      amount: { value: 1000 * count, currency: 'EUR' },
      paymentType: 'credit_card',
      state: o.state ?? 'processed',
      distributionCompany: null,
    });
    const licenses: DemoLicenseRecord[] = [];
    for (let i = 0; i < count; i++) licenses.push(license(id, `${n}-${i}`, code(n, i)));
    store.addLicenses(licenses);
    return id;
  };

  const orderId = addOrder(0, { orderNumber: 'ORD-2026-000777' });
  const codes = {
    activeRecurrent: 'ACTV-RECU-0001-AAAA',
    activeOnce: 'ACTV-ONCE-0002-BBBB',
    available: 'AVAI-LABL-0003-CCCC',
    availableOnce: 'AVAI-ONCE-0004-DDDD',
    refunded: 'REFU-NDED-0005-EEEE',
  };
  const activated = { customerId: 'cus_1', activatedAt: '2026-03-02T10:00:00Z' };
  store.addLicenses([
    { ...license(orderId, 'a', codes.activeRecurrent), ...activated, recurrent: true, distributionCompany: 'Northwind Distribution', validTo: '2027-05-31' },
    { ...license(orderId, 'b', codes.activeOnce), ...activated, recurrent: false, distributionCompany: 'Contoso Partners', validTo: '2026-12-31' },
    { ...license(orderId, 'c', codes.available), recurrent: true, distributionCompany: null, validTo: '2027-02-28' },
    { ...license(orderId, 'd', codes.availableOnce), recurrent: false, distributionCompany: 'Adatum', validTo: '2026-09-30' },
  ]);
  const refundedOrderId = addOrder(0, { state: 'refunded' });
  store.addLicenses([{ ...license(refundedOrderId, 'r', codes.refunded), recurrent: true }]);

  const client = new MemoryLicensesClient(store, { resellerId: RESELLER, latencyMs: options.latencyMs ?? 0 });
  return { client, store, orderId, orderNumber: 'ORD-2026-000777', refundedOrderId, codes, addOrder: (count, o) => addOrder(count, o) };
}

/** The activation code of the `i`-th license of an order made by `addOrder`. */
export function licenseCode(orderId: string, i: number): string {
  return code(Number(orderId.replace('ord_t', '')), i);
}

function code(order: number, i: number): string {
  const a = order.toString(36).toUpperCase().padStart(4, '0');
  const b = i.toString(36).toUpperCase().padStart(8, '0');
  return `${a}-${b.slice(0, 4)}-${b.slice(4)}-KEYS`;
}

function license(orderId: string, key: string, activationCode: string): DemoLicenseRecord {
  return {
    id: `lic_${orderId}_${key}`,
    orderId,
    resellerId: RESELLER,
    activationCode,
    activationLink: `https://activate.example.com/a/${activationCode}`,
    validFrom: '2026-03-01',
    validTo: '2027-02-28',
    recurrent: false,
    customerId: null,
    activatedAt: null,
    distributionCompany: null,
  };
}
