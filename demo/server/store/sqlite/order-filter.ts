/** The stored-column form of an orders search, and its SQL conditions. */
import { foundOrdersMarked } from '../shared/order-lists.js';

/** A search of `GET /orders` in terms of stored columns (lower-cased where matching ignores case). */
export interface OrderFilter {
  resellerSeq: number;
  /** Milliseconds; inclusive. */
  from?: number | undefined;
  /** Milliseconds; exclusive. */
  to?: number | undefined;
  productSeqs?: number[] | undefined;
  state?: string | undefined;
  paymentType?: string | undefined;
  distributor?: string | undefined;
  orderNumber?: string | undefined;
  activationCode?: string | undefined;
  customerEmail?: string | undefined;
  /** What `q` found: orders of some products or distribution companies, or among some orders. */
  text?: TextMatches | undefined;
  /** Orders of the products or distribution companies `q` found, as a facet (what the tallies can count). */
  textFacets?: TextMatches | undefined;
}

/**
 * The orders a fragment (`q`) finds: those of the products whose name holds it, those sold
 * through the distribution companies whose name holds it, `orderSeqs`, found by their number
 * or a license's code (a few), and those holding a license of the `customerSeqs`, whose email
 * holds it. Those customers are kept as such: a fragment of a name finds a few hundred of
 * them, who hold tens of thousands of orders between them, and a page needs only a few.
 */
export interface TextMatches {
  productSeqs: number[];
  distributors: string[];
  orderSeqs: number[];
  /** The purchase time of each of `orderSeqs` (milliseconds), in the same order. */
  orderTimes: number[];
  customerSeqs: number[];
  /**
   * The fragment, when too many order numbers hold it to list them (order-search.ts):
   * `orderSeqs` is then empty, and the orders are tested in the statement ({@link filterConditions}).
   */
  broad?: string | undefined;
}

/** FTS5's form of a fragment: one quoted phrase, which the trigram tokenizer matches as a substring, ignoring case. */
export const phrase = (fragment: string) => `"${fragment.replaceAll('"', '""')}"`;

/** The licenses (`l`) of the reseller (`@reseller`) whose code holds the fragment of phrase `@codePhrase`, from the trigram index of codes. */
export const LICENSES_BY_CODE = `license_code_text t CROSS JOIN licenses l ON l.seq = t.rowid
  WHERE license_code_text MATCH @codePhrase AND l.reseller_seq = @reseller`;

/** What `q` found, when it is the search's only filter; else null. */
export function textAlone(filter: OrderFilter): TextMatches | null {
  const { resellerSeq: _reseller, text, ...others } = filter;
  return text !== undefined && Object.values(others).every((value) => value === undefined) ? text : null;
}

/** True when the fragment found nothing at all. */
export function foundNothing(text: TextMatches): boolean {
  return text.broad === undefined && text.productSeqs.length + text.distributors.length + text.orderSeqs.length + text.customerSeqs.length === 0;
}

/**
 * The orders found by number, code or email, each once (`seq`), as a subquery; its parameters
 * are bound in `conditions`. Null when there are none. The found customers' orders come from
 * licenses_by_customer_time alone; they are the reseller's, as are the customers. A UNION
 * (rather than a DISTINCT over a UNION ALL) hands them on by row number, so that reading
 * their order rows goes through the table in its own order: about twice as fast for tens of
 * thousands of them.
 */
export function textOrdersSql(conditions: Conditions, text: TextMatches): string | null {
  if (text.orderSeqs.length === 0 && text.customerSeqs.length === 0) return null;
  conditions.params.textOrders = JSON.stringify(text.orderSeqs);
  conditions.params.textCustomers = JSON.stringify(text.customerSeqs);
  return `SELECT value AS seq FROM json_each(@textOrders)
          UNION SELECT l.order_seq AS seq FROM licenses l INDEXED BY licenses_by_customer_time
                WHERE l.customer_seq IN (SELECT value FROM json_each(@textCustomers))`;
}

/** SQL conditions joined by AND, with their named parameters; values are always bound. */
export class Conditions {
  readonly where: string[] = [];
  readonly params: Record<string, unknown> = {};

  /** Adds `condition`, which refers to the parameter `@name`, bound to `value`. */
  add(condition: string, name: string, value: unknown): this {
    this.where.push(condition);
    this.params[name] = value;
    return this;
  }

  /** Adds `column IN (...)` over `values`. */
  in(column: string, name: string, values: readonly unknown[]): this {
    this.where.push(this.inList(column, name, values));
    return this;
  }

  /** `column IN (...)` over `values`, bound as parameters `@name0`, `@name1`, …, for a condition to come. */
  inList(column: string, name: string, values: readonly unknown[]): string {
    const names = values.map((value, i) => {
      this.params[`${name}${i}`] = value;
      return `@${name}${i}`;
    });
    return `${column} IN (${names.join(', ')})`;
  }

  get sql(): string {
    return this.where.join(' AND ');
  }
}

/** Adds the filter's facets (those `order_tally` also holds) with the given column prefix. */
export function facetConditions(conditions: Conditions, filter: OrderFilter, prefix: string): Conditions {
  if (filter.productSeqs !== undefined) conditions.in(`${prefix}product_seq`, 'product', filter.productSeqs);
  if (filter.state !== undefined) conditions.add(`${prefix}state = @state`, 'state', filter.state);
  if (filter.paymentType !== undefined) conditions.add(`${prefix}payment_type = @payment`, 'payment', filter.paymentType);
  if (filter.distributor !== undefined) {
    conditions.add(`${prefix}distributor_lower = @distributor`, 'distributor', filter.distributor);
  }
  if (filter.textFacets !== undefined) {
    const either = textFacetCondition(conditions, filter.textFacets, prefix);
    if (either !== null) conditions.where.push(either);
  }
  return conditions;
}

/** Of the products or distribution companies `q` found, with the column prefix; null when it found none. */
export function textFacetCondition(conditions: Conditions, text: TextMatches, prefix: string): string | null {
  const either: string[] = [];
  if (text.productSeqs.length > 0) either.push(conditions.inList(`${prefix}product_seq`, 'textProduct', text.productSeqs));
  if (text.distributors.length > 0) either.push(conditions.inList(`${prefix}distributor_lower`, 'textDistributor', text.distributors));
  return either.length === 0 ? null : `(${either.join(' OR ')})`;
}

/**
 * Every condition of the filter on `orders o`. `walking` says that the orders are visited one
 * by one along an index, where a test of each one beats listing every order `q` found by
 * email: a look-up of its mark when the search's count marked them (`found_order`, see
 * order-search.ts), else a read of its licenses.
 */
export function filterConditions(filter: OrderFilter, walking = false): Conditions {
  const conditions = new Conditions().add('o.reseller_seq = @reseller', 'reseller', filter.resellerSeq);
  if (filter.from !== undefined) conditions.add('o.purchased_at >= @from', 'from', filter.from);
  if (filter.to !== undefined) conditions.add('o.purchased_at < @to', 'to', filter.to);
  facetConditions(conditions, filter, 'o.');
  if (filter.orderNumber !== undefined) conditions.add('o.order_number_lower = @number', 'number', filter.orderNumber);
  if (filter.activationCode !== undefined) {
    conditions.add(
      `o.seq IN (SELECT order_seq FROM licenses WHERE activation_code = @code COLLATE NOCASE AND reseller_seq = @reseller)`,
      'code',
      filter.activationCode,
    );
  }
  if (filter.customerEmail !== undefined) {
    conditions.add(
      `o.seq IN (SELECT l.order_seq FROM customers c JOIN licenses l ON l.customer_seq = c.seq
                 WHERE c.reseller_seq = @reseller AND c.email_lower = @email)`,
      'email',
      filter.customerEmail,
    );
  }
  if (filter.text !== undefined) textCondition(conditions, filter.text, walking);
  return conditions;
}

/** Orders of the products or distribution companies `q` found, or among the orders it found by number, code or email. */
function textCondition(conditions: Conditions, text: TextMatches, walking: boolean): Conditions {
  const either: string[] = [];
  const facets = textFacetCondition(conditions, text, 'o.');
  if (facets !== null) either.push(facets);
  if (text.broad !== undefined) {
    // Every order is tested (the count visits them all): by its number, then against the
    // orders of the codes and (below) of the customers found, each listed once by SQLite.
    either.push('instr(o.order_number_lower, @textFragment) > 0');
    conditions.params.textFragment = text.broad;
    either.push(`o.seq IN (SELECT l.order_seq FROM ${LICENSES_BY_CODE})`);
    conditions.params.codePhrase = phrase(text.broad);
  }
  const walkingCustomers = walking && text.broad === undefined && text.customerSeqs.length > 0;
  if (walkingCustomers && foundOrdersMarked()) {
    // The search's count marked every order found by number, code or email (its lists).
    either.push('found_order(o.seq)');
  } else if (walkingCustomers) {
    either.push(`EXISTS (SELECT 1 FROM licenses l INDEXED BY licenses_by_order WHERE l.order_seq = o.seq
                 AND l.customer_seq IN (SELECT value FROM json_each(@textCustomers)))`);
    conditions.params.textCustomers = JSON.stringify(text.customerSeqs);
    if (text.orderSeqs.length > 0) {
      either.push('o.seq IN (SELECT value FROM json_each(@textOrders))');
      conditions.params.textOrders = JSON.stringify(text.orderSeqs);
    }
  } else {
    const found = textOrdersSql(conditions, text);
    if (found !== null) either.push(`o.seq IN (${found})`);
  }
  conditions.where.push(either.length === 1 ? either[0]! : `(${either.join(' OR ')})`);
  return conditions;
}

/**
 * A customer's email with at most a date range, as conditions on `licenses l` alone, or null
 * for any other filter. `licenses_by_customer_time` holds each license's order and its purchase
 * time, so these need no order rows; a reseller's customers only ever hold licenses of that
 * reseller's orders.
 */
export function customerLicenseConditions(filter: OrderFilter): Conditions | null {
  const { resellerSeq, customerEmail, from, to, ...others } = filter;
  if (customerEmail === undefined || Object.values(others).some((value) => value !== undefined)) return null;
  const conditions = new Conditions().add(
    'l.customer_seq = (SELECT c.seq FROM customers c WHERE c.reseller_seq = @reseller AND c.email_lower = @email)',
    'email',
    customerEmail,
  );
  conditions.params.reseller = resellerSeq;
  if (from !== undefined) conditions.add('l.order_purchased_at >= @from', 'from', from);
  if (to !== undefined) conditions.add('l.order_purchased_at < @to', 'to', to);
  return conditions;
}
