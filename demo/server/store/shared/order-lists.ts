/**
 * The customers' order lists of both SQL stores (`customer_orders`): for each customer and
 * facet, the row numbers of the orders it holds a license of, each once, in no particular
 * order, as bytes: four an order, seven bits of the row number in
 * each, most significant first, the first byte with its high bit set and the others without.
 * An entry's first byte is thus the only one that can start it, so that a byte-wise search
 * finds an entry only where one starts: the stores' triggers add, find and take off entries
 * with their plain string functions (`||`, `instr`, `replace`, `position`), and a list is
 * read without parsing digits. A fragment of a name finds a few hundred customers holding
 * tens of thousands of orders between them: their lists are a few hundred short rows, and the
 * distinct orders among them are told apart here, one bit per order row number, far cheaper
 * than counting distinct orders in SQL, which visits an index entry per license. A search that
 * holds the marks ({@link holdingMarks}) keeps what its count found marked for its page, which
 * then tests an order with one look-up instead of reading its licenses. A list is read into
 * its row numbers once ({@link readList}), as the stores keep it between searches: marking
 * them then costs half of what reading each entry's bytes at every search did.
 */

declare const ascendingSeqs: unique symbol;

/**
 * Row numbers in ascending order, as {@link readList} and {@link ascending} give them: marking
 * a list relies on its last being its largest ({@link markFound}).
 */
export type AscendingSeqs = Int32Array & { readonly [ascendingSeqs]: true };

/** `seqs` sorted, as {@link AscendingSeqs}. */
export function ascending(seqs: ArrayLike<number>): AscendingSeqs {
  return sortedInPlace(Int32Array.from(seqs));
}

/** `seqs` sorted where they are: the one place an array becomes {@link AscendingSeqs}. */
function sortedInPlace(seqs: Int32Array): AscendingSeqs {
  return seqs.sort() as AscendingSeqs;
}

/** One list: its facet ('' for all the customer's orders, `p:` a product, `d:` a distribution company) and its orders' row numbers, ascending ({@link readList}). */
export interface OrderList {
  facet: string;
  seqs: AscendingSeqs;
}

/** The bytes of one order's entry in a list, which holds row numbers below 2^28 (268,435,456). */
const ORDER_ENTRY_BYTES = 4;

/** The distinct orders of some customers' lists. */
export interface ListedOrders {
  /** How many distinct orders the lists of all orders ('') hold. */
  all: number;
  /** How many of those the facet lists hold too. */
  faceted: number;
  /** The orders of `probes` (row numbers) that no list holds. */
  unlisted: number[];
}

/**
 * The marks, one bit per order row number in each of two sets: found (on a list of all
 * orders, or a probe), and found on a facet list too. Shared by every count (a count, or a
 * search holding the marks, runs start to end without yielding, and leaves every bit
 * cleared): allocating them per search would cost more than the marking. A bit a row number
 * keeps a million orders' marks in 128 KB, which stay in the processor's cache while a search
 * meets them at random: a byte each (a megabyte) made an email search on 1,000,000 orders a
 * fifth slower. Grow with the largest order met.
 */
let found = new Int32Array(1 << 11);
let faceted = new Int32Array(1 << 11);
/** No order above this was marked since the marks were last cleared (the largest order a count met). */
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
    let inFacets = 0;
    for (const list of lists) if (list.facet === '') all += markFound(list.seqs);
    for (const list of lists) if (list.facet !== '') inFacets += markFaceted(list.seqs);
    const unlisted = probes.filter((seq) => !isMarked(seq));
    for (const seq of unlisted) markOne(seq);
    listsMarked = true;
    return { all, faceted: inFacets, unlisted };
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
      const words = Math.min((largestMarked >>> 5) + 1, found.length);
      found.fill(0, 0, words);
      faceted.fill(0, 0, words);
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
  return seq >>> 5 < found.length && (found[seq >>> 5]! & (1 << (seq & 31))) !== 0;
}

/** Visits the marked orders by row number, from the largest down, until `visit` answers false. */
export function visitMarkedDownward(visit: (seq: number) => boolean): void {
  for (let word = Math.min(largestMarked >>> 5, found.length - 1); word >= 0; word -= 1) {
    const bits = found[word]!;
    if (bits === 0) continue;
    for (let bit = 31; bit >= 0; bit -= 1) {
      const seq = (word << 5) | bit;
      if ((bits & (1 << bit)) !== 0 && seq > 0 && !visit(seq)) return;
    }
  }
}

/** Where {@link markedOrders} writes, grown as needed and reused. */
let markedScratch = new Int32Array(1 << 12);

/**
 * The marked orders' row numbers, from the largest down: a tight loop, where a search meets
 * tens of thousands of them. The array is reused by the next call: read it at once.
 */
export function markedOrders(): Int32Array {
  let at = 0;
  let seqs = markedScratch;
  for (let word = Math.min(largestMarked >>> 5, found.length - 1); word >= 0; word -= 1) {
    let bits = found[word]!;
    if (bits === 0) continue;
    if (seqs.length - at < 32) {
      const grown = new Int32Array(seqs.length * 2);
      grown.set(seqs);
      markedScratch = seqs = grown;
    }
    while (bits !== 0) {
      const bit = 31 - Math.clz32(bits);
      seqs[at++] = (word << 5) | bit;
      bits ^= 1 << bit;
    }
  }
  // Row number 0 holds no order.
  return seqs.subarray(0, at > 0 && seqs[at - 1] === 0 ? at - 1 : at);
}

/** The marked orders from the row number `from` and below `below` whose bit in `mask` (a bitset of the same form) is clear, smallest first. */
export function markedWithout(mask: Int32Array, below: number, from = 0): number[] {
  const seqs: number[] = [];
  if (below <= from) return seqs;
  const last = Math.min((below - 1) >>> 5, found.length - 1);
  for (let word = from >>> 5; word <= last; word += 1) {
    let bits = found[word]! & ~(mask[word] ?? 0);
    if (word === from >>> 5) bits &= ~((1 << (from & 31)) - 1);
    if (word === (below - 1) >>> 5 && (below & 31) !== 0) bits &= (1 << (below & 31)) - 1;
    while (bits !== 0) {
      const bit = 31 - Math.clz32(bits & -bits);
      const seq = (word << 5) | bit;
      if (seq > 0) seqs.push(seq);
      bits ^= 1 << bit;
    }
  }
  return seqs;
}

/** The row numbers of a list's entries, ascending. */
export function listedOrders(list: Uint8Array): number[] {
  return Array.from(readList(list));
}

/**
 * The row numbers of a list's entries (its bytes as the stores' SQL writes them), ascending;
 * throws unless the bytes are whole entries. Each is below 2^28, as an entry holds. Sorted
 * once as read, a list's last row number is its largest: marking it then needs no test of
 * each against the marks' size (a third of the marking, {@link markFound}).
 */
export function readList(list: Uint8Array): AscendingSeqs {
  const words = wordsOf(list);
  const seqs = new Int32Array(words.length);
  for (let i = 0; i < words.length; i += 1) seqs[i] = entryOf(words[i]!, list);
  return sortedInPlace(seqs);
}

/** True when this machine stores numbers least significant byte first (as nearly all do). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * The list's entries as numbers, each its four bytes read least significant first; throws
 * unless the bytes are whole entries. A view on the bytes when the machine reads that way and
 * they sit at a multiple of four, else a copy: reading a view is a third faster than reading
 * each entry through a DataView, which reading tens of thousands of entries feels.
 */
function wordsOf(list: Uint8Array): Uint32Array {
  if (list.length % ORDER_ENTRY_BYTES !== 0) throw notAList(list);
  const count = list.length / ORDER_ENTRY_BYTES;
  if (LITTLE_ENDIAN && list.byteOffset % ORDER_ENTRY_BYTES === 0) return new Uint32Array(list.buffer, list.byteOffset, count);
  const bytes = new DataView(list.buffer, list.byteOffset, list.byteLength);
  return Uint32Array.from({ length: count }, (_, i) => bytes.getUint32(i * ORDER_ENTRY_BYTES, true));
}

/**
 * The bits of an entry read as a number (its first byte the least significant) that say where
 * it starts: the first byte's high bit, set, and the others', clear.
 */
const ENTRY_BITS = 0x80808080 | 0;
const ENTRY_STARTS = 0x80;

/**
 * The row number of the entry `word` (its four bytes read as one number, the first byte the
 * least significant), its seven bits a byte put together, the first byte's the most
 * significant; throws unless it is an entry.
 */
function entryOf(word: number, list: Uint8Array): number {
  if ((word & ENTRY_BITS) !== ENTRY_STARTS) throw notAList(list);
  return ((word & 0x7f) << 21) | ((word & 0x7f00) << 6) | ((word & 0x7f0000) >>> 9) | (word >>> 24);
}

function notAList(list: Uint8Array): Error {
  return new Error(`Not a list of orders: ${Buffer.from(list.subarray(0, 32)).toString('hex')}`);
}

/**
 * Marks every order of `seqs` (a list's row numbers, ascending, each below 2^28) found; how
 * many were not found before (without a branch on the bit, which half the orders of a search
 * pass, at random). The marks are grown first for the last, the largest.
 */
function markFound(seqs: AscendingSeqs): number {
  if (seqs.length === 0) return 0;
  const largest = seqs[seqs.length - 1]!;
  if (largest >>> 5 >= found.length) grow(largest);
  if (largest > largestMarked) largestMarked = largest;
  const marks = found;
  let changed = 0;
  for (let i = 0; i < seqs.length; i += 1) {
    const seq = seqs[i]!;
    const at = seq >>> 5;
    const was = marks[at]!;
    const bit = 1 << (seq & 31);
    marks[at] = was | bit;
    changed += (was & bit) === 0 ? 1 : 0;
  }
  return changed;
}

/** Marks every found order of `seqs` faceted; how many were not before (an order on no list of all orders stays unmarked). */
function markFaceted(seqs: Int32Array): number {
  const marks = found;
  const facetMarks = faceted;
  let changed = 0;
  for (let i = 0; i < seqs.length; i += 1) {
    const seq = seqs[i]!;
    const at = seq >>> 5;
    if (at >= marks.length) continue;
    const bit = marks[at]! & (1 << (seq & 31)) & ~facetMarks[at]!;
    facetMarks[at]! |= bit;
    changed += bit === 0 ? 0 : 1;
  }
  return changed;
}

/** Marks the order `seq` found. */
function markOne(seq: number): void {
  if (seq >>> 5 >= found.length) grow(seq);
  found[seq >>> 5]! |= 1 << (seq & 31);
  if (seq > largestMarked) largestMarked = seq;
}

/** Grows the marks to hold the order `seq`; the marks of found orders, grown. */
function grow(seq: number): Int32Array {
  let length = found.length;
  while (length <= seq >>> 5) length *= 2;
  const grown = (from: Int32Array) => {
    const to = new Int32Array(length);
    to.set(from);
    return to;
  };
  found = grown(found);
  faceted = grown(faceted);
  return found;
}
