/**
 * A reader thread of readers.ts: one read-only connection to the store's database file,
 * answering its pool's reads one at a time, each in a read transaction of its own, so that a
 * search's count and page see the same committed data. Once it has had no read for a second,
 * it reads ahead into its order directory (order-directory.ts), a slice at a time, so that its
 * first search by `q` does not wait for every order to be read (0.4 s at 1,000,000 orders).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openReader } from './database.js';
import { readDirectoryAhead } from './order-directory.js';
import type { ReadReply, ReadRequest } from './readers.js';
import { SqliteReads } from './reads.js';

const port = parentPort;
if (port === null) throw new Error('reader-thread.ts runs on a worker thread of a ReaderPool');

const reads = new SqliteReads(openReader((workerData as { path: string }).path));
const inSnapshot = reads.db.transaction((request: ReadRequest): unknown =>
  (reads[request.read] as (...args: unknown[]) => unknown).apply(reads, request.args),
);

/** Row numbers read ahead at a time: 6 ms (11 at most) at 1,000,000 orders, which a read arriving meanwhile waits at most. */
const AHEAD_ROWS = 1 << 14;
/**
 * How long the thread waits without a read before it reads ahead: reading ahead takes a core
 * for a fraction of a second at 1,000,000 orders, which the first pages of a server just
 * started should not share (a renewals page took twice as long in its first second).
 */
const IDLE_MS = 1_000;
let lastRead = 0;
let waiting: NodeJS.Timeout | null = null;

/** Reads ahead a slice once the thread has been idle a while, and again until the directory holds every order; a failure leaves it to the searches. */
function readAheadWhenIdle(): void {
  if (waiting !== null) return;
  waiting = setTimeout(() => {
    waiting = null;
    const idle = performance.now() - lastRead;
    if (idle < IDLE_MS) {
      readAheadWhenIdle();
      return;
    }
    let done = true;
    try {
      done = readDirectoryAhead(reads.db, AHEAD_ROWS);
    } catch {
      // A search reads the directory itself, and reports what fails.
    }
    if (!done) readAheadWhenIdle();
  }, Math.max(0, IDLE_MS - (performance.now() - lastRead)));
}

readAheadWhenIdle();

port.on('message', (request: ReadRequest) => {
  let reply: ReadReply;
  try {
    reply = { id: request.id, result: inSnapshot(request) };
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    reply = { id: request.id, error: { name, message } };
  }
  port.postMessage(reply);
  lastRead = performance.now();
  readAheadWhenIdle();
});
