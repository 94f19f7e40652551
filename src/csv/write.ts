/**
 * Writing CSV text: formula neutralising, quoting and the locale's separator. Loaded with
 * papaparse on the first export, so a page that exports nothing carries none of it.
 */
import { sleep } from '../internal/abortable.js';
import { loadPapaparse, type CsvCell, type CsvColumn } from './csv.js';

/** The characters after which some reader starts a new cell: `,` `;` tab (its delimiter) and line breaks. */
const CELL_BREAKS = new Set([',', ';', '\t', '\r', '\n']);
const FORMULA_CHARS = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * `text` with an apostrophe before every formula start: at its beginning and after every
 * character a reader may split cells on. A file written with commas, opened by a spreadsheet
 * that splits on `;` (German Excel) or tabs, then shows no cell that starts a formula.
 */
export function neutraliseFormulae(text: string): string {
  let out = '';
  let cellStart = true;
  for (const ch of text) {
    if (cellStart && FORMULA_CHARS.has(ch)) out += "'";
    out += ch;
    cellStart = CELL_BREAKS.has(ch);
  }
  return out;
}

/** An apostrophe before a formula start, at the start of a text or after a cell break. */
const NEUTRALISED = /(?:^|[,;\t\r\n])'[=+\-@\t\r]/;

/**
 * Quoted, besides what papaparse quotes itself (the file's delimiter, quotes, line breaks):
 * neutralised text, so that its apostrophes and what follows stay one cell for the file's
 * own reader. A decimal comma in a file split on `;` stays unquoted, and a number.
 */
function needsQuotes(value: unknown): boolean {
  return typeof value === 'string' && NEUTRALISED.test(value);
}

/** How a locale writes CSV: the separator its spreadsheets split on, and its decimal mark. */
export interface CsvFormat {
  delimiter: ',' | ';';
  decimal: '.' | ',';
}

/**
 * The CSV format of `locale`: where numbers take a decimal comma (German), cells are split
 * on `;` and amounts have a decimal comma, as Excel in that language opens them in columns.
 */
export function csvFormat(locale: string): CsvFormat {
  let decimal = '.';
  try {
    decimal = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
  } catch {
    // An unknown locale writes as English does.
  }
  return decimal === ',' ? { delimiter: ';', decimal: ',' } : { delimiter: ',', decimal: '.' };
}

/** Rows written between two turns of the page, so that a long export never freezes it. */
const ROWS_PER_SLICE = 2_000;

/**
 * The CSV text of `rows`: a UTF-8 byte-order mark (so Excel reads accents), a header row,
 * CRLF line ends, the format's delimiter, and every text neutralised against formulas
 * (`neutraliseFormulae`) and quoted where a reader could split it. The rows are written a
 * slice at a time, giving the page a turn in between.
 */
export async function toCsv<T>(
  columns: readonly CsvColumn<T>[],
  rows: Iterable<T>,
  format: Pick<CsvFormat, 'delimiter'> = { delimiter: ',' },
): Promise<string> {
  const Papa = await loadPapaparse();
  const config = { escapeFormulae: false, newline: '\r\n', delimiter: format.delimiter, quotes: needsQuotes };
  const safe = (cell: CsvCell) => (typeof cell === 'string' ? neutraliseFormulae(cell) : cell);
  // Without rows papaparse still ends the header with a line break, which reads back as one
  // empty record; a header alone ends where it ends.
  const lines = [Papa.unparse({ fields: columns.map((c) => safe(c.header) as string), data: [] }, config).replace(/\r\n$/, '')];
  let slice: CsvCell[][] = [];
  for (const row of rows) {
    slice.push(columns.map((c) => safe(c.value(row))));
    if (slice.length < ROWS_PER_SLICE) continue;
    lines.push(Papa.unparse(slice, config));
    slice = [];
    await sleep(0);
  }
  if (slice.length > 0) lines.push(Papa.unparse(slice, config));
  return `\uFEFF${lines.join('\r\n')}`;
}

