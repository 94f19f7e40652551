/**
 * The data the browser benchmark shows: licenses made by hand (every shape the table draws:
 * active and available, recurrent or not, with and without a company, with a scheduled
 * billing change), and a memory store
 * holding one order of as many of them.
 */
import { licenseActions, renewalDeadline } from '../../../src/rules/licenses.js';
import type { DemoLicenseRecord } from '../../../src/api/memory/demo-data.js';
import { MemoryLicensesClient, MemoryStore } from '../../../src/api/memory/memory-client.js';
import type { License } from '../../../src/api/contract/schemas.js';

const RESELLER = 'res_bench';
const COMPANIES = [null, 'Northwind Distribution', 'Contoso Partners', 'Adatum'];

/** The activation code of the `i`-th license: `BNCH-0000-00A1-KEYS`. */
function code(i: number): string {
  const digits = i.toString(36).toUpperCase().padStart(8, '0');
  return `BNCH-${digits.slice(0, 4)}-${digits.slice(4)}-KEYS`;
}

function record(orderId: string, i: number): DemoLicenseRecord {
  const activated = i % 3 === 0;
  return {
    id: `lic_${i}`,
    orderId,
    resellerId: RESELLER,
    activationCode: code(i),
    activationLink: `https://activate.example.com/a/${code(i)}`,
    validFrom: '2026-03-01',
    validTo: i % 2 === 0 ? '2027-02-28' : '2026-12-31',
    recurrent: i % 2 === 0,
    customerId: activated ? 'cus_1' : null,
    activatedAt: activated ? '2026-03-02T10:00:00Z' : null,
    distributionCompany: COMPANIES[i % COMPANIES.length]!,
  };
}

const rowsCache = new Map<number, License[]>();

/** `count` licenses as the API answers them, made once per count. */
export function licenseRows(count: number): License[] {
  let rows = rowsCache.get(count);
  if (rows === undefined) {
    rows = Array.from({ length: count }, (_, i): License => {
      const r = record('ord_bench', i);
      const active = r.customerId !== null;
      return {
        id: r.id,
        orderId: r.orderId,
        activationCode: r.activationCode,
        activationLink: r.activationLink ?? `https://activate.example.com/a/${r.activationCode}`,
        validFrom: r.validFrom,
        validTo: r.validTo,
        status: active ? 'active' : 'available',
        recurrent: r.recurrent,
        autoRenew: r.recurrent && active,
        distributionCompany: r.distributionCompany,
        customer: active ? { id: 'cus_1', email: 'ada@customer.example', organization: 'Ada Ltd' } : null,
        activatedAt: r.activatedAt,
        renewalDeadline: renewalDeadline(active ? 'active' : 'available', r.validTo),
        // Every sixth active license is to stop renewing on a later day: the table shows it pending.
        scheduledBillingChange: active && r.recurrent && i % 18 === 0 ? { recurrent: false, effectiveOn: '2026-12-01' } : null,
        actions: licenseActions(active ? 'active' : 'available'),
      };
    });
    rowsCache.set(count, rows);
  }
  return rows;
}

/** A memory client whose reseller has one order of `count` licenses. */
export function bigOrderClient(count: number): { client: MemoryLicensesClient; orderId: string; orderNumber: string } {
  const store = new MemoryStore();
  store.addReseller({ id: RESELLER, name: 'Bench Reseller', user: { name: 'Rita Reseller', email: 'rita@example.com' }, currency: 'EUR' });
  store.addProduct({ id: 'prod_suite', name: 'Office Suite' });
  store.addCustomerRecord({ id: 'cus_1', resellerId: RESELLER, email: 'ada@customer.example', organization: 'Ada Ltd', firstName: 'Ada', lastName: 'Lovelace' });
  const orderId = 'ord_bench';
  const orderNumber = 'ORD-2026-100000';
  store.addOrder({
    id: orderId,
    resellerId: RESELLER,
    orderNumber,
    purchasedAt: '2026-03-01T09:00:00Z',
    user: 'Rita Reseller',
    productId: 'prod_suite',
    amount: { value: 1000 * count, currency: 'EUR' },
    paymentType: 'credit_card',
    state: 'processed',
    distributionCompany: null,
  });
  store.addLicenses(Array.from({ length: count }, (_, i) => record(orderId, i)));
  return { client: new MemoryLicensesClient(store, { resellerId: RESELLER }), orderId, orderNumber };
}
