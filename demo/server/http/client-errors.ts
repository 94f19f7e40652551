/**
 * Requests that never reach the app are answered with problem documents too: what Node's
 * HTTP parser refuses (broken syntax, a request line and headers over its limit), HTTP/1.1
 * requests without a Host header, and request targets that make no URL. Left to themselves,
 * Node and the adapter answer those with bare status lines.
 */
import { type RequestListener, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { RequestError } from '@hono/node-server';
import { PROBLEM_CONTENT_TYPE, ProblemError } from './problems.js';

/** For the server's `clientError` event: answers a request Node could not parse, then closes. */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  const problem = parserProblem(error.code);
  if (problem === null || !socket.writable) {
    socket.destroy();
    return;
  }
  const { body, headers } = closingAnswer(problem);
  const head = [`HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? ''}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}

/**
 * Wraps the request listener of a server created with `requireHostHeader: false`, answering
 * an HTTP/1.1 request without Host as RFC 9112 asks (400), with a problem document.
 */
export function requiringHost(listener: RequestListener): RequestListener {
  return (request, response) => {
    if (request.headers.host !== undefined || request.httpVersion !== '1.1') return listener(request, response);
    const problem = new ProblemError('validation_failed', 'Send a Host header');
    const { body, headers } = closingAnswer(problem);
    response.writeHead(problem.status, headers).end(body);
  };
}

/** For the adapter's `errorHandler`: a request whose target makes no URL is a 400. */
export function answerUnreadableRequest(error: unknown): Response {
  let problem = new ProblemError('validation_failed', 'The request target is not a valid address');
  if (!(error instanceof RequestError)) {
    console.error(error);
    problem = new ProblemError('internal_error', 'Something went wrong on the server; the request was not completed');
  }
  const { body, headers } = closingAnswer(problem);
  return new Response(body, { status: problem.status, headers });
}

/** The problem for a parser error code; null for a client that timed out or went away. */
function parserProblem(code: string | undefined): ProblemError | null {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return new ProblemError('header_fields_too_large', 'Send a shorter request line and fewer or shorter headers (16 KiB in all)');
  }
  if (code?.startsWith('HPE_')) return new ProblemError('validation_failed', 'The request is not valid HTTP/1.1');
  return null;
}

function closingAnswer(problem: ProblemError): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(problem.toJSON());
  const headers = {
    'Content-Type': PROBLEM_CONTENT_TYPE,
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    Connection: 'close',
  };
  return { body, headers };
}
