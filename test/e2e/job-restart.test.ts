/**
 * End to end: a 2,000-row activation job survives a crash of the demo served by `npm start`'s
 * server. 50 of its rows are bad in different ways (unknown code, malformed code, already
 * active, refunded, customers that do not exist, exist already or break the schema). The
 * server is killed with SIGKILL while the job runs and started again on the same database;
 * the job then finishes with exactly 1,950 activations, the 50 failures with their codes,
 * and exactly one activation email per activated license.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import { readApi, startDemo, type RunningDemo } from './server.js';

interface Job {
  id: string;
  status: string;
  total: number;
  done: number;
  succeeded: number;
  failed: number;
}
interface JobResult {
  row: number;
  target: string;
  ok: boolean;
  code: string | null;
}
interface Order {
  id: string;
  activeCount: number;
}
interface License {
  id: string;
  activationCode: string;
  status: string;
}
interface Mail {
  kind: string;
  orderId: string;
  licenseId: string | null;
}

let demo: RunningDemo | undefined;
after(() => demo?.stop());

/** A change of the demo's API as reseller A, which must answer `status`. */
async function change<T>(running: RunningDemo, method: string, path: string, body: unknown, status: number): Promise<T> {
  const response = await fetch(`${running.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${running.tokenA}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, status, `${method} ${path}: ${await response.clone().text()}`);
  return (await response.json()) as T;
}

/** Buys `quantity` licenses and answers the order with its licenses. */
async function buy(running: RunningDemo, quantity: number): Promise<{ order: Order; licenses: License[] }> {
  const { items } = await readApi<{ items: { id: string }[] }>(running, '/catalog');
  assert.ok(items[0], 'the catalog offers a product');
  const order = await change<Order>(running, 'POST', '/orders', { productId: items[0].id, quantity, paymentType: 'credit_card', distributionCompany: null }, 201);
  return { order, licenses: await licensesOf(running, order.id) };
}

async function licensesOf(running: RunningDemo, orderId: string): Promise<License[]> {
  const licenses: License[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: License[]; nextCursor: string | null } = await readApi(running, `/orders/${orderId}/licenses?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
    licenses.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return licenses;
}

const newCustomer = (n: number) => ({ kind: 'new', organization: `Job Org ${n}`, firstName: 'Jo', lastName: `Row ${n}`, email: `job.row.${n}@example.com`, country: 'DE' });

test('a 2,000-row activation job with 50 bad rows finishes exactly once after the server is killed mid-job', { timeout: 300_000 }, async () => {
  demo = await startDemo();
  const target = await buy(demo, 1960);
  const active = await buy(demo, 10);
  for (const [i, license] of active.licenses.entries()) {
    await change(demo, 'POST', `/licenses/${license.id}/activation`, { customer: newCustomer(100_000 + i) }, 200);
  }
  const refunded = await buy(demo, 10);
  await change(demo, 'POST', `/orders/${refunded.order.id}/cancellation`, {}, 200);
  const registered = 'job.row.100000@example.com';

  const good = target.licenses.slice(0, 1950);
  const spare = target.licenses.slice(1950);
  const bad: { row: unknown; code: string }[] = [
    ...Array.from({ length: 10 }, (_, i) => ({ row: { activationCode: `ZZZZ-ZZZZ-ZZZZ-${String(i).padStart(4, '0')}`, customer: newCustomer(200_000 + i) }, code: 'not_found' })),
    ...Array.from({ length: 10 }, (_, i) => ({ row: { activationCode: `not a code ${i}!`, customer: newCustomer(300_000 + i) }, code: 'not_found' })),
    ...active.licenses.map((l, i) => ({ row: { activationCode: l.activationCode, customer: newCustomer(400_000 + i) }, code: 'license_already_active' })),
    ...refunded.licenses.map((l, i) => ({ row: { activationCode: l.activationCode, customer: newCustomer(500_000 + i) }, code: 'order_refunded' })),
    ...spare.slice(0, 4).map((l, i) => ({ row: { activationCode: l.activationCode, customer: { kind: 'existing', email: `nobody.${i}@example.com` } }, code: 'customer_not_found' })),
    ...spare.slice(4, 7).map((l, i) => ({ row: { activationCode: l.activationCode, customer: { ...newCustomer(600_000 + i), email: registered } }, code: 'customer_exists' })),
    ...spare.slice(7, 10).map((l, i) => ({ row: { activationCode: l.activationCode, customer: { ...newCustomer(700_000 + i), email: 'not an email' } }, code: 'validation_failed' })),
  ];
  assert.equal(bad.length, 50);
  // Every 40th row is a bad one, of each kind in turn.
  const rows: unknown[] = [];
  const expected = new Map<number, string>();
  for (let i = 0, g = 0, b = 0; i < 2000; i += 1) {
    if (i % 40 === 39) {
      rows.push(bad[b]!.row);
      expected.set(i + 1, bad[b++]!.code);
    } else rows.push({ activationCode: good[g++]!.activationCode, customer: newCustomer(g) });
  }

  const queued = await change<Job>(demo, 'POST', '/jobs', { kind: 'activation', rows }, 202);
  assert.equal(queued.total, 2000);
  let progress = queued;
  while (progress.done === 0) progress = await readApi<Job>(demo, `/jobs/${queued.id}`);
  assert.ok(progress.done >= 1 && progress.done <= 1999, `the job is under way when the server is killed (${progress.done} done)`);
  await demo.kill();

  demo = await startDemo({ databasePath: demo.databasePath });
  const deadline = Date.now() + 240_000;
  let job = await readApi<Job>(demo, `/jobs/${queued.id}`);
  while (job.status !== 'done') {
    assert.ok(Date.now() < deadline, `the job did not finish after the restart (${job.done} of ${job.total})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    job = await readApi<Job>(demo, `/jobs/${queued.id}`);
  }
  assert.deepEqual([job.done, job.succeeded, job.failed], [2000, 1950, 50]);

  const results: JobResult[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: JobResult[]; nextCursor: string | null } = await readApi(demo, `/jobs/${job.id}/results?limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
    results.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  assert.deepEqual(results.map((r) => r.row), Array.from({ length: 2000 }, (_, i) => i + 1), 'one result per row, in row order');
  const failures = results.filter((r) => !r.ok).map((r) => [r.row, r.code]);
  assert.deepEqual(failures, [...expected], 'the 50 bad rows failed, each with its code');

  const order = await readApi<Order>(demo, `/orders/${target.order.id}`);
  assert.equal(order.activeCount, 1950, 'exactly 1,950 activations');
  const activated = (await licensesOf(demo, target.order.id)).filter((l) => l.status === 'active');
  assert.deepEqual(activated.map((l) => l.id).sort(), good.map((l) => l.id).sort());

  const outbox = await fetch(`${demo.url}/outbox.json?limit=10000`, { headers: { authorization: `Bearer ${demo.tokenA}` } });
  assert.equal(outbox.status, 200);
  const { items: mails } = (await outbox.json()) as { items: Mail[] };
  const emails = mails.filter((m) => m.kind === 'activation' && m.orderId === target.order.id);
  assert.equal(emails.length, 1950, 'exactly 1,950 customer activation emails');
  assert.equal(new Set(emails.map((m) => m.licenseId)).size, 1950, 'one per activated license');
});
