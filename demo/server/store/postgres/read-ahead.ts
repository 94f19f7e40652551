/**
 * What a transaction read ahead ({@link StoreTx.readAhead}): the licenses of a batch's
 * activation codes with their orders (both locked, as the single reads lock them) and the
 * reseller's customers with its emails, in three statements instead of three or four per row.
 * They answer the reads of the batch's rows as those reads would have answered: a code or an
 * email that names nothing is remembered as such, and the writes the transaction defers
 * (deferred-writes.ts) are followed: a license it activated reads as active, an order with
 * its new counts, a customer it added as registered. Any other statement of the transaction
 * forgets all of it (see PostgresTx), so that nothing read ahead outlives a change it does
 * not follow; a read it cannot answer goes to the database.
 */
import type { CustomerRecord, LicenseRecord, OrderRecord, ReadAheadRequest } from '../../../../src/service/store.js';
import { CUSTOMER_COLUMNS, type CustomerRow, customerRecord } from '../shared/rows.js';
import { type Db, LICENSE_COLUMNS, LICENSE_JOINS, type LicenseRow, licenseRecord, ORDER_COLUMNS, type OrderRow, orderRecord } from './sql.js';

interface Found {
  resellerId: string;
  license: LicenseRecord;
}

const key = (resellerId: string, id: string) => `${resellerId}\n${id}`;

export class ReadAhead {
  /** By code as asked for: the key of its license, or null when it names none. */
  #codes = new Map<string, string | null>();
  #licenses = new Map<string, Found>();
  #orders = new Map<string, OrderRecord>();
  /** By reseller and email in lower case: the customer, or null when there is none. */
  #customers = new Map<string, CustomerRecord | null>();
  #customersById = new Map<string, CustomerRecord>();

  /** Reads the licenses of the codes (and their orders, when they are the reseller's) and the reseller's customers of the emails. */
  async load(db: Db, resellerId: string, wanted: ReadAheadRequest): Promise<void> {
    const codes = [...new Set(wanted.activationCodes)];
    const emails = [...new Set(wanted.customerEmails.map((email) => email.toLowerCase()))];
    if (codes.length > 0) {
      // Each code as licenseByCode reads it: the first match by reseller and id, locked. Its
      // order and customer are joined once for the batch rather than once for each code.
      const { rows } = await db.query<LicenseRow & { wanted: string; reseller_id: string }>(
        `SELECT k.code AS wanted, l.reseller_id, ${LICENSE_COLUMNS} FROM unnest($1::text[]) AS k(code) CROSS JOIN LATERAL (
           SELECT x.reseller_id, x.id FROM licenses x
           WHERE lower(x.activation_code) = lower(k.code) ORDER BY x.reseller_id, x.id LIMIT 1 FOR UPDATE OF x) f
         JOIN (${LICENSE_JOINS}) ON l.reseller_id = f.reseller_id AND l.id = f.id`,
        [codes],
      );
      for (const code of codes) this.#codes.set(code, null);
      for (const row of rows) {
        const license = licenseRecord(row);
        this.#codes.set(row.wanted, key(row.reseller_id, license.id));
        this.#licenses.set(key(row.reseller_id, license.id), { resellerId: row.reseller_id, license });
      }
      const orderIds = [...new Set(rows.filter((row) => row.reseller_id === resellerId).map((row) => row.order_id))];
      if (orderIds.length > 0) {
        const orders = await db.query<OrderRow>(
          `SELECT ${ORDER_COLUMNS} FROM orders o JOIN products p ON p.id = o.product_id
           WHERE o.reseller_id = $1 AND o.id = ANY($2::text[]) ORDER BY o.id FOR UPDATE OF o`,
          [resellerId, orderIds],
        );
        for (const row of orders.rows) this.#orders.set(key(resellerId, row.id), orderRecord(row));
      }
    }
    if (emails.length > 0) {
      // One lookup of the key (reseller, email) per email, each of at most one row: the planner
      // then walks that unique index. Given `email_lower = ANY(...)` it may take the trigram
      // index of emails, which answers = too but reads every email sharing trigrams with one
      // asked for (all of a batch's, whose emails differ in a number or a name).
      const { rows } = await db.query<CustomerRow>(
        `SELECT c.* FROM unnest($2::text[]) AS e(email) CROSS JOIN LATERAL (
           SELECT ${CUSTOMER_COLUMNS} FROM customers c WHERE c.reseller_id = $1 AND c.email_lower = e.email LIMIT 1) c`,
        [resellerId, emails],
      );
      for (const email of emails) this.#customers.set(key(resellerId, email), null);
      for (const row of rows) this.#remember(resellerId, customerRecord(row));
    }
  }

  forget(): void {
    if (this.#codes.size + this.#customers.size === 0) return;
    this.#codes.clear();
    this.#licenses.clear();
    this.#orders.clear();
    this.#customers.clear();
    this.#customersById.clear();
  }

  // Answers: undefined when nothing was read ahead for the question.

  licenseByCode(activationCode: string): Found | null | undefined {
    const found = this.#codes.get(activationCode);
    return found === null ? null : found === undefined ? undefined : this.#licenses.get(found);
  }

  license(resellerId: string, licenseId: string): LicenseRecord | undefined {
    return this.#licenses.get(key(resellerId, licenseId))?.license;
  }

  order(resellerId: string, orderId: string): OrderRecord | undefined {
    return this.#orders.get(key(resellerId, orderId));
  }

  customerByEmail(resellerId: string, email: string): CustomerRecord | null | undefined {
    return this.#customers.get(key(resellerId, email.toLowerCase()));
  }

  // The transaction's deferred writes, followed. Records are replaced, never changed in place.

  customerAdded(resellerId: string, customer: CustomerRecord): void {
    const { id, email, organization, firstName, lastName } = customer;
    this.#remember(resellerId, { id, email, organization, firstName, lastName });
  }

  /** The license reads as active for the customer; without the customer at hand, it is forgotten (and read again). */
  activated(resellerId: string, licenseId: string, customerId: string, at: string): void {
    const found = this.#licenses.get(key(resellerId, licenseId));
    if (!found) return;
    const customer = this.#customersById.get(key(resellerId, customerId));
    if (!customer) {
      this.#licenses.delete(key(resellerId, licenseId));
      return;
    }
    const { id, email, organization } = customer;
    this.#licenses.set(key(resellerId, licenseId), { ...found, license: { ...found.license, activatedAt: at, customer: { id, email, organization } } });
  }

  ordersCounted(resellerId: string, orderId: string, counts: { activeCount: number; availableCount: number }): void {
    const order = this.#orders.get(key(resellerId, orderId));
    if (order) this.#orders.set(key(resellerId, orderId), { ...order, ...counts });
  }

  #remember(resellerId: string, customer: CustomerRecord): void {
    this.#customers.set(key(resellerId, customer.email.toLowerCase()), customer);
    this.#customersById.set(key(resellerId, customer.id), customer);
  }
}
