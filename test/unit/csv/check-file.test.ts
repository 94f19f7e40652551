import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { CsvCell, CsvColumn } from '../../../src/csv/csv.js';
import { CsvFileCheck, CsvFileError } from '../../../src/csv/check-file.js';
import { CsvWriter } from '../../../src/csv/write.js';

const SEED = 20_261_205;

/** Texts that start formulas, break cells and rows, and quote, among any others. */
const PAYLOADS = ['=1+2', '=HYPERLINK("https://evil.example","x")', "+cmd|' /C calc'!A0", '-2+3', '@SUM(A1:A9)', '\t=1', '\r=1', 'a,b', 'a;=b', 'a"b', '""', ' padded ', 'a\r\nb', 'a\n-b', 'a\rb', '🦄', 'ÄÖÜß', "'=x"];
const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom(...PAYLOADS));
const cell: fc.Arbitrary<CsvCell> = fc.oneof({ weight: 5, arbitrary: text }, fc.boolean(), fc.constant(null));

const encode = (value: string) => new TextEncoder().encode(value);

/** A writer of `width` columns and its file of `rows`. */
function written(width: number, headers: string[], rows: CsvCell[][], delimiter: ',' | ';') {
  const columns: CsvColumn<CsvCell[]>[] = headers.slice(0, width).map((header, i) => ({ header, value: (row) => row[i] ?? null }));
  const writer = CsvWriter.create(columns, { delimiter });
  writer.write(rows);
  return { writer, bytes: encode(writer.text()) };
}

/** Checks `bytes` in chunks cut at `cuts`; answers the rows counted. */
function check(writer: CsvWriter<CsvCell[]>, bytes: Uint8Array, cuts: number[] = []): number {
  const checker = new CsvFileCheck(writer.header, writer.columns.length, writer.delimiter);
  let from = 0;
  for (const cut of [...cuts.map((c) => c % (bytes.length + 1))].sort((a, b) => a - b).concat(bytes.length)) {
    checker.push(bytes.subarray(from, Math.max(from, cut)));
    from = Math.max(from, cut);
  }
  checker.end();
  return checker.rows;
}

test('every file the kit writes passes, however its bytes are cut into chunks, its rows counted', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 5 }),
      fc.array(text, { minLength: 5, maxLength: 5 }),
      fc.array(fc.array(cell, { minLength: 5, maxLength: 5 }), { maxLength: 8 }),
      fc.constantFrom(',' as const, ';' as const),
      fc.array(fc.nat(), { maxLength: 6 }),
      (width, headers, rows, delimiter, cuts) => {
        const { writer, bytes } = written(width, headers, rows, delimiter);
        assert.equal(check(writer, bytes, cuts), rows.length);
      },
    ),
    { seed: SEED, numRuns: 1_500 },
  );
});

test('a file of no rows, and a line break after the last row, pass', () => {
  const { writer, bytes } = written(2, ['A', 'B'], [], ',');
  assert.equal(check(writer, bytes), 0);
  assert.equal(check(writer, encode(`${writer.header}\r\n`)), 0);
  const two = written(2, ['A', 'B'], [['x', 'y']], ',');
  assert.equal(check(two.writer, encode(`${two.writer.text()}\r\n`)), 1);
});

test('refuses what the kit never writes: another header, a missing or extra cell, a formula start, a broken quote or line end', () => {
  const { writer } = written(3, ['Code', 'Status', 'Email'], [], ',');
  const file = (...rows: string[]) => encode([writer.header, ...rows].join('\r\n'));
  const refused: [Uint8Array, RegExp][] = [
    [encode('Code,Status,Email\r\nA,B,C'), /header/],
    [encode(`${writer.header.replace('Status', 'State')}\r\nA,B,C`), /header/],
    [file('A,B'), /2 cells instead of 3/],
    [file('A,B,C,D'), /4 cells instead of 3/],
    [file('A,B,C', '', 'A,B,C'), /1 cells instead of 3/],
    [file('=1+2,B,C'), /formula/],
    [file('A,-2+3,C'), /formula/],
    [file('A,B,"@SUM(A1)"'), /formula/],
    [file('A,"x,=1",C'), /formula/],
    [file('A,x;+1,C'), /formula/],
    [file('A,"x\r\n=1",C'), /formula/],
    [file('A,\t1,C'), /formula/],
    [file('A,B,"C'), /inside a cell/],
    [file('A,"B"x,C'), /after its closing quote/],
    [file('A,B"x,C'), /quote or a line break/],
    [file('A,B\rC,D'), /carriage return/],
    [file('A,B\nC'), /quote or a line break/],
    [encode(writer.header.slice(0, 5)), /before its header/],
  ];
  for (const [bytes, reason] of refused) {
    assert.throws(() => check(writer, bytes), (error: unknown) => error instanceof CsvFileError && reason.test(error.message), JSON.stringify(new TextDecoder().decode(bytes)));
  }
  // The same texts, as the kit writes them, pass.
  const kit = written(3, ['Code', 'Status', 'Email'], [['=1+2', '-2+3', '@SUM(A1)'], ['x,=1', 'x;+1', 'x\r\n=1'], ['\t1', 'B"x', 'B\rC']], ',');
  assert.equal(check(kit.writer, kit.bytes), 3);
});
