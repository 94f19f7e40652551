/**
 * Totals of `GET /orders`. Selective searches (order number, activation code, customer
 * email) count their few matches directly. Broad ones add up `order_tally` for the whole UTC
 * days inside the date range and count only the partial days at its edges from the covering
 * time index, so a total over a million orders costs a few thousand index entries at most.
 */
import type { Db } from './db.js';
import { Conditions, facetConditions, filterConditions, type OrderFilter } from './order-filter.js';

const DAY = 86_400_000;

/** How many orders match `filter`. */
export function countOrders(db: Db, filter: OrderFilter): number {
  const selective = filter.orderNumber !== undefined || filter.activationCode !== undefined || filter.customerEmail !== undefined;
  if (selective) return countDirectly(db, filter);
  const firstDay = filter.from === undefined ? undefined : Math.ceil(filter.from / DAY);
  const endDay = filter.to === undefined ? undefined : Math.floor(filter.to / DAY);
  if (firstDay !== undefined && endDay !== undefined && endDay <= firstDay) return countDirectly(db, filter);
  let total = sumTally(db, filter, firstDay, endDay);
  if (filter.from !== undefined && firstDay !== undefined && filter.from < firstDay * DAY) {
    total += countDirectly(db, { ...filter, to: firstDay * DAY });
  }
  if (filter.to !== undefined && endDay !== undefined && endDay * DAY < filter.to) {
    total += countDirectly(db, { ...filter, from: endDay * DAY });
  }
  return total;
}

function countDirectly(db: Db, filter: OrderFilter): number {
  const conditions = filterConditions(filter);
  const sql = `SELECT count(*) AS n FROM orders o WHERE ${conditions.sql}`;
  return db.prepare<Record<string, unknown>, { n: number }>(sql).get(conditions.params)?.n ?? 0;
}

/** Orders of the whole days in [firstDay, endDay) that match the filter's facets. */
function sumTally(db: Db, filter: OrderFilter, firstDay: number | undefined, endDay: number | undefined): number {
  const conditions = new Conditions().add('reseller_seq = @reseller', 'reseller', filter.resellerSeq);
  if (firstDay !== undefined) conditions.add('day >= @firstDay', 'firstDay', firstDay);
  if (endDay !== undefined) conditions.add('day < @endDay', 'endDay', endDay);
  facetConditions(conditions, filter, '');
  const sql = `SELECT coalesce(sum(orders), 0) AS n FROM order_tally WHERE ${conditions.sql}`;
  return db.prepare<Record<string, unknown>, { n: number }>(sql).get(conditions.params)?.n ?? 0;
}
