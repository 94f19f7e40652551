/**
 * The purchase times the PostgreSQL store keeps by row number (order-times.ts), and the page
 * of a search by `q` picked from the marked orders with them: whatever the times (ties, orders
 * written out of the order they were bought), the cursor and the direction, the orders handed
 * to the database hold the page that a plain sort of every marked order gives; an order whose
 * time is not known is asked for, below the walk's end too; reads of the same orders at once
 * are made once.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type MarkedPage, OrderTimes } from '../../../demo/server/store/postgres/order-times.js';
import type { Db } from '../../../demo/server/store/postgres/sql.js';
import { ascending, countListedOrders, holdingMarks } from '../../../demo/server/store/shared/order-lists.js';


/** The orders' row numbers and times as the times statement gives them: `int8send` and `timestamptz_send` (microseconds since 2000), eight bytes each. */
function sent(times: ReadonlyMap<number, number>): { seqs: Buffer; times: Buffer } {
  const seqs = Buffer.alloc(times.size * 8);
  const micros = Buffer.alloc(times.size * 8);
  let at = 0;
  for (const [seq, time] of times) {
    seqs.writeBigInt64BE(BigInt(seq), at);
    micros.writeBigInt64BE(BigInt(time - Date.UTC(2000, 0, 1)) * 1000n, at);
    at += 8;
  }
  return { seqs, times: micros };
}

/** An order's product and distribution company ('' for none). */
interface Facets {
  product: string;
  distributor: string;
}

/**
 * A database holding the orders `times` (of `facets`, else of product "prd_1" and no
 * distribution company), and `moves` moves of orders so far, answering the statements of
 * OrderTimes, and counting them.
 */
function timesDatabase(
  times: ReadonlyMap<number, number>, facets: ReadonlyMap<number, Facets> = new Map(),
): Db & { asked: number[][]; moves: number } {
  const asked: number[][] = [];
  const row = (seqs: number[]) => ({
    ...sent(new Map(seqs.map((seq) => [seq, times.get(seq)!]))),
    products: JSON.stringify(seqs.map((seq) => facets.get(seq)?.product ?? 'prd_1')),
    distributors: JSON.stringify(seqs.map((seq) => facets.get(seq)?.distributor ?? '')),
    moves: String(database.moves),
  });
  const database = {
    asked,
    moves: 0,
    query: (async (text: string, values: unknown[] = []) => {
      if (text.includes('max(seq)')) return { rows: [{ largest: String(Math.max(0, ...times.keys())) }] };
      if (text.includes('ANY(')) {
        const wanted = (values[0] as number[]).map(Number);
        asked.push(wanted);
        return { rows: [row(wanted.filter((seq) => times.has(seq)))] };
      }
      const [from, to] = values as [number, number];
      return { rows: [row([...times.keys()].filter((seq) => seq > from && seq <= to))] };
    }) as Db['query'],
  };
  return database;
}

/** The ids the database breaks ties by (text, as the orders' ids are). */
const idOf = (seq: number) => `ord_${String(seq * 7919 % 1000).padStart(3, '0')}_${seq}`;

/** The page a plain sort of the orders `seqs` gives: after the cursor, by time then id, in `direction`. */
function plainPage(seqs: readonly number[], times: ReadonlyMap<number, number>, page: MarkedPage, afterId: string | null): number[] {
  const sign = page.direction === 'DESC' ? -1 : 1;
  const compare = (a: number, b: number) => sign * (times.get(a)! - times.get(b)! || (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0));
  const after = (seq: number) =>
    page.afterAt === null || sign * (times.get(seq)! - page.afterAt || (idOf(seq) < afterId! ? -1 : idOf(seq) > afterId! ? 1 : 0)) > 0;
  return seqs.filter(after).sort(compare).slice(0, page.count);
}

/** Marks `seqs` as a search's count does and picks the page, under one hold. */
function pick(kept: OrderTimes, seqs: readonly number[], page: MarkedPage, gone?: ReadonlySet<number>) {
  return holdingMarks(() => {
    countListedOrders([{ facet: '', seqs: ascending(seqs) }]);
    return kept.pickMarked(page, gone);
  });
}

describe('purchase times by row number', () => {
  test('the orders handed over hold the page a plain sort gives, whatever the times, cursor and direction', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: 3_000 }), { minLength: 1, maxLength: 300 }),
        fc.constantFrom(0, 1, 3, 10, 50),
        fc.constantFrom(0, 5, 100, 2_000),
        fc.constantFrom<'ASC' | 'DESC'>('ASC', 'DESC'),
        fc.integer({ min: 1, max: 30 }),
        fc.nat(),
        async (all, spread, jitter, direction, count, pickCursor) => {
          // Mostly in the order they were bought, `jitter` row numbers either way, with ties of `spread` orders.
          const times = new Map(all.map((seq) => [seq, 1_700_000_000_000 + Math.floor((seq + ((seq * 7_777) % (jitter + 1))) / (spread + 1)) * 1_000]));
          const marked = all.filter((seq) => seq % 3 !== 0);
          const kept = new OrderTimes();
          const db = timesDatabase(times);
          while (!(await kept.readAhead(db)));
          const cursorSeq = pickCursor % 4 === 0 || marked.length === 0 ? null : marked[pickCursor % marked.length]!;
          const page: MarkedPage = { direction, afterAt: cursorSeq === null ? null : times.get(cursorSeq)!, count };
          const afterId = cursorSeq === null ? null : idOf(cursorSeq);
          const picked = pick(kept, marked, page);
          assert.ok(picked !== null && picked.seqs !== undefined, 'every time is known');
          assert.deepEqual(plainPage(picked.seqs, times, page, afterId), plainPage(marked, times, page, afterId));
        },
      ),
      { numRuns: 500 },
    );
  });

  test("the marked orders bought before the time the products' own orders reach are left out, the page a plain sort of both gives kept", async () => {
    let prunedRuns = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: 3_000 }), { minLength: 100, maxLength: 300 }),
        fc.constantFrom(0, 1, 3, 10),
        fc.constantFrom(0, 5, 100, 2_000),
        fc.constantFrom(2, 3, 8, 40),
        fc.constantFrom(3, 20, 100),
        fc.integer({ min: 1, max: 30 }),
        fc.nat(),
        async (all, spread, jitter, share, sparse, count, pickCursor) => {
          const times = new Map(all.map((seq) => [seq, 1_700_000_000_000 + Math.floor((seq + ((seq * 7_777) % (jitter + 1))) / (spread + 1)) * 1_000]));
          // One order in `share` is of the product found; one in `sparse` is marked (found by code, say), of any product.
          const facets = new Map(all.map((seq) => [seq, { product: (seq * 31) % share === 0 ? 'prd_found' : 'prd_other', distributor: '' }]));
          const ofProduct = all.filter((seq) => facets.get(seq)!.product === 'prd_found');
          const marked = all.filter((seq) => (seq * 17) % sparse === 0);
          const kept = new OrderTimes();
          const db = timesDatabase(times, facets);
          while (!(await kept.readAhead(db)));
          const cursorSeq = pickCursor % 4 === 0 ? null : all[pickCursor % all.length]!;
          const page: MarkedPage = { direction: 'DESC', afterAt: cursorSeq === null ? null : times.get(cursorSeq)!, count };
          const afterId = cursorSeq === null ? null : idOf(cursorSeq);
          const picked = pick(kept, marked, page)?.seqs ?? [];
          const reach = kept.facetsReach(page, kept.ofFacets('0', new Set(['p:prd_found'])));
          const handed = reach === null ? picked : picked.filter((seq) => kept.timeOf(seq) >= reach);
          if (handed.length < picked.length) prunedRuns += 1;
          const union = (seqs: readonly number[]) => [...new Set([...ofProduct, ...seqs])];
          assert.deepEqual(plainPage(union(handed), times, page, afterId), plainPage(union(marked), times, page, afterId));
        },
      ),
      { numRuns: 500 },
    );
    assert.ok(prunedRuns > 50, `marked orders were left out in ${prunedRuns} of 500 runs`);
  });

  test("no time is reached by the products' orders for a page of the oldest first, under another count of moves, or with too few of them", async () => {
    const times = new Map(Array.from({ length: 100 }, (_, i) => [i + 1, 1_700_000_000_000 + (i + 1) * 1_000] as const));
    const facets = new Map([...times.keys()].map((seq) => [seq, { product: seq % 10 === 0 ? 'prd_found' : 'prd_other', distributor: '' }]));
    const kept = new OrderTimes();
    while (!(await kept.readAhead(timesDatabase(times, facets))));
    const found = new Set(['p:prd_found']);
    const newest: MarkedPage = { direction: 'DESC', afterAt: null, count: 3 };
    assert.equal(kept.facetsReach(newest, kept.ofFacets('0', found)), times.get(80), 'orders 100, 90 and 80 fill the page');
    assert.equal(kept.facetsReach({ ...newest, afterAt: times.get(90)! }, kept.ofFacets('0', found)), times.get(60), 'after order 90: 80, 70 and 60');
    assert.equal(kept.facetsReach({ ...newest, direction: 'ASC' }, kept.ofFacets('0', found)), null, 'the oldest first');
    assert.equal(kept.facetsReach(newest, kept.ofFacets('1', found)), null, 'under another count of moves');
    assert.equal(kept.facetsReach({ ...newest, count: 11 }, kept.ofFacets('0', found)), null, 'ten orders of the product alone');
  });

  test('orders bought at the same time as the last of the page are all handed over, across a block of row numbers', async () => {
    // Orders 1 to 239 a second apart, 240 to 255 (the end of a block) bought together.
    const times = new Map(Array.from({ length: 255 }, (_, i) => [i + 1, 1_700_000_000_000 + Math.min(i + 1, 240) * 1_000] as const));
    const kept = new OrderTimes();
    const db = timesDatabase(times);
    while (!(await kept.readAhead(db)));
    const page: MarkedPage = { direction: 'DESC', afterAt: null, count: 5 };
    const picked = pick(kept, [...times.keys()], page);
    assert.deepEqual(plainPage(picked?.seqs ?? [], times, page, null), plainPage([...times.keys()], times, page, null));
  });

  test('after a cursor among orders bought together, the others of its time are handed over, both ways', async () => {
    // Orders 1 to 40 a second apart, 11 to 30 bought together.
    const times = new Map(Array.from({ length: 40 }, (_, i) => [i + 1, 1_700_000_000_000 + Math.min(Math.max(i + 1, 11), 30) * 1_000] as const));
    const kept = new OrderTimes();
    const db = timesDatabase(times);
    while (!(await kept.readAhead(db)));
    for (const direction of ['DESC', 'ASC'] as const) {
      for (const cursor of [11, 17, 23, 30]) {
        const page: MarkedPage = { direction, afterAt: times.get(cursor)!, count: 4 };
        const picked = pick(kept, [...times.keys()], page);
        const expected = plainPage([...times.keys()], times, page, idOf(cursor));
        assert.deepEqual(plainPage(picked?.seqs ?? [], times, page, idOf(cursor)), expected, `${direction} after ${cursor}`);
      }
    }
  });

  test('orders whose time is not known are asked for, those below the walk’s end too, and gone orders are passed over', async () => {
    const times = new Map(Array.from({ length: 2_000 }, (_, i) => [i + 1, 1_700_000_000_000 + (i + 1) * 1_000] as const));
    const kept = new OrderTimes();
    // Orders 1 to 1,000 are known; 1,500 to 2,000 are newer, and 10 (written late, bought last) is not known either.
    const known = new Map([...times].filter(([seq]) => seq <= 1_000 && seq !== 10));
    const db = timesDatabase(known);
    while (!(await kept.readAhead(db)));
    const late = new Map(times).set(10, 1_700_000_000_000 + 5_000_000);
    const newest: MarkedPage = { direction: 'DESC', afterAt: null, count: 5 };
    assert.deepEqual(pick(kept, [10, 600, 700, 800, 900, 950, 990], newest), { unknown: [10] }, 'below where the walk stops');
    assert.deepEqual(pick(kept, [10, 600, 1_500, 1_600], newest), { unknown: [1_600, 1_500, 10] });
    const reads = timesDatabase(late);
    await Promise.all([kept.read(reads, [1_600, 1_500, 10, 4_000]), kept.read(reads, [1_600, 10, 4_000])]);
    assert.deepEqual(reads.asked, [[1_600, 1_500, 10, 4_000], [4_000]], 'the second read waits for the first and asks only for what is still not known');
    assert.equal(kept.timeOf(10), late.get(10));
    assert.deepEqual(pick(kept, [10, 600, 1_500, 1_600, 4_000], newest), { unknown: [4_000] });
    const picked = pick(kept, [10, 600, 1_500, 1_600, 4_000], newest, new Set([4_000]));
    assert.deepEqual(picked?.seqs?.slice().sort((a, b) => a - b), [10, 600, 1_500, 1_600], 'the late order first, the gone one passed over');
  });

  test('below the row number through which every time is known (settled), no order is asked for; above it, as before', async () => {
    const times = new Map(Array.from({ length: 2_000 }, (_, i) => [i + 1, 1_700_000_000_000 + (i + 1) * 1_000] as const));
    const newest: MarkedPage = { direction: 'DESC', afterAt: null, count: 3 };
    const kept = new OrderTimes();
    // Orders 1 to 1,000 known but 10 and 700; the walk stops above 990.
    kept.know([...times.keys()].filter((seq) => seq <= 1_000 && seq !== 10 && seq !== 700), [...times].filter(([seq]) => seq <= 1_000 && seq !== 10 && seq !== 700).map(([, at]) => at));
    const marked = [10, 700, 995, 998, 999, 1_000];
    assert.deepEqual(pick(kept, marked, newest), { unknown: [10, 700] });
    kept.settled(500);
    assert.deepEqual(pick(kept, marked, newest), { unknown: [700] }, 'an order up to 500 has no time to be read: it is no order');
    kept.settled(300);
    assert.deepEqual(pick(kept, marked, newest), { unknown: [700] }, 'the row number only grows');
    kept.settled(700);
    assert.deepEqual(pick(kept, marked, newest)?.seqs?.slice().sort((a, b) => a - b), [998, 999, 1_000]);
  });

  test("each order's product and distribution company are known once read, under the count of moves they were read with", async () => {
    const times = new Map(Array.from({ length: 40_000 }, (_, i) => [i + 1, 1_700_000_000_000 + (i + 1) * 1_000] as const));
    const facetsOf = (seq: number): Facets => ({ product: `prd_${'abc'[seq % 3]}`, distributor: seq % 5 === 0 ? 'ingram micro' : '' });
    const facets = new Map([...times.keys()].map((seq) => [seq, facetsOf(seq)]));
    const kept = new OrderTimes();
    const db = timesDatabase(times, facets);
    const productA = new Set(['p:prd_a']);
    assert.equal(kept.ofFacets('0', productA)(3), undefined, 'not known before it is read');
    while (!(await kept.readAhead(db)));
    for (const seq of [1, 3, 5, 15, 16_384, 16_385, 32_769, 40_000]) {
      assert.equal(kept.ofFacets('0', productA)(seq), seq % 3 === 0, `order ${seq}, of product a`);
      assert.equal(kept.ofFacets('0', new Set(['p:prd_x', 'd:ingram micro']))(seq), seq % 5 === 0, `order ${seq}, through Ingram Micro`);
      assert.equal(kept.ofFacets('1', productA)(seq), undefined, `order ${seq}, under another count of moves`);
      assert.equal(kept.ofFacets(null, productA)(seq), undefined, `order ${seq}, with no count`);
    }
    assert.equal(kept.ofFacets('0', productA)(40_001), undefined, 'an order not read');
    assert.equal(kept.ofFacets('0', productA)(0), undefined, 'row number 0 holds no order');
  });

  test('a new count of moves gives up every product and company kept, and reads them again from the start, times kept', async () => {
    const times = new Map(Array.from({ length: 40_000 }, (_, i) => [i + 1, 1_700_000_000_000 + (i + 1) * 1_000] as const));
    const facets = new Map<number, Facets>([[7, { product: 'prd_b', distributor: '' }]]);
    const db = timesDatabase(times, facets);
    const kept = new OrderTimes();
    while (!(await kept.readAhead(db)));
    assert.equal(kept.ofFacets('0', new Set(['p:prd_b']))(7), true);
    // Order 7 is moved to product c; a read of other orders meets the new count.
    facets.set(7, { product: 'prd_c', distributor: '' });
    db.moves = 1;
    await kept.read(db, [40_001]);
    for (const seq of [7, 8, 40_000]) {
      assert.equal(kept.ofFacets('1', new Set(['p:prd_c']))(seq), undefined, `order ${seq} given up`);
      assert.equal(kept.timeOf(seq), times.get(seq), `order ${seq}'s time kept`);
    }
    while (!(await kept.readAhead(db)));
    assert.equal(kept.ofFacets('1', new Set(['p:prd_c']))(7), true, 'order 7 read again, moved');
    assert.equal(kept.ofFacets('1', new Set(['p:prd_1']))(8), true);
  });

  test('a count of moves that changes while reading ahead has every product and company read again under the new one', async () => {
    const times = new Map(Array.from({ length: 40_000 }, (_, i) => [i + 1, 1_700_000_000_000 + (i + 1) * 1_000] as const));
    const db = timesDatabase(times);
    let ranges = 0;
    const moving: Db = {
      query: (async (text: string, values?: unknown[]) => {
        const result = await db.query(text, values);
        // An order is moved after the first step of reading ahead.
        if (text.includes('seq > $1')) ranges += 1;
        if (ranges === 1) db.moves = 1;
        return result;
      }) as Db['query'],
    };
    const kept = new OrderTimes();
    while (!(await kept.readAhead(moving)));
    const unknown = [...times.keys()].filter((seq) => kept.ofFacets('1', new Set(['p:prd_1']))(seq) !== true);
    assert.deepEqual(unknown, [], 'every order known under the new count');
  });

  test('the times a look-up read are kept for the orders past those whose times were handed over before, a time known staying as it is', () => {
    const kept = new OrderTimes();
    kept.know([3, 9], [3_000, 9_000]);
    // 3 and 9 are held (their times kept before); 4 and 12 came with the look-up's times, 9 again with another.
    kept.know([3, 9, 4, 12, 9], [4_000, 12_000, 1], 2);
    assert.deepEqual([3, 4, 9, 12].map((seq) => kept.timeOf(seq)), [3_000, 4_000, 9_000, 12_000]);
    assert.ok(Number.isNaN(kept.timeOf(5)));
    assert.throws(() => kept.know([1, 2], [1_000, 2_000], 1), /1 orders came with 2 times/);
  });

  test('a marked order past the row numbers kept leaves the page to the database', () => {
    const kept = new OrderTimes();
    assert.equal(pick(kept, [5, 2 ** 24], { direction: 'DESC', afterAt: null, count: 3 }), null);
  });
});
