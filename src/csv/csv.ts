/**
 * CSV files: the cells of the kit's exports (written by `write.ts`, to papaparse's rules) and
 * papaparse, which reads the files a person uploads. Papaparse is loaded on first use only, so
 * it costs nothing until a person hands the kit a file.
 */
export type CsvCell = string | number | boolean | null;

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => CsvCell;
}

/** Cells that a spreadsheet would run as a formula: they get a leading apostrophe. */
export const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * The part of papaparse the kit, its tests and its benchmarks use. Declared here so that papaparse's own
 * type package stays out of the kit's public types.
 */
export interface CsvEngine {
  unparse(
    data: readonly (readonly CsvCell[])[] | { fields: string[]; data: readonly (readonly CsvCell[])[] },
    config?: {
      escapeFormulae?: RegExp | boolean;
      newline?: string;
      delimiter?: string;
      quotes?: boolean | ((value: unknown, column: number) => boolean);
    },
  ): string;
  parse<Row = string[]>(
    text: string,
    config?: { header?: boolean; skipEmptyLines?: boolean | 'greedy' },
  ): { data: Row[]; errors: readonly unknown[] };
}

let papaparse: Promise<CsvEngine> | undefined;

/** papaparse, loaded once on first use. */
export function loadPapaparse(): Promise<CsvEngine> {
  papaparse ??= import('./papaparse.js').then((m): CsvEngine => m.default);
  return papaparse;
}

/** A file name safe on every system: `ORD-2026-000123-license-keys.csv`. */
export function csvFileName(...parts: string[]): string {
  const stem = parts
    .join('-')
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 120);
  return `${stem || 'export'}.csv`;
}
