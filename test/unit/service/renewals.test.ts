/**
 * The renewals over every store, with a clock the tests move: renewals paid from the balance,
 * expiries (not renewing, or unpaid), scheduled changes on their day and not before, notice
 * digests sent once, catching up after downtime, and (PostgreSQL) two servers at once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { HistoryEntry } from '../../../src/api/contract/schemas.js';
import { createDemoWorld, type DemoLicenseRecord } from '../../../src/api/memory/demo-data.js';
import { MemoryStore } from '../../../src/api/memory/memory-store.js';
import { addDays } from '../../../src/rules/licenses.js';
import { nextTermEnd } from '../../../src/rules/renewals.js';
import { LicensesService } from '../../../src/service/service.js';
import type { MailRecord, ResellerRecord, Store } from '../../../src/service/store.js';
import { openPostgresStore, type PostgresStore } from '../../../demo/server/store/postgres/postgres-store.js';
import { SqliteStore } from '../../../demo/server/store/sqlite/sqlite-store.js';
import { startPostgres, type TestPostgres } from '../../support/postgres.js';

const T = new Date('2026-11-27T15:30:00Z');
const TODAY = '2026-11-27';
const world = createDemoWorld({ seed: 3, orders: 30, bigOrderLicenses: 0, today: T });
const entries = [...world.orders()];
const resellerA = world.resellers[0]!;

/** Reseller A's renewal-order license with `validTo` `days` from today: the renewing one or the lapsing one. */
function seeded(days: number, renews: boolean): DemoLicenseRecord {
  const validTo = addDays(TODAY, days);
  const found = entries
    .filter((e) => e.order.resellerId === resellerA.id)
    .flatMap((e) => e.licenses)
    .find((l) => l.validTo === validTo && l.activatedAt !== null && l.recurrent === renews && !l.expiredAt);
  assert.ok(found, `the world has a license ${renews ? 'renewing' : 'lapsing'} in ${days} days`);
  return found;
}

/** What a test works with: the store, a service over it whose clock the test sets, and the outbox. */
interface Target {
  store: Store;
  outbox(): Promise<MailRecord[]>;
  close(): Promise<void>;
}

class Run {
  now = T;
  readonly service: LicensesService;
  constructor(readonly target: Target) {
    this.service = new LicensesService({ store: target.store, clock: { now: () => this.now } });
  }
  at(instant: string): this {
    this.now = new Date(instant);
    return this;
  }
  caller(): Promise<ResellerRecord> {
    return this.service.caller(resellerA.id);
  }
  async history(licenseId: string): Promise<HistoryEntry[]> {
    return (await this.service.getLicenseHistory(await this.caller(), licenseId, { limit: 500 })).items;
  }
  async notices(): Promise<MailRecord[]> {
    return (await this.target.outbox()).filter((m) => m.kind === 'renewal_notice' && m.resellerId === resellerA.id);
  }
}

/** A bigger world: more licenses come due at once than the renewals read in one batch. */
const bigWorld = createDemoWorld({ seed: 3, orders: 30, bigOrderLicenses: 450, today: T });

function defineRenewalTests(name: string, open: (w?: typeof world) => Promise<Target>): void {
  describe(`renewals over the ${name}`, () => {
    let target: Target | undefined;
    const fresh = async (w = world) => {
      await target?.close();
      target = await open(w);
      return new Run(target);
    };
    after(async () => target?.close());

    test('renews an active license with automatic renewal at the end of its term, once, paid from the balance', async () => {
      const run = await fresh();
      const license = seeded(1, true);
      const before = (await run.caller()).balance.value;
      await run.at(`${addDays(TODAY, 1)}T23:59:00Z`).service.runRenewals();
      assert.equal((await run.service.getLicense(await run.caller(), license.id)).validTo, license.validTo, 'not before its last day has passed');
      await run.at(`${addDays(TODAY, 2)}T00:00:30Z`).service.runRenewals();
      await run.service.runRenewals();
      const renewed = await run.service.getLicense(await run.caller(), license.id);
      assert.equal(renewed.status, 'active');
      assert.equal(renewed.validTo, '2027-11-28');
      const entries = (await run.history(license.id)).filter((e) => e.kind === 'renewed');
      assert.equal(entries.length, 1);
      assert.deepEqual(entries[0]!.actor, { kind: 'system', name: 'Renewals' });
      const product = entriesProduct(license);
      const unitPrice = (await run.service.getCatalog(await run.caller())).items.find((p) => p.id === product)!.unitPrice.value;
      assert.ok(unitPrice > 0);
      assert.equal((await run.caller()).balance.value, before - unitPrice);
    });

    test('lets a license without automatic renewal expire, and refuses billing changes and activation afterwards', async () => {
      const run = await fresh();
      const license = seeded(7, false);
      await run.at(`${addDays(TODAY, 8)}T08:00:00Z`).service.runRenewals();
      const expired = await run.service.getLicense(await run.caller(), license.id);
      assert.equal(expired.status, 'expired');
      assert.equal(expired.renewalDeadline, null);
      assert.deepEqual(expired.actions.changeBillingState, { allowed: false, reason: 'license_expired' });
      const history = await run.history(license.id);
      assert.deepEqual(history.filter((e) => e.kind === 'expired').map((e) => e.at), [`${addDays(TODAY, 8)}T00:00:00Z`]);
      await assert.rejects(run.service.setBillingState(await run.caller(), license.id, { recurrent: true }), { code: 'license_expired' });
      const order = await run.service.getOrder(await run.caller(), license.orderId);
      // Its order's other license renewed: one active, and the expired one counts neither active nor available.
      assert.deepEqual([order.quantity, order.activeCount, order.availableCount], [2, 1, 0]);
    });

    test('expires a renewing license when the balance cannot pay, with the reason', async () => {
      const run = await fresh();
      const license = seeded(1, true);
      await run.target.store.transaction((tx) => tx.setBalance(resellerA.id, { value: 0, currency: resellerA.currency }));
      await run.at(`${addDays(TODAY, 2)}T00:01:00Z`).service.runRenewals();
      assert.equal((await run.service.getLicense(await run.caller(), license.id)).status, 'expired');
      const expiry = (await run.history(license.id)).filter((e) => e.kind === 'expired');
      assert.equal(expiry.length, 1);
      assert.match(expiry[0]!.detail, /CSS balance/);
      assert.equal((await run.caller()).balance.value, 0);
    });

    test('applies a scheduled change on its day, not before, and before that day’s renewals', async () => {
      const run = await fresh();
      const license = seeded(30, true);
      const effectiveOn = addDays(TODAY, 10);
      const scheduled = await run.service.setBillingState(await run.caller(), license.id, { recurrent: false, effectiveOn });
      assert.deepEqual(scheduled.scheduledBillingChange, { recurrent: false, effectiveOn });
      assert.equal(scheduled.recurrent, true);
      await run.at(`${addDays(TODAY, 9)}T23:59:59Z`).service.runRenewals();
      const dayBefore = await run.service.getLicense(await run.caller(), license.id);
      assert.equal(dayBefore.recurrent, true);
      assert.deepEqual(dayBefore.scheduledBillingChange, { recurrent: false, effectiveOn });
      await run.at(`${effectiveOn}T00:00:10Z`).service.runRenewals();
      const applied = await run.service.getLicense(await run.caller(), license.id);
      assert.equal(applied.recurrent, false);
      assert.equal(applied.scheduledBillingChange, null);
      const change = (await run.history(license.id)).filter((e) => e.kind === 'billing_state_changed');
      assert.equal(change.length, 1);
      assert.equal(change[0]!.actor.kind, 'system');
      assert.equal(change[0]!.at, `${effectiveOn}T00:00:00Z`);
      // Three years later, caught up in one run: it lapsed at the end of its term instead of renewing.
      await run.at('2029-12-01T12:00:00Z').service.runRenewals();
      assert.equal((await run.service.getLicense(await run.caller(), license.id)).status, 'expired');
    });

    test('catches up after downtime: a license three terms behind renews three times, in order', async () => {
      const run = await fresh();
      const license = seeded(60, true);
      await run.at('2029-12-01T12:00:00Z').service.runRenewals();
      const caughtUp = await run.service.getLicense(await run.caller(), license.id);
      assert.equal(caughtUp.validTo, '2030-01-26');
      const renewals = (await run.history(license.id)).filter((e) => e.kind === 'renewed');
      assert.deepEqual(renewals.map((e) => e.at), ['2027-01-27T00:00:00Z', '2028-01-27T00:00:00Z', '2029-01-27T00:00:00Z']);
      await run.service.runRenewals();
      assert.equal((await run.history(license.id)).filter((e) => e.kind === 'renewed').length, 3, 'nothing twice');
    });

    test('works through more due licenses than one batch, each term in order, each paid', async () => {
      const run = await fresh(bigWorld);
      const before = (await run.caller()).balance.value;
      const prices = new Map((await run.service.getCatalog(await run.caller())).items.map((p) => [p.id, p.unitPrice.value]));
      const mine = [...bigWorld.orders()].filter((e) => e.order.resellerId === resellerA.id && e.order.state === 'processed');
      const now = '2029-06-01T12:00:00Z';
      await run.at(now).service.runRenewals();
      let charged = 0;
      let steps = 0;
      for (const { order, licenses } of mine) {
        for (const license of licenses.filter((l) => !l.expiredAt)) {
          const renewing = license.activatedAt !== null && license.recurrent;
          const history = await run.history(license.id);
          const renewals = history.filter((e) => e.kind === 'renewed').map((e) => e.at);
          const after = await run.service.getLicense(await run.caller(), license.id);
          let validTo = license.validTo;
          const expected: string[] = [];
          while (renewing && `${addDays(validTo, 1)}T00:00:00Z` <= now) {
            expected.push(`${addDays(validTo, 1)}T00:00:00Z`);
            validTo = nextTermEnd(validTo, 12);
          }
          assert.deepEqual(renewals, expected, `renewals of ${license.id}`);
          if (renewing) assert.equal(after.validTo, validTo);
          charged += expected.length * prices.get(order.productId)!;
          steps += expected.length;
          if (!renewing && `${addDays(license.validTo, 1)}T00:00:00Z` <= now) {
            assert.equal(after.status, 'expired');
            assert.equal(history.filter((e) => e.kind === 'expired').length, 1);
            steps += 1;
          }
        }
      }
      assert.ok(steps > 200, `${steps} steps, more than one batch`);
      assert.equal((await run.caller()).balance.value, before - charged);
    });

    test('sends one digest a day of the licenses that will not renew, never twice', async () => {
      const run = await fresh();
      await run.service.runRenewals();
      await run.service.runRenewals();
      const first = await run.notices();
      assert.equal(first.length, 1, 'one digest today');
      for (const days of [1, 7, 30]) assert.ok(first[0]!.text.includes(seeded(days, false).activationCode), `lists the one lapsing in ${days} days`);
      for (const days of [60, 90]) assert.ok(!first[0]!.text.includes(seeded(days, false).activationCode), `not yet the one in ${days} days`);
      assert.ok(!first[0]!.text.includes(seeded(1, true).activationCode), 'not the ones that renew');
      assert.equal(first[0]!.to, resellerA.user.email);
      // The next day: the licenses whose notice day it is, nothing repeated.
      await run.at(`${addDays(TODAY, 1)}T00:05:00Z`).service.runRenewals();
      await run.service.runRenewals();
      const second = await run.notices();
      assert.equal(second.length, 1, 'nothing due the next day: no digest');
      // A day the server was down is made up for: on day 24 the one lapsing on day 30 (notice day 23) comes in.
      await run.at(`${addDays(TODAY, 24)}T09:00:00Z`).service.runRenewals();
      const later = (await run.notices()).filter((m) => !second.some((s) => s.id === m.id));
      assert.equal(later.length, 1);
      assert.ok(later[0]!.text.includes(seeded(30, false).activationCode));
      assert.ok(!later[0]!.text.includes(seeded(1, false).activationCode), 'an expired license is not noticed');
    });
  });
}

function entriesProduct(license: DemoLicenseRecord): string {
  return entries.find((e) => e.order.id === license.orderId)!.order.productId;
}

defineRenewalTests('memory store', async (w = world) => {
  const store = MemoryStore.fromWorld(w);
  return {
    store,
    outbox: async () => store.outbox.map((m) => ({ ...m })),
    close: async () => {},
  };
});

defineRenewalTests('SQLite store', async (w = world) => {
  const store = SqliteStore.open(':memory:');
  await store.seed(w, { seed: 3 });
  return { store, outbox: () => store.outbox(10_000), close: () => store.close() };
});

describe('renewals on PostgreSQL', () => {
  let db: TestPostgres;
  let store: PostgresStore;
  before(async () => {
    db = await startPostgres();
    store = await openPostgresStore({ connectionString: db.url, max: db.poolSize ?? 10 });
  });
  after(async () => {
    await store?.close();
    await db?.stop();
  });

  defineRenewalTests('PostgreSQL store', async (w = world) => {
    await store.reset();
    await store.seed(w, { seed: 3 });
    return { store, outbox: () => store.outbox(10_000), close: async () => {} };
  });

  test('two servers on one database renew each license once and send one digest', async () => {
    await store.reset();
    await store.seed(world, { seed: 3 });
    const other = await openPostgresStore({ connectionString: db.url, max: db.poolSize ?? 10 });
    try {
      const runs = [new Run({ store, outbox: () => store.outbox(10_000), close: async () => {} }), new Run({ store: other, outbox: () => other.outbox(10_000), close: async () => {} })];
      await Promise.all(runs.map((run) => run.service.runRenewals()));
      assert.equal((await runs[0]!.notices()).length, 1, 'one digest');
      for (const run of runs) run.at('2027-03-01T06:00:00Z');
      await Promise.all(runs.map((run) => run.service.runRenewals()));
      await Promise.all(runs.map((run) => run.service.runRenewals()));
      for (const days of [1, 7, 30, 60, 90]) {
        const renewing = seeded(days, true);
        assert.equal((await runs[0]!.history(renewing.id)).filter((e) => e.kind === 'renewed').length, 1, `renewed once (${days} days)`);
        const lapsing = seeded(days, false);
        assert.equal((await runs[0]!.history(lapsing.id)).filter((e) => e.kind === 'expired').length, 1, `expired once (${days} days)`);
      }
    } finally {
      await other.close();
    }
  });
});
