/**
 * A reader thread of readers.ts: one read-only connection to the store's database file,
 * answering its pool's reads one at a time, each in a read transaction of its own, so that a
 * search's count and page see the same committed data.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openReader } from './database.js';
import type { ReadReply, ReadRequest } from './readers.js';
import { SqliteReads } from './reads.js';

const port = parentPort;
if (port === null) throw new Error('reader-thread.ts runs on a worker thread of a ReaderPool');

const reads = new SqliteReads(openReader((workerData as { path: string }).path));
const inSnapshot = reads.db.transaction((request: ReadRequest): unknown =>
  (reads[request.read] as (...args: unknown[]) => unknown).apply(reads, request.args),
);

port.on('message', (request: ReadRequest) => {
  let reply: ReadReply;
  try {
    reply = { id: request.id, result: inSnapshot(request) };
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    reply = { id: request.id, error: { name, message } };
  }
  port.postMessage(reply);
});
