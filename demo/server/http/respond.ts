/** Small helpers for answers: JSON with the right type, and routes that know their methods. */
import type { Context, Env, Hono } from 'hono';
import type { Operation } from '../../../src/api/contract/operations.js';
import { csvBytes, type CsvText } from '../../../src/service/exports.js';
import { PROBLEM_CONTENT_TYPE, ProblemError } from './problems.js';

/** A JSON answer (a problem document when `status` is an error), never cached. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'Content-Type': status >= 400 ? PROBLEM_CONTENT_TYPE : 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      ...headers,
    },
  });
}

/**
 * A CSV file sent as it is written (`text/csv`), its rows counted in `X-Total-Count`. The
 * next chunk is written when the connection takes it; a client that goes away stops the writing.
 */
export function csvFile(file: CsvText): Response {
  const chunks = csvBytes(file);
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await chunks.next();
        if (next.done === true) controller.close();
        else controller.enqueue(next.value);
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Total-Count': String(file.total),
    },
  });
}

type Method = Operation['method'];
export type Handler<E extends Env> = (c: Context<E>) => Response | Promise<Response>;

/**
 * Registers a path's handlers, and a 405 with `Allow` for every other method on it.
 * (Hono answers HEAD with the GET handler.)
 */
export function resource<E extends Env>(app: Hono<E>, path: string, handlers: Partial<Record<Method, Handler<E>>>): void {
  const methods = Object.keys(handlers) as Method[];
  for (const method of methods) app.on(method, path, handlers[method] as Handler<E>);
  const allow = [...methods, ...(methods.includes('GET') ? ['HEAD'] : [])].join(', ');
  app.all(path, (c) => {
    throw new ProblemError('method_not_allowed', `${c.req.method} is not allowed here; use ${allow}`, { headers: { Allow: allow } });
  });
}
