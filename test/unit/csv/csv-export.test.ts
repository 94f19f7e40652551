import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import Papa from 'papaparse';
import { type CsvCell, type CsvColumn, FORMULA_START } from '../../../src/csv/csv.js';
import { licenseKeyColumns } from '../../../src/csv/columns.js';
import { CsvWriter, csvFormat, neutraliseFormulae, toCsv } from '../../../src/csv/write.js';
import { license } from '../api/fixtures.js';

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

/** The characters a reader may split a line into cells on, and the line breaks. */
const READER_SPLITS = [',', ';', '\t', '\r', '\n'];

/** True when some reader, splitting on one of its delimiters, sees a cell that starts a formula. */
function startsAFormula(text: string): boolean {
  return READER_SPLITS.some((d) => text.split(d).some((piece) => FORMULA_START.test(piece)));
}

/** Checks how a cell reads back: unchanged unless it could start a formula, then only apostrophes added. */
function checkCell(value: CsvCell, read: string): void {
  if (value === null) return assert.equal(read, '');
  if (typeof value !== 'string') return assert.equal(read, String(value));
  if (!startsAFormula(value)) return assert.equal(read, value);
  assert.ok(!startsAFormula(read), `cell ${JSON.stringify(value)} reads as ${JSON.stringify(read)}`);
  assert.equal(read.replaceAll("'", ''), value.replaceAll("'", ''), 'only apostrophes are added');
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
      assert.equal(parsed.data.length, sent.length);
      for (const [r, row] of sent.entries()) {
        assert.equal(parsed.data[r]?.length, row.length);
        for (const [c, value] of row.entries()) {
          cells += 1;
          const read = parsed.data[r]?.[c] ?? '';
          checkCell(value, read);
          if (read !== String(value ?? '')) neutralised += 1;
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

test('an organization like "Acme;=1+2;" starts no formula in a spreadsheet that splits on ; or tabs', async () => {
  for (const organization of ['Acme;=1+2;', 'Acme\t=1+2', 'Acme,@SUM(A1)', 'Acme;\t=1']) {
    const csv = await toCsv([{ header: 'Customer Organization', value: (row: string) => row }], [organization]);
    const line = csv.slice(1).split('\r\n')[1]!;
    assert.ok(line.startsWith('"') && line.endsWith('"'), `${JSON.stringify(organization)} is quoted: ${line}`);
    for (const delimiter of [',', ';', '\t']) {
      for (const cell of line.split(delimiter)) assert.doesNotMatch(cell.replace(/^"/, ''), /^[=+\-@\t\r]/, `${JSON.stringify(line)} split on ${JSON.stringify(delimiter)}`);
    }
    const [[read]] = Papa.parse<string[]>(line).data as [[string]];
    assert.equal(read.replaceAll("'", ''), organization);
  }
});

test('German exports split cells on ; so German Excel opens them in columns', async () => {
  assert.deepEqual(csvFormat('de-DE'), { delimiter: ';', decimal: ',' });
  assert.deepEqual(csvFormat('en-US'), { delimiter: ',', decimal: '.' });
  const columns: CsvColumn<[string, string]>[] = [
    { header: 'Betrag', value: (row) => row[0] },
    { header: 'Kundenorganisation', value: (row) => row[1] },
  ];
  const csv = await toCsv(columns, [['12,34', 'Müller; Söhne']], csvFormat('de-DE'));
  assert.equal(csv, '\uFEFFBetrag;Kundenorganisation\r\n12,34;"Müller; Söhne"');
  const parsed = Papa.parse<string[]>(csv.slice(1), { delimiter: ';' });
  assert.deepEqual(parsed.data, [['Betrag', 'Kundenorganisation'], ['12,34', 'Müller; Söhne']]);
});

test('a file written a page at a time is the file written at once, wherever the pages split', async () => {
  const splits = fc.array(fc.integer({ min: 0, max: 8 }), { maxLength: 6 });
  await fc.assert(
    fc.asyncProperty(table, splits, fc.constantFrom(',' as const, ';' as const), async ([headers, rows], cuts, delimiter) => {
      const columns: CsvColumn<CsvCell[]>[] = headers.map((header, i) => ({ header, value: (row) => row[i] ?? null }));
      const paged = CsvWriter.create(columns, { delimiter });
      let from = 0;
      for (const cut of [...cuts].sort((a, b) => a - b)) {
        paged.write(rows.slice(from, Math.max(from, cut)));
        from = Math.max(from, cut);
      }
      paged.write(rows.slice(from));
      const whole = CsvWriter.create(columns, { delimiter });
      whole.write(rows);
      assert.equal(paged.text(), whole.text());
      assert.equal(paged.rows, rows.length);
      // The file's bytes (`Blob.text()` would drop the byte-order mark).
      assert.deepEqual(new Uint8Array(await new Blob(paged.parts).arrayBuffer()), new TextEncoder().encode(whole.text()));
    }),
    { seed: SEED, numRuns: 300 },
  );
});

test('the writer writes every table byte for byte as papaparse does, with formula starts neutralised and quoted', async () => {
  // papaparse's unparse, as the writer once called it: neutralised text, quoted also where it holds a neutralised formula start.
  const neutralisedStart = /(?:^|[,;\t\r\n])'[=+\-@\t\r]/;
  const quotes = (value: unknown) => typeof value === 'string' && neutralisedStart.test(value);
  const safe = (value: CsvCell) => (typeof value === 'string' ? neutraliseFormulae(value) : value);
  await fc.assert(
    fc.asyncProperty(table, fc.constantFrom(',' as const, ';' as const), async ([headers, rows], delimiter) => {
      const columns: CsvColumn<CsvCell[]>[] = headers.map((header, i) => ({ header, value: (row) => row[i] ?? null }));
      const writer = CsvWriter.create(columns, { delimiter });
      writer.write(rows);
      const config = { escapeFormulae: false, newline: '\r\n', delimiter, quotes };
      // Without rows papaparse ends the header with a line break; the file's header ends where it ends.
      const header = Papa.unparse({ fields: headers.map(neutraliseFormulae), data: [] }, config).replace(/\r\n$/, '');
      const papa = rows.length === 0 ? header : `${header}\r\n${Papa.unparse(rows.map((row) => row.map(safe)), config)}`;
      assert.equal(writer.text(), `\uFEFF${papa}`);
    }),
    { seed: SEED, numRuns: RUNS },
  );
});

test('the license keys file reads byte for byte as the export has always written it', async () => {
  const rows = [
    license(),
    license({
      id: 'l2',
      activationCode: '=HYPERLINK("https://evil.example","x")',
      status: 'active',
      autoRenew: true,
      distributionCompany: 'Müller; Söhne, "GmbH"',
      customer: { id: 'c1', email: '@evil.example', organization: 'Acme;=1+2;\r\nNext' },
      activatedAt: '2026-11-28T23:30:00Z',
    }),
    license({ id: 'l3', activationCode: '-12', recurrent: false, distributionCompany: '+cmd' }),
  ];
  const columns = licenseKeyColumns('en', { timeZone: 'Europe/Berlin', purchasedAt: '2026-11-27T09:14:03Z' });
  const writer = CsvWriter.create(columns, csvFormat('en'));
  writer.write(rows.slice(0, 1));
  writer.write(rows.slice(1));
  assert.equal(
    writer.text(),
    '\uFEFFActivation Code,From,To,Auto Renew,Recurrent,Distribution Company,Status,Customer Email,Customer Organization,Activated At,Activation Code Link\r\n' +
      'AAAA-BBBB-CCCC,2026-11-27,2027-11-27,false,true,,Available,,,,https://activate.example/AAAA-BBBB-CCCC\r\n' +
      '"\'=HYPERLINK(""https://evil.example"",""x"")",2026-11-27,2027-11-27,true,true,"Müller; Söhne, ""GmbH""",Active,"\'@evil.example",' +
      '"Acme;\'=1+2;\'\r\nNext",2026-11-29 00:30,https://activate.example/AAAA-BBBB-CCCC\r\n' +
      '"\'-12",2026-11-27,2027-11-27,false,false,"\'+cmd",Available,,,,https://activate.example/AAAA-BBBB-CCCC',
  );
});
