/**
 * Each order's purchase time by row number (`seq`), in memory, per pool: what a substring
 * search (`q`) needs to pick its page from the orders it found, which the customers' lists
 * (customer-orders.ts) and its look-up of numbers and codes give as row numbers. Picking the
 * page in the database instead walked licenses_by_customer once for each of a few hundred
 * customers, the largest part of such a search (2.4 to 3 ms of about 5.5 at 1,000,000 orders).
 *
 * With each time, the order's product and distribution company ({@link OrderTimes.ofFacets}):
 * what tells the orders a search finds by number or code from those of the products and
 * companies it finds, which looking each order up cost more than half of such a search in the
 * database. An order's product and company are changed only by hand; the table `order_facet_moves`
 * counts those changes, and the ones kept are trusted only under the count they were read with.
 * When it changes, they are read again from the start.
 *
 * An order's purchase time never changes and a row number is never given to another order
 * (an identity column's values are not taken back, even by a rollback), so a time once read
 * stays true: the times are read (or taken as a search's look-up gave them, {@link OrderTimes.know})
 * when a search first meets their orders, the whole table
 * once idle ({@link OrderTimes.readAhead}), and never read again. They are kept in whole
 * milliseconds (rounded down: PostgreSQL keeps microseconds), which keeps the order of any
 * two purchases or makes them equal; orders of the same millisecond are all handed to the
 * database, which tells them apart. Row numbers up to {@link LARGEST_TIMED_ROW} are kept (8
 * bytes each); past that a search picks its page in the database.
 */
import { markedOrders, markedWithout, visitMarkedDownward } from '../shared/order-lists.js';
import { type Db, sentSeqs, sentTimes } from './sql.js';

/** The largest row number whose time is kept: 128 MiB of times at most. */
export const LARGEST_TIMED_ROW = 2 ** 24 - 1;
/** The row numbers of a block, whose latest time is kept ({@link OrderTimes.latestUpTo}). */
const BLOCK = 256;
/** Row numbers read at a time while reading ahead. */
const READ_AHEAD_ROWS = 16_384;
/**
 * How many row numbers a search meets at most, from the largest down, for the time its products'
 * and companies' own orders reach ({@link OrderTimes.facetsReach}): a product of an eighth of the
 * orders fills a page of 26 within about 200.
 */
const FACET_VISITS = 8_192;

/**
 * The orders' row numbers and times, as `int8send` and `timestamptz_send` values end to end
 * ({@link sentSeqs}, {@link sentTimes}): one value instead of a row an order; their products
 * and distribution companies, in the same order (the aggregates of one statement meet its
 * rows in one order); and the count of moves they were read under.
 */
const TIMES_OF = (where: string) => `SELECT string_agg(int8send(seq), ''::bytea) AS seqs, string_agg(timestamptz_send(purchased_at), ''::bytea) AS times,
    json_agg(product_id)::text AS products, json_agg(distributor_lower)::text AS distributors,
    (SELECT moves::text FROM order_facet_moves) AS moves
  FROM orders WHERE ${where} AND isfinite(purchased_at)`;

/** What {@link TIMES_OF} gives. */
interface TimesRow {
  seqs: Uint8Array | null;
  times: Uint8Array | null;
  products: string | null;
  distributors: string | null;
  moves: string;
}

/** How a page is picked from the marked orders: its direction, the cursor's purchase time, and how many. */
export interface MarkedPage {
  direction: 'ASC' | 'DESC';
  /** The cursor's purchase time (milliseconds), or null on the first page. */
  afterAt: number | null;
  count: number;
}

/** The marked orders that can be on the page, or those whose time is not known yet. */
export type PickedPage = { seqs: number[]; unknown?: undefined } | { seqs?: undefined; unknown: number[] };

/**
 * Keeps `value` among `first`, the largest values met so far, largest first (`-Infinity` where
 * none is yet), when it is larger than the last of them: the page's first orders by time or rank.
 */
function keepAmongFirst(first: Float64Array, value: number): void {
  let at = first.length - 1;
  if (at < 0 || value <= first[at]!) return;
  while (at > 0 && first[at - 1]! < value) {
    first[at] = first[at - 1]!;
    at -= 1;
  }
  first[at] = value;
}

const times = new WeakMap<Db, OrderTimes>();

/** The times `db` (a pool, or a transaction's client) has read. */
export function orderTimesOf(db: Db): OrderTimes {
  let kept = times.get(db);
  if (kept === undefined) times.set(db, (kept = new OrderTimes()));
  return kept;
}

export class OrderTimes {
  #times = new Float64Array(1 << 10).fill(Number.NaN);
  /** Where a pick writes the marked orders' ranks, reused. */
  #ranks = new Float64Array(0);
  /** One bit a row number: its time is known. */
  #known = new Int32Array(1 << 5);
  /** The latest time known in each block of {@link BLOCK} row numbers. */
  #blockLatest = new Float64Array(1 << 2).fill(-Infinity);
  /** The latest time known in each block and those below it; recomputed when times were kept since. */
  #latestUpTo = new Float64Array(0);
  /** The largest row number whose time is kept. */
  #largest = 0;
  /** Every row number up to this was read ahead (or holds no order). */
  #readThrough = 0;
  /**
   * Every order up to this row number has its time known: they were read up to a row number
   * past which none can still appear ({@link settled}), where the read ahead above cannot tell
   * an order written since with a smaller row number.
   */
  #knownThrough = 0;
  /** The last read asked for ({@link read}), which the next waits for. */
  #reads: Promise<unknown> = Promise.resolve();
  /** True while every order is read ahead. */
  #readingAhead = false;
  /** True once every order was read ahead, until the products and companies are read again. */
  #readAhead = false;
  /** Each order's product and distribution company, as 1 + their place in {@link #facetKeys}; 0 while not known. */
  #products = new Uint32Array(1 << 10);
  #distributors = new Uint32Array(1 << 10);
  /** The facets met, as the customers' lists name them: `p:` a product's id, `d:` a company (`d:` alone for none). */
  #facetKeys: string[] = [];
  /** 1 + the place in {@link #facetKeys} of each product's and company's facet, by its id or name. */
  #productFacets = new Map<string, number>();
  #distributorFacets = new Map<string, number>();
  /** The count of moves (`order_facet_moves`) that the products and companies kept were read under; null before the first read. */
  #moves: string | null = null;
  /** How many times the products and companies were given up for a new count of moves. */
  #movesMet = 0;

  /**
   * Notes that the time of every order up to `seq` is known, as the index of numbers hands
   * them over (number-index.ts): read up to a row number that is final, no order can still
   * appear up to it. A page then looks for orders of times not known above it alone.
   */
  settled(seq: number): void {
    if (seq > this.#knownThrough) this.#knownThrough = seq;
  }

  /** The row number through which every order's time is known ({@link settled}). */
  get knownThrough(): number {
    return this.#knownThrough;
  }

  /** The purchase time of the order `seq` in whole milliseconds, or NaN when it is not known. */
  timeOf(seq: number): number {
    return this.#times[seq] ?? Number.NaN;
  }

  /**
   * Reads the times of the orders `seqs` (row numbers whose time was not known) that are still
   * not known once the reads asked for before end, keeping those of orders that exist; the
   * first time, starts reading every order ahead ({@link readAhead}). One read at a time:
   * searches that meet the same orders at once (a fragment's first searches, tens of thousands
   * of orders each) read them once.
   */
  read(db: Db, seqs: readonly number[]): Promise<void> {
    const read = this.#reads.then(async () => {
      const wanted = seqs.filter((seq) => Number.isNaN(this.timeOf(seq)));
      if (wanted.length === 0) return;
      const { rows } = await db.query<TimesRow>(TIMES_OF('seq = ANY($1::int8[])'), [wanted]);
      if (rows[0] !== undefined) this.#keep(rows[0]);
    });
    this.#reads = read.catch(() => undefined);
    this.startReadingAhead(db);
    return read;
  }

  /** Starts reading every order ahead ({@link readAhead}) unless it is under way or done. */
  startReadingAhead(db: Db): void {
    if (this.#readingAhead || this.#readAhead) return;
    this.#readingAhead = true;
    void this.#readEveryOrder(db);
  }

  /** Reads ahead until every order is read, a step at a time; after a failed step, the next {@link read} starts again. */
  async #readEveryOrder(db: Db): Promise<void> {
    try {
      while (!(await this.readAhead(db)));
      this.#readAhead = true;
    } catch {
      // The next read starts again.
    } finally {
      this.#readingAhead = false;
    }
  }

  /**
   * Reads the times of the next row numbers not read ahead yet, at most {@link READ_AHEAD_ROWS};
   * true once every order up to the largest row number is read (or that number is past
   * {@link LARGEST_TIMED_ROW}).
   */
  async readAhead(db: Db): Promise<boolean> {
    const { rows } = await db.query<{ largest: string | null }>('SELECT max(seq) AS largest FROM orders');
    const largest = Math.min(Number(rows[0]?.largest ?? 0), LARGEST_TIMED_ROW);
    if (this.#readThrough >= largest) return true;
    const to = Math.min(this.#readThrough + READ_AHEAD_ROWS, largest);
    const movesMet = this.#movesMet;
    const read = await db.query<TimesRow>(TIMES_OF('seq > $1 AND seq <= $2'), [this.#readThrough, to]);
    if (read.rows[0] !== undefined) this.#keep(read.rows[0]);
    // An order committed later with a row number read through is read when a search meets it.
    // Products and companies given up meanwhile for a new count of moves are read from the start.
    if (this.#movesMet === movesMet) this.#readThrough = Math.max(this.#readThrough, to);
    return this.#readThrough >= largest;
  }

  /**
   * Tells whether an order (by row number) is of one of `facets` (its product's `p:` key or its
   * company's `d:` key), when its product and company are known under the count of moves `moves`
   * (as the search's look-up read it); else undefined, and the order is to be looked up. The
   * facets are matched against those kept once, here: a search tells hundreds of orders apart,
   * and matching their products' and companies' keys order by order cost it a tenth of a
   * millisecond. For use at once: orders read later are not told.
   */
  ofFacets(moves: string | null, facets: ReadonlySet<string>): (seq: number) => boolean | undefined {
    if (moves === null || moves !== this.#moves) return () => undefined;
    // 1 at 1 + the place in #facetKeys of each facet kept that is one of `facets`.
    const held = new Uint8Array(this.#facetKeys.length + 1);
    this.#facetKeys.forEach((key, at) => {
      if (facets.has(key)) held[at + 1] = 1;
    });
    const [products, distributors] = [this.#products, this.#distributors];
    return (seq) => {
      const product = products[seq] ?? 0;
      const distributor = distributors[seq] ?? 0;
      if (product === 0 || distributor === 0) return undefined;
      return held[product] === 1 || held[distributor] === 1;
    };
  }

  /**
   * The purchase time (milliseconds) that the first `page.count` orders of the products and
   * companies a search found (told by `isOfFacets`, {@link ofFacets}) reach after the cursor,
   * the newest first: those orders fill the page down to it, so no other order bought before it
   * can be on the page. Their orders are met from the largest row number down, as
   * {@link #newestMarked} meets the marked orders, until none known below was bought as late
   * ({@link latestUpTo}) or {@link FACET_VISITS} row numbers were met; orders within a millisecond
   * of the cursor's time are not counted (only the database can place them against it). Null
   * when fewer of their orders were met, or the page is the oldest first.
   */
  facetsReach(page: MarkedPage, isOfFacets: (seq: number) => boolean | undefined): number | null {
    if (page.direction !== 'DESC' || page.count < 1) return null;
    const cursor = page.afterAt ?? Infinity;
    // The times of the first `count` orders of the facets before the cursor, the newest first.
    const first = new Float64Array(page.count).fill(-Infinity);
    const lastAt = page.count - 1;
    for (let seq = this.#largest; seq > 0 && seq > this.#largest - FACET_VISITS; seq -= 1) {
      if (first[lastAt]! > -Infinity && this.latestUpTo(seq) < first[lastAt]!) break;
      if (isOfFacets(seq) !== true) continue;
      const time = this.timeOf(seq);
      if (!Number.isNaN(time) && time < cursor - 1) keepAmongFirst(first, time);
    }
    return first[lastAt]! > -Infinity ? first[lastAt]! : null;
  }

  /**
   * The marked orders (../shared/order-lists.ts, under the hold of the search) that can be on
   * its page: the first `count` by purchase time in `direction` after the cursor's time, with
   * every order of the same millisecond as the last of them, and every order within a
   * millisecond of the cursor's time, which only the database can place against the cursor
   * (the cursor's time has milliseconds, the order's microseconds). Or, when the
   * time of a marked order is not known, those orders, to read first; the orders of `gone`
   * (whose time was read and not found: no longer there) are passed over. Null when an order
   * past {@link LARGEST_TIMED_ROW} is marked.
   */
  pickMarked(page: MarkedPage, gone: ReadonlySet<number> = new Set()): PickedPage | null {
    let largest = 0;
    visitMarkedDownward((seq) => ((largest = seq), false));
    if (largest > LARGEST_TIMED_ROW) return null;
    return page.direction === 'DESC' ? this.#newestMarked(page, gone) : this.#everyMarked(page, gone);
  }

  /**
   * The newest marked orders, met from the largest row number down: orders are mostly written
   * in the order they are bought, so the walk stops a few rows past the page, once no order
   * known up to the row met was bought as late as the last of the page ({@link latestUpTo}),
   * and no order below it marked has a time not known.
   */
  #newestMarked(page: MarkedPage, gone: ReadonlySet<number>): PickedPage {
    const cursor = page.afterAt ?? Infinity;
    const unknown: number[] = [];
    const met: number[] = [];
    // The times of the first `count` orders before the cursor, the newest first.
    const first = new Float64Array(page.count).fill(-Infinity);
    const lastAt = page.count - 1;
    let stoppedAt = 0;
    visitMarkedDownward((seq) => {
      if (lastAt >= 0 && first[lastAt]! > -Infinity && this.latestUpTo(seq) < first[lastAt]!) {
        stoppedAt = seq;
        return false;
      }
      const time = this.timeOf(seq);
      if (Number.isNaN(time)) {
        if (!gone.has(seq)) unknown.push(seq);
        return true;
      }
      met.push(seq);
      if (time < cursor - 1) keepAmongFirst(first, time);
      return true;
    });
    // Below the walk's end, only the orders of times not known could still come before the
    // last of the page: none up to the row number through which every time is known.
    if (stoppedAt > this.#knownThrough) {
      for (const seq of markedWithout(this.#known, stoppedAt + 1, this.#knownThrough + 1)) if (!gone.has(seq)) unknown.push(seq);
    }
    if (unknown.length > 0) return { unknown };
    const last = lastAt < 0 ? Infinity : first[lastAt]!;
    return { seqs: met.filter((seq) => this.timeOf(seq) >= last && (this.timeOf(seq) < cursor - 1 || Math.abs(this.timeOf(seq) - cursor) <= 1)) };
  }

  /** Every marked order's time read, for the oldest marked orders (a walk from the smallest row number up could stop early too). */
  #everyMarked(page: MarkedPage, gone: ReadonlySet<number>): PickedPage {
    const marked = markedOrders();
    const times = this.#times;
    // Times compare as ranks: larger ranks come first, whichever the direction.
    const sign = page.direction === 'DESC' ? 1 : -1;
    // The cursor's time as a rank: ranks above it come before the cursor, and within a
    // millisecond of it only the database can tell.
    const cursorRank = page.afterAt === null ? Infinity : sign * page.afterAt;
    const unknown: number[] = [];
    // The ranks of the first `count` orders after the cursor, the first first; and each marked
    // order's rank, read once (the times are met at random, the ranks then in order).
    const first = new Float64Array(page.count).fill(-Infinity);
    const lastAt = page.count - 1;
    const ranks = this.#ranks.length >= marked.length ? this.#ranks : (this.#ranks = new Float64Array(marked.length * 2));
    for (let i = 0; i < marked.length; i += 1) {
      const seq = marked[i]!;
      const rank = seq < times.length ? sign * times[seq]! : Number.NaN;
      ranks[i] = rank;
      if (Number.isNaN(rank)) {
        if (!gone.has(seq)) unknown.push(seq);
        continue;
      }
      if (rank < cursorRank - 1) keepAmongFirst(first, rank);
    }
    if (unknown.length > 0) return { unknown };
    const last = page.count === 0 ? Infinity : first[lastAt]!;
    const seqs: number[] = [];
    for (let i = 0; i < marked.length; i += 1) {
      const rank = ranks[i]!;
      if (rank >= last && (rank < cursorRank - 1 || Math.abs(rank - cursorRank) <= 1)) seqs.push(marked[i]!);
    }
    return { seqs };
  }

  /** Keeps what {@link TIMES_OF} read: each order's time, product and distribution company. */
  #keep(row: TimesRow): void {
    if (row.moves !== this.#moves) {
      if (this.#moves !== null) {
        // Orders were moved since: the products and companies kept are given up, and read again.
        this.#products.fill(0);
        this.#distributors.fill(0);
        this.#readThrough = 0;
        this.#readAhead = false;
        this.#movesMet += 1;
      }
      this.#moves = row.moves;
    }
    if (row.seqs === null) return;
    const seqs = sentSeqs(row.seqs);
    const times = sentTimes(row.times ?? new Uint8Array(0));
    const products = JSON.parse(row.products ?? '[]') as string[];
    const distributors = JSON.parse(row.distributors ?? '[]') as string[];
    if (times.length !== seqs.length || products.length !== seqs.length || distributors.length !== seqs.length) {
      throw new Error(
        `The orders read ${seqs.length} row numbers, ${times.length} times, ${products.length} products and ${distributors.length} distribution companies`,
      );
    }
    for (let i = 0; i < seqs.length; i += 1) {
      const seq = seqs[i]!;
      if (!this.#keepTime(seq, times[i]!)) continue;
      this.#products[seq] = this.#productFacets.get(products[i]!) ?? this.#facet(this.#productFacets, 'p:', products[i]!);
      this.#distributors[seq] = this.#distributorFacets.get(distributors[i]!) ?? this.#facet(this.#distributorFacets, 'd:', distributors[i]!);
    }
    this.#latestUpTo = new Float64Array(0);
  }

  /**
   * Keeps the purchase times of the orders `seqs` from the `from`th on (milliseconds, `times`
   * from the first on) as a search's look-up read them, for those not known yet: their
   * products and companies stay unknown until read.
   */
  know(seqs: readonly number[], times: readonly number[], from = 0): void {
    if (seqs.length - from !== times.length) throw new Error(`${seqs.length - from} orders came with ${times.length} times`);
    let kept = false;
    for (let i = from; i < seqs.length; i += 1) {
      const seq = seqs[i]!;
      if (Number.isNaN(this.timeOf(seq)) && this.#keepTime(seq, times[i - from]!)) kept = true;
    }
    if (kept) this.#latestUpTo = new Float64Array(0);
  }

  /** Keeps the time of the order `seq`; false when its row number is past those kept. */
  #keepTime(seq: number, time: number): boolean {
    if (seq <= 0 || seq > LARGEST_TIMED_ROW) return false;
    this.#grow(seq);
    this.#times[seq] = time;
    if (seq > this.#largest) this.#largest = seq;
    this.#known[seq >>> 5]! |= 1 << (seq & 31);
    const block = Math.floor(seq / BLOCK);
    if (time > this.#blockLatest[block]!) this.#blockLatest[block] = time;
    return true;
  }

  /** Adds the facet `prefix` + `value` met for the first time to {@link #facetKeys} and to `facets`; 1 + its place. */
  #facet(facets: Map<string, number>, prefix: 'p:' | 'd:', value: string): number {
    this.#facetKeys.push(`${prefix}${value}`);
    facets.set(value, this.#facetKeys.length);
    return this.#facetKeys.length;
  }

  /** No order known up to the row number `seq` (and some past it, up to its block's end) was bought later than this. */
  latestUpTo(seq: number): number {
    const block = Math.floor(seq / BLOCK);
    if (this.#latestUpTo.length === 0) {
      const upTo = new Float64Array(this.#blockLatest.length);
      let latest = -Infinity;
      for (let b = 0; b < upTo.length; b += 1) upTo[b] = latest = Math.max(latest, this.#blockLatest[b]!);
      this.#latestUpTo = upTo;
    }
    return this.#latestUpTo[Math.min(block, this.#latestUpTo.length - 1)]!;
  }

  #grow(seq: number): void {
    if (seq < this.#times.length) return;
    let length = this.#times.length;
    while (length <= seq) length *= 2;
    // Each array copied into its larger twin, the places past the old length as not known.
    const grown = <A extends Float64Array | Int32Array | Uint32Array>(from: A, to: A): A => (to.set(from), to);
    this.#times = grown(this.#times, new Float64Array(length).fill(Number.NaN));
    this.#known = grown(this.#known, new Int32Array(length >>> 5));
    this.#products = grown(this.#products, new Uint32Array(length));
    this.#distributors = grown(this.#distributors, new Uint32Array(length));
    this.#blockLatest = grown(this.#blockLatest, new Float64Array(Math.ceil(length / BLOCK)).fill(-Infinity));
  }
}
