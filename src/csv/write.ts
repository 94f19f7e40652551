/**
 * Writing CSV text: formula neutralising, quoting and the locale's separator. Loaded on the
 * first export, so a page that exports nothing carries none of it.
 */
import { sleep } from '../internal/abortable.js';
import { TurnTaker } from '../internal/turn.js';
import type { CsvCell, CsvColumn } from './csv.js';

/** The characters after which some reader starts a new cell: `,` `;` tab (its delimiter) and line breaks. */
export const CELL_BREAKS: ReadonlySet<string> = new Set([',', ';', '\t', '\r', '\n']);
const ANY_CELL_BREAK = /[,;\t\r\n]/;
export const FORMULA_CHARS: ReadonlySet<string> = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * `text` with an apostrophe before every formula start: at its beginning and after every
 * character a reader may split cells on. A file written with commas, opened by a spreadsheet
 * that splits on `;` (German Excel) or tabs, then shows no cell that starts a formula.
 */
export function neutraliseFormulae(text: string): string {
  // Most cells hold no cell break: only their first character can start a formula.
  if (!FORMULA_CHARS.has(text.charAt(0)) && !ANY_CELL_BREAK.test(text)) return text;
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
 * What may make a text cell more than itself: a formula start, an apostrophe before one or a
 * space first, a space last, or anywhere a cell break, a quote or a byte-order mark. Most cells
 * (codes, dates, statuses, emails) hold none of these and are written after this one test.
 */
const MAY_CHANGE = /^(?:[=+\-@\t\r ]|'[=+\-@\t\r])|[,;\t\r\n"\uFEFF]| $/;

/** What papaparse quotes in any case: line breaks, quotes and a byte-order mark. */
const ALWAYS_QUOTED = /[\r\n"\uFEFF]/;

/**
 * A cell as written: text neutralised (`neutraliseFormulae`) and quoted where papaparse would
 * quote it (the file's delimiter, a quote, a line break or a byte-order mark anywhere, a space
 * at either end; quotes doubled), and also where it holds a neutralised formula start, so that
 * its apostrophes and what follows stay one cell for the file's own reader. A decimal comma in
 * a file split on `;` stays unquoted, and a number. Written as papaparse's `unparse` would
 * write it, a test holds this writer to its bytes.
 */
function cellText(cell: CsvCell, delimiter: string): string {
  if (typeof cell !== 'string') return cell === null ? '' : String(cell);
  if (!MAY_CHANGE.test(cell)) return cell;
  const text = neutraliseFormulae(cell);
  const quoted =
    NEUTRALISED.test(text) || ALWAYS_QUOTED.test(text) || text.includes(delimiter) || text.startsWith(' ') || text.endsWith(' ');
  return quoted ? `"${text.replaceAll('"', '""')}"` : text;
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

/** Rows of a page written at a time: a few milliseconds of work, so that the page gets its turns. */
const ROWS_PER_WRITE = 500;

/** Some rows of a file, and how many there are in all as far as known. */
export interface CsvPage<T> {
  items: readonly T[];
  total: number;
}

/**
 * A CSV file written as its rows come, a page at a time: a UTF-8 byte-order mark (so Excel
 * reads accents), a header row, CRLF line ends, the format's delimiter, and every text
 * neutralised against formulas (`neutraliseFormulae`) and quoted where a reader could split
 * it. Its `parts` make the file (a `Blob` takes them as they are): written in pages or all
 * at once, the same rows make the same text.
 */
export class CsvWriter<T> {
  /** The file's text so far, in pieces. */
  readonly parts: string[];
  /** Rows written so far. */
  rows = 0;
  /** The file's first line: its byte-order mark and header row. */
  readonly header: string;
  readonly delimiter: ',' | ';';

  private constructor(
    readonly columns: readonly CsvColumn<T>[],
    format: Pick<CsvFormat, 'delimiter'>,
  ) {
    this.delimiter = format.delimiter;
    this.header = `\uFEFF${columns.map((c) => cellText(c.header, format.delimiter)).join(format.delimiter)}`;
    this.parts = [this.header];
  }

  /** A writer of `columns` in `format`. */
  static create<T>(columns: readonly CsvColumn<T>[], format: Pick<CsvFormat, 'delimiter'> = { delimiter: ',' }): CsvWriter<T> {
    return new CsvWriter(columns, format);
  }

  /** Appends `rows` (a page, or a slice of one: keep it small enough for one turn of the page). */
  write(rows: readonly T[]): void {
    if (rows.length === 0) return;
    const columns = this.columns;
    const delimiter = this.delimiter;
    let text = '';
    for (const row of rows) {
      text += '\r\n';
      for (let i = 0; i < columns.length; i++) {
        if (i > 0) text += delimiter;
        text += cellText(columns[i]!.value(row), delimiter);
      }
    }
    this.parts.push(text);
    this.rows += rows.length;
  }

  /**
   * Writes every page `pages` gives, `first` (asked for already) first, a few hundred rows at a
   * time, giving the browser a turn before each once it has worked for 8 ms, so that the page never
   * freezes however long the file; `progress` hears the total as far as known after each
   * page. Stops when `signal` aborts.
   */
  async writePages(
    first: Promise<IteratorResult<CsvPage<T>>>,
    pages: AsyncIterator<CsvPage<T>>,
    signal: AbortSignal,
    progress: (total: number) => void,
  ): Promise<void> {
    const turns = new TurnTaker();
    try {
      for (let next = await first; next.done !== true; next = await pages.next()) {
        const { items, total } = next.value;
        for (let from = 0; from < items.length; from += ROWS_PER_WRITE) {
          // Also before the first rows of a page: the task that brought it (its JSON parsed and
          // checked) may have used the budget already.
          await turns.maybeYield();
          signal.throwIfAborted();
          this.write(items.slice(from, from + ROWS_PER_WRITE));
        }
        progress(Math.max(total, this.rows));
      }
    } catch (error) {
      // As `for await` does: the pages stop where they are.
      void pages.return?.().catch(() => undefined);
      throw error;
    }
  }

  /**
   * The text written since the last call (the header row first), for a file sent while it is
   * written: the parts it takes are let go, and {@link text} then has only what comes after.
   */
  take(): string {
    return this.parts.splice(0).join('');
  }

  /** The file's text. */
  text(): string {
    return this.parts.join('');
  }
}

/**
 * The CSV text of `rows`, as {@link CsvWriter} writes it, a slice at a time, giving the page
 * a turn in between.
 */
export async function toCsv<T>(
  columns: readonly CsvColumn<T>[],
  rows: Iterable<T>,
  format: Pick<CsvFormat, 'delimiter'> = { delimiter: ',' },
): Promise<string> {
  const writer = CsvWriter.create(columns, format);
  let slice: T[] = [];
  for (const row of rows) {
    slice.push(row);
    if (slice.length < ROWS_PER_SLICE) continue;
    writer.write(slice);
    slice = [];
    await sleep(0);
  }
  writer.write(slice);
  return writer.text();
}

/** Hands a CSV file, in parts (as written, or as they came), to the browser as a download. */
export function downloadCsv(fileName: string, parts: readonly BlobPart[]): void {
  const url = URL.createObjectURL(new Blob(parts as BlobPart[], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
