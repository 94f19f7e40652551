/** The reseller's customers: suggestions while typing, lookup by email, registration. */
import { randomUUID } from 'node:crypto';
import type { CustomerList, NewCustomerInput } from '../../src/api/contract/schemas.js';
import { LIMITS } from '../../src/api/contract/schemas.js';
import type { Db } from './store/sqlite/database.js';
import { CUSTOMER_COLUMNS, type CustomerRow, customerView } from './views.js';

/**
 * Customers whose email, name or organization holds `q` (case-insensitive), those whose
 * email starts with it first, then by email; at most {@link LIMITS.customers}.
 */
export function searchCustomers(db: Db, resellerSeq: number, q: string | undefined): CustomerList {
  const needle = (q ?? '').trim().toLowerCase();
  const rows = db
    .prepare<{ reseller: number; q: string; limit: number }, CustomerRow>(
      `SELECT ${CUSTOMER_COLUMNS} FROM customers c
       WHERE c.reseller_seq = @reseller
         AND (instr(c.email_lower, @q) > 0 OR instr(c.name_lower, @q) > 0 OR instr(lower(c.organization), @q) > 0)
       ORDER BY instr(c.email_lower, @q) = 1 DESC, c.email_lower, c.seq
       LIMIT @limit`,
    )
    .all({ reseller: resellerSeq, q: needle, limit: LIMITS.customers });
  return { items: rows.map(customerView) };
}

export interface CustomerKey {
  seq: number;
  id: string;
  email: string;
  organization: string;
  firstName: string;
  lastName: string;
}

/** The reseller's customer registered with this email (case-insensitive), if any. */
export function customerByEmail(db: Db, resellerSeq: number, email: string): CustomerKey | undefined {
  return db
    .prepare<[number, string], CustomerKey>(
      `SELECT seq, id, email, organization, first_name AS firstName, last_name AS lastName
       FROM customers WHERE reseller_seq = ? AND email_lower = ?`,
    )
    .get(resellerSeq, email.toLowerCase());
}

/** Registers a new customer; the caller has checked that the email is free. */
export function createCustomer(db: Db, resellerSeq: number, input: NewCustomerInput): CustomerKey {
  const id = `cus_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const { lastInsertRowid } = db
    .prepare(
      `INSERT INTO customers (id, reseller_seq, email, email_lower, name_lower, organization, first_name, last_name, phone, country)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      id, resellerSeq, input.email, input.email.toLowerCase(), `${input.firstName} ${input.lastName}`.toLowerCase(),
      input.organization, input.firstName, input.lastName, input.phone ?? null, input.country,
    );
  const { email, organization, firstName, lastName } = input;
  return { seq: Number(lastInsertRowid), id, email, organization, firstName, lastName };
}
