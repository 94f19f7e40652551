/**
 * The contract tests, written once against `LicensesApi` and run against every
 * implementation: the memory client, the demo backend over HTTP, or a reseller's own
 * proxy (`npm run conformance`). Checks that only make sense on the wire run for targets
 * that say where their HTTP API lives.
 */
import { after, before, describe } from 'node:test';
import { Fixture, type ConformanceTarget } from './support.js';
import { defineOrderTests } from './orders.js';
import { defineOrderTextTests } from './order-text.js';
import { defineLicenseTests } from './licenses.js';
import { defineActivationTests } from './activation.js';
import { defineReplayTests } from './replays.js';
import { defineIsolationTests } from './isolation.js';
import { defineHttpTests } from './http.js';
import { defineLifecycleTests } from './lifecycle.js';
import { defineHolderTests } from './holders.js';
import { defineRenewalTests } from './renewals.js';
import { defineLicenseCountTests } from './license-counts.js';
import { defineLicenseKeysFileTests } from './license-keys-file.js';
import { defineJobTests } from './jobs.js';

export type { ConformanceTarget } from './support.js';

/** Everything one area of the suite gets: the fixture of the target, once it is set up. */
export type FixtureGetter = () => Fixture;

/**
 * Registers the whole contract suite under `name`. `setup` runs once before the tests
 * and must give each target fresh data; `teardown` runs after them.
 */
export function defineConformanceSuite(name: string, setup: () => Promise<ConformanceTarget>): void {
  describe(name, () => {
    let fixture: Fixture | undefined;
    const get: FixtureGetter = () => {
      if (!fixture) throw new Error(`${name}: the target was not set up`);
      return fixture;
    };
    before(async () => {
      fixture = new Fixture(await setup());
    });
    after(async () => {
      await fixture?.target.teardown?.();
    });
    defineOrderTests(get);
    defineOrderTextTests(get);
    defineLicenseTests(get);
    defineActivationTests(get);
    defineReplayTests(get);
    defineIsolationTests(get);
    defineLifecycleTests(get);
    defineHolderTests(get);
    defineRenewalTests(get);
    defineLicenseCountTests(get);
    defineLicenseKeysFileTests(get);
    defineJobTests(get);
    defineHttpTests(get);
  });
}
