/**
 * Every order's number by row number (`seq`), in memory, per pool, with the row numbers of the
 * orders whose number holds each three bytes (of its lower case, as UTF-8): what a substring
 * search (`q`) finds by number. The trigram index of the database (pg_trgm) finds the same
 * orders, but must read each of them from the table to check it: a fragment of three digits
 * is held by thousands of the numbers of 1,000,000 orders ("250": 3,999 read from 1,187 pages,
 * 2.2 ms of a 4 ms look-up, the largest part of such a search). Here they are a list already;
 * a longer fragment's orders are those that the lists of its three bytes share, each checked
 * against its number ({@link OrderNumberIndex.find}).
 * About 100 bytes an order (104 MB for 1,000,000 orders, 1.5 s to read them): numbers of 15
 * characters, 13 entries of four bytes each, the reseller and where the number starts and ends.
 *
 * With them, the codes of each order's licenses, as lists of the orders a code of which holds
 * each three ASCII letters or digits ({@link OrderNumberIndex.findCodes}): three such
 * characters are held by about a thousand of 3,145,572 codes, which the trigram index finds but
 * must read from the table, a page each ("250": 0.75 of a 0.95 ms look-up). A longer fragment
 * is held by a few codes, which the database finds at once. The lists keep each row number as
 * its distance from the one before, in one to four bytes (two for most: 15 bytes a license, 45
 * MB for 3,145,572).
 *
 * The numbers held are exact up to a row number ({@link OrderNumberIndex.through}) past which no
 * order can still appear: the look-up finds the orders past it in the database, and those up to
 * it here. Row numbers come from the orders' identity column, always (an insert cannot give its
 * own), and an insert takes its row number while it holds its lock on `orders`. So once a short
 * `SHARE` lock on `orders` is granted, which waits for no one (NOWAIT: a writer in flight puts it
 * off to a later search), every row number up to the largest then committed is final. The rows
 * up to it are then read, a step at a time, outside the lock, with their licenses: an order's
 * licenses are written with it, in its transaction.
 *
 * An order's number or reseller changed, an order deleted or the table emptied, a license's
 * code, order or reseller changed, a license deleted or added to an order of an earlier
 * transaction, by hand (no write of the service does any of these), moves the count of
 * `order_facet_moves`, which the look-up reads: under another count than they were read
 * under, the numbers and codes are given up and read again.
 */
import type { Pool } from 'pg';
import { LARGEST_TIMED_ROW, type OrderTimes } from './order-times.js';
import { type Db, sentSeqs, sentTimes } from './sql.js';

/** Row numbers read at a time: keeping those of 4,096 orders takes the process about 10 ms. */
const READ_ROWS = 4_096;
/** After a `SHARE` lock not granted (a writer in flight), how long until the next try. */
const RETRY_AFTER_BUSY_MS = 1_000;
/** After any other failure (a lost connection, a role that may not lock `orders`), how long until the next try. */
const RETRY_AFTER_FAILURE_MS = 60_000;

/**
 * The orders of row numbers `after` (excluded) to `through` (included), in row number order, as
 * end-to-end values; and their licenses' codes in lower case (as the look-up's LIKE meets them),
 * with their orders' row numbers, in the same order.
 */
const NUMBERS_OF = `SELECT o.*, l.* FROM (
    SELECT string_agg(int8send(seq), ''::bytea) AS seqs, string_agg(timestamptz_send(purchased_at), ''::bytea) AS times,
      json_agg(reseller_id)::text AS resellers, json_agg(order_number_lower)::text AS numbers
    FROM (SELECT seq, purchased_at, reseller_id, order_number_lower FROM orders WHERE seq > $1 AND seq <= $2 ORDER BY seq) o) o
  CROSS JOIN (
    SELECT string_agg(int8send(order_seq), ''::bytea) AS code_seqs, json_agg(code)::text AS codes
    FROM (SELECT order_seq, lower(activation_code) AS code FROM licenses WHERE order_seq > $1 AND order_seq <= $2 ORDER BY order_seq) l) l`;

interface NumbersRow {
  seqs: Uint8Array | null;
  times: Uint8Array | null;
  resellers: string | null;
  numbers: string | null;
  code_seqs: Uint8Array | null;
  codes: string | null;
}

/** The row numbers of the orders whose number holds three bytes, in row number order. */
interface Posting {
  seqs: Int32Array;
  length: number;
}

const encoder = new TextEncoder();
/** How many times longer than the orders left a list may be and still be met with them (see {@link OrderNumberIndex.find}). */
const NARROWING = 16;

/** The row numbers up to `through` that both `a` and `b` hold, in order. */
function both(a: Posting, b: Posting, through: number): number[] {
  const held: number[] = [];
  const [listA, listB] = [a.seqs, b.seqs];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const seqA = listA[i]!;
    const seqB = listB[j]!;
    if (seqA > through) break;
    if (seqA < seqB) i += 1;
    else if (seqA > seqB) j += 1;
    else {
      held.push(seqA);
      i += 1;
      j += 1;
    }
  }
  return held;
}

/** The row numbers of `posting` up to `through`. */
function upTo(posting: Posting, through: number): number[] {
  const held: number[] = [];
  for (let i = 0; i < posting.length && posting.seqs[i]! <= through; i += 1) held.push(posting.seqs[i]!);
  return held;
}

/**
 * The row numbers of `seqs` (in order) that `posting` holds: each sought from where the last was
 * found, in steps that double, then halve (as many steps as the distance's binary digits).
 */
function within(seqs: readonly number[], posting: Posting): number[] {
  const held: number[] = [];
  const list = posting.seqs;
  const length = posting.length;
  let low = 0;
  for (const seq of seqs) {
    let step = 1;
    while (low + step < length && list[low + step]! < seq) step *= 2;
    low = firstNotBelow(list, seq, low + (step >>> 1), Math.min(low + step, length));
    if (low === length) break;
    if (list[low] === seq) held.push(seq);
  }
  return held;
}

/**
 * The first place from `low` to `high` (excluded) of `list` (row numbers in ascending order)
 * whose row number is not below `seq`; `high` when there is none. A binary search.
 */
export function firstNotBelow(list: ArrayLike<number>, seq: number, low: number, high: number): number {
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (list[middle]! < seq) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Three bytes as one key. */
const keyAt = (bytes: Uint8Array, at: number) => (bytes[at]! << 16) | (bytes[at + 1]! << 8) | bytes[at + 2]!;

/** Each ASCII digit and lower-case letter's place among the 36 (by character code), -1 for any other character. */
const ALNUM_PLACE = Int8Array.from({ length: 128 }, (_, c) => (c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 122 ? c - 87 : -1));
/** How many runs of three digits or lower-case letters there are. */
const CODE_TRIGRAMS = 36 ** 3;
/**
 * The keys of the lists of codes: for each run of three ({@link trigramAt}), whether a dash
 * comes right before it (2) and right after it (1), each occurrence under one key, so that a
 * fragment with a dash at an end ("ext-", as a code's group ends) is found here too.
 */
const CODE_KEYS = CODE_TRIGRAMS * 4;
const DASH = 0x2d;
/** The key of the three digits or lower-case letters of `text` from `at` among {@link CODE_TRIGRAMS}; -1 when they are not. */
function trigramAt(text: string, at: number): number {
  let key = 0;
  for (let i = at; i < at + 3; i += 1) {
    const c = text.charCodeAt(i);
    const place = c < 128 ? ALNUM_PLACE[c]! : -1;
    if (place < 0) return -1;
    key = key * 36 + place;
  }
  return key;
}
/** Codes' entries (a key and a row number each) gathered before they are added to their lists, as many at most. */
const CODE_ENTRIES_GATHERED = 1 << 21;
/** Up to this many gathered entries are added to their lists one by one; more are sorted by key first. */
const CODE_ENTRIES_ONE_BY_ONE = 1 << 16;

/** The fragments (lower case) whose codes the index finds: three ASCII digits or letters, with a dash before or after them or not. */
const CODE_FRAGMENT = /^-?[0-9a-z]{3}-?$/;

/** Whether the index finds the codes holding `fragment` (lower case) ({@link OrderNumberIndex.findCodes}). */
export const isCodeFragment = (fragment: string) => CODE_FRAGMENT.test(fragment);

/** The row numbers of `a` and `b` (each ascending, each once), ascending, each once. */
export function eachOnce(a: readonly number[], b: readonly number[]): number[] {
  const both: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j === b.length || (i < a.length && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    both.push(next);
    while (i < a.length && a[i] === next) i += 1;
    while (j < b.length && b[j] === next) j += 1;
  }
  return both;
}

/**
 * The row numbers of the orders a code of which holds three characters, ascending, each once:
 * each as its distance from the one before (the first from 0), seven bits a byte, the least
 * significant first, the high bit set on every byte but the last.
 */
interface CodePosting {
  bytes: Uint8Array;
  length: number;
  last: number;
}

/** An empty list of codes, with room for `bytes`. */
const newCodePosting = (bytes = 8): CodePosting => ({ bytes: new Uint8Array(bytes), length: 0, last: 0 });

/** Adds `seq` (not below the last) to `posting`, once. */
function postCode(posting: CodePosting, seq: number): void {
  let distance = seq - posting.last;
  if (distance === 0 && posting.length > 0) return;
  if (distance <= 0) throw new RangeError(`Row numbers are listed in ascending order: ${seq} came after ${posting.last}`);
  if (posting.length + 5 > posting.bytes.length) {
    const grown = new Uint8Array(posting.bytes.length * 2);
    grown.set(posting.bytes.subarray(0, posting.length));
    posting.bytes = grown;
  }
  const bytes = posting.bytes;
  let at = posting.length;
  while (distance >= 0x80) {
    bytes[at++] = (distance & 0x7f) | 0x80;
    distance >>>= 7;
  }
  bytes[at++] = distance;
  posting.length = at;
  posting.last = seq;
}

/** The row numbers of `posting` up to `through`, ascending. */
function codeSeqs(posting: CodePosting, through: number): number[] {
  const seqs: number[] = [];
  const bytes = posting.bytes;
  let seq = 0;
  for (let at = 0; at < posting.length; ) {
    let distance = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = bytes[at++]!;
      distance += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte >= 0x80);
    seq += distance;
    if (seq > through) break;
    seqs.push(seq);
  }
  return seqs;
}

const indexes = new WeakMap<Db, OrderNumberIndex>();

/** The index searches over `db` use, when its store keeps one (a pool's, not a transaction's). */
export function numberIndexOf(db: Db): OrderNumberIndex | undefined {
  return indexes.get(db);
}

/** Keeps an index of the numbers of the orders of `pool` for searches over `db` (the pool's statements), which keep their times in `times`. */
export function keepNumberIndex(db: Db, pool: Pool, times: OrderTimes): OrderNumberIndex {
  let kept = indexes.get(db);
  if (kept === undefined) indexes.set(db, (kept = new OrderNumberIndex(db, pool, times)));
  return kept;
}

export class OrderNumberIndex {
  /** Every order with a row number up to this is held, and no other can appear. */
  #through = 0;
  /** The count of moves (`order_facet_moves`) the numbers were read under; null before the first read. */
  #moves: string | null = null;
  /** The largest row number a look-up or a read met. */
  #largestMet = 0;
  #postings = new Map<number, Posting>();
  /** By three characters and the dashes around them ({@link CODE_KEYS}), the orders a code of which holds them ({@link findCodes}). */
  #codePostings: (CodePosting | undefined)[] = new Array(CODE_KEYS).fill(undefined);
  /**
   * Codes' entries read and not yet in their lists, in row number order: added a few million at
   * a time, sorted by their key, so that each list is met once for many entries rather than
   * once for each (a list's end is met at random: 25,000,000 entries one by one took 12 s).
   */
  #gatheredKeys = new Int32Array(0);
  #gatheredSeqs = new Int32Array(0);
  #gathered = 0;
  /** Each order's number in lower case as UTF-8, end to end, and where each starts and ends, by row number. */
  #bytes = new Uint8Array(1 << 16);
  #bytesLength = 0;
  #starts = new Int32Array(1 << 10);
  #ends = new Int32Array(1 << 10);
  /** Each order's reseller, as 1 + its place in {@link #resellerIds}; 0: no order held. */
  #resellers = new Uint32Array(1 << 10);
  #resellerIds = new Map<string, number>();
  /** The read under way, if any. */
  #reading: Promise<boolean> | null = null;
  /** No read starts before this (`Date.now()`), after one failed. */
  #notBefore = 0;
  /** Moves on each time the numbers are given up, which ends a read under way. */
  #generation = 0;

  constructor(
    readonly db: Db,
    readonly pool: Pool,
    readonly times: OrderTimes,
  ) {}

  /** Every order with a row number up to this is held; 0 while none is. */
  get through(): number {
    return this.#through;
  }

  /**
   * How many row numbers past {@link through} the largest met is: the orders a look-up finds in
   * the database (those past {@link LARGEST_TIMED_ROW}, whose times are not kept, are never held).
   */
  get behind(): number {
    return Math.max(0, this.#largestMet - this.#through);
  }

  /**
   * The row numbers of the orders of `resellerId` up to `through` (at most {@link through} as it
   * was when the look-up was asked) whose number holds `fragment` (lower case, at least three
   * bytes as UTF-8), in row number order; null when the numbers were read under another count
   * of moves than `moves` (the look-up's), and so are given up (and read again).
   */
  find(resellerId: string, fragment: string, through: number, moves: string | null): number[] | null {
    if (moves === null || moves !== this.#moves || through > this.#through) {
      if (moves !== this.#moves) this.#giveUp();
      return null;
    }
    const reseller = this.#resellerIds.get(resellerId);
    const wanted = encoder.encode(fragment);
    if (wanted.length < 3) throw new RangeError('A fragment of fewer than three bytes is not found by its three bytes');
    if (reseller === undefined) return [];
    const postings: Posting[] = [];
    for (let at = 0; at + 3 <= wanted.length; at += 1) {
      const posting = this.#postings.get(keyAt(wanted, at));
      if (posting === undefined) return [];
      postings.push(posting);
    }
    postings.sort((a, b) => a.length - b.length);
    // The orders up to `through` of the shortest list that each other list holds too (a number
    // holding the fragment holds each of its three bytes), of the reseller, then checked whole.
    // A list many times longer than the orders left narrows them little for what it costs: the check whole does.
    const narrows = (posting: Posting | undefined, left: number) => posting !== undefined && posting.length <= left * NARROWING;
    let found = narrows(postings[1], postings[0]!.length) ? both(postings[0]!, postings[1]!, through) : upTo(postings[0]!, through);
    for (let p = 2; p < postings.length && found.length > 0 && narrows(postings[p], found.length); p += 1) found = within(found, postings[p]!);
    const resellers = this.#resellers;
    let kept = 0;
    for (let i = 0; i < found.length; i += 1) {
      const seq = found[i]!;
      if (resellers[seq] === reseller) found[kept++] = seq;
    }
    found.length = kept;
    return wanted.length === 3 ? found : found.filter((seq) => this.#holds(seq, wanted));
  }

  /**
   * The row numbers of the orders of `resellerId` up to `through` (at most {@link through} as it
   * was when the look-up was asked) a license's code of which holds `fragment` (three ASCII
   * digits or lower-case letters, a dash before or after them or not: {@link isCodeFragment}),
   * in lower case, in row number order; null when the codes were read under another count of
   * moves than `moves` (as {@link find}).
   */
  findCodes(resellerId: string, fragment: string, through: number, moves: string | null): number[] | null {
    if (!isCodeFragment(fragment)) throw new RangeError(`The codes are found here by three ASCII digits or letters and the dashes around them, not by ${JSON.stringify(fragment)}`);
    if (moves === null || moves !== this.#moves || through > this.#through) {
      if (moves !== this.#moves) this.#giveUp();
      return null;
    }
    const reseller = this.#resellerIds.get(resellerId);
    if (reseller === undefined) return [];
    this.#addGathered();
    const [before, after] = [fragment.startsWith('-'), fragment.endsWith('-')];
    const trigram = trigramAt(fragment, before ? 1 : 0);
    let found: number[] = [];
    for (let dashes = 0; dashes < 4; dashes += 1) {
      const posting = this.#codePostings[trigram * 4 + dashes];
      if (posting === undefined || (before && (dashes & 2) === 0) || (after && (dashes & 1) === 0)) continue;
      found = eachOnce(found, codeSeqs(posting, through));
    }
    const resellers = this.#resellers;
    return found.filter((seq) => resellers[seq] === reseller);
  }

  /** Whether the number of the order `seq` holds the bytes `wanted`. */
  #holds(seq: number, wanted: Uint8Array): boolean {
    const bytes = this.#bytes;
    const last = this.#ends[seq]! - wanted.length;
    for (let start = this.#starts[seq]!; start <= last; start += 1) {
      let at = 0;
      while (at < wanted.length && bytes[start + at] === wanted[at]) at += 1;
      if (at === wanted.length) return true;
    }
    return false;
  }

  /** Notes the largest row number a look-up met, and starts reading the orders not held yet, unless a read is under way or waits after a failure. */
  met(largest: number): void {
    if (largest > this.#largestMet) this.#largestMet = largest;
    const unread = Math.min(this.#largestMet, LARGEST_TIMED_ROW) > this.#through;
    if (unread && this.#reading === null && Date.now() >= this.#notBefore) void this.catchUp();
  }

  /**
   * Reads every order not held yet up to the largest row number that is final (see the top of
   * this file); true once they are held, false when a writer in flight or a failure put it off.
   * One read at a time: a call while one is under way waits for it.
   */
  catchUp(): Promise<boolean> {
    this.#reading ??= this.#read().finally(() => (this.#reading = null));
    return this.#reading;
  }

  async #read(): Promise<boolean> {
    const generation = this.#generation;
    let settled: { largest: number; moves: string };
    try {
      settled = await this.#settle();
    } catch (error) {
      const busy = (error as { code?: string }).code === '55P03';
      this.#notBefore = Date.now() + (busy ? RETRY_AFTER_BUSY_MS : RETRY_AFTER_FAILURE_MS);
      return false;
    }
    if (generation !== this.#generation) return false;
    if (settled.moves !== this.#moves) {
      if (this.#moves !== null) this.#giveUp();
      this.#moves = settled.moves;
    }
    const generationRead = this.#generation;
    if (settled.largest > this.#largestMet) this.#largestMet = settled.largest;
    const to = Math.min(settled.largest, LARGEST_TIMED_ROW);
    const from = this.#through;
    try {
      while (this.#through < to) {
        const next = Math.min(this.#through + READ_ROWS, to);
        const { rows } = await this.db.query<NumbersRow>(NUMBERS_OF, [this.#through, next]);
        // Given up meanwhile (read under another count of moves): read again from the start.
        if (generationRead !== this.#generation) return false;
        if (rows[0] !== undefined) this.#keep(rows[0]);
        this.#through = next;
        // Every order up to the row number read is final: their times are all handed over.
        this.times.settled(next);
      }
    } catch {
      this.#notBefore = Date.now() + RETRY_AFTER_FAILURE_MS;
      return false;
    }
    this.#settleCodes(to - from > READ_ROWS);
    return true;
  }

  /**
   * The largest row number that is final (no order can still appear with one up to it), and the
   * count of moves: read under a `SHARE` lock on `orders`, which every insert conflicts with;
   * NOWAIT, so that it fails (55P03) rather than wait for a writer, or hold up those behind it.
   */
  async #settle(): Promise<{ largest: number; moves: string }> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      try {
        await client.query('LOCK TABLE orders IN SHARE MODE NOWAIT');
        const { rows } = await client.query<{ largest: string | null; moves: string }>(
          'SELECT (SELECT max(seq) FROM orders)::text AS largest, (SELECT moves::text FROM order_facet_moves) AS moves',
        );
        await client.query('COMMIT');
        return { largest: Number(rows[0]!.largest ?? 0), moves: rows[0]!.moves };
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    } finally {
      client.release();
    }
  }

  /** Gives up every number held, to be read again from the start. */
  #giveUp(): void {
    this.#generation += 1;
    this.#through = 0;
    this.#moves = null;
    this.#postings = new Map();
    this.#codePostings = new Array(CODE_KEYS).fill(undefined);
    this.#letGoOfGathered();
    this.#bytesLength = 0;
    this.#resellers.fill(0);
  }

  /** Keeps what {@link NUMBERS_OF} read, and hands the orders' times to {@link times}. */
  #keep(row: NumbersRow): void {
    if (row.seqs === null) return;
    const seqs = sentSeqs(row.seqs);
    const times = sentTimes(row.times ?? new Uint8Array(0));
    const resellers = JSON.parse(row.resellers ?? '[]') as string[];
    const numbers = JSON.parse(row.numbers ?? '[]') as string[];
    if (times.length !== seqs.length || resellers.length !== seqs.length || numbers.length !== seqs.length) {
      throw new Error(`The orders read ${seqs.length} row numbers, ${times.length} times, ${resellers.length} resellers and ${numbers.length} numbers`);
    }
    this.times.know(seqs, times);
    this.#grow(seqs[seqs.length - 1]!);
    for (let i = 0; i < seqs.length; i += 1) {
      const seq = seqs[i]!;
      let reseller = this.#resellerIds.get(resellers[i]!);
      if (reseller === undefined) this.#resellerIds.set(resellers[i]!, (reseller = this.#resellerIds.size + 1));
      this.#resellers[seq] = reseller;
      const start = this.#bytesLength;
      const end = this.#write(numbers[i]!);
      this.#starts[seq] = start;
      this.#ends[seq] = end;
      for (let at = start; at + 3 <= end; at += 1) this.#post(keyAt(this.#bytes, at), seq);
    }
    this.#keepCodes(row);
  }

  /** Keeps the codes {@link NUMBERS_OF} read: each run of three ASCII digits or lower-case letters of each, under its order's row number. */
  #keepCodes(row: NumbersRow): void {
    if (row.code_seqs === null) return;
    const seqs = sentSeqs(row.code_seqs);
    const codes = JSON.parse(row.codes ?? '[]') as string[];
    if (codes.length !== seqs.length) throw new Error(`The licenses read ${seqs.length} row numbers and ${codes.length} codes`);
    for (let i = 0; i < seqs.length; i += 1) {
      const code = codes[i]!;
      for (let at = 0; at + 3 <= code.length; at += 1) {
        const trigram = trigramAt(code, at);
        if (trigram < 0) continue;
        const key = trigram * 4 + (at > 0 && code.charCodeAt(at - 1) === DASH ? 2 : 0) + (at + 3 < code.length && code.charCodeAt(at + 3) === DASH ? 1 : 0);
        if (this.#gathered === this.#gatheredKeys.length) this.#makeRoom();
        this.#gatheredKeys[this.#gathered] = key;
        this.#gatheredSeqs[this.#gathered] = seqs[i]!;
        this.#gathered += 1;
      }
    }
  }

  /** Room for more gathered entries: twice as much, up to {@link CODE_ENTRIES_GATHERED}, past which they are added to their lists first. */
  #makeRoom(): void {
    if (this.#gathered >= CODE_ENTRIES_GATHERED) this.#addGathered();
    const length = Math.min(CODE_ENTRIES_GATHERED, Math.max(1 << 12, this.#gathered * 2));
    const grown = (from: Int32Array) => {
      const to = new Int32Array(length);
      to.set(from.subarray(0, this.#gathered));
      return to;
    };
    this.#gatheredKeys = grown(this.#gatheredKeys);
    this.#gatheredSeqs = grown(this.#gatheredSeqs);
  }

  /**
   * Adds the gathered entries to their lists, and lets go of the room they took: a few one by
   * one, more sorted by key (a counting sort, which keeps each key's row numbers in order), then
   * list by list.
   */
  #addGathered(): void {
    const count = this.#gathered;
    if (count === 0) return;
    const keys = this.#gatheredKeys;
    const seqs = this.#gatheredSeqs;
    const postings = this.#codePostings;
    if (count <= CODE_ENTRIES_ONE_BY_ONE) {
      for (let i = 0; i < count; i += 1) postCode((postings[keys[i]!] ??= newCodePosting()), seqs[i]!);
      this.#letGoOfGathered();
      return;
    }
    const starts = new Int32Array(CODE_KEYS + 1);
    for (let i = 0; i < count; i += 1) starts[keys[i]! + 1]! += 1;
    for (let key = 0; key < CODE_KEYS; key += 1) starts[key + 1]! += starts[key]!;
    const ends = starts.slice(0, CODE_KEYS);
    const sorted = new Int32Array(count);
    for (let i = 0; i < count; i += 1) sorted[ends[keys[i]!]!++] = seqs[i]!;
    for (let key = 0; key < CODE_KEYS; key += 1) {
      const [from, to] = [starts[key]!, starts[key + 1]!];
      if (from === to) continue;
      const posting = (postings[key] ??= newCodePosting(Math.max(8, (to - from) * 3)));
      for (let at = from; at < to; at += 1) postCode(posting, sorted[at]!);
    }
    this.#letGoOfGathered();
  }

  #letGoOfGathered(): void {
    this.#gathered = 0;
    this.#gatheredKeys = new Int32Array(0);
    this.#gatheredSeqs = new Int32Array(0);
  }

  /**
   * Adds what was gathered once all the orders met are read, and after a read of many, gives
   * each list of codes back the room past its end (a list grows by doubling).
   */
  #settleCodes(readMany: boolean): void {
    this.#addGathered();
    if (!readMany) return;
    for (const posting of this.#codePostings) {
      if (posting !== undefined && posting.bytes.length > posting.length + 8) posting.bytes = posting.bytes.slice(0, posting.length + 8);
    }
  }

  /** Adds `seq` to the list of the three bytes `key`, once (a number can hold them twice). */
  #post(key: number, seq: number): void {
    let posting = this.#postings.get(key);
    if (posting === undefined) this.#postings.set(key, (posting = { seqs: new Int32Array(4), length: 0 }));
    if (posting.length > 0 && posting.seqs[posting.length - 1] === seq) return;
    if (posting.length === posting.seqs.length) {
      const grown = new Int32Array(posting.seqs.length * 2);
      grown.set(posting.seqs);
      posting.seqs = grown;
    }
    posting.seqs[posting.length] = seq;
    posting.length += 1;
  }

  /** Writes `number` as UTF-8 after the numbers held; where it ends. */
  #write(number: string): number {
    // UTF-8 takes at most three bytes for each UTF-16 unit.
    const room = this.#bytesLength + number.length * 3;
    if (room > this.#bytes.length) {
      let length = this.#bytes.length;
      while (length < room) length *= 2;
      const grown = new Uint8Array(length);
      grown.set(this.#bytes.subarray(0, this.#bytesLength));
      this.#bytes = grown;
    }
    this.#bytesLength += encoder.encodeInto(number, this.#bytes.subarray(this.#bytesLength)).written;
    return this.#bytesLength;
  }

  #grow(seq: number): void {
    if (seq < this.#resellers.length) return;
    let length = this.#resellers.length;
    while (length <= seq) length *= 2;
    const grown = <A extends Int32Array | Uint32Array>(from: A, to: A): A => (to.set(from), to);
    this.#starts = grown(this.#starts, new Int32Array(length));
    this.#ends = grown(this.#ends, new Int32Array(length));
    this.#resellers = grown(this.#resellers, new Uint32Array(length));
  }
}
