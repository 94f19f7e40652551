/**
 * Reading a CSV file of activations: papaparse in chunks (the delimiter guessed among `,`
 * `;` and tab, a UTF-8 BOM dropped, English or German headers), each row checked against
 * the contract's `ActivationJobRow` before anything is sent. A file of 10,000 rows is read
 * a chunk at a time with a turn for the page between chunks, so the page never freezes.
 */
import { issuesToFieldErrors } from '../../api/contract/errors.js';
import type { ActivationJobRow } from '../../api/contract/schemas.js';
import { LIMITS } from '../../api/contract/values.js';
import { loadPapaparse } from '../../csv/csv.js';
import { sleep } from '../../internal/abortable.js';

export const FIELDS = ['activationCode', 'email', 'organization', 'firstName', 'lastName', 'country', 'phone'] as const;
export type Field = (typeof FIELDS)[number];

/** Why a row cannot be sent: a field's problem, the same code twice, or a row past the limit. */
export type RowProblem = `invalid.${Field}` | 'duplicate' | 'tooMany';

/** One data row of the file: `line` counts data rows from 1, as a spreadsheet shows them after the header. */
export interface CsvRow {
  line: number;
  cells: Record<Field, string>;
  /** What is sent for the row; null when it has problems. */
  request: ActivationJobRow | null;
  problems: RowProblem[];
}

export interface ParsedFile {
  rows: CsvRow[];
  valid: number;
  /** The required columns (activation code, email) the header lacks; the rows are not read then. */
  missing: Field[];
}

/** Header names, squashed (lower case, no spaces, dashes or underscores), in English and German. */
const HEADERS: Record<string, Field> = {
  activationcode: 'activationCode',
  code: 'activationCode',
  aktivierungscode: 'activationCode',
  email: 'email',
  emailaddress: 'email',
  emailadresse: 'email',
  organization: 'organization',
  organisation: 'organization',
  company: 'organization',
  firma: 'organization',
  firstname: 'firstName',
  vorname: 'firstName',
  lastname: 'lastName',
  nachname: 'lastName',
  country: 'country',
  land: 'country',
  phone: 'phone',
  telephone: 'phone',
  telefon: 'phone',
};

/** The field a header names, or null for a column the file may carry besides. */
export function fieldOf(header: string): Field | null {
  const squashed = header.replace(/^\uFEFF/, '').normalize('NFKC').toLowerCase().replace(/[\s_\-.]/g, '');
  return HEADERS[squashed] ?? null;
}

/** The part of papaparse that reads a file in chunks. */
interface StreamingParser {
  parse(
    input: Blob,
    config: {
      header: true;
      skipEmptyLines: 'greedy';
      delimitersToGuess: string[];
      chunkSize: number;
      transformHeader: (header: string) => string;
      chunk: (results: { data: Record<string, string>[]; meta: { fields?: string[] } }, parser: { pause(): void; resume(): void; abort(): void }) => void;
      complete: () => void;
      error: (error: Error) => void;
    },
  ): void;
}

/** The row's cells as a request: an existing customer by email alone, else a new customer. */
function toRequest(cells: Record<Field, string>): unknown {
  const { activationCode, email, organization, firstName, lastName, country, phone } = cells;
  const isNew = [organization, firstName, lastName, country, phone].some((v) => v !== '');
  const customer = isNew
    ? { kind: 'new', organization, firstName, lastName, email, country: country.toUpperCase(), ...(phone === '' ? {} : { phone }) }
    : { kind: 'existing', email };
  return { activationCode, customer };
}

/**
 * Reads `file`: each data row with its cells, what would be sent, and its problems.
 * `progress` hears how many rows were read so far; aborting `signal` stops reading.
 */
export async function readActivationCsv(file: Blob, progress: (rows: number) => void, signal?: AbortSignal): Promise<ParsedFile> {
  // The contract's schemas travel with this element's own file (license-desk-bulk.js), not with the first request of every page.
  const [papa, { ActivationJobRow: schema }] = await Promise.all([loadPapaparse(), import('../../api/contract/schemas.js')]);
  const rows: CsvRow[] = [];
  const codes = new Set<string>();
  let valid = 0;
  let missing: Field[] = [];
  const check = (cells: Record<Field, string>): { request: ActivationJobRow | null; problems: RowProblem[] } => {
    const result = schema.safeParse(toRequest(cells));
    const problems = new Set<RowProblem>();
    if (!result.success) {
      for (const { path } of issuesToFieldErrors(result.error.issues)) {
        const field = path.split('.').pop() as Field;
        problems.add(FIELDS.includes(field) ? `invalid.${field}` : 'invalid.email');
      }
    }
    if (cells.activationCode !== '' && codes.has(cells.activationCode)) problems.add('duplicate');
    if (valid >= LIMITS.jobRows) problems.add('tooMany');
    codes.add(cells.activationCode);
    return problems.size === 0 && result.success ? { request: result.data, problems: [] } : { request: null, problems: [...problems] };
  };
  await new Promise<void>((resolve, reject) => {
    (papa as unknown as StreamingParser).parse(file, {
      header: true,
      skipEmptyLines: 'greedy',
      delimitersToGuess: [',', ';', '\t'],
      chunkSize: 64 * 1024,
      transformHeader: (header) => header.replace(/^\uFEFF/, '').trim(),
      chunk: (results, parser) => {
        if (signal?.aborted) {
          parser.abort();
          return;
        }
        const headers = results.meta.fields ?? [];
        const columns = new Map<Field, string>();
        for (const header of headers) {
          const field = fieldOf(header);
          if (field !== null && !columns.has(field)) columns.set(field, header);
        }
        missing = (['activationCode', 'email'] as const).filter((f) => !columns.has(f));
        if (missing.length > 0) {
          parser.abort();
          return;
        }
        for (const data of results.data) {
          const cells = Object.fromEntries(FIELDS.map((f) => [f, (data[columns.get(f) ?? ''] ?? '').trim()])) as Record<Field, string>;
          const { request, problems } = check(cells);
          if (request !== null) valid += 1;
          rows.push({ line: rows.length + 1, cells, request, problems });
        }
        progress(rows.length);
        // A turn for the page between chunks.
        parser.pause();
        sleep(0).then(() => parser.resume(), reject);
      },
      complete: () => resolve(),
      error: (error) => reject(error),
    });
  });
  signal?.throwIfAborted();
  return { rows, valid, missing };
}
