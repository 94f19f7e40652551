/**
 * Bulk jobs: queued with 202, worked through in the background to done, every row once and
 * in order, each bad row failing alone with its code; results page by page; validation,
 * the larger body limit of `POST /jobs`, replays and isolation between resellers.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LicensesApi } from '../../src/api/client.js';
import type { Job, JobRequest, JobResult } from '../../src/api/contract/schemas.js';
import { LIMITS } from '../../src/api/contract/schemas.js';
import { refundedLicense } from './activation.js';
import { expectProblem, key, newCustomer } from './support.js';
import type { FixtureGetter } from './suite.js';

/** Polls the job until it is done (a minute at most). */
export async function finishedJob(api: LicensesApi, jobId: string): Promise<Job> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const job = await api.getJob(jobId);
    if (job.status === 'done') return job;
    assert.ok(Date.now() < deadline, `job ${jobId} is still ${job.status} after a minute (${job.done} of ${job.total} done)`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Every result of the job, walking the cursors with pages of `limit`. */
async function allResults(api: LicensesApi, jobId: string, limit: number): Promise<JobResult[]> {
  const results: JobResult[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.getJobResults(jobId, { limit, ...(cursor ? { cursor } : {}) });
    assert.ok(page.items.length <= limit, 'no page holds more than the limit');
    results.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return results;
}

export function defineJobTests(fixture: FixtureGetter): void {
  describe('bulk jobs', () => {
    test('an activation job activates every good row once and fails each bad row alone, with its code', async () => {
      const fx = fixture();
      const good = [await fx.availableLicense(), await fx.availableLicense(), await fx.availableLicense()];
      const active = await fx.activeLicense();
      const refunded = await refundedLicense(fx);
      const registered = await fx.customer();
      const spare = await fx.availableLicense();
      const customer = (label: string) => newCustomer(label);
      const rows = [
        { activationCode: good[0]!.activationCode, customer: customer('job-1') },
        { activationCode: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ', customer: customer('unknown') },
        { activationCode: good[1]!.activationCode.toLowerCase(), customer: { kind: 'existing', email: registered.email } },
        { activationCode: 'not a code!', customer: customer('malformed') },
        { activationCode: active.activationCode, customer: customer('again') },
        { activationCode: refunded.activationCode, customer: customer('refunded') },
        { activationCode: spare.activationCode, customer: { kind: 'existing', email: `nobody.${key().slice(0, 8)}@example.com` } },
        { activationCode: spare.activationCode, customer: { ...customer('taken'), email: registered.email } },
        { activationCode: spare.activationCode, customer: { ...customer('broken'), email: 'not an email' } },
        { activationCode: good[2]!.activationCode, customer: customer('job-3') },
      ];
      const queued = await fx.api.createJob({ kind: 'activation', rows } as JobRequest, { idempotencyKey: key() });
      assert.deepEqual([queued.kind, queued.status, queued.total, queued.done, queued.finishedAt], ['activation', 'queued', rows.length, 0, null]);
      const job = await finishedJob(fx.api, queued.id);
      assert.deepEqual([job.done, job.succeeded, job.failed], [10, 3, 7]);
      // Compared as instants: the contract writes milliseconds only when there are some ("…:01Z" is before "…:01.005Z").
      assert.ok(job.finishedAt !== null && Date.parse(job.finishedAt) >= Date.parse(job.createdAt), 'a finished job says when');

      const results = await allResults(fx.api, job.id, 3);
      assert.deepEqual(results.map((r) => r.row), rows.map((_, i) => i + 1), 'one result per row, in row order');
      assert.deepEqual(results.map((r) => r.target), rows.map((r) => r.activationCode), 'each result names its code');
      assert.deepEqual(results.map((r) => r.code), [
        null, 'not_found', null, 'not_found', 'license_already_active', 'order_refunded', 'customer_not_found', 'customer_exists', 'validation_failed', null,
      ]);
      assert.deepEqual(results.map((r) => r.licenseId), [good[0]!.id, null, good[1]!.id, null, active.id, refunded.id, spare.id, spare.id, null, good[2]!.id]);
      assert.ok(results.every((r) => r.ok === (r.code === null) && (r.ok ? r.detail === null : (r.detail ?? '').length > 0)), 'failures say why');

      for (const license of good) {
        const now = await fx.api.getLicense(license.id);
        assert.equal(now.status, 'active', `${license.activationCode} is active`);
        const kinds = (await fx.api.getLicenseHistory(license.id)).items.map((e) => e.kind);
        assert.equal(kinds.filter((kind) => kind === 'activated').length, 1, 'activated once');
      }
      assert.equal((await fx.api.getLicense(spare.id)).status, 'available', 'the failed rows changed nothing');
      assert.equal((await fx.api.getLicense(good[1]!.id)).customer?.email, registered.email);
    });

    test('each row of a job sees the rows before it: a code again is already active, a new customer again exists, each activation counts', async () => {
      const fx = fixture();
      const order = await fx.reservedOrder('order for a job that repeats itself', (o) => o.state === 'processed' && o.availableCount >= 3 && o.quantity < 1000);
      const [first, second, third] = (await fx.api.listLicenses(order.id, { status: 'available', limit: 3 })).items;
      assert.ok(first && second && third, 'the order has three available licenses');
      const customer = newCustomer('repeated');
      const rows = [
        { activationCode: first.activationCode, customer },
        { activationCode: first.activationCode.toLowerCase(), customer: newCustomer('second-holder') },
        { activationCode: second.activationCode, customer },
        { activationCode: second.activationCode, customer: { kind: 'existing', email: customer.email.toUpperCase() } },
        { activationCode: third.activationCode, customer: { kind: 'existing', email: newCustomer('nobody').email } },
        { activationCode: third.activationCode, customer: { ...newCustomer('third-holder'), email: customer.email.toUpperCase() } },
      ];
      const queued = await fx.api.createJob({ kind: 'activation', rows } as JobRequest, { idempotencyKey: key() });
      const results = await allResults(fx.api, (await finishedJob(fx.api, queued.id)).id, 100);
      assert.deepEqual(results.map((r) => r.code), [null, 'license_already_active', 'customer_exists', null, 'customer_not_found', 'customer_exists']);

      const holders = await Promise.all([first, second, third].map((license) => fx.api.getLicense(license.id)));
      assert.deepEqual(holders.map((license) => [license.status, license.customer?.email ?? null]), [
        ['active', customer.email], ['active', customer.email], ['available', null],
      ]);
      const after = await fx.api.getOrder(order.id);
      assert.deepEqual([after.activeCount, after.availableCount], [order.activeCount + 2, order.availableCount - 2], 'two activations counted');
      for (const license of [first, second]) {
        const { items } = await fx.api.getLicenseHistory(license.id);
        const told = items.filter((e) => e.kind === 'email_sent' && e.detail.includes(customer.email));
        assert.deepEqual([items.filter((e) => e.kind === 'activated').length, told.length], [1, 1], `${license.activationCode}: activated and told once`);
      }
    });

    test('billing-change and confirmation-email jobs name their licenses and orders', async () => {
      const fx = fixture();
      const active = await fx.activeLicense();
      const available = await fx.availableLicense();
      const billing = await fx.api.createJob({ kind: 'billing_change', licenseIds: [active.id, available.id, 'lic_does_not_exist'], recurrent: !active.recurrent }, { idempotencyKey: key() });
      const billed = await allResults(fx.api, (await finishedJob(fx.api, billing.id)).id, 100);
      assert.deepEqual(billed.map((r) => [r.target, r.code, r.licenseId]), [
        [active.id, null, active.id], [available.id, 'license_not_active', available.id], ['lic_does_not_exist', 'not_found', null],
      ]);
      assert.equal((await fx.api.getLicense(active.id)).recurrent, !active.recurrent);

      const order = await fx.reservedOrder('order for a confirmation job', (o) => o.quantity > 0);
      const emails = await fx.api.createJob({ kind: 'confirmation_email', orderIds: [order.id, 'ord_does_not_exist'] }, { idempotencyKey: key() });
      const sent = await allResults(fx.api, (await finishedJob(fx.api, emails.id)).id, 100);
      assert.deepEqual(sent.map((r) => [r.target, r.licenseId]), [[order.id, null], ['ord_does_not_exist', null]]);
      assert.ok(sent[0]!.ok || sent[0]!.code === 'rate_limited', `the order's confirmation went out: ${sent[0]!.code}`);
      assert.equal(sent[1]!.code, 'not_found');
    });

    test('an empty job, one over 10,000 rows or of no known kind is refused with validation_failed', async () => {
      const { api } = fixture();
      const row = { activationCode: 'AAAA-AAAA-AAAA-AAAA', customer: { kind: 'existing', email: 'someone@example.com' } };
      await expectProblem(api.createJob({ kind: 'activation', rows: [] }, { idempotencyKey: key() }), 'validation_failed');
      await expectProblem(api.createJob({ kind: 'billing_change', licenseIds: [], recurrent: true }, { idempotencyKey: key() }), 'validation_failed');
      const tooMany = Array.from({ length: LIMITS.jobRows + 1 }, () => row);
      await expectProblem(api.createJob({ kind: 'activation', rows: tooMany } as JobRequest, { idempotencyKey: key() }), 'validation_failed');
      await expectProblem(api.createJob({ kind: 'confirmation_email', orderIds: Array.from({ length: LIMITS.jobRows + 1 }, (_, i) => `ord_${i}`) }, { idempotencyKey: key() }), 'validation_failed');
      await expectProblem(api.createJob({ kind: 'deletion', rows: [row] } as unknown as JobRequest, { idempotencyKey: key() }), 'validation_failed');
    });

    test('results take a limit of 1 to 1000 and only cursors of their own job', async () => {
      const fx = fixture();
      const first = await fx.api.createJob({ kind: 'billing_change', licenseIds: ['lic_x1', 'lic_x2', 'lic_x3'], recurrent: true }, { idempotencyKey: key() });
      const other = await fx.api.createJob({ kind: 'billing_change', licenseIds: ['lic_y1', 'lic_y2'], recurrent: true }, { idempotencyKey: key() });
      await finishedJob(fx.api, first.id);
      await finishedJob(fx.api, other.id);
      const page = await fx.api.getJobResults(first.id, { limit: 1 });
      assert.ok(page.nextCursor !== null);
      await expectProblem(fx.api.getJobResults(other.id, { cursor: page.nextCursor }), 'validation_failed');
      await expectProblem(fx.api.getJobResults(first.id, { limit: 0 }), 'validation_failed');
      await expectProblem(fx.api.getJobResults(first.id, { limit: LIMITS.jobResultsPage + 1 }), 'validation_failed');
      assert.deepEqual((await fx.api.getJobResults(first.id, { limit: 1000 })).items.map((r) => r.row), [1, 2, 3]);
    });

    test('POST /jobs sent twice with one key queues one job and answers it again', async () => {
      const fx = fixture();
      const license = await fx.availableLicense();
      const request: JobRequest = { kind: 'activation', rows: [{ activationCode: license.activationCode, customer: newCustomer('job-replay') }] };
      const idempotencyKey = key();
      const first = await fx.api.createJob(request, { idempotencyKey });
      const again = await fx.api.createJob(request, { idempotencyKey });
      assert.deepEqual(again, first);
      await finishedJob(fx.api, first.id);
      const kinds = (await fx.api.getLicenseHistory(license.id)).items.map((e) => e.kind);
      assert.equal(kinds.filter((kind) => kind === 'activated').length, 1, 'activated once');
      await expectProblem(fx.api.createJob({ kind: 'confirmation_email', orderIds: [license.orderId] }, { idempotencyKey }), 'idempotency_key_reused');
    });

    test("another reseller's job is not_found, and its codes are unknown to a job", async (t) => {
      const fx = fixture();
      if (!fx.needs(t, 'a second reseller')) return;
      const job = await fx.api.createJob({ kind: 'billing_change', licenseIds: ['lic_z1'], recurrent: false }, { idempotencyKey: key() });
      await expectProblem(fx.otherApi.getJob(job.id), 'not_found');
      await expectProblem(fx.otherApi.getJobResults(job.id), 'not_found');
      const mine = await fx.availableLicense();
      const foreign = await fx.otherApi.createJob({ kind: 'activation', rows: [{ activationCode: mine.activationCode, customer: newCustomer('foreign') }] }, { idempotencyKey: key() });
      const [result] = await allResults(fx.otherApi, (await finishedJob(fx.otherApi, foreign.id)).id, 10);
      assert.deepEqual([result?.code, result?.licenseId], ['not_found', null]);
      assert.equal((await fx.api.getLicense(mine.id)).status, 'available');
      await expectProblem(fx.api.getJob(foreign.id), 'not_found');
    });
  });
}
