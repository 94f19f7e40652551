#!/usr/bin/env node
/**
 * Checks that an API implements the licenses API contract, as `npx license-desk-conformance`
 * (the package's bin, built into dist/conformance) or `npm run conformance -- …`:
 *
 *   license-desk-conformance --base-url https://shop.example/api/v1 --token A --other-token B
 *
 * First it checks that the API answers and takes the tokens, then runs the contract suite
 * in Node's test runner and prints one line per check and a summary by area. It activates
 * licenses, switches auto-renewal and sends confirmation emails: point it at test tenants.
 * Exits with 0 when every check passed, 1 when one failed, 2 when it could not start.
 */
import { run } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkLine, ReportCollector, summary, type RunnerEvent } from './report.js';
import { TARGET_VARIABLE, type TargetOptions } from './target-options.js';

const USAGE = `Checks that an API implements the licenses API contract (v1).

Usage:
  license-desk-conformance --base-url URL --token TOKEN_A [--other-token TOKEN_B]
  license-desk-conformance --base-url URL --proxy

  --base-url     where the API lives, e.g. http://localhost:8787/api/v1
  --token        a bearer token of reseller A, whose data the checks work on
  --other-token  a bearer token of another reseller B, to check that A's data stays A's
                 (without it, those checks are skipped)
  --proxy        the API sits behind a proxy that adds the token: no token is sent, and
                 the checks that need a second reseller or no token are skipped
  --timeout      milliseconds one request may take (15000)

The checks change data: they activate licenses, switch auto-renewal and send
confirmation emails. Use test tenants holding processed orders with available
licenses, a refunded order and a registered customer.`;

class SetupError extends Error {}

/** The target the options name; null when only the usage was asked for. */
function options(argv: string[]): TargetOptions | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      'base-url': { type: 'string' },
      token: { type: 'string' },
      'other-token': { type: 'string' },
      proxy: { type: 'boolean' },
      timeout: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const { 'base-url': baseUrl, token, 'other-token': otherToken, proxy = false, timeout = '15000', help } = values;
  if (help) return null;
  if (!baseUrl) throw new SetupError('--base-url is missing.');
  if (!URL.canParse(baseUrl)) throw new SetupError(`--base-url ${baseUrl} is not a URL.`);
  if (proxy && (token || otherToken)) throw new SetupError('--proxy sends no token: leave out --token and --other-token.');
  if (!proxy && !token) throw new SetupError('--token is missing (or --proxy, when a proxy adds it).');
  const timeoutMs = Number(timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new SetupError(`--timeout ${timeout} is not a number of milliseconds.`);
  return { baseUrl: baseUrl.replace(/\/+$/, ''), token: token ?? null, otherToken: otherToken ?? null, timeoutMs };
}

/** `GET /me` with `token` (none when null): the reseller's id, or a SetupError saying what is wrong. */
async function resellerOf(target: TargetOptions, token: string | null, which: string): Promise<string> {
  const url = `${target.baseUrl}/me`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: token === null ? {} : { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(target.timeoutMs),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new SetupError(`Cannot reach ${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}. Is --base-url right, and the API running?`);
  }
  const text = await response.text();
  if (response.status === 401 || response.status === 403) {
    throw new SetupError(
      token === null
        ? `GET ${url} without a token answered ${response.status}: with --proxy, the proxy must add the token.`
        : `GET ${url} answered ${response.status}: the API refuses ${which}.`,
    );
  }
  let reseller: unknown;
  try {
    reseller = (JSON.parse(text) as { reseller?: { id?: unknown } }).reseller?.id;
  } catch {
    reseller = undefined;
  }
  if (!response.ok || typeof reseller !== 'string') {
    throw new SetupError(`GET ${url} answered ${response.status} ${response.headers.get('Content-Type') ?? ''}, not the licenses API's reseller: is --base-url the API's base (e.g. …/api/v1)?`);
  }
  return reseller;
}

async function preflight(target: TargetOptions): Promise<void> {
  const a = await resellerOf(target, target.token, 'the --token');
  if (target.otherToken === null) return;
  const b = await resellerOf(target, target.otherToken, 'the --other-token');
  if (a === b) throw new SetupError('--token and --other-token belong to the same reseller: give a token of another reseller.');
}

async function main(argv: string[]): Promise<number> {
  let target: TargetOptions | null;
  try {
    target = options(argv);
    if (target === null) {
      console.log(USAGE);
      return 0;
    }
    await preflight(target);
  } catch (error) {
    const parseError = String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
    if (!(error instanceof SetupError) && !parseError) throw error;
    const { message } = error as Error;
    console.error(message);
    if (!message.includes('GET ')) console.error('Run with --help for the options.');
    return 2;
  }
  console.log(`Checking the licenses API at ${target.baseUrl}${target.token === null ? ' (behind a proxy that adds the token)' : ''}`);
  process.env[TARGET_VARIABLE] = JSON.stringify(target);
  // Started from inside a test file (a reseller's own test, or ours), Node's runner would
  // otherwise take this for a nested run and skip the suite.
  delete process.env.NODE_TEST_CONTEXT;
  const suffix = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const file = fileURLToPath(new URL(`./target${suffix}`, import.meta.url));
  const collector = new ReportCollector((check) => console.log(checkLine(check)));
  for await (const event of run({ files: [file], concurrency: 1 })) {
    if (event.type === 'test:stderr') process.stderr.write((event.data as { message: string }).message);
    collector.add(event as RunnerEvent);
  }
  collector.flush();
  console.log(`\n${summary(collector.checks, collector.setupFailures)}`);
  const failed = collector.checks.some((c) => c.outcome === 'failed') || collector.setupFailures.length > 0;
  return failed || collector.checks.length === 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
