/**
 * The customers' order lists of both SQL stores (`customer_orders`): for each customer and
 * facet, the text `,seq,seq,…,` of the row numbers of the orders it holds a license of, each
 * once, in no particular order. A fragment of a name finds a few hundred customers holding
 * tens of thousands of orders between them: their lists are a few hundred short rows, and the
 * distinct orders among them are told apart here, one mark per order row number, far cheaper
 * than counting distinct orders in SQL, which visits an index entry per license. A search that
 * holds the marks ({@link holdingMarks}) keeps what its count found marked for its page, which
 * then tests an order with one look-up instead of reading its licenses.
 */

/** One list: its facet ('' for all the customer's orders, `p:` a product, `d:` a distribution company) and its orders, as text or its bytes. */
export interface OrderList {
  facet: string;
  orders: string | Uint8Array;
}

/** The distinct orders of some customers' lists. */
export interface ListedOrders {
  /** How many distinct orders the lists of all orders ('') hold. */
  all: number;
  /** How many of those the facet lists hold too. */
  faceted: number;
  /** The orders of `probes` (row numbers) that no list holds. */
  unlisted: number[];
}

const NOT_FOUND = 0;
const FOUND = 1;
const FOUND_FACETED = 2;
const COMMA = 44;
const DIGIT_ZERO = 48;

/**
 * One mark per order row number, shared by every count (a count, or a search holding the
 * marks, runs start to end without yielding, and leaves every mark cleared): allocating a
 * megabyte per search would cost more than the marking. Grows with the largest order met.
 */
let marks = new Uint8Array(1 << 16);
/** The largest order marked since the marks were last cleared. */
let largestMarked = 0;
/** How many {@link holdingMarks} calls are under way (they nest); the outermost clears the marks. */
let holds = 0;
/** True once lists were marked under the hold in progress ({@link foundOrdersMarked}). */
let listsMarked = false;

/**
 * Counts the distinct orders of `lists`: those of the lists of all orders, and of those the
 * ones the facet lists hold; and tells which of `probes` none holds.
 */
export function countListedOrders(lists: readonly OrderList[], probes: readonly number[] = []): ListedOrders {
  if (listsMarked) throw new Error('The marks already hold the lists of this search; a search counts its lists once');
  return holdingMarks(() => {
    let all = 0;
    let faceted = 0;
    for (const list of lists) if (list.facet === '') all += mark(asBytes(list.orders), NOT_FOUND, FOUND);
    for (const list of lists) if (list.facet !== '') faceted += mark(asBytes(list.orders), FOUND, FOUND_FACETED);
    const unlisted = probes.filter((seq) => !isMarked(seq));
    for (const seq of unlisted) markOne(seq, FOUND);
    listsMarked = true;
    return { all, faceted, unlisted };
  });
}

/**
 * Runs `search`, which must not yield, holding the marks: every order that the counts in it
 * find (of the lists of all orders, and the probes) stays marked, for {@link isMarked}, until
 * it returns; the marks are cleared then.
 */
export function holdingMarks<T>(search: () => T): T {
  holds += 1;
  try {
    return search();
  } finally {
    holds -= 1;
    if (holds === 0) {
      marks.fill(NOT_FOUND, 0, Math.min(largestMarked + 1, marks.length));
      largestMarked = 0;
      listsMarked = false;
    }
  }
}

/** True when a search holding the marks has counted lists, whose orders (and probes) are marked now. */
export function foundOrdersMarked(): boolean {
  return holds > 0 && listsMarked;
}

/** True when the order `seq` is marked: found by the lists or probes counted under the hold in progress. */
export function isMarked(seq: number): boolean {
  return seq < marks.length && marks[seq] !== NOT_FOUND;
}

function asBytes(orders: string | Uint8Array): Uint8Array {
  return typeof orders === 'string' ? Buffer.from(orders, 'latin1') : orders;
}

/** Gives every order of `list` (`,seq,seq,…,`) that has the mark `from` the mark `to`; how many it gave it. */
function mark(list: Uint8Array, from: number, to: number): number {
  let changed = 0;
  let seq = 0;
  for (let i = 1; i < list.length; i += 1) {
    const code = list[i]!;
    if (code !== COMMA) {
      seq = seq * 10 + code - DIGIT_ZERO;
      continue;
    }
    if (seq >= marks.length) grow(seq);
    if (marks[seq] === from) {
      marks[seq] = to;
      changed += 1;
      if (seq > largestMarked) largestMarked = seq;
    }
    seq = 0;
  }
  return changed;
}

/** Gives the order `seq` the mark `to`. */
function markOne(seq: number, to: number): void {
  if (seq >= marks.length) grow(seq);
  marks[seq] = to;
  if (seq > largestMarked) largestMarked = seq;
}

function grow(seq: number): void {
  let length = marks.length;
  while (length <= seq) length *= 2;
  const grown = new Uint8Array(length);
  grown.set(marks);
  marks = grown;
}
