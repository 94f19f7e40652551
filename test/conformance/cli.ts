/**
 * Runs the contract suite against any implementation of the licenses API:
 *
 *   npm run conformance -- --base-url https://shop.example/api/v1 --token A --other-token B
 *
 * It activates licenses, switches auto-renewal and sends confirmation emails, so point it
 * at test tenants. Exits non-zero when a test fails.
 */
import { parseArgs } from 'node:util';
import { HttpLicensesClient } from '../../src/api/http/http-client.js';
import { defineConformanceSuite } from './suite.js';

const USAGE = `Checks that an API implements the licenses API contract (v1).

Usage:
  npm run conformance -- --base-url URL --token TOKEN_A --other-token TOKEN_B

  --base-url     where the API lives, e.g. http://localhost:8787/api/v1
  --token        a bearer token of reseller A, whose data the tests work on
  --other-token  a bearer token of another reseller B, to check that A's data stays A's
  --timeout      milliseconds one request may take (15000)

The tests change data: they activate licenses, switch auto-renewal and send
confirmation emails. Use test tenants holding processed orders with available
licenses, a refunded order and a registered customer.`;

function options(): { baseUrl: string; token: string; otherToken: string; timeoutMs: number } | null {
  try {
    const { values } = parseArgs({
      options: {
        'base-url': { type: 'string' },
        token: { type: 'string' },
        'other-token': { type: 'string' },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    const { 'base-url': baseUrl, token, 'other-token': otherToken, timeout = '15000', help } = values;
    const timeoutMs = Number(timeout);
    if (help || !baseUrl || !token || !otherToken || !Number.isInteger(timeoutMs) || timeoutMs <= 0) return null;
    new URL(baseUrl);
    return { baseUrl, token, otherToken, timeoutMs };
  } catch (error) {
    console.error(String(error instanceof Error ? error.message : error));
    return null;
  }
}

const parsed = options();
if (!parsed) {
  console.error(USAGE);
  process.exit(2);
}
const { baseUrl, token, otherToken, timeoutMs } = parsed;
defineConformanceSuite(`licenses API at ${baseUrl}`, async () => ({
  api: new HttpLicensesClient({ baseUrl, token, timeoutMs }),
  otherApi: new HttpLicensesClient({ baseUrl, token: otherToken, timeoutMs }),
  http: { apiBase: baseUrl, token, otherToken },
}));
