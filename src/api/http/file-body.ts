/**
 * The body of a file the server sends (a CSV export), read as it arrives rather than whole:
 * the caller's signal cancels it, and a body that stops arriving for `idleMs` fails as a timeout.
 */
import type { CsvFile } from '../client.js';
import { ApiError } from '../contract/errors.js';

/** The file of a successful answer, when it is a CSV file; `invalid_response` otherwise. */
export function csvFileOf(response: Response, signal: AbortSignal | undefined, idleMs: number): CsvFile {
  const type = response.headers.get('Content-Type') ?? '';
  if (!/^text\/csv\s*(?:;|$)/i.test(type) || response.body === null) {
    void response.body?.cancel().catch(() => undefined);
    throw new ApiError({ status: response.status, code: 'invalid_response', detail: `The server answered ${type || 'no type'} instead of a CSV file.` });
  }
  const counted = /^\d{1,12}$/.exec(response.headers.get('X-Total-Count')?.trim() ?? '');
  return { total: counted ? Number(counted[0]) : null, chunks: chunksOf(response.body, signal, idleMs) };
}

async function* chunksOf(body: ReadableStream<Uint8Array<ArrayBuffer>>, signal: AbortSignal | undefined, idleMs: number): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  const reader = body.getReader();
  const onAbort = () => void reader.cancel(signal?.reason).catch(() => undefined);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      signal?.throwIfAborted();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const idle = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new ApiError({ status: 0, code: 'timeout', detail: `The file stopped arriving for ${idleMs} ms.` })), idleMs);
      });
      let next: ReadableStreamReadResult<Uint8Array<ArrayBuffer>>;
      try {
        next = await Promise.race([reader.read(), idle]);
      } catch (error) {
        signal?.throwIfAborted();
        if (error instanceof ApiError) throw error;
        throw new ApiError({ status: 0, code: 'network_error', detail: 'The file stopped arriving.', cause: error });
      } finally {
        clearTimeout(timer);
      }
      // A cancel ends the read as if the file had ended: it has not.
      signal?.throwIfAborted();
      if (next.done) return;
      yield next.value;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    // Stopped early (or failed): the rest of the file is not wanted.
    void reader.cancel().catch(() => undefined);
  }
}
