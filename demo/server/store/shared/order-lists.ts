/**
 * The customers' order lists of both SQL stores (`customer_orders`): for each customer and
 * facet, the text `,seq,seq,…,` of the row numbers of the orders it holds a license of, each
 * once, in no particular order. A fragment of a name finds a few hundred customers holding
 * tens of thousands of orders between them: their lists are a few hundred short rows, and the
 * distinct orders among them are told apart here, one mark per order row number, far cheaper
 * than counting distinct orders in SQL, which visits an index entry per license.
 */

/** One list: its facet ('' for all the customer's orders, `p:` a product, `d:` a distribution company) and its orders. */
export interface OrderList {
  facet: string;
  orders: string;
}

/** The distinct orders of some customers' lists. */
export interface ListedOrders {
  /** How many distinct orders the lists of all orders ('') hold. */
  all: number;
  /** How many of those the facet lists hold too. */
  faceted: number;
  /** Whether an order (by row number) is among them. */
  has(orderSeq: number): boolean;
}

const NOT_FOUND = 0;
const FOUND = 1;
const FOUND_FACETED = 2;

/** Counts the distinct orders of `lists`: those of the lists of all orders, and of those the facet lists hold. */
export function countListedOrders(lists: readonly OrderList[]): ListedOrders {
  const marks = new OrderMarks();
  let all = 0;
  let faceted = 0;
  for (const list of lists) if (list.facet === '') all += marks.mark(list.orders, NOT_FOUND, FOUND);
  for (const list of lists) if (list.facet !== '') faceted += marks.mark(list.orders, FOUND, FOUND_FACETED);
  return { all, faceted, has: (seq) => marks.at(seq) !== NOT_FOUND };
}

/** A mark per order row number, growing with the largest one met. */
class OrderMarks {
  #marks: Uint8Array = new Uint8Array(1 << 16);

  at(seq: number): number {
    return seq < this.#marks.length ? this.#marks[seq]! : NOT_FOUND;
  }

  /** Gives every order of `list` (`,seq,seq,…,`) that has the mark `from` the mark `to`; how many it gave it. */
  mark(list: string, from: number, to: number): number {
    let marks: Uint8Array = this.#marks;
    let changed = 0;
    let seq = 0;
    for (let i = 1; i < list.length; i += 1) {
      const code = list.charCodeAt(i);
      if (code !== COMMA) {
        seq = seq * 10 + code - DIGIT_ZERO;
        continue;
      }
      if (seq >= marks.length) marks = this.#grow(seq);
      if (marks[seq] === from) {
        marks[seq] = to;
        changed += 1;
      }
      seq = 0;
    }
    return changed;
  }

  #grow(seq: number): Uint8Array {
    let length = this.#marks.length;
    while (length <= seq) length *= 2;
    const grown = new Uint8Array(length);
    grown.set(this.#marks);
    this.#marks = grown;
    return grown;
  }
}

const COMMA = 44;
const DIGIT_ZERO = 48;
