/**
 * Holds a CSV file the server wrote to what the kit itself writes (`write.ts`), as its bytes
 * arrive, before it is saved: the header row the kit would write, then rows of as many cells,
 * and no cell (nor a part of one after a cell break) that starts a formula. A file from a
 * server that writes otherwise is not saved; the export then writes its own from the pages.
 * One pass over the bytes, with no parsing into cells: checking 100,000 rows takes a few
 * tens of milliseconds. It holds files of texts and yes/no cells, as the license keys' file
 * is: a negative number, which the kit writes as it is, would read as a formula start.
 */
import { CELL_BREAKS, FORMULA_CHARS } from './write.js';

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
/** The writer's characters as bytes (all ASCII): what a reader may start a new cell after, and what starts a formula. */
const bytesOf = (chars: ReadonlySet<string>) => new Set([...chars].map((ch) => ch.charCodeAt(0)));
const BREAKS = bytesOf(CELL_BREAKS);
const FORMULA_STARTS = bytesOf(FORMULA_CHARS);

/** Why a file is not what the kit writes. */
export class CsvFileError extends Error {
  override name = 'CsvFileError';
}

const enum At {
  /** At the start of a cell. */
  CellStart,
  /** In a cell without quotes. */
  Plain,
  /** In a quoted cell. */
  Quoted,
  /** After a quote in a quoted cell: a second one is a quote, anything else ends the cell. */
  QuoteInQuoted,
  /** After a carriage return between cells: a line feed must follow. */
  LineEnd,
}

export class CsvFileCheck {
  /** Rows after the header row so far (a row is counted once it has begun). */
  rows = 0;
  readonly #header: Uint8Array;
  readonly #cells: number;
  readonly #delimiter: number;
  /** Bytes of the header row matched so far; -1 once it has been read whole. */
  #headerAt = 0;
  #at = At.CellStart;
  /** The cell's last character was a cell break (or it has none yet). */
  #afterBreak = true;
  #cellsInRow = 1;
  #rowIsEmpty = true;

  /** A check of a file whose first line is `header` (with its byte-order mark), of rows of `cells` cells split on `delimiter`. */
  constructor(header: string, cells: number, delimiter: ',' | ';') {
    this.#header = new TextEncoder().encode(header);
    this.#cells = cells;
    this.#delimiter = delimiter.charCodeAt(0);
  }

  /** Takes the next bytes of the file; throws a {@link CsvFileError} where it breaks the rules. */
  push(bytes: Uint8Array): void {
    let i = 0;
    if (this.#headerAt >= 0) i = this.#matchHeader(bytes);
    for (; i < bytes.length; i++) this.#byte(bytes[i]!);
  }

  /** The file has ended: throws when it ended in the middle of a cell or a row, or before its header. */
  end(): void {
    // A file of no rows is its header row alone, as the kit writes it (or with a line break).
    if (this.#headerAt === this.#header.length) return;
    if (this.#headerAt >= 0) throw new CsvFileError('The file ends before its header row does.');
    if (this.#at === At.Quoted || this.#at === At.LineEnd) throw new CsvFileError('The file ends inside a cell.');
    // A line break after the last row (which the kit does not write) is no row of its own,
    // unless a row of one empty cell is a row.
    if (this.#rowIsEmpty && this.#cellsInRow === 1 && this.#cells > 1) {
      this.rows -= 1;
      return;
    }
    this.#endRow();
  }

  /** Matches the header row and its line break; answers where the rows begin in `bytes`. */
  #matchHeader(bytes: Uint8Array): number {
    const header = this.#header;
    let i = 0;
    for (; i < bytes.length && this.#headerAt < header.length + 2; i++, this.#headerAt++) {
      const expected = this.#headerAt < header.length ? header[this.#headerAt] : this.#headerAt === header.length ? CR : LF;
      if (bytes[i] !== expected) throw new CsvFileError('The header row is not the one the export writes.');
    }
    if (this.#headerAt === header.length + 2) {
      this.#headerAt = -1;
      this.#beginRow();
    }
    return i;
  }

  #byte(b: number): void {
    switch (this.#at) {
      case At.CellStart:
        if (b === QUOTE) {
          this.#at = At.Quoted;
          this.#rowIsEmpty = false;
          return;
        }
        this.#at = At.Plain;
        this.#plain(b);
        return;
      case At.Plain:
        this.#plain(b);
        return;
      case At.Quoted:
        if (b === QUOTE) this.#at = At.QuoteInQuoted;
        else this.#content(b);
        return;
      case At.QuoteInQuoted:
        if (b === QUOTE) {
          this.#at = At.Quoted;
          this.#content(b);
        } else if (b === this.#delimiter) {
          this.#nextCell();
        } else if (b === CR) {
          this.#at = At.LineEnd;
        } else {
          throw new CsvFileError('A quoted cell goes on after its closing quote.');
        }
        return;
      case At.LineEnd:
        if (b !== LF) throw new CsvFileError('A carriage return without a line feed ends no row.');
        this.#endRow();
        this.#beginRow();
        return;
    }
  }

  /** A byte of a cell without quotes. */
  #plain(b: number): void {
    if (b === this.#delimiter) this.#nextCell();
    else if (b === CR) this.#at = At.LineEnd;
    else if (b === QUOTE || b === LF) throw new CsvFileError('A cell without quotes holds a quote or a line break.');
    else this.#content(b);
  }

  /** A character of a cell's text: none that starts a formula at its start or after a cell break. */
  #content(b: number): void {
    this.#rowIsEmpty = false;
    if (this.#afterBreak && FORMULA_STARTS.has(b)) throw new CsvFileError('A cell starts a formula.');
    this.#afterBreak = BREAKS.has(b);
  }

  #nextCell(): void {
    this.#cellsInRow += 1;
    this.#rowIsEmpty = false;
    this.#at = At.CellStart;
    this.#afterBreak = true;
  }

  #beginRow(): void {
    this.rows += 1;
    this.#cellsInRow = 1;
    this.#rowIsEmpty = true;
    this.#at = At.CellStart;
    this.#afterBreak = true;
  }

  #endRow(): void {
    if (this.#cellsInRow !== this.#cells) throw new CsvFileError(`A row has ${this.#cellsInRow} cells instead of ${this.#cells}.`);
  }
}
