/**
 * Each order's reseller, purchase time and product by row number, in memory, per connection:
 * what a substring search (`q`) needs of the thousands of orders a trigram look-up can find by
 * number, which the look-up gives as row numbers alone. Reading each one's row for these
 * values cost most of such a search (1.4 of 4.5 ms for "250" among 1,000,000 orders); here it
 * costs an array read. The directory also holds, for every row number, the latest purchase
 * time of the orders up to it ({@link OrderDirectory.latestUpTo}): orders are mostly written
 * in the order they are bought, so a search that meets found orders from the newest row
 * number down can stop as soon as no older row can come before the page it holds.
 *
 * An order's reseller and purchase time never change and orders are never deleted (triggers
 * refuse both, see database.ts), so the directory reads every order once, on the first
 * search that needs it (0.3 to 0.4 s and about 24 MB a connection for 1,000,000 orders), and
 * afterwards only the orders added since (orders are added with rising row numbers). No write
 * of the service moves an order to another product, but one by hand may: the products are
 * read again when `order_facet_moves` counts a move since they were read. It keeps
 * only orders that are committed: on a connection in a transaction of its own writes, the
 * orders past those it holds are read for the search at hand and then forgotten, since a
 * rollback would give their row numbers to other orders.
 */
import { visitMarkedDownward } from '../shared/order-lists.js';
import { cachedStatement, type Db } from './database.js';

/** Row numbers read at a time while the directory catches up (a range, so as to bound the memory a read takes). */
const CHUNK = 1 << 20;
/** The bytes of an order as read: its row number and its reseller's (4 bytes each), its purchase time (8) and its product's row number (4). */
const ORDER_BYTES = 20;
/** The directory's arrays are indexed by row number: it holds orders below this. */
const LARGEST_ROW = 2 ** 31 - 1;
/**
 * The orders of a range of row numbers as bytes (how many, and their bytes end to end):
 * building one value in SQLite and reading it as numbers here is about three times as fast
 * as handing over a row per order, which made the first read of 1,000,000 orders take most
 * of a second.
 */
const READ_RANGE = `SELECT count(*) AS orders, CAST(group_concat(unhex(printf('%08x%08x%016x%08x', seq, reseller_seq, purchased_at, product_seq)), '') AS BLOB) AS bytes
  FROM orders WHERE seq > ? AND seq <= ?`;
/** The bytes of an order's product as read: its row number and its product's (4 bytes each). */
const PRODUCT_BYTES = 8;
/** The products of a range of row numbers, as {@link READ_RANGE} reads orders. */
const READ_PRODUCTS = `SELECT count(*) AS orders, CAST(group_concat(unhex(printf('%08x%08x', seq, product_seq)), '') AS BLOB) AS bytes
  FROM orders WHERE seq > ? AND seq <= ?`;
/** The reseller of a row number that holds no order (row numbers of resellers start at 1). */
const NO_RESELLER = 0;

const directories = new WeakMap<Db, OrderDirectory>();

/** The directory of `db`'s connection, brought up to date with the orders that connection sees. */
export function orderDirectory(db: Db): OrderDirectory {
  const directory = directoryOf(db);
  directory.update(db);
  return directory;
}

/**
 * Reads ahead into the directory of `db`'s connection, outside any search: at most `rows` row
 * numbers of the committed orders it does not hold yet (a reader thread calls this once idle,
 * a few milliseconds at a time, so that its first search by `q` does not wait for the whole
 * read). True once it holds every order committed.
 */
export function readDirectoryAhead(db: Db, rows: number): boolean {
  return directoryOf(db).readAhead(db, rows);
}

/** True when `db` sees committed orders only: a read-only connection, or one outside a transaction. */
function seesCommittedOnly(db: Db): boolean {
  return db.readonly || !db.inTransaction;
}

function directoryOf(db: Db): OrderDirectory {
  let directory = directories.get(db);
  if (directory === undefined) directories.set(db, (directory = new OrderDirectory()));
  return directory;
}

export class OrderDirectory {
  #reseller = new Uint32Array(1 << 10);
  #time = new Float64Array(1 << 10);
  #product = new Uint32Array(1 << 10);
  #latest = new Float64Array(1 << 10);
  /** The row number up to which the arrays hold every committed order. */
  #through = 0;
  /** Orders past `#through` that the connection sees but has not committed, for the search at hand. */
  #pending = new Map<number, { reseller: number; time: number; product: number }>();
  #pendingLatest = -Infinity;
  /** How many moves of orders to another product `order_facet_moves` counted when the products held were read. */
  #moves = 0;
  /** False while the connection sees a move the products held do not (its own, not committed): {@link productOf} then knows none. */
  #productsCurrent = true;

  constructor() {
    this.#latest[0] = -Infinity;
  }

  /** Reads the orders added since the last update (see the module comment for which it keeps). */
  update(db: Db): void {
    this.#pending.clear();
    this.#pendingLatest = -Infinity;
    const keep = seesCommittedOnly(db);
    const { largest, moves } = this.#state(db);
    this.#productsCurrent = moves === this.#moves;
    if (!this.#productsCurrent && keep) {
      for (let from = 0; from < this.#through; from += CHUNK) this.#readProducts(db, from, Math.min(from + CHUNK, this.#through));
      this.#moves = moves;
      this.#productsCurrent = true;
    }
    if (largest <= this.#through) return;
    for (let from = this.#through; from < largest; from += CHUNK) this.#readRange(db, from, Math.min(from + CHUNK, largest), keep);
  }

  /** Keeps the committed orders of at most `rows` row numbers past those held; true once every committed order is held. */
  readAhead(db: Db, rows: number): boolean {
    if (!seesCommittedOnly(db)) return false;
    const { largest } = this.#state(db);
    if (largest > this.#through) this.#readRange(db, this.#through, Math.min(this.#through + Math.max(1, Math.min(rows, CHUNK)), largest), true);
    return this.#through >= largest;
  }

  /** The largest row number of an order, and how many moves of orders `order_facet_moves` counted: one statement a search. */
  #state(db: Db): { largest: number; moves: number } {
    const state = cachedStatement<[], { largest: number | null; moves: number | null }>(
      db,
      'SELECT (SELECT max(seq) FROM orders) AS largest, (SELECT moves FROM order_facet_moves) AS moves',
    ).get();
    const largest = state?.largest ?? 0;
    if (largest > LARGEST_ROW) throw new RangeError(`Order row numbers above ${LARGEST_ROW} are not supported (${largest})`);
    return { largest, moves: state?.moves ?? 0 };
  }

  /** Reads the orders of the row numbers after `from` up to `to`, kept (held through `to`) or seen for the search at hand. */
  #readRange(db: Db, from: number, to: number, keep: boolean): void {
    const words = readBytes(db, READ_RANGE, from, to, ORDER_BYTES);
    if (keep) this.#grow(to);
    for (let i = 0; i < words.byteLength; i += ORDER_BYTES) {
      const seq = words.getUint32(i);
      const reseller = words.getUint32(i + 4);
      const time = words.getInt32(i + 8) * 2 ** 32 + words.getUint32(i + 12);
      const product = words.getUint32(i + 16);
      if (keep) {
        this.#reseller[seq] = reseller;
        this.#time[seq] = time;
        this.#product[seq] = product;
      } else {
        this.#pending.set(seq, { reseller, time, product });
        this.#pendingLatest = Math.max(this.#pendingLatest, time);
      }
    }
    if (keep) this.#holdThrough(to);
  }

  /** Reads again the products of the orders held of the row numbers after `from` up to `to`. */
  #readProducts(db: Db, from: number, to: number): void {
    const words = readBytes(db, READ_PRODUCTS, from, to, PRODUCT_BYTES);
    for (let i = 0; i < words.byteLength; i += PRODUCT_BYTES) this.#product[words.getUint32(i)] = words.getUint32(i + 4);
  }

  /** The reseller of the order `seq`, or 0 when there is none. */
  resellerOf(seq: number): number {
    if (seq > this.#through) return this.#pending.get(seq)?.reseller ?? NO_RESELLER;
    return this.#reseller[seq] ?? NO_RESELLER;
  }

  /** The purchase time of the order `seq` (milliseconds); meaningless when there is no such order. */
  timeOf(seq: number): number {
    if (seq > this.#through) return this.#pending.get(seq)?.time ?? Number.NaN;
    return this.#time[seq]!;
  }

  /**
   * The row number of the product of the order `seq`, or undefined when the directory holds no
   * such order, or the connection sees a move of an order that it has not read.
   */
  productOf(seq: number): number | undefined {
    if (!this.#productsCurrent) return undefined;
    if (seq > this.#through) return this.#pending.get(seq)?.product;
    return this.#reseller[seq] === NO_RESELLER ? undefined : this.#product[seq];
  }

  /** No order up to the row number `seq`, of any reseller, was bought later than this (milliseconds). */
  latestUpTo(seq: number): number {
    if (seq <= 0) return -Infinity;
    if (seq > this.#through) return Math.max(this.#latest[this.#through]!, this.#pendingLatest);
    return this.#latest[seq]!;
  }

  /**
   * The newest `count` of the reseller's marked orders (../shared/order-lists.ts) before the
   * cursor (a purchase time and a row number), newest first, ties by row number, the larger
   * first. They are met from the largest row number down, and the walk stops once no order
   * at or below the row number met can come before the last of those kept ({@link latestUpTo}):
   * a few rows past the page when orders were written as they were bought, every marked order
   * at worst. (Oldest first, a walk of the time index from the oldest order meets a page of
   * found orders soon, as older orders are the more often held.)
   */
  newestMarked(resellerSeq: number, before: { at: number; seq: number } | null, count: number): number[] {
    // Negative when the order (at, seq) comes before (otherAt, otherSeq), newest first.
    const place = (at: number, seq: number, otherAt: number, otherSeq: number) => otherAt - at || otherSeq - seq;
    const first: number[] = [];
    if (count <= 0) return first;
    visitMarkedDownward((seq) => {
      if (first.length === count) {
        const last = first[count - 1]!;
        if (this.latestUpTo(seq) <= this.timeOf(last)) return false;
      }
      if (this.resellerOf(seq) !== resellerSeq) return true;
      const at = this.timeOf(seq);
      if (before !== null && place(at, seq, before.at, before.seq) <= 0) return true;
      if (first.length === count && place(at, seq, this.timeOf(first[count - 1]!), first[count - 1]!) > 0) return true;
      let i = first.length;
      while (i > 0 && place(at, seq, this.timeOf(first[i - 1]!), first[i - 1]!) < 0) i -= 1;
      first.splice(i, 0, seq);
      if (first.length > count) first.pop();
      return true;
    });
    return first;
  }

  /** Takes the orders read up to the row number `to` as held: the latest purchase time up to each row. */
  #holdThrough(to: number): void {
    let latest = this.#latest[this.#through]!;
    for (let seq = this.#through + 1; seq <= to; seq += 1) {
      // Row numbers no order has (a rolled-back insert's) keep the latest time before them.
      if (this.#reseller[seq] !== NO_RESELLER) latest = Math.max(latest, this.#time[seq]!);
      this.#latest[seq] = latest;
    }
    this.#through = to;
  }

  #grow(seq: number): void {
    if (seq < this.#reseller.length) return;
    let length = this.#reseller.length;
    while (length <= seq) length *= 2;
    const grown = <A extends Uint32Array | Float64Array>(from: A, to: A) => (to.set(from), to);
    this.#reseller = grown(this.#reseller, new Uint32Array(length));
    this.#time = grown(this.#time, new Float64Array(length));
    this.#product = grown(this.#product, new Uint32Array(length));
    this.#latest = grown(this.#latest, new Float64Array(length));
  }
}

/**
 * What `sql` ({@link READ_RANGE}, {@link READ_PRODUCTS}) read of the orders of the row numbers
 * after `from` up to `to`, `width` bytes each; refused unless every order read whole.
 */
function readBytes(db: Db, sql: string, from: number, to: number, width: number): DataView {
  const read = cachedStatement<[number, number], { orders: number; bytes: Uint8Array | null }>(db, sql).get(from, to);
  const bytes = read?.bytes ?? new Uint8Array(0);
  if (bytes.length !== (read?.orders ?? 0) * width) throw new Error(`The orders between rows ${from} and ${to} did not read whole`);
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
