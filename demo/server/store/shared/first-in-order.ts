/**
 * The first few of many items met in no particular order, in a page's order: how both SQL
 * stores page what a fragment (`q`) found by number or code alone, from the purchase times
 * their look-up gave, without sorting them all.
 */

/**
 * The first `count` of `items` in the order in which `precedes(a, b)` says that `a` comes
 * before `b`; kept sorted as they are met, so that a few thousand items cost one pass and
 * about a page's worth of insertions.
 */
export function firstInOrder<T>(items: Iterable<T>, precedes: (a: T, b: T) => boolean, count: number): T[] {
  const first: T[] = [];
  if (count <= 0) return first;
  for (const item of items) {
    const last = first.at(-1);
    if (first.length === count && last !== undefined && !precedes(item, last)) continue;
    let at = first.length;
    while (at > 0 && precedes(item, first[at - 1]!)) at -= 1;
    first.splice(at, 0, item);
    if (first.length > count) first.pop();
  }
  return first;
}
