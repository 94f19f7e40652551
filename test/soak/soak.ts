/**
 * `npm run soak [-- --seconds 120 --connections 16 --orders 60000]`: the demo backend in a
 * process of its own on a fresh database, loaded over loopback for a bounded time with mixed
 * traffic as fast as it answers. Prints requests, rate, latencies and errors per kind and the
 * server's memory (RSS) at the start, middle and end; then checks that every acknowledged
 * change is in the database and outbox. Exits non-zero on any error, lost write or growth.
 */
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createDemoWorld } from '../../src/api/memory/demo-data.js';
import { openDatabase } from '../../demo/server/store/sqlite/database.js';
import { seedDatabase } from '../../demo/server/store/sqlite/seed.js';
import { startServerProcess } from '../../scripts/bench/server-process.js';
import { formatTable } from '../../scripts/bench/table.js';
import { openReadOnly } from '../security/support/backend.js';
import { type Kind, MIX, readPools, type Request, Traffic } from './traffic.js';
import { lostWrites } from './verify.js';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '120' }, connections: { type: 'string', default: '16' }, orders: { type: 'string', default: '60000' } },
});
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const ORDERS = Number(values.orders);
const SEED = 1;

interface Tally {
  latencies: number[];
  errors: number;
}

async function main(): Promise<number> {
  // Whatever happens, the run ends: the load, a drain and the checks get a few minutes beyond it.
  setTimeout(() => {
    console.error('The soak did not finish in time');
    process.exit(3);
  }, (SECONDS + 300) * 1000).unref();
  const dir = mkdtempSync(join(tmpdir(), 'license-desk-soak-'));
  try {
    const path = join(dir, 'soak.sqlite');
    const seeding = performance.now();
    const db = openDatabase(path);
    seedDatabase(db, createDemoWorld({ seed: SEED, orders: ORDERS }), { seed: SEED });
    db.close();
    const reader = openReadOnly(path);
    const pools = readPools(reader);
    reader.close();
    console.log(`Soak: ${SECONDS} s of mixed traffic on ${CONNECTIONS} connections; ${ORDERS.toLocaleString('en')} orders seeded in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
    console.log(`Load average before (1, 5, 15 min): ${loadavg().map((n) => n.toFixed(2)).join(', ')}`);

    const server = await startServerProcess(path, SEED);
    const origin = new URL(server.apiBase).origin;
    if (new URL(origin).hostname !== '127.0.0.1') throw new Error(`The soak loads loopback servers only, not ${origin}`);
    const rss: number[] = [rssOf(server.pid)];
    const sampler = setInterval(() => rss.push(rssOf(server.pid)), 1000);
    const traffic = new Traffic(pools);
    const tallies = new Map<Kind, Tally>(Object.keys(MIX).map((kind) => [kind as Kind, { latencies: [], errors: 0 }]));
    const failures: string[] = [];
    const started = performance.now();
    const deadline = started + SECONDS * 1000;
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    const worker = async () => {
      while (performance.now() < deadline) {
        const request = nextRequest(traffic);
        const tally = tallies.get(request.kind) as Tally;
        const sent = performance.now();
        const error = await exchange(origin, agent, server.tokens.a, request);
        tally.latencies.push(performance.now() - sent);
        if (error !== null) {
          tally.errors += 1;
          if (failures.length < 20) failures.push(`${request.kind}: ${request.method} ${request.path}: ${error}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONNECTIONS }, worker));
    const elapsed = (performance.now() - started) / 1000;
    clearInterval(sampler);
    rss.push(rssOf(server.pid));
    agent.destroy();
    await server.stop();

    const check = openReadOnly(path);
    const lost = lostWrites(check, traffic.ledger);
    check.close();
    report(tallies, elapsed, rss, traffic, failures, lost);
    const errors = [...tallies.values()].reduce((n, t) => n + t.errors, 0);
    return errors > 0 || lost.length > 0 || !flat(rss) ? 1 : 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A request of a kind drawn by the mix, falling back to a search when a kind's pool is dry. */
function nextRequest(traffic: Traffic): Request {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const request = traffic.request(traffic.kind());
    if (request) return request;
  }
  return traffic.request('search') as Request;
}

/** Sends `request`; resolves with null when it got the answer it must get, else with what went wrong. */
function exchange(origin: string, agent: http.Agent, token: string, request: Request): Promise<string | null> {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  if (request.key !== undefined) headers['Idempotency-Key'] = request.key;
  return new Promise<string | null>((resolve) => {
    const req = http.request(`${origin}${request.path}`, { method: request.method, headers, agent, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== request.status) resolve(`${res.statusCode} ${body.slice(0, 200)}`);
        else {
          try {
            resolve(request.accept?.(body, res.headers) ?? null);
          } catch (error) {
            resolve(`unreadable answer: ${String(error)}`);
          }
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error('no answer in 10 s')));
    req.on('error', (error) => resolve(error.message));
    req.end(request.body);
  }).finally(() => request.release?.());
}

function rssOf(pid: number): number {
  try {
    const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Number(kib ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** Memory is flat when the second half of the run added less than a tenth (and 32 MiB) to the first half's peak. */
function flat(rss: number[]): boolean {
  const half = Math.floor(rss.length / 2);
  const firstPeak = Math.max(...rss.slice(0, half + 1));
  return Math.max(...rss) - firstPeak <= Math.max(firstPeak * 0.1, 32 * 2 ** 20);
}

function report(tallies: Map<Kind, Tally>, seconds: number, rss: number[], traffic: Traffic, failures: string[], lost: string[]): void {
  const ms = (n: number) => n.toFixed(1);
  const row = (kind: string, t: Tally) => {
    const sorted = [...t.latencies].sort((x, y) => x - y);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    return [kind, t.latencies.length, (t.latencies.length / seconds).toFixed(1), ms(at(0.5)), ms(at(0.99)), t.errors];
  };
  const all: Tally = { latencies: [...tallies.values()].flatMap((t) => t.latencies), errors: [...tallies.values()].reduce((n, t) => n + t.errors, 0) };
  console.log(`\n${formatTable(['kind', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'errors'], [...[...tallies].map(([kind, t]) => row(kind, t)), row('all', all)])}`);
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  const middle = rss[Math.floor(rss.length / 2)] ?? 0;
  console.log(`\nServer RSS: start ${mib(rss[0] ?? 0)}, middle ${mib(middle)}, end ${mib(rss.at(-1) ?? 0)}, peak ${mib(Math.max(...rss))} (${rss.length} samples): ${flat(rss) ? 'flat' : 'GROWING'}`);
  const { activations, billing, confirmations } = traffic.ledger;
  const changes = [...billing.values()].reduce((n, v) => n + v.length, 0);
  console.log(`Acknowledged writes: ${activations.length} activations, ${changes} billing changes on ${billing.size} licenses, ${confirmations.length} confirmation emails`);
  console.log(lost.length === 0 ? 'Every acknowledged write is in the database and the outbox, once; every order\'s counts add up.' : `Lost or doubled writes:\n  ${lost.slice(0, 20).join('\n  ')}`);
  if (failures.length > 0) console.log(`Errors (first ${failures.length}):\n  ${failures.join('\n  ')}`);
}

process.exitCode = await main();
