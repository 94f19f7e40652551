/**
 * The stored-column form of an orders search over PostgreSQL (product names and customer
 * emails resolved to ids, what `q` found), and its SQL conditions on `orders o` and
 * `licenses l`.
 */
import { Conditions } from './sql.js';

/** A search in terms of stored columns (lower-cased where matching ignores case). */
export interface OrderFilter {
  resellerId: string;
  /** Milliseconds; inclusive. */
  from?: number | undefined;
  /** Milliseconds; exclusive. */
  to?: number | undefined;
  productIds?: string[] | undefined;
  state?: string | undefined;
  paymentType?: string | undefined;
  distributor?: string | undefined;
  orderNumber?: string | undefined;
  activationCode?: string | undefined;
  customerId?: string | undefined;
  /** What `q` found: orders of some products or distribution companies, or among some orders. */
  text?: TextMatches | undefined;
  /** Orders of the products or distribution companies `q` found, as a facet (what the tallies can count). */
  textFacets?: TextMatches | undefined;
}

/**
 * The orders a fragment (`q`) finds: those of the products whose name holds it, those sold
 * through the distribution companies whose name holds it, `orderSeqs`, found by their number or
 * a license's code (a few), and those holding a license of the `customerIds`, whose email holds
 * it (the trigram indexes of schema.ts). Those customers are kept as such: a fragment of a
 * name finds a few hundred of them, who hold tens of thousands of orders between them, and a
 * page needs only a few.
 */
export interface TextMatches {
  productIds: string[];
  distributors: string[];
  /** The row numbers (`seq`) of the orders found by number or code, each once. */
  orderSeqs: number[];
  /**
   * How many of `orderSeqs`, first, the index of numbers (number-index.ts) holds: their
   * purchase times are kept by row number already (order-times.ts), which it handed them to.
   */
  heldOrders: number;
  /** The purchase time (milliseconds) of each of `orderSeqs` past the first `heldOrders`, in the same order. */
  orderTimes: number[];
  /**
   * How many times an order was moved to another product or distribution company when the
   * look-up ran (`order_facet_moves`): the products and companies kept by row number are trusted
   * under that count alone (order-times.ts).
   */
  orderMoves: string | null;
  /**
   * The fragment, when its number and code matches are too many to list (`SearchOptions` of order-search.ts):
   * `orderSeqs` is then empty, and the orders are found by it in the statement.
   */
  broad?: string | undefined;
  customerIds: string[];
  /** The version of each of `customerIds`' list of all its orders (customer-orders.ts), null when it has none, in the same order. */
  customerListVersions: (string | null)[];
  /**
   * When `q` is the only filter: how many orders it found by email, number or code that are
   * not of the products or companies it found, counted from the customers' order lists and the
   * orders found by number or code (`countFoundBeyondFacets` of order-search.ts), or the
   * orders found when it found nothing else, or none when it found products or companies alone.
   */
  beyondFacets?: number | undefined;
  /**
   * When `beyondFacets` was counted from the lists, or is none, and the page is in purchase
   * order: the orders found by email, number or code that can be on the page, picked from
   * those lists by their purchase times (order-times.ts).
   */
  pageSeqs?: number[] | undefined;
}

/** True when `q` alone narrows the search. */
export function isTextOnly(filter: OrderFilter): boolean {
  const { resellerId: _reseller, text: _text, ...others } = filter;
  return Object.values(others).every((value) => value === undefined);
}

/** `%fragment%` for LIKE, its own `%`, `_` and `\` taken literally. */
export const containing = (fragment: string) => `%${fragment.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The characters a joined form reads as letters ({@link joinedSql}), and the letter each
 * becomes: a dash `u`, a dot `l`, an at sign `i`, a space, an underscore and a plus sign `o`.
 */
const SEPARATORS = '-.@ _+';
const LETTERS = 'uliooo';
const LETTER_OF: ReadonlyMap<string, string> = new Map(Array.from(SEPARATORS, (c, i) => [c, LETTERS[i]!]));
/** A separator; a character that is neither a separator nor a lower-case ASCII letter or digit; a letter separators become (the dash first, so a class reads it literally). */
const SEPARATOR = new RegExp(`[${SEPARATORS}]`, 'g');
const OTHER_LOWER_CASE = new RegExp(`[^${SEPARATORS}a-z0-9]`);
const BECOME = new RegExp(`[${LETTERS}]`);

/**
 * The joined form of a lower-case text, as SQL: its dashes, dots, at signs, spaces,
 * underscores and plus signs read as letters ({@link SEPARATORS}), so that pg_trgm, which
 * breaks words at each of them, reads a code, an order number or an email as one word. The
 * trigram indexes of the joined forms (`*_joined`, schema.ts) find a fragment across such a
 * character ("8-6", "e.k", "n@d") by trigrams that span it ("8u6"), where in the text's own
 * words it has only the trigrams at their edges (" 8", "6 "), which hundreds of thousands of
 * codes hold: a look-up of "8-6" among 3,145,572 codes read 375,079 of them for 9,071
 * (196 ms). The letters are those no code the service issues holds (Crockford base32 has no
 * i, l, o nor u): a fragment with a dot, an at sign or a space finds no code. PostgreSQL runs
 * `translate` again on each text the index finds, at a cost that grows with the characters it
 * replaces (0.7 µs a code for these six, 3.1 µs for all 32 ASCII punctuation marks and space,
 * 1.0 µs a regular expression's replace): the others stay word breaks. Customers keep their
 * emails' joined forms instead (`email_joined`, {@link emailHolds}).
 */
export const joinedSql = (lowered: string) => `translate(${lowered}, '${SEPARATORS}', '${LETTERS}')`;

/** The joined form of a fragment (lower case), as {@link joinedSql} writes a text's. */
export const joined = (fragment: string) => fragment.replace(SEPARATOR, (c) => LETTER_OF.get(c)!);

/**
 * A character that is neither an ASCII letter or digit nor one a joined form reads as a
 * letter, as a regular expression in SQL. A fragment (three characters or more) without one
 * has a joined form of three letters or digits in a row, a trigram the indexes find it by; one
 * with such characters may have none ("a/b", "äöü" in a database of the C character type,
 * where pg_trgm breaks words at ü too), and asked for a fragment without trigrams, a trigram
 * index is read whole ("---" cost a search 2 s among 3,145,464 codes, before the joined forms).
 * Such a fragment is held only by a text with such a character, which partial indexes list
 * (`*_other_characters`, schema.ts; the migration of customers_email_other_characters spells
 * it out, as migrations never change): none of the codes or order numbers the service issues,
 * nor most emails. Spelled out here too: a partial index is read only for a condition that
 * holds its predicate's very text.
 */
export const OTHER_CHARACTER = "'[^-A-Za-z0-9.@ _+]'";

/**
 * How the texts holding a fragment are found, as bound values ({@link lookupOf}): `pattern`,
 * for LIKE on a text's joined form, `%` around the fragment's joined form, or for one with
 * other characters ({@link OTHER_CHARACTER}) its longest run of letters and digits (trigrams
 * at the edge of a word, " d" of "abc/d", are held by hundreds of thousands of codes); for a
 * fragment without three in a row, none (the partial indexes of other characters find the
 * texts). `whole`, the fragment itself, which a text found must hold too, or NULL when the
 * pattern holds it (the fragment is its own joined form and holds none of the letters others
 * become). `whole` is bound either way, so that such fragments are looked up by one statement.
 */
export type FragmentLookup = { pattern: string | null; whole: string };

/**
 * What {@link codeHolds}, {@link numberHolds} and {@link emailHolds} are given for `fragment`
 * (lower case), its values bound by `bind`. PostgreSQL checks each text the index found
 * against the pattern anyway, and `strpos` sets itself up anew for each text: a tenth of a
 * look-up's time among the codes that hold three characters, for nothing when `whole` is NULL.
 * A fragment of printable ASCII shorter than three characters (which `q` is not) is looked up
 * by its joined form all the same.
 */
export function lookupOf(fragment: string, bind: (value: string | null) => string): FragmentLookup {
  const form = joined(fragment);
  const longest = form.split(/[^a-z0-9]+/).reduce((a, b) => (b.length > a.length ? b : a), '');
  const others = OTHER_LOWER_CASE.test(fragment);
  if (others && longest.length < 3) return { pattern: null, whole: bind(fragment) };
  const lookup = others ? longest : form;
  const exact = lookup === fragment && !BECOME.test(fragment);
  return { pattern: bind(containing(lookup)), whole: `${bind(exact ? null : fragment)}::text` };
}

/**
 * The condition that a text holds a fragment ({@link FragmentLookup}), given as SQL: its
 * joined form (`joinedForm`, as its trigram index indexes it) LIKE the pattern or, without
 * one, the text (`column`, as its partial index tests it) holding an {@link OTHER_CHARACTER};
 * then held to the whole fragment by its lower case (`lowered`) and `strpos`, unless the
 * pattern holds it.
 */
const textHolds = (column: string, lowered: string, joinedForm: string, { pattern, whole }: FragmentLookup) =>
  pattern === null
    ? `${column} ~ ${OTHER_CHARACTER} AND strpos(${lowered}, ${whole}) > 0`
    : `${joinedForm} LIKE ${pattern} AND (${whole} IS NULL OR strpos(${lowered}, ${whole}) > 0)`;

/** The condition on `licenses l` that its code holds a fragment ({@link textHolds}). */
export const codeHolds = (lookup: FragmentLookup) =>
  textHolds('l.activation_code', 'lower(l.activation_code)', joinedSql('lower(l.activation_code)'), lookup);

/** The condition on `orders o` that its number holds a fragment ({@link textHolds}). */
export const numberHolds = (lookup: FragmentLookup) => textHolds('o.order_number_lower', 'o.order_number_lower', joinedSql('o.order_number_lower'), lookup);

/**
 * The condition on `customers c` that its email holds a fragment ({@link textHolds}), by the
 * joined form each customer keeps (`email_joined`, schema.ts): a fragment of a name finds a
 * few hundred customers, and joining each email again cost a look-up three quarters of its time.
 */
export const emailHolds = (lookup: FragmentLookup) => textHolds('c.email_lower', 'c.email_lower', 'c.email_joined', lookup);

/**
 * The reseller's orders found by number, code or email, with their duplicates (`id`), as a
 * subquery (one of them at least); the found customers' orders come from licenses_by_customer
 * alone.
 */
export function textOrdersSql(conditions: Conditions, text: TextMatches, resellerId: string): string {
  const parts: string[] = [];
  if (text.orderSeqs.length > 0) {
    parts.push(`SELECT f.id FROM orders f WHERE f.reseller_id = ${conditions.bind(resellerId)} AND f.seq = ANY(${conditions.bind(text.orderSeqs)}::int8[])`);
  }
  if (text.customerIds.length > 0) {
    parts.push(`SELECT l.order_id AS id FROM licenses l
                WHERE l.reseller_id = ${conditions.bind(resellerId)} AND l.customer_id = ANY(${conditions.bind(text.customerIds)}::text[]) AND l.customer_id IS NOT NULL`);
  }
  return parts.join(' UNION ALL ');
}

/** Of the products or distribution companies `q` found, with the column prefix; null when it found none. */
export function textFacetCondition(conditions: Conditions, text: TextMatches, prefix: string): string | null {
  const either: string[] = [];
  if (text.productIds.length > 0) either.push(`${prefix}product_id = ANY(${conditions.bind(text.productIds)}::text[])`);
  if (text.distributors.length > 0) either.push(`${prefix}distributor_lower = ANY(${conditions.bind(text.distributors)}::text[])`);
  return either.length === 0 ? null : `(${either.join(' OR ')})`;
}

/** Adds the facets (the columns the tallies hold) with the given column prefix. */
export function facetConditions(conditions: Conditions, filter: OrderFilter, prefix: string): Conditions {
  if (filter.productIds !== undefined) conditions.add((ids) => `${prefix}product_id = ANY(${ids}::text[])`, filter.productIds);
  if (filter.state !== undefined) conditions.add((p) => `${prefix}state = ${p}`, filter.state);
  if (filter.paymentType !== undefined) conditions.add((p) => `${prefix}payment_type = ${p}`, filter.paymentType);
  if (filter.distributor !== undefined) conditions.add((p) => `${prefix}distributor_lower = ${p}`, filter.distributor);
  if (filter.textFacets !== undefined) {
    const either = textFacetCondition(conditions, filter.textFacets, prefix);
    if (either !== null) conditions.raw(either);
  }
  return conditions;
}

/** Every condition of the filter on `orders o`. */
export function filterConditions(filter: OrderFilter, params: unknown[] = []): Conditions {
  const conditions = new Conditions(params);
  const reseller = conditions.bind(filter.resellerId);
  conditions.raw(`o.reseller_id = ${reseller}`);
  if (filter.from !== undefined) conditions.add((p) => `o.purchased_at >= ${p}`, new Date(filter.from));
  if (filter.to !== undefined) conditions.add((p) => `o.purchased_at < ${p}`, new Date(filter.to));
  facetConditions(conditions, filter, 'o.');
  if (filter.orderNumber !== undefined) conditions.add((p) => `o.order_number_lower = ${p}`, filter.orderNumber);
  if (filter.activationCode !== undefined) {
    conditions.add(
      (p) => `o.id IN (SELECT l.order_id FROM licenses l WHERE l.reseller_id = ${reseller} AND lower(l.activation_code) = ${p})`,
      filter.activationCode,
    );
  }
  if (filter.customerId !== undefined) {
    conditions.add(
      (p) => `o.id IN (SELECT l.order_id FROM licenses l WHERE l.reseller_id = ${reseller} AND l.customer_id = ${p})`,
      filter.customerId,
    );
  }
  if (filter.text !== undefined) {
    const either = [textFacetCondition(conditions, filter.text, 'o.')];
    if (filter.text.orderSeqs.length > 0) either.push(`o.seq = ANY(${conditions.bind(filter.text.orderSeqs)}::int8[])`);
    const { broad } = filter.text;
    if (broad !== undefined) {
      // Every order is tested (the total counts them in one pass): by its number, then against
      // the orders of the codes and of the customers found, each set read once and hashed.
      const code = codeHolds(lookupOf(broad, (value) => conditions.bind(value)));
      either.push(`o.order_number_lower LIKE ${conditions.bind(containing(broad))}`);
      either.push(`o.id IN (SELECT l.order_id FROM licenses l WHERE l.reseller_id = ${reseller} AND ${code})`);
      if (filter.text.customerIds.length > 0) either.push(`o.id IN (${textOrdersSql(conditions, filter.text, filter.resellerId)})`);
    } else if (filter.text.customerIds.length > 0) {
      // Tested order by order as the page's walk meets them (licenses_by_order), never listed whole.
      either.push(`EXISTS (SELECT 1 FROM licenses l WHERE l.reseller_id = o.reseller_id AND l.order_id = o.id
                   AND l.customer_id = ANY(${conditions.bind(filter.text.customerIds)}::text[]))`);
    }
    conditions.raw(`(${either.filter((part) => part !== null).join(' OR ')})`);
  }
  return conditions;
}

/** True when only the customer and dates narrow the search: the licenses index answers it alone. */
export function isCustomerOnly(filter: OrderFilter): boolean {
  return (
    filter.customerId !== undefined && filter.text === undefined && filter.textFacets === undefined && filter.orderNumber === undefined && filter.activationCode === undefined &&
    filter.productIds === undefined && filter.state === undefined && filter.paymentType === undefined &&
    filter.distributor === undefined
  );
}

/** The customer's licenses of orders within the filter's dates, on `licenses l` (licenses_by_customer). */
export function customerLicenseConditions(filter: OrderFilter, params: unknown[] = []): Conditions {
  const conditions = new Conditions(params);
  conditions.add((p) => `l.reseller_id = ${p}`, filter.resellerId).add((p) => `l.customer_id = ${p}`, filter.customerId);
  if (filter.from !== undefined) conditions.add((p) => `l.order_purchased_at >= ${p}`, new Date(filter.from));
  if (filter.to !== undefined) conditions.add((p) => `l.order_purchased_at < ${p}`, new Date(filter.to));
  return conditions;
}
