/**
 * The search shapes the server benchmark loads, each with several real values read from the
 * benchmark database, so that the load rotates through different rows rather than one.
 */
import type { Db } from '../../demo/server/store/sqlite/database.js';

/** A query of `GET /orders`, as query-string fields. */
export type OrdersQueryFields = Record<string, string>;

/** One kind of search a reseller's staff makes, with the values it is tried with. */
export interface SearchShape {
  name: string;
  /** What is searched, in a few words. */
  what: string;
  queries: OrdersQueryFields[];
  /** How many orders come before each query's page (by its cursor); none means 0. */
  offsets?: number[];
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** How many values each shape rotates through. */
const VALUES = 8;

/** The shapes that can be picked from the database alone (deep paging follows cursors over HTTP). */
export function pickShapes(db: Db, resellerSeq: number, today: string): SearchShape[] {
  const dayStart = Math.floor(Date.parse(today) / DAY) * DAY;
  // Real values, each sampled once: the exact shapes search them whole, the q shapes by fragments.
  const numbers = sample(db, resellerSeq, 'SELECT order_number AS v FROM orders WHERE reseller_seq = ? AND seq >= ? ORDER BY seq LIMIT 1', 'orders');
  const codes = sample(db, resellerSeq, 'SELECT activation_code AS v FROM licenses WHERE reseller_seq = ? AND seq >= ? ORDER BY seq LIMIT 1', 'licenses');
  const emails = sample(
    db, resellerSeq,
    `SELECT email AS v FROM customers c WHERE reseller_seq = ? AND seq >= ?
       AND EXISTS (SELECT 1 FROM licenses l WHERE l.customer_seq = c.seq) ORDER BY seq LIMIT 1`,
    'customers',
  );
  const words = productWords(db, resellerSeq);
  return [
    {
      name: 'default today',
      what: `orders of the data's today (${iso(dayStart).slice(0, 10)}, UTC)`,
      queries: [{ purchasedFrom: iso(dayStart), purchasedTo: iso(dayStart + DAY) }],
    },
    {
      name: 'date range',
      what: '30 days ending at different hours',
      queries: spread(VALUES, (i) => {
        const to = dayStart + DAY - i * 5 * HOUR - i * 7 * 60_000;
        return { purchasedFrom: iso(to - 30 * DAY), purchasedTo: iso(to) };
      }),
    },
    {
      name: 'order number',
      what: 'exact, mixed case',
      queries: numbers.map(
        (v, i) => ({ orderNumber: i % 2 === 0 ? v : v.toLowerCase() }),
      ),
    },
    {
      name: 'product name',
      what: 'substring, one word of each product',
      queries: words.map((word) => ({ productName: word })),
    },
    {
      name: 'activation code',
      what: 'exact code of a license',
      queries: codes.map((v) => ({ activationCode: v })),
    },
    {
      name: 'customer email',
      what: 'customers with activated licenses',
      queries: emails.map((v) => ({ customerEmail: v })),
    },
    {
      name: 'q: order number',
      what: 'fragment of 3 to 6 digits',
      queries: numbers.map(
        (v, i) => ({ q: v.slice(-(3 + (i % 4)) - 1, -1) }),
      ),
    },
    {
      // What a reseller types first: the start that the order numbers share ("ORD", "ORD-20"),
      // found by number in every order.
      name: 'q: number start',
      what: 'first 3 to 6 characters of an order number, mixed case',
      queries: [...new Set(numbers.map((v, i) => (i % 2 === 0 ? v : v.toLowerCase()).slice(0, 3 + (i % 4))))].map((q) => ({ q })),
    },
    {
      name: 'q: product name',
      what: 'fragment of a word of each product',
      queries: words.map((word, i) => ({ q: word.slice(i % 2, (i % 2) + 3 + (i % 3)) })).filter((f) => f.q.length >= 3),
    },
    {
      name: 'q: activation code',
      what: 'fragment of 4 to 9 characters, mixed case',
      queries: codes.map((v, i) => ({ q: i % 2 === 0 ? v.slice(5, 9 + (i % 6)) : v.slice(5, 9 + (i % 6)).toLowerCase() })),
    },
    {
      name: 'q: customer email',
      what: "fragment of a customer's name in the email",
      queries: emails.map((v, i) => ({ q: v.slice(v.indexOf('.') + 1, v.indexOf('.') + 5 + (i % 3)) })),
    },
    {
      name: 'q: across a mark',
      what: 'fragment of 4 to 6 characters across a dash of a code, or the dot or at sign of an email',
      queries: spread(VALUES, (i) => {
        const code = codes[i]!;
        const email = emails[i]!;
        // Around a code's second dash (its groups are four long): two or three characters before it, one to three after.
        if (i % 2 === 0) return { q: code.slice(7 - ((i >> 1) % 2), 11 + ((i >> 1) % 3)).toLowerCase() };
        const mark = i % 4 === 1 ? email.indexOf('.') : email.indexOf('@');
        return { q: email.slice(mark - 2, mark + 2 + ((i >> 2) % 3)) };
      }),
    },
    {
      name: 'state + payment',
      what: 'every pair',
      queries: ['processed', 'refunded'].flatMap((state) => ['css_balance', 'credit_card'].map((paymentType) => ({ state, paymentType }))),
    },
  ];
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function spread<T>(count: number, make: (i: number) => T): T[] {
  return Array.from({ length: count }, (_, i) => make(i));
}

/** Values of `sql` at rows spread evenly over the table's row numbers (`?` = reseller, then row). */
function sample(db: Db, resellerSeq: number, sql: string, table: 'orders' | 'licenses' | 'customers'): string[] {
  const last = db.prepare<[], { n: number }>(`SELECT max(seq) AS n FROM ${table}`).get()?.n ?? 0;
  const statement = db.prepare<[number, number], { v: string }>(sql);
  const values = spread(VALUES, (i) => statement.get(resellerSeq, Math.floor(((i + 0.5) * last) / VALUES))?.v);
  return [...new Set(values.filter((v) => v !== undefined))];
}

/** A distinctive word of each product the reseller bought, lower-cased. */
function productWords(db: Db, resellerSeq: number): string[] {
  const names = db
    .prepare<[number], { name: string }>(
      'SELECT p.name FROM reseller_products rp JOIN products p ON p.seq = rp.product_seq WHERE rp.reseller_seq = ? ORDER BY p.seq',
    )
    .all(resellerSeq)
    .map((row) => row.name);
  return names.map((name) => (name.split(' ')[1] ?? name).toLowerCase()).slice(0, VALUES);
}
