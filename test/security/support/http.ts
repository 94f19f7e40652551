/**
 * Talking to a server the way an attacker can: node:http requests whose path, headers and
 * body are sent exactly as given (fetch would normalise them), and raw bytes over a socket
 * for what no HTTP client will send.
 */
import http from 'node:http';
import net from 'node:net';

export interface Answer {
  status: number;
  /** Lower-case names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  text: string;
}

export interface Call {
  method?: string;
  /** The request target exactly as sent: percent-encode what must be. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send the body in two chunks without Content-Length. */
  chunked?: boolean;
}

/**
 * Sends `call` to the server at `url` (`http://127.0.0.1:PORT`) on a connection of its own, so
 * that no request meets a connection an earlier one left behind; rejects after `timeoutMs`.
 */
export function send(url: string, call: Call, timeoutMs = 10_000): Promise<Answer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, method: call.method ?? 'GET', path: call.path, headers: call.headers, agent: false, timeout: timeoutMs });
    req.on('timeout', () => req.destroy(new Error(`${call.method ?? 'GET'} ${call.path.slice(0, 80)} timed out`)));
    req.on('error', reject);
    req.on('response', (res) => {
      // Once answered, a server may close while the rest of a refused body is still going out.
      req.removeListener('error', reject);
      req.on('error', () => {});
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: flatHeaders(res.headers), text: Buffer.concat(chunks).toString('utf8') }));
    });
    const body = call.body;
    if (body === undefined) req.end();
    else if (call.chunked) {
      const half = Math.floor(body.length / 2);
      req.write(body.slice(0, half));
      req.end(body.slice(half));
    } else {
      req.setHeader('Content-Length', Buffer.byteLength(body));
      req.end(body);
    }
  });
}

/** Writes `bytes` to a fresh connection, half-closes it and parses what comes back. */
export function sendRaw(url: string, bytes: string | Buffer, timeoutMs = 5_000): Promise<Answer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(new Error('no answer in time')), timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(parseRawAnswer(Buffer.concat(chunks).toString('latin1')));
    });
    socket.end(bytes);
  });
}

function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** The first answer in `text`: status, headers and body (chunked bodies are joined). */
function parseRawAnswer(text: string): Answer {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return { status: 0, headers: {}, text };
  const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = text.slice(end + 4);
  if (headers['content-length'] !== undefined) body = body.slice(0, Number(headers['content-length']));
  else if (headers['transfer-encoding'] === 'chunked') body = dechunk(body);
  return { status: Number(statusLine.split(' ')[1] ?? 0), headers, text: Buffer.from(body, 'latin1').toString('utf8') };
}

function dechunk(body: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', at);
    const size = parseInt(body.slice(at, lineEnd), 16);
    if (lineEnd < 0 || !(size > 0)) return out;
    out += body.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 4 + size;
  }
}
