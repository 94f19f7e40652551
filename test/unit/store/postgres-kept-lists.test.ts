/**
 * The customers' order lists the PostgreSQL store keeps between searches: a customer's lists
 * are read again only when its version (the customers' `orders_list`) moved, a list is trusted
 * for a while only, and the least recently used are given up past a budget of bytes.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { customerLists } from '../../../demo/server/store/postgres/customer-orders.js';
import { KeptLists } from '../../../demo/server/store/shared/kept-lists.js';
import type { Db } from '../../../demo/server/store/postgres/sql.js';
import { ascending, countListedOrders, type ListedOrders } from '../../../demo/server/store/shared/order-lists.js';

/** A list's bytes as the stores' SQL writes them: seven bits of the row number a byte, the first byte's high bit set. */
const entries = (seqs: readonly number[]) => Buffer.from(seqs.flatMap((seq) => [0x80 | (seq >> 21), (seq >> 14) & 0x7f, (seq >> 7) & 0x7f, seq & 0x7f]));
/** A list as kept: its row numbers, four bytes each. */
const seqs = (rows: readonly number[]) => ascending(rows);

describe('kept lists', () => {
  test('a list is given back at its version only, and trusted for maxAge after it was read', () => {
    let now = 1_000;
    const kept = new KeptLists({ maxAge: 100, entryBytes: 0, now: () => now });
    kept.keep('a', '7', seqs([1, 2]));
    assert.equal(kept.versionOf('a'), '7');
    assert.deepEqual(kept.get('a', '7'), seqs([1, 2]));
    assert.equal(kept.get('a', '8'), undefined);
    kept.keep('a', '8', seqs([3]));
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
    kept.keep('a', '1', seqs([1]));
    kept.keep('b', '1', seqs([2]));
    kept.keep('c', '1', seqs([3]));
    kept.get('a', '1');
    kept.keep('d', '1', seqs([4]));
    assert.deepEqual(['a', 'b', 'c', 'd'].map((key) => kept.versionOf(key)), ['1', undefined, '1', '1']);
    assert.equal(kept.bytes, 12);
    kept.keep('e', '1', seqs([5, 6, 7, 8]));
    assert.deepEqual(['a', 'c', 'd', 'e'].map((key) => kept.versionOf(key)), ['1', '1', '1', undefined]);
    assert.equal(kept.bytes, 12);
  });

  test('trusted gives a list at its version while it may be trusted at the time given, and marks it used', () => {
    let now = 1_000;
    const kept = new KeptLists({ budget: 12, maxAge: 100, entryBytes: 0, now: () => now });
    kept.keep('a', '1', seqs([1]));
    kept.keep('b', '1', seqs([2]));
    kept.keep('c', '1', seqs([3]));
    assert.equal(kept.now(), 1_000);
    assert.deepEqual(kept.trusted('a', '1', 1_050), seqs([1]));
    assert.equal(kept.trusted('b', '2', 1_050), undefined);
    // Used, a is kept past the budget; b, the least recently used, is given up.
    kept.keep('d', '1', seqs([4]));
    assert.deepEqual(['a', 'b', 'c', 'd'].map((key) => kept.versionOf(key)), ['1', undefined, '1', '1']);
    // Not trusted at the time given (a maxAge after it was read): given up, though the clock says otherwise.
    assert.equal(kept.trusted('c', '1', 1_100), undefined);
    assert.deepEqual([kept.versionOf('c'), kept.bytes], [undefined, 8]);
    now = 1_099;
    assert.deepEqual(kept.trusted('d', '1', kept.now()), seqs([4]));
  });

  test("a list is given for its owner only, and a key's list of another owner takes its place; numbers and strings are keys apart", () => {
    const kept = new KeptLists({ entryBytes: 0 });
    kept.keep('cus_1', '7', seqs([1]), 'rsl_a');
    assert.deepEqual(kept.trusted('cus_1', '7', kept.now(), 'rsl_a'), seqs([1]));
    assert.equal(kept.trusted('cus_1', '7', kept.now(), 'rsl_b'), undefined);
    assert.equal(kept.get('cus_1', '7', 'rsl_b'), undefined);
    assert.equal(kept.get('cus_1', '7'), undefined, 'no owner is an owner of its own');
    assert.equal(kept.versionOf('cus_1', 'rsl_b'), undefined);
    assert.deepEqual([kept.versionOf('cus_1', 'rsl_a'), kept.bytes], ['7', 4], "asking for another owner's list gives nothing up");
    kept.keep('cus_1', '7', seqs([2, 3]), 'rsl_b');
    assert.equal(kept.get('cus_1', '7', 'rsl_a'), undefined);
    assert.deepEqual([kept.get('cus_1', '7', 'rsl_b'), kept.bytes], [seqs([2, 3]), 8]);
    kept.keep(1, '7', seqs([4]));
    kept.keep('1', '7', seqs([5]));
    assert.deepEqual([kept.get(1, '7'), kept.get('1', '7'), kept.bytes], [seqs([4]), seqs([5]), 16]);
  });

  test('each list costs the budget its bytes and entryBytes, so that empty lists are given up too', () => {
    const kept = new KeptLists({ budget: 30, entryBytes: 10 });
    kept.keep('a', '1', ascending([]));
    kept.keep('b', '1', ascending([]));
    assert.deepEqual([kept.bytes, kept.versionOf('a'), kept.versionOf('b')], [20, '1', '1']);
    kept.keep('c', '1', seqs([1]));
    assert.deepEqual(['a', 'b', 'c'].map((key) => kept.versionOf(key)), [undefined, '1', '1']);
    assert.equal(kept.bytes, 24);
    kept.keep('e', '1', seqs([1, 2, 3, 4, 5, 6]));
    assert.deepEqual([kept.versionOf('e'), kept.bytes], [undefined, 24]);
  });
});

/** A customer as the lists' statement reads it: the version of its lists, and its lists by facet. */
interface Customer {
  id: string;
  version: string | null;
  lists: Record<string, Buffer>;
}

/**
 * A database of customers and their lists that answers the lists' statement as PostgreSQL
 * would (a row for each list of a facet asked for, one without a list for a customer holding
 * none of them), and records the customers each statement asked for.
 */
function listsDatabase(customers: Customer[]): { db: Db; asked: string[][] } {
  const asked: string[][] = [];
  const db = {
    query: async (_text: string, values: unknown[]) => {
      const [reseller, ids, facets] = values as [string, string[], string[]];
      assert.equal(reseller, 'rsl_a');
      asked.push(ids);
      const rows = customers
        .filter((customer) => ids.includes(customer.id))
        .flatMap<{ customer_id: string; version: string | null; facet: string | null; orders: Buffer | null }>((customer) => {
          const held = Object.entries(customer.lists).filter(([facet]) => facets.includes(facet));
          if (held.length === 0) return [{ customer_id: customer.id, version: customer.version, facet: null, orders: null }];
          return held.map(([facet, orders]) => ({ customer_id: customer.id, version: customer.version, facet, orders }));
        });
      return { rows };
    },
  } as unknown as Db;
  return { db, asked };
}

/** The distinct orders of the customers' lists, as a search that found them counts them. */
async function customersOrders(
  db: Db, customerIds: string[], versions: (string | null)[], facets: string[], kept: KeptLists, probes: number[] = [],
): Promise<ListedOrders> {
  return countListedOrders(await customerLists(db, 'rsl_a', customerIds, versions, facets, { kept }), probes);
}

describe('customerLists with kept lists', () => {
  const customers = (): Customer[] => [
    { id: 'cus_1', version: '10', lists: { '': entries([1, 2, 3]) } },
    { id: 'cus_2', version: '11', lists: { '': entries([3, 4]), 'p:x': entries([4]) } },
    { id: 'cus_3', version: null, lists: {} },
  ];

  test("lists kept at their customers' versions are not asked for, a facet's list a customer lacks included; a customer whose version moved is read whole", async () => {
    const kept = new KeptLists();
    const held = customers();
    const { db, asked } = listsDatabase(held);
    const count = (versions: (string | null)[], facets = ['p:x']) => customersOrders(db, ['cus_1', 'cus_2', 'cus_3'], versions, facets, kept, [9]);
    assert.deepEqual(await count(['10', '11', null]), { all: 4, faceted: 1, unlisted: [9] });
    assert.deepEqual(asked, [['cus_1', 'cus_2']], 'the customer without a list of all orders is not asked for');
    assert.deepEqual(await count(['10', '11', null]), { all: 4, faceted: 1, unlisted: [9] });
    assert.equal(asked.length, 1, 'every list kept at its version, and that cus_1 holds none of p:x: no statement');
    held[0] = { id: 'cus_1', version: '13', lists: { '': entries([1, 5]), 'p:x': entries([5]) } };
    assert.deepEqual(await count(['13', '11', null]), { all: 4, faceted: 2, unlisted: [9] });
    assert.deepEqual(asked.at(-1), ['cus_1'], 'only the customer whose lists were written since');
    assert.deepEqual(await count(['13', '11', null], ['p:x', 'd:y']), { all: 4, faceted: 2, unlisted: [9] });
    assert.deepEqual(asked.at(-1), ['cus_1', 'cus_2'], 'a facet not asked for before is read for each');
    assert.deepEqual(await count(['13', '11', null], ['d:y']), { all: 4, faceted: 0, unlisted: [9] });
    assert.equal(asked.length, 3);
  });

  test("a customer read again for a facet's list not kept gives each of its lists once", async () => {
    const kept = new KeptLists();
    const { db, asked } = listsDatabase(customers());
    const lists = (facets: string[]) => customerLists(db, 'rsl_a', ['cus_1', 'cus_2'], ['10', '11'], facets, { kept });
    assert.deepEqual((await lists([])).map((list) => list.facet), ['', '']);
    // Their lists of all orders are kept, p:x is not: both are read again, and their kept lists not given as well.
    assert.deepEqual(
      (await lists(['p:x'])).map((list) => [list.facet, Array.from(list.seqs)]),
      [['', [1, 2, 3]], ['', [3, 4]], ['p:x', [4]]],
    );
    assert.deepEqual(asked, [['cus_1', 'cus_2'], ['cus_1', 'cus_2']]);
  });

  test('lists are kept at the version read with them, not at the one the customers were found with', async () => {
    const kept = new KeptLists();
    const held = customers();
    held[0] = { id: 'cus_1', version: '12', lists: { '': entries([7]) } };
    const { db, asked } = listsDatabase(held);
    // Written between the look-up of the customers (version 10) and the lists' statement.
    assert.deepEqual(await customersOrders(db, ['cus_1'], ['10'], [], kept), { all: 1, faceted: 0, unlisted: [] });
    assert.deepEqual(await customersOrders(db, ['cus_1'], ['10'], [], kept), { all: 1, faceted: 0, unlisted: [] });
    assert.equal(asked.length, 2, 'nothing is kept at version 10');
    assert.deepEqual(await customersOrders(db, ['cus_1'], ['12'], [], kept), { all: 1, faceted: 0, unlisted: [] });
    assert.equal(asked.length, 2, 'kept at version 12');
  });

  test("a customer of another reseller with the same id and version is not given the first one's lists", async () => {
    const kept = new KeptLists();
    const asked: string[] = [];
    const listsOf: Record<string, Buffer> = { rsl_a: entries([1, 2]), rsl_b: entries([7]) };
    const db = {
      query: async (_text: string, values: unknown[]) => {
        const [reseller, ids] = values as [string, string[]];
        asked.push(reseller);
        return { rows: ids.map((id) => ({ customer_id: id, version: '10', facet: '', orders: listsOf[reseller] })) };
      },
    } as unknown as Db;
    const orders = async (reseller: string) => (await customerLists(db, reseller, ['cus_1'], ['10'], [], { kept })).map((list) => Array.from(list.seqs));
    assert.deepEqual(await orders('rsl_a'), [[1, 2]]);
    assert.deepEqual(await orders('rsl_b'), [[7]]);
    assert.deepEqual(await orders('rsl_b'), [[7]]);
    assert.deepEqual(asked, ['rsl_a', 'rsl_b'], "kept for rsl_b, in place of rsl_a's");
  });

  test('a customer whose lists are gone by the time they are read gives none, and nothing is kept for it', async () => {
    const kept = new KeptLists();
    const { db, asked } = listsDatabase(customers());
    for (let i = 0; i < 2; i += 1) assert.deepEqual(await customersOrders(db, ['cus_3'], ['8'], ['p:x'], kept), { all: 0, faceted: 0, unlisted: [] });
    assert.equal(asked.length, 2);
    await assert.rejects(customersOrders(db, ['cus_1', 'cus_2'], ['10'], [], kept), /2 customers came with 1 versions/);
  });
});
