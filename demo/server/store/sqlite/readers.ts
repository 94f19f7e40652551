/**
 * The SQLite store's reader threads: the searches (`GET /orders`, `GET /licenses`, the counts by
 * product) run on worker threads, each with a read-only connection to the same database file,
 * so that searches use every core and a slow one does not hold up the requests behind it on
 * the event loop. SQLite in WAL mode lets readers run beside the one writer, and a reader sees
 * what was committed before its read began: each read runs in a read transaction of its own
 * (one snapshot for its count and its page). Writes, and reads inside a transaction, stay on
 * the store's own connection. The threads start as reads need them, up to the pool's size,
 * and keep the process alive only while they have reads to answer.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { BadCursorError } from '../../../../src/service/store.js';
import type { SqliteReads } from './reads.js';

/** The reads that run on the reader threads. */
export const POOLED_READS = ['searchOrders', 'searchLicenses', 'countLicensesByProduct'] as const;
export type PooledRead = (typeof POOLED_READS)[number];

/** A read asked of a thread. */
export interface ReadRequest {
  id: number;
  read: PooledRead;
  args: unknown[];
}

/** A thread's answer: the read's result, or the error it threw (by name, see {@link asError}). */
export type ReadReply = { id: number; result: unknown } | { id: number; error: { name: string; message: string } };

/** How many reader threads a store over a file has unless told otherwise: one per core, at most four. */
export function defaultReaders(): number {
  return Math.min(4, availableParallelism());
}

/** A read asked for and not answered yet. */
interface Waiting {
  request: ReadRequest;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** A thread and the reads it was handed, in order. */
interface Reader {
  worker: Worker;
  reading: Waiting[];
}

/**
 * How many reads a thread is handed at once: the next one is there when it finishes one
 * (while its answer crosses to the event loop), and no more wait behind a slow one.
 */
const HANDED_AT_ONCE = 2;

export class ReaderPool {
  readonly #readers: Reader[] = [];
  /** The reads waiting for a thread, in the order asked: each goes to the first thread free. */
  readonly #waiting: Waiting[] = [];
  #lastId = 0;
  #closed = false;
  /** The reads asked for and not answered yet, which {@link close} waits for. */
  readonly #underWay = new Set<Promise<unknown>>();

  /** A pool of up to `size` threads reading the database file at `path`. */
  constructor(readonly path: string, readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`A reader pool needs at least one thread, not ${size}`);
  }

  /** How many threads have started (and not ended). */
  get threads(): number {
    return this.#readers.length;
  }

  /**
   * Runs the read `read` of {@link SqliteReads} with `args` on the first thread free. The
   * reads wait in one line and a thread is handed few at once, so that a quick read is not
   * held up behind slow ones while another thread is free.
   */
  run<K extends PooledRead>(read: K, ...args: Parameters<SqliteReads[K]>): Promise<ReturnType<SqliteReads[K]>> {
    if (this.#closed) return Promise.reject(new Error('The store is closed'));
    const request: ReadRequest = { id: (this.#lastId += 1), read, args };
    const answer = new Promise<ReturnType<SqliteReads[K]>>((resolve, reject) => {
      this.#waiting.push({ request, resolve: resolve as (value: unknown) => void, reject });
    });
    this.#underWay.add(answer);
    const settled = () => void this.#underWay.delete(answer);
    answer.then(settled, settled);
    this.#dispatch();
    return answer;
  }

  /** Takes no more reads, waits for those under way, then ends every thread. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.allSettled([...this.#underWay]);
    await Promise.all(this.#readers.map((reader) => reader.worker.terminate()));
  }

  /** Hands the waiting reads to the free threads, starting threads while the pool has room. */
  #dispatch(): void {
    while (this.#waiting.length > 0) {
      const idle = this.#readers.find((candidate) => candidate.reading.length === 0);
      const reader = idle ?? (this.#readers.length < this.size ? this.#start() : this.#leastBusy());
      if (reader === null) return;
      const next = this.#waiting.shift()!;
      reader.reading.push(next);
      reader.worker.ref();
      reader.worker.postMessage(next.request);
    }
  }

  /** The thread with the fewest reads handed to it, if one can take another. */
  #leastBusy(): Reader | null {
    const least = this.#readers.reduce<Reader | null>((best, reader) => (best === null || reader.reading.length < best.reading.length ? reader : best), null);
    return least !== null && least.reading.length < HANDED_AT_ONCE ? least : null;
  }

  #start(): Reader {
    const reader: Reader = { worker: startThread(this.path), reading: [] };
    reader.worker.unref();
    reader.worker.on('message', (reply: ReadReply) => {
      // A thread answers its reads in the order it was handed them.
      const answered = reader.reading.shift();
      if (answered === undefined) return;
      if (reader.reading.length === 0) reader.worker.unref();
      if ('error' in reply) answered.reject(asError(reply.error));
      else answered.resolve(reply.result);
      this.#dispatch();
    });
    // A thread that fails or ends leaves the pool, and its read fails; the reads waiting go to the others, or to a new one.
    const end = (error: Error) => {
      const at = this.#readers.indexOf(reader);
      if (at < 0) return;
      this.#readers.splice(at, 1);
      for (const read of reader.reading.splice(0)) read.reject(error);
      this.#dispatch();
    };
    reader.worker.on('error', end);
    reader.worker.on('exit', (code) => end(new Error(`A reader thread ended (exit code ${code})`)));
    this.#readers.push(reader);
    return reader;
  }
}

/** The error a thread reported, as the class the service tells apart (a bad cursor is a 400). */
export function asError(reported: { name: string; message: string }): Error {
  if (reported.name === 'BadCursorError') return new BadCursorError(reported.message);
  const error = new Error(reported.message);
  error.name = reported.name;
  return error;
}

/**
 * A thread running reader-thread.ts over the file at `path`. Worker threads do not take on
 * the TypeScript loader their process runs under (tsx, Node 20), so a thread started from the
 * sources registers it before loading the reader.
 */
function startThread(path: string): Worker {
  const fromSources = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSources ? './reader-thread.ts' : './reader-thread.js', import.meta.url);
  if (!fromSources) return new Worker(entry, { workerData: { path } });
  const loader = import.meta.resolve('tsx/esm/api');
  const source = `import(${JSON.stringify(loader)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(source, { eval: true, workerData: { path } });
}
