/**
 * The store's writes as synchronous statements, run inside a transaction the store opened.
 * They change storage only: the service has checked what is allowed and computed what to
 * write. A record another reseller owns is not found, which is an error here: the service
 * reads what it changes in the same transaction first.
 */
import type { CustomerPatch, Money, OrderState } from '../../../../src/api/contract/schemas.js';
import type {
  IdempotencyRecord,
  NewCustomerRecord,
  NewHistoryRecord,
  NewLicenseRecord,
  NewMail,
  NewOrderRecord,
  ScheduledChangeRecord,
} from '../../../../src/service/store.js';
import { cachedStatement } from './database.js';
import { SqliteReads } from './reads.js';
import { storedInstant } from './rows.js';
import { TALLY_ORDER } from './tallies.js';

export class SqliteQueries extends SqliteReads {
  /**
   * Inserts the order (processed, every license available) with the columns its searches use,
   * its licenses in issue order (each with the standard link of its code), the product among
   * those the reseller bought, and counts the order into the tallies.
   */
  createOrder(resellerId: string, order: NewOrderRecord, licenses: NewLicenseRecord[]): void {
    if (licenses.length !== order.quantity) throw new Error(`Order ${order.id} has ${order.quantity} licenses, not ${licenses.length}`);
    const resellerSeq = this.#reseller(resellerId);
    const product = cachedStatement<[string], { seq: number }>(this.db, 'SELECT seq FROM products WHERE id = ?').get(order.productId);
    if (product === undefined) throw new Error(`No product ${order.productId}`);
    const purchasedAt = storedInstant(order.purchasedAt);
    const { lastInsertRowid } = cachedStatement(
      this.db,
      `INSERT INTO orders (id, reseller_seq, order_number, order_number_lower, purchased_at, user_name, product_seq,
         amount, currency, payment_type, state, distribution_company, distributor_lower, quantity, active_count, available_count)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'processed', ?, ?, ?, 0, ?)`,
    ).run(
      order.id, resellerSeq, order.orderNumber, order.orderNumber.toLowerCase(), purchasedAt, order.user, product.seq,
      order.amount.value, order.amount.currency, order.paymentType, order.distributionCompany,
      (order.distributionCompany ?? '').toLowerCase(), order.quantity, order.quantity,
    );
    const orderSeq = Number(lastInsertRowid);
    for (const license of licenses) {
      this.#run(
        `INSERT INTO licenses (id, order_seq, reseller_seq, activation_code, activation_link, valid_from, valid_to,
           recurrent, distribution_company, order_purchased_at)
         VALUES (?, ?, ?, ?, NULL, ?, ?, 0, ?, ?)`,
        license.id, orderSeq, resellerSeq, license.activationCode, license.validFrom, license.validTo,
        license.distributionCompany, purchasedAt,
      );
    }
    this.#run('INSERT OR IGNORE INTO reseller_products (reseller_seq, product_seq) VALUES (?, ?)', resellerSeq, product.seq);
    this.#tally(orderSeq, 1);
  }

  /** Sets the order's state and counts, moving it between the tallies' rows when its state changes. */
  setOrderState(resellerId: string, orderId: string, state: OrderState, counts: { activeCount: number; availableCount: number }): void {
    const order = this.orderKey(resellerId, orderId);
    if (order === undefined) throw new Error(`No order ${orderId} of reseller ${resellerId}`);
    const moves = order.state !== state;
    if (moves) this.#tally(order.seq, -1);
    this.#run(
      'UPDATE orders SET state = ?, active_count = ?, available_count = ? WHERE seq = ?',
      state, counts.activeCount, counts.availableCount, order.seq,
    );
    if (moves) this.#tally(order.seq, 1);
  }

  /** Sets the reseller's balance, which is in the reseller's currency. */
  setBalance(resellerId: string, balance: Money): void {
    const reseller = this.reseller(resellerId);
    if (reseller === null) throw new Error(`No reseller ${resellerId}`);
    if (balance.currency !== reseller.currency) throw new Error(`A balance of ${resellerId} is in ${reseller.currency}, not ${balance.currency}`);
    this.#run('UPDATE resellers SET balance = ? WHERE id = ?', balance.value, resellerId);
  }

  addCustomer(resellerId: string, customer: NewCustomerRecord): void {
    this.#run(
      `INSERT INTO customers (id, reseller_seq, email, email_lower, name_lower, organization, organization_lower, first_name, last_name, phone, country)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      customer.id, this.#reseller(resellerId), customer.email, customer.email.toLowerCase(),
      `${customer.firstName} ${customer.lastName}`.toLowerCase(), customer.organization, customer.organization.toLowerCase(),
      customer.firstName, customer.lastName, customer.phone, customer.country,
    );
  }

  activate(resellerId: string, licenseId: string, customerId: string, at: string): void {
    const license = this.#license(resellerId, licenseId);
    const customer = this.customerRow(resellerId, 'id', customerId);
    if (customer === undefined) throw new Error(`No customer ${customerId} of reseller ${resellerId}`);
    this.#run('UPDATE licenses SET customer_seq = ?, activated_at = ? WHERE seq = ?', customer.seq, storedInstant(at), license.seq);
  }

  deactivate(resellerId: string, licenseId: string): void {
    this.#run(
      'UPDATE licenses SET customer_seq = NULL, activated_at = NULL, recurrent = 0, scheduled_recurrent = NULL, scheduled_on = NULL WHERE seq = ?',
      this.#license(resellerId, licenseId).seq,
    );
  }

  setCustomer(resellerId: string, licenseId: string, customerId: string): void {
    const license = this.#license(resellerId, licenseId);
    const customer = this.customerRow(resellerId, 'id', customerId);
    if (customer === undefined) throw new Error(`No customer ${customerId} of reseller ${resellerId}`);
    this.#run('UPDATE licenses SET customer_seq = ? WHERE seq = ? AND activated_at IS NOT NULL', customer.seq, license.seq);
  }

  /** Applies the patch's fields, with the lower-cased columns the searches use. */
  updateCustomer(resellerId: string, customerId: string, patch: CustomerPatch): void {
    const customer = this.customerRow(resellerId, 'id', customerId);
    if (customer === undefined) throw new Error(`No customer ${customerId} of reseller ${resellerId}`);
    const firstName = patch.firstName ?? customer.first_name;
    const lastName = patch.lastName ?? customer.last_name;
    const email = patch.email ?? customer.email;
    const organization = patch.organization ?? customer.organization;
    const sets: Record<string, unknown> = {
      email, email_lower: email.toLowerCase(), organization, organization_lower: organization.toLowerCase(),
      first_name: firstName, last_name: lastName, name_lower: `${firstName} ${lastName}`.toLowerCase(),
    };
    if (patch.phone !== undefined) sets['phone'] = patch.phone;
    if (patch.country !== undefined) sets['country'] = patch.country;
    const columns = Object.keys(sets);
    this.#run(`UPDATE customers SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE seq = ?`, ...Object.values(sets), customer.seq);
  }

  setRecurrent(resellerId: string, licenseId: string, recurrent: boolean): void {
    this.#run('UPDATE licenses SET recurrent = ? WHERE seq = ?', recurrent ? 1 : 0, this.#license(resellerId, licenseId).seq);
  }

  setOrderCounts(resellerId: string, orderId: string, counts: { activeCount: number; availableCount: number }): void {
    this.#run(
      'UPDATE orders SET active_count = ?, available_count = ? WHERE seq = ?',
      counts.activeCount, counts.availableCount, this.#order(resellerId, orderId),
    );
  }

  addHistory(resellerId: string, entry: NewHistoryRecord): void {
    const orderSeq = this.#order(resellerId, entry.orderId);
    const licenseSeq = entry.licenseId === null ? null : this.#licenseOf(resellerId, entry.licenseId, orderSeq);
    this.#run(
      'INSERT INTO history (order_seq, license_seq, at, actor, actor_kind, kind, detail) VALUES (?, ?, ?, ?, ?, ?, ?)',
      orderSeq, licenseSeq, storedInstant(entry.at), entry.actor.name, entry.actor.kind, entry.kind, entry.detail,
    );
  }

  queueMail(resellerId: string, mail: NewMail): void {
    const resellerSeq = this.#reseller(resellerId);
    const orderSeq = mail.orderId === null ? null : this.#order(resellerId, mail.orderId);
    const licenseSeq = mail.licenseId === null || orderSeq === null ? null : this.#licenseOf(resellerId, mail.licenseId, orderSeq);
    this.#run(
      `INSERT INTO outbox (id, at, reseller_seq, kind, to_address, subject, text, order_seq, license_seq)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      mail.id, storedInstant(mail.at), resellerSeq, mail.kind, mail.to, mail.subject, mail.text, orderSeq, licenseSeq,
    );
  }

  saveIdempotency(resellerId: string, key: string, record: IdempotencyRecord): void {
    this.#run(
      `INSERT INTO idempotency_keys (reseller_seq, key, fingerprint, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (reseller_seq, key) DO UPDATE SET fingerprint = excluded.fingerprint, status = excluded.status,
         body = excluded.body, created_at = excluded.created_at`,
      this.#reseller(resellerId), key, record.fingerprint, record.status, JSON.stringify(record.body) ?? 'null', storedInstant(record.at),
    );
  }

  /** Forgets the records made at or before `before` (as the memory store does). */
  expireIdempotency(before: string): void {
    this.#run('DELETE FROM idempotency_keys WHERE created_at <= ?', storedInstant(before));
  }

  /** Forgets the reseller's records older than its newest `keep`, walking only those on the reseller's age index. */
  trimIdempotency(resellerId: string, keep: number): void {
    const seq = this.#reseller(resellerId);
    this.#run(
      `DELETE FROM idempotency_keys WHERE reseller_seq = ? AND created_at < (
         SELECT created_at FROM idempotency_keys WHERE reseller_seq = ? ORDER BY created_at DESC LIMIT 1 OFFSET ?)`,
      seq, seq, keep - 1,
    );
  }

  setValidTo(resellerId: string, licenseId: string, validTo: string): void {
    this.#run('UPDATE licenses SET valid_to = ? WHERE seq = ?', validTo, this.#license(resellerId, licenseId).seq);
  }

  setExpired(resellerId: string, licenseId: string, at: string): void {
    this.#run('UPDATE licenses SET expired_at = ? WHERE seq = ?', storedInstant(at), this.#license(resellerId, licenseId).seq);
  }

  setScheduledChange(resellerId: string, licenseId: string, change: ScheduledChangeRecord | null): void {
    this.#run(
      'UPDATE licenses SET scheduled_recurrent = ?, scheduled_on = ? WHERE seq = ?',
      change === null ? null : change.recurrent ? 1 : 0, change?.effectiveOn ?? null, this.#license(resellerId, licenseId).seq,
    );
  }

  /** Records the day's digest unless a digest of that day or a later one is recorded. */
  claimRenewalDigest(resellerId: string, day: string): boolean {
    const seq = this.#reseller(resellerId);
    const { changes } = cachedStatement(
      this.db,
      `INSERT INTO renewal_digests (reseller_seq, day) SELECT ?, ?
       WHERE NOT EXISTS (SELECT 1 FROM renewal_digests WHERE reseller_seq = ? AND day >= ?)`,
    ).run(seq, day, seq, day);
    return changes === 1;
  }

  #reseller(resellerId: string): number {
    const seq = this.resellerSeq(resellerId);
    if (seq === null) throw new Error(`No reseller ${resellerId}`);
    return seq;
  }

  #order(resellerId: string, orderId: string): number {
    const order = this.orderKey(resellerId, orderId);
    if (order === undefined) throw new Error(`No order ${orderId} of reseller ${resellerId}`);
    return order.seq;
  }

  #license(resellerId: string, licenseId: string): { seq: number; order_seq: number } {
    const license = this.licenseRow(resellerId, licenseId);
    if (license === undefined) throw new Error(`No license ${licenseId} of reseller ${resellerId}`);
    return license;
  }

  /** The license's key, when it belongs to the order. */
  #licenseOf(resellerId: string, licenseId: string, orderSeq: number): number {
    const license = this.#license(resellerId, licenseId);
    if (license.order_seq !== orderSeq) throw new Error(`License ${licenseId} is not of that order`);
    return license.seq;
  }

  /** Counts the order into the tallies (1) or out of them (-1), as its row stands now. */
  #tally(orderSeq: number, delta: 1 | -1): void {
    for (const sql of TALLY_ORDER) cachedStatement(this.db, sql).run({ order: orderSeq, delta });
  }

  #run(sql: string, ...params: unknown[]): void {
    cachedStatement(this.db, sql).run(...params);
  }
}
