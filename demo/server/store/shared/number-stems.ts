/**
 * The stems of order numbers: a number (lower case) less its trailing digits, "ord-2026-" of
 * "ord-2026-01234567". A reseller's numbers share a few stems, and what a reseller types first
 * into the search ("ord", "ORD-20") is held by each of them, so by every order's number: `q`
 * then filters nothing, and the search is the search without it. Without the stems, finding
 * that out meant testing every order (120 to 200 ms at 1,000,000 orders).
 *
 * Both SQL stores keep a reseller's stems in `order_number_stems`, added by triggers as orders
 * are written. Orders are never deleted, nor their numbers changed, so a stem stays once
 * seen; one kept beyond its orders could only make the shortcut rarer, never wrong. SQLite's
 * search tests the stems here ({@link everyNumberHolds}); PostgreSQL's in its look-up, with the
 * `LIKE` that tests the numbers.
 */

/** A stem as SQL over `number` (a lower-case order number), the same in SQLite and PostgreSQL. */
export const stemSql = (number: string): string => `rtrim(${number}, '0123456789')`;

/**
 * Whether every order number of a reseller, whose stems are `stems`, holds `fragment` (lower
 * case): true when each stem does, as a stem begins its numbers. A reseller with no orders has
 * no stems, and nothing to filter.
 */
export function everyNumberHolds(stems: readonly string[], fragment: string): boolean {
  return stems.every((stem) => stem.includes(fragment));
}
