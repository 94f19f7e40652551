/**
 * Loads one search shape with autocannon: 10 connections for a bounded time, on loopback
 * only, each connection cycling through the shape's requests. Latencies are taken from every
 * response with sub-millisecond resolution (autocannon's own histogram keeps whole ms).
 */
import autocannon from 'autocannon';

/** How a shape held up under load. */
export interface LoadResult {
  requests: number;
  perSecond: number;
  /** Milliseconds. */
  p50: number;
  p99: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** Answers with a status other than 2xx. */
  non2xx: number;
}

/** Load settings; the defaults are what the benchmark reports. */
export interface LoadOptions {
  connections?: number;
  /** Seconds of measured load. */
  seconds?: number;
  /** Seconds of unmeasured load first. */
  warmupSeconds?: number;
}

/** Sends the requests at `paths` (below `origin`, which must be on 127.0.0.1) to the server. */
export async function loadPaths(origin: string, token: string, paths: readonly string[], options: LoadOptions = {}): Promise<LoadResult> {
  if (new URL(origin).hostname !== '127.0.0.1') throw new Error(`The benchmark loads loopback servers only, not ${origin}`);
  const connections = options.connections ?? 10;
  const instance = autocannon({
    url: origin,
    connections,
    duration: options.seconds ?? 8,
    timeout: 10,
    headers: { authorization: `Bearer ${token}` },
    requests: paths.map((path) => ({ method: 'GET', path })),
    warmup: { connections, duration: options.warmupSeconds ?? 1 },
  });
  const latencies: number[] = [];
  instance.on('response', (_client, status, _bytes, ms) => {
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return {
    requests: result.requests.total,
    perSecond: result.requests.total / result.duration,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

/** The nearest-rank percentile of sorted values; NaN when there are none. */
function percentile(sorted: readonly number[], share: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? Number.NaN;
}
