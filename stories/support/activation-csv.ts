/**
 * CSV files of activations for `<bulk-jobs>`: the stories show them, the browser tests and
 * the end-to-end test upload them. Built from the data behind the client (available
 * activation codes, a registered customer), with bad rows of every kind the preview flags.
 */
import type { LicensesApi } from '../../src/api/client.js';
import { registeredEmail } from './dialogs.js';

/** Up to `count` activation codes of available licenses, across the reseller's orders (`GET /licenses`, a page at a time). */
export async function availableCodes(client: LicensesApi, count: number): Promise<string[]> {
  const codes: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.searchLicenses({ status: 'available', limit: 500, ...(cursor ? { cursor } : {}) });
    for (const license of page.items) if (codes.length < count) codes.push(license.activationCode);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && codes.length < count);
  return codes;
}

/** The kinds of bad rows the preview flags before anything is sent. */
export const BAD_ROWS = ['invalid.email', 'invalid.country', 'invalid.organization', 'invalid.activationCode', 'duplicate'] as const;

export interface ActivationCsv {
  text: string;
  good: number;
  bad: number;
  /** The activation codes of the good rows, in order. */
  codes: string[];
}

/**
 * A CSV of `good` valid rows (half for the registered customer by email alone, half for new
 * customers) and `bad` rows cycling through `BAD_ROWS`; `delimiter` and German headers as
 * asked, with a UTF-8 BOM when `bom`.
 */
export function activationCsv(
  codes: readonly string[],
  existingEmail: string,
  options: { good: number; bad?: number; delimiter?: string; german?: boolean; bom?: boolean; tag?: string },
): ActivationCsv {
  const { good, bad = 0, delimiter = ',', german = false, bom = false, tag = 'bulk' } = options;
  if (codes.length < good) throw new Error(`Only ${codes.length} available codes for ${good} good rows`);
  const header = german
    ? ['Aktivierungscode', 'E-Mail', 'Organisation', 'Vorname', 'Nachname', 'Land', 'Telefon']
    : ['Activation code', 'Email', 'Organization', 'First name', 'Last name', 'Country', 'Phone'];
  const lines: string[][] = [header];
  const used = codes.slice(0, good);
  used.forEach((code, i) => {
    if (i % 2 === 0) lines.push([code, existingEmail, '', '', '', '', '']);
    else lines.push([code, `${tag}-${i}@customers.example`, `Customer ${i} GmbH`, 'Ada', `Lovelace ${i}`, 'DE', i % 4 === 1 ? '+49 30 1234567' : '']);
  });
  for (let i = 0; i < bad; i++) {
    const kind = BAD_ROWS[i % BAD_ROWS.length]!;
    const n = `${tag}-bad-${i}`;
    const newCustomer = (code: string, email: string, organization: string, country: string) => [code, email, organization, 'Bea', 'Bad', country, ''];
    if (kind === 'invalid.email') lines.push(newCustomer(`${n}-CODE`, 'not-an-email', 'Bad Rows Ltd', 'DE'));
    else if (kind === 'invalid.country') lines.push(newCustomer(`${n}-CODE`, `${n}@customers.example`, 'Bad Rows Ltd', 'Germany'));
    else if (kind === 'invalid.organization') lines.push(newCustomer(`${n}-CODE`, `${n}@customers.example`, '', 'DE'));
    else if (kind === 'invalid.activationCode') lines.push(['', `${n}@customers.example`, '', '', '', '', '']);
    else lines.push([used[0] ?? `${n}-CODE`, existingEmail, '', '', '', '', '']);
  }
  const quote = (cell: string) => (/[",;\t\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  const text = lines.map((line) => line.map(quote).join(delimiter)).join('\r\n');
  return { text: (bom ? '\uFEFF' : '') + text, good, bad, codes: used };
}

/** A CSV for the client's data: `good` available codes and `bad` bad rows. */
export async function activationCsvFor(client: LicensesApi, options: Parameters<typeof activationCsv>[2]): Promise<ActivationCsv> {
  const [codes, email] = await Promise.all([availableCodes(client, options.good), registeredEmail(client)]);
  return activationCsv(codes, email, options);
}
