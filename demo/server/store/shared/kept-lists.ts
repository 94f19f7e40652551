/**
 * The customers' order lists (customer_orders of both SQL stores) a pool or connection has
 * read, each kept with the version it was read at, so that a search reads again only the
 * lists written since: a fragment of a name finds a few hundred customers, whose lists come
 * to a quarter of a megabyte, and reading them cost a large part of the search. PostgreSQL
 * gives each list the version of its customer's lists (`customers.orders_list`, the
 * transaction that last wrote any of them, customer-orders.ts); SQLite gives the database's
 * (`PRAGMA data_version`, which any other connection's commit changes). A list is trusted
 * only while its version is the current one and for {@link KeptLists.maxAge} after it was
 * read, so that a version come round again (a counter that wrapped, a database restored from
 * a copy) cannot hold a list for longer. Kept lists are given up past a budget of bytes, the
 * least recently used first as a clock approximates it (a list used since the last pass gets
 * a second chance): a search meets a few hundred lists, and moving each to the end of the
 * order as it is used cost more than finding it.
 *
 * A list is kept under a key of the caller's (a customer's id or row number, with its facet
 * when it is not the list of all orders) and for an owner (the reseller whose customer it is,
 * when ids are not unique across resellers): looking up the 230 lists of a search by a
 * fragment of a name under keys built anew, the reseller and facet in each, took 44–63 µs;
 * under the customers' ids as the look-up gave them, 14–21 µs.
 */
import type { AscendingSeqs } from './order-lists.js';

/** What a list is kept under: a string or a number, each found in the map without building a key. */
export type KeptKey = string | number;

/** A list as read (its row numbers, order-lists.ts), with its owner, the version of its row, when it was read (milliseconds), and whether it was used since the clock last passed it. */
interface KeptList {
  owner: string;
  version: string;
  seqs: AscendingSeqs;
  readAt: number;
  used: boolean;
}

export interface KeptListsOptions {
  /** The bytes of lists kept at most (64 MiB by default), four an order. */
  budget?: number;
  /** How long a kept list is trusted, in milliseconds (a minute by default). */
  maxAge?: number;
  /** What a list costs the budget beyond its bytes (its key and record), so that empty lists count too: 64 by default. */
  entryBytes?: number;
  /** The clock (milliseconds). */
  now?: () => number;
}

export class KeptLists {
  readonly budget: number;
  readonly maxAge: number;
  readonly entryBytes: number;
  readonly #now: () => number;
  /** By key, in the clock's order: the next to be given up (unless used since) first. */
  readonly #lists = new Map<KeptKey, KeptList>();
  #bytes = 0;

  constructor({ budget = 64 * 2 ** 20, maxAge = 60_000, entryBytes = 64, now = Date.now }: KeptListsOptions = {}) {
    this.budget = budget;
    this.maxAge = maxAge;
    this.entryBytes = entryBytes;
    this.#now = now;
  }

  /** The bytes of the lists kept, with {@link entryBytes} for each. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The version of the list kept under `key` for `owner` while it may still be trusted, else undefined (and a list of that owner is given up). */
  versionOf(key: KeptKey, owner = ''): string | undefined {
    const list = this.#trusted(key, this.#now(), owner);
    return list?.version;
  }

  /** The list kept under `key` for `owner` when it is of `version` (and marks it used), else undefined. */
  get(key: KeptKey, version: string, owner = ''): AscendingSeqs | undefined {
    const list = this.#lists.get(key);
    if (list === undefined || list.version !== version || list.owner !== owner) return undefined;
    list.used = true;
    return list.seqs;
  }

  /**
   * The list kept under `key` when it is of `version` and may still be trusted at `now` (and
   * marks it used), else undefined: {@link versionOf} and {@link get} in one look-up, with
   * the time read once for all the lists of a search.
   */
  trusted(key: KeptKey, version: string, now: number, owner = ''): AscendingSeqs | undefined {
    const list = this.#trusted(key, now, owner);
    if (list === undefined || list.version !== version) return undefined;
    list.used = true;
    return list.seqs;
  }

  /** The clock this keeps time by (milliseconds), for {@link trusted}. */
  now(): number {
    return this.#now();
  }

  /**
   * Keeps the list `seqs` of `version` under `key` for `owner` (in place of any list kept under
   * that key), giving up lists past the budget, those not used since the clock last passed
   * them first.
   */
  keep(key: KeptKey, version: string, seqs: AscendingSeqs, owner = ''): void {
    const old = this.#lists.get(key);
    if (old !== undefined) this.#forget(key, old);
    if (this.#cost(seqs) > this.budget) return;
    this.#lists.set(key, { owner, version, seqs, readAt: this.#now(), used: false });
    this.#bytes += this.#cost(seqs);
    while (this.#bytes > this.budget) {
      const [oldest, list] = this.#lists.entries().next().value as [KeptKey, KeptList];
      this.#lists.delete(oldest);
      if (list.used) {
        // A second chance: to the end of the clock's order, unused.
        list.used = false;
        this.#lists.set(oldest, list);
      } else {
        this.#bytes -= this.#cost(list.seqs);
      }
    }
  }

  /** The list kept under `key` for `owner` while it may still be trusted at `now`, else undefined (and a list of that owner is given up). */
  #trusted(key: KeptKey, now: number, owner: string): KeptList | undefined {
    const list = this.#lists.get(key);
    if (list === undefined || list.owner !== owner) return undefined;
    if (now - list.readAt >= this.maxAge) {
      this.#forget(key, list);
      return undefined;
    }
    return list;
  }

  #forget(key: KeptKey, list: KeptList): void {
    this.#lists.delete(key);
    this.#bytes -= this.#cost(list.seqs);
  }

  #cost(seqs: AscendingSeqs): number {
    return seqs.byteLength + this.entryBytes;
  }
}
