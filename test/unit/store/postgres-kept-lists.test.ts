/**
 * The customers' order lists the PostgreSQL store keeps between searches: a list is handed
 * over again only when its row's version changed, it is trusted for a while only, the least
 * recently used are given up past a budget of bytes, and a list given up while a search
 * waited for the database is read again rather than counted as empty.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { customerLists } from '../../../demo/server/store/postgres/customer-orders.js';
import { KeptLists } from '../../../demo/server/store/shared/kept-lists.js';
import type { Db } from '../../../demo/server/store/postgres/sql.js';
import { countListedOrders, type ListedOrders } from '../../../demo/server/store/shared/order-lists.js';

/** A list's bytes as the stores' SQL writes them: seven bits of the row number a byte, the first byte's high bit set. */
const entries = (seqs: readonly number[]) => Buffer.from(seqs.flatMap((seq) => [0x80 | (seq >> 21), (seq >> 14) & 0x7f, (seq >> 7) & 0x7f, seq & 0x7f]));

describe('kept lists', () => {
  test('a list is given back at its version only, and trusted for maxAge after it was read', () => {
    let now = 1_000;
    const kept = new KeptLists({ maxAge: 100, entryBytes: 0, now: () => now });
    kept.keep('a', '7', entries([1, 2]));
    assert.equal(kept.versionOf('a'), '7');
    assert.deepEqual(kept.get('a', '7'), entries([1, 2]));
    assert.equal(kept.get('a', '8'), undefined);
    kept.keep('a', '8', entries([3]));
    assert.equal(kept.get('a', '7'), undefined);
    assert.deepEqual([kept.versionOf('a'), kept.bytes], ['8', 4]);
    now += 99;
    assert.equal(kept.versionOf('a'), '8');
    now += 1;
    assert.equal(kept.versionOf('a'), undefined);
    assert.deepEqual([kept.get('a', '8'), kept.bytes], [undefined, 0]);
  });

  test('past the budget the least recently used lists are given up, and a list larger than the budget is not kept', () => {
    const kept = new KeptLists({ budget: 12, entryBytes: 0 });
    kept.keep('a', '1', entries([1]));
    kept.keep('b', '1', entries([2]));
    kept.keep('c', '1', entries([3]));
    kept.get('a', '1');
    kept.keep('d', '1', entries([4]));
    assert.deepEqual(['a', 'b', 'c', 'd'].map((key) => kept.versionOf(key)), ['1', undefined, '1', '1']);
    assert.equal(kept.bytes, 12);
    kept.keep('e', '1', entries([5, 6, 7, 8]));
    assert.deepEqual(['a', 'c', 'd', 'e'].map((key) => kept.versionOf(key)), ['1', '1', '1', undefined]);
    assert.equal(kept.bytes, 12);
  });

  test('each list costs the budget its bytes and entryBytes, so that empty lists are given up too', () => {
    const kept = new KeptLists({ budget: 30, entryBytes: 10 });
    kept.keep('a', '1', new Uint8Array(0));
    kept.keep('b', '1', new Uint8Array(0));
    assert.deepEqual([kept.bytes, kept.versionOf('a'), kept.versionOf('b')], [20, '1', '1']);
    kept.keep('c', '1', entries([1]));
    assert.deepEqual(['a', 'b', 'c'].map((key) => kept.versionOf(key)), [undefined, '1', '1']);
    assert.equal(kept.bytes, 24);
    kept.keep('e', '1', entries([1, 2, 3, 4, 5, 6]));
    assert.deepEqual([kept.versionOf('e'), kept.bytes], [undefined, 24]);
  });
});

interface Row {
  customer_id: string;
  facet: string;
  version: string;
  orders: Buffer;
}

/**
 * A database of list rows that answers the two statements of customersOrders as PostgreSQL
 * would (a list's bytes only when its version is not the one named), and records them;
 * `withhold` names lists it answers without bytes all the same, as if named by the search.
 */
function listsDatabase(rows: Row[], withhold: Set<string> = new Set()): { db: Db; asked: unknown[][] } {
  const asked: unknown[][] = [];
  const db = {
    query: async (text: string, values: unknown[]) => {
      asked.push(values);
      const [reseller, ...rest] = values as [string, ...string[][]];
      assert.equal(reseller, 'rsl_a');
      if (text.includes(' AS known ')) {
        const [customers, facets, knownCustomers, knownFacets, knownVersions] = rest as string[][];
        const knownVersion = (row: Row) => knownVersions![knownCustomers!.findIndex((c, i) => c === row.customer_id && knownFacets![i] === row.facet)];
        return {
          rows: rows
            .filter((row) => customers!.includes(row.customer_id) && facets!.includes(row.facet))
            .map((row) => ({ ...row, orders: knownVersion(row) === row.version || withhold.has(`${row.customer_id} ${row.facet}`) ? null : row.orders })),
        };
      }
      const [customers, facets] = rest as string[][];
      return { rows: rows.filter((row) => customers!.some((c, i) => c === row.customer_id && facets![i] === row.facet)) };
    },
  } as unknown as Db;
  return { db, asked };
}

/** The distinct orders of the customers' lists, as a search by an email fragment counts them. */
async function customersOrders(
  db: Db, resellerId: string, customerIds: string[], facets: string[], probes: number[], kept: KeptLists,
): Promise<ListedOrders> {
  return countListedOrders(await customerLists(db, resellerId, customerIds, facets, { kept }), probes);
}

describe('customersOrders with kept lists', () => {
  const rows: Row[] = [
    { customer_id: 'cus_1', facet: '', version: '10', orders: entries([1, 2, 3]) },
    { customer_id: 'cus_2', facet: '', version: '11', orders: entries([3, 4]) },
    { customer_id: 'cus_2', facet: 'p:x', version: '12', orders: entries([4]) },
  ];

  test('hands over only the lists written since they were kept, and counts the same', async () => {
    const kept = new KeptLists();
    const { db, asked } = listsDatabase(rows);
    const count = () => customersOrders(db, 'rsl_a', ['cus_1', 'cus_2'], ['p:x'], [9], kept);
    assert.deepEqual(await count(), { all: 4, faceted: 1, unlisted: [9] });
    assert.deepEqual(asked[0]!.slice(3), [[], [], []], 'nothing kept yet');
    assert.deepEqual(await count(), { all: 4, faceted: 1, unlisted: [9] });
    assert.deepEqual(asked[1]!.slice(3), [['cus_1', 'cus_2', 'cus_2'], ['', '', 'p:x'], ['10', '11', '12']]);
    // cus_1's list was written since: its new bytes are handed over and counted.
    rows[0] = { customer_id: 'cus_1', facet: '', version: '13', orders: entries([1, 5]) };
    assert.deepEqual(await count(), { all: 4, faceted: 1, unlisted: [9] });
    assert.deepEqual(await customersOrders(db, 'rsl_a', ['cus_1'], [], [], kept), { all: 2, faceted: 0, unlisted: [] });
    assert.deepEqual(asked[3]!.slice(3), [['cus_1'], [''], ['13']], 'the list kept at its new version');
    assert.equal(asked.length, 4, 'one statement a count');
  });

  test('with the versions the look-up of customers read, lists kept at them are not asked for, and the others are', async () => {
    const kept = new KeptLists();
    const mine = rows.map((row) => ({ ...row }));
    const { db, asked } = listsDatabase(mine);
    const seqs = (lists: { facet: string; orders: Uint8Array }[]) => lists.map((list) => `${list.facet}:${[...list.orders].join('.')}`).sort();
    const all = await customerLists(db, 'rsl_a', ['cus_1', 'cus_2', 'cus_3'], [], { kept, versions: ['13', '11', null] });
    assert.deepEqual(asked.map((values) => values[1]), [['cus_1', 'cus_2']], 'the customer without a list is not asked for');
    assert.deepEqual(seqs(all), seqs([{ facet: '', orders: entries([1, 5]) }, { facet: '', orders: entries([3, 4]) }]));
    assert.deepEqual(seqs(await customerLists(db, 'rsl_a', ['cus_1', 'cus_2'], [], { kept, versions: ['13', '11'] })), seqs(all));
    assert.equal(asked.length, 1, 'both kept at the versions given: no statement');
    mine[1] = { customer_id: 'cus_2', facet: '', version: '14', orders: entries([2]) };
    const changed = await customerLists(db, 'rsl_a', ['cus_1', 'cus_2'], ['p:x'], { kept, versions: ['13', '14'] });
    assert.deepEqual(asked.slice(1).map((values) => [values[1], values[2]]), [[['cus_2'], ['']], [['cus_1', 'cus_2'], ['p:x']]], 'the list written since, then the facet lists');
    assert.deepEqual(seqs(changed), seqs([{ facet: '', orders: entries([1, 5]) }, { facet: '', orders: entries([2]) }, { facet: 'p:x', orders: entries([4]) }]));
  });

  test('a list given up while the search waited for the database is read again', async () => {
    const kept = new KeptLists();
    const { db, asked } = listsDatabase(rows, new Set(['cus_2 ']));
    assert.deepEqual(await customersOrders(db, 'rsl_a', ['cus_1', 'cus_2'], ['p:x'], [], kept), { all: 4, faceted: 1, unlisted: [] });
    assert.deepEqual(asked.at(-1)!.slice(1), [['cus_2'], ['']]);
  });
});
