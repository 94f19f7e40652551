/**
 * Files the server writes: an order's license keys as CSV, in the columns, words and format
 * of the kit's own export (`src/csv`), so that a file is the same whoever writes it. The
 * file is written a page of licenses at a time, as it is sent: however many keys an order
 * has, the server holds one page of them.
 */
import * as s from '../api/contract/schemas.js';
import { licenseKeyColumns } from '../csv/columns.js';
import { CsvWriter, csvFormat } from '../csv/write.js';
import { loadLanguage } from '../locales/index.js';
import type { ServiceCore } from './core.js';
import { queryInput } from './problems.js';
import type { Caller } from './store.js';

/** Licenses read at a time for a file: larger pages than the API's cost the store no more per license. */
const FILE_PAGE = 1_000;

/** A CSV file as the service writes it: how many rows it will have, and its text as written. */
export interface CsvText {
  total: number;
  chunks: AsyncIterable<string>;
}

/**
 * `GET /orders/{orderId}/licenses.csv`: every license of the order, in the order of
 * `GET /orders/{orderId}/licenses` and as its answers show them. The order and the query are
 * checked before the answer begins (`not_found`, `validation_failed`); the file's first
 * page is read then too, so that its `total` is known.
 */
export async function exportLicenseKeys(core: ServiceCore, caller: Caller, orderId: string, query: s.LicenseKeysCsvQuery): Promise<CsvText> {
  const q = queryInput(s.LicenseKeysCsvQuery, query);
  const order = await core.order(core.store, caller, orderId);
  const locale = q.locale ?? 'en';
  // The words of a language other than English load on first use, as they do in the browser.
  await loadLanguage(locale);
  const columns = licenseKeyColumns(locale, { timeZone: q.timeZone ?? 'UTC', purchasedAt: order.purchasedAt });
  const first = await core.store.licenses(caller.id, orderId, { limit: FILE_PAGE });
  async function* chunks(): AsyncGenerator<string> {
    const writer = CsvWriter.create(columns, csvFormat(locale));
    let page = first;
    for (;;) {
      writer.write(page.items.map((l) => core.view(l)));
      yield writer.take();
      const cursor = page.nextCursor;
      if (cursor === null) return;
      page = await core.store.licenses(caller.id, orderId, { cursor, limit: FILE_PAGE });
    }
  }
  return { total: first.total, chunks: chunks() };
}

/** The file's text as UTF-8 bytes, chunk by chunk as it is written: what a file's body carries. */
export async function* csvBytes(file: CsvText): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  const encoder = new TextEncoder();
  for await (const text of file.chunks) yield encoder.encode(text);
}
