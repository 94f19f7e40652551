/**
 * The contract suite against one HTTP API, as the conformance command runs it (in a child
 * process of Node's test runner): the target comes from `LICENSE_DESK_CONFORMANCE`, and
 * each check reports the last request it made, so that a failure names its route.
 */
import { afterEach, beforeEach } from 'node:test';
import { HttpLicensesClient } from '../../src/api/http/http-client.js';
import { defineConformanceSuite } from './suite.js';
import type { ConformanceTarget } from './support.js';
import { LAST_REQUEST, TARGET_VARIABLE, type TargetOptions } from './target-options.js';

const options = JSON.parse(process.env[TARGET_VARIABLE] ?? 'null') as TargetOptions | null;
if (options) {
  const { baseUrl, token, otherToken, timeoutMs } = options;
  let lastRequest: string | null = null;
  const send = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    const response = await send(input, init);
    lastRequest = `${method} ${url.pathname}${url.search} answered ${response.status}`;
    return response;
  };
  beforeEach(() => {
    lastRequest = null;
  });
  afterEach((t) => {
    if (lastRequest !== null && 'diagnostic' in t) t.diagnostic(`${LAST_REQUEST}${lastRequest}`);
  });

  const cannot: ConformanceTarget['cannot'] = {};
  if (token === null) cannot['requests without a token'] = 'behind a proxy that adds the token, no request goes without one';
  if (otherToken === null) {
    cannot['a second reseller'] = token === null ? 'behind a proxy, the checks have only one reseller' : 'needs --other-token, a token of a second reseller';
  }
  defineConformanceSuite(`licenses API at ${baseUrl}`, async () => ({
    api: new HttpLicensesClient({ baseUrl, timeoutMs, ...(token ? { token } : {}) }),
    ...(otherToken ? { otherApi: new HttpLicensesClient({ baseUrl, token: otherToken, timeoutMs }) } : {}),
    http: { apiBase: baseUrl, token, otherToken },
    cannot,
  }));
}
