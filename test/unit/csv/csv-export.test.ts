import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import Papa from 'papaparse';
import { type CsvCell, type CsvColumn, FORMULA_START, toCsv } from '../../../src/csv/csv.js';

const SEED = 20_261_127;
const RUNS = 600;

/** What a spreadsheet would run as a formula, and what CSV itself has to quote. */
const LEADING = ['=', '+', '-', '@', '\t', '\r', '\n', '\r\n', '"', "'", ',', ' ', '\uFEFF', '\u202E', '＝', ''];
const PAYLOADS = ['=1+2', '=HYPERLINK("https://evil.example","x")', "+cmd|' /C calc'!A0", '-2+3', '@SUM(A1:A9)', '\t=1', '\r=1', 'a,b', 'a"b', '""', ' padded ', 'a\r\nb', 'a\nb', 'a\rb', '🦄🏳️‍🌈', 'ÄÖÜß', '\u0000'];

const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom(...PAYLOADS));
const stringCell = fc.tuple(fc.constantFrom(...LEADING), text).map(([lead, rest]) => lead + rest);
const cell: fc.Arbitrary<CsvCell> = fc.oneof({ weight: 6, arbitrary: stringCell }, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const table = fc.integer({ min: 1, max: 5 }).chain((width) =>
  fc.tuple(fc.array(stringCell, { minLength: width, maxLength: width }), fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 8 })),
);

/** What the cell must read as: neutralised with an apostrophe when a string could start a formula, else itself. */
function expected(value: CsvCell): string {
  if (value === null) return '';
  if (typeof value === 'string') return FORMULA_START.test(value) ? `'${value}` : value;
  return String(value);
}

test('exported cells that could start a formula are neutralised, and everything else reads back exactly', async (t) => {
  let cells = 0;
  let neutralised = 0;
  await fc.assert(
    fc.asyncProperty(table, async ([headers, rows]) => {
      const columns: CsvColumn<CsvCell[]>[] = headers.map((header, i) => ({ header, value: (row) => row[i] ?? null }));
      const csv = await toCsv(columns, rows);
      assert.ok(csv.startsWith('\uFEFF'), 'a UTF-8 byte-order mark first');
      const parsed = Papa.parse<string[]>(csv.slice(1), { delimiter: ',', newline: '\r\n', quoteChar: '"' });
      assert.deepEqual(parsed.errors, []);
      const sent = [headers, ...rows];
      assert.deepEqual(parsed.data, sent.map((row) => row.map(expected)));
      for (const [r, row] of sent.entries()) {
        for (const [c, value] of row.entries()) {
          cells += 1;
          if (typeof value !== 'string') continue;
          const read = parsed.data[r]?.[c] ?? '';
          assert.doesNotMatch(read, /^[=+\-@\t\r]/, `cell ${JSON.stringify(value)} reads as ${JSON.stringify(read)}`);
          if (read !== value) neutralised += 1;
        }
      }
    }),
    { seed: SEED, numRuns: RUNS },
  );
  t.diagnostic(`${RUNS} generated tables (seed ${SEED}): ${cells} cells, ${neutralised} neutralised`);
});

test('a cell of every formula start is neutralised, in the header row as in the data', async () => {
  for (const lead of ['=', '+', '-', '@', '\t', '\r']) {
    const csv = await toCsv([{ header: `${lead}h`, value: (row: string) => row }], [`${lead}1+1`]);
    const [header, value] = Papa.parse<string[]>(csv.slice(1), { newline: '\r\n' }).data;
    assert.deepEqual([header, value], [[`'${lead}h`], [`'${lead}1+1`]]);
  }
});
