/**
 * The first few of many items met in no particular order, in a page's order: how the SQLite
 * store pages what a fragment (`q`) found by number or code alone, from the purchase times its
 * look-up gave, without sorting them all ({@link firstFoundOrders}).
 */

/**
 * The first `count` of `items` in the order in which `precedes(a, b)` says that `a` comes
 * before `b`; kept sorted as they are met (from the last item back with `fromEnd`), so that
 * a few thousand items cost one pass and about a page's worth of insertions when they come
 * about in that order.
 */
export function firstInOrder<T>(items: readonly T[], precedes: (a: T, b: T) => boolean, count: number, { fromEnd = false } = {}): T[] {
  const first: T[] = [];
  if (count <= 0) return first;
  for (let n = 0; n < items.length; n += 1) {
    const item = items[fromEnd ? items.length - 1 - n : n]!;
    if (first.length === count && !precedes(item, first[count - 1]!)) continue;
    let at = first.length;
    while (at > 0 && precedes(item, first[at - 1]!)) at -= 1;
    first.splice(at, 0, item);
    if (first.length > count) first.pop();
  }
  return first;
}

/** Where a page of found orders continues: the purchase time and the key of the last order before it. */
export interface FoundCursor<K> {
  at: number;
  key: K;
}

/**
 * The positions of the first `count` of the orders a fragment found, after `after`, in
 * purchase order (`direction`), ties by key (`compareKeys`, as the store's index orders its
 * keys), from their purchase times and keys (`times[i]` and `keys[i]` of the same order).
 */
export function firstFoundOrders<K>(
  times: readonly number[],
  keys: readonly K[],
  compareKeys: (a: K, b: K) => number,
  direction: 'ASC' | 'DESC',
  after: FoundCursor<K> | null,
  count: number,
): number[] {
  const sign = direction === 'DESC' ? -1 : 1;
  /** Negative when the found order `i` comes before the time `at` and key `key` in the page's order, positive after. */
  const place = (i: number, at: number, key: K) => sign * (times[i]! - at || compareKeys(keys[i]!, key));
  const afterCursor: number[] = [];
  for (let i = 0; i < keys.length; i += 1) if (after === null || place(i, after.at, after.key) > 0) afterCursor.push(i);
  // Orders are mostly written in the order they are bought, and look-ups give them by row: met
  // from the end the page starts at, most of them are passed over by one comparison.
  return firstInOrder(afterCursor, (a, b) => place(a, times[b]!, keys[b]!) < 0, count, { fromEnd: direction === 'DESC' });
}
