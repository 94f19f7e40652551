/**
 * The 2,000-row activation job of the restart tests, built over the demo's API as reseller A:
 * 1,950 good rows and 50 bad ones of different kinds (unknown and malformed codes, licenses
 * already active or refunded, customers that do not exist or exist already, and, where the
 * rows are posted as they are, emails that are not ones), with what each bad row must answer;
 * and the checks of a finished job against the API and the outbox.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readApi, type RunningDemo } from './server.js';

export interface Job {
  id: string;
  status: string;
  total: number;
  done: number;
  succeeded: number;
  failed: number;
}
interface JobResult {
  row: number;
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

/** An activation row as `POST /jobs` takes it. */
export interface ActivationRow {
  activationCode: string;
  customer: { kind: 'new'; organization: string; firstName: string; lastName: string; email: string; country: string } | { kind: 'existing'; email: string };
}

/** The job's rows, the code each bad row must fail with (by row number), and the order the good rows activate. */
export interface PreparedJob {
  rows: ActivationRow[];
  expected: Map<number, string>;
  orderId: string;
  goodLicenseIds: string[];
}

/** A change of the demo's API as reseller A, which must answer `status`. */
export async function change<T>(running: RunningDemo, method: string, path: string, body: unknown, status: number): Promise<T> {
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

const newCustomer = (n: number) =>
  ({ kind: 'new', organization: `Job Org ${n}`, firstName: 'Jo', lastName: `Row ${n}`, email: `job.row.${n}@example.com`, country: 'DE' }) as const;

/**
 * Buys what the job needs and builds its 2,000 rows; every 40th row is a bad one, of each
 * kind in turn. `invalidEmails`: three of the bad rows carry an email that is not one (a file
 * checked before it is sent flags those, so a file's job has three more unknown customers instead).
 */
export async function prepareActivationJob(running: RunningDemo, { invalidEmails }: { invalidEmails: boolean }): Promise<PreparedJob> {
  const target = await buy(running, 1960);
  const active = await buy(running, 10);
  for (const [i, license] of active.licenses.entries()) {
    await change(running, 'POST', `/licenses/${license.id}/activation`, { customer: newCustomer(100_000 + i) }, 200);
  }
  const refunded = await buy(running, 10);
  await change(running, 'POST', `/orders/${refunded.order.id}/cancellation`, {}, 200);
  const registered = 'job.row.100000@example.com';

  const good = target.licenses.slice(0, 1950);
  const spare = target.licenses.slice(1950);
  const unknownCustomers = invalidEmails ? 4 : 7;
  const bad: { row: ActivationRow; code: string }[] = [
    ...Array.from({ length: 10 }, (_, i) => ({ row: { activationCode: `ZZZZ-ZZZZ-ZZZZ-${String(i).padStart(4, '0')}`, customer: newCustomer(200_000 + i) }, code: 'not_found' })),
    ...Array.from({ length: 10 }, (_, i) => ({ row: { activationCode: `not a code ${i}!`, customer: newCustomer(300_000 + i) }, code: 'not_found' })),
    ...active.licenses.map((l, i) => ({ row: { activationCode: l.activationCode, customer: newCustomer(400_000 + i) }, code: 'license_already_active' })),
    ...refunded.licenses.map((l, i) => ({ row: { activationCode: l.activationCode, customer: newCustomer(500_000 + i) }, code: 'order_refunded' })),
    ...spare.slice(0, unknownCustomers).map((l, i) => ({
      row: { activationCode: l.activationCode, customer: { kind: 'existing', email: `nobody.${i}@example.com` } } as ActivationRow,
      code: 'customer_not_found',
    })),
    ...spare.slice(unknownCustomers, unknownCustomers + 3).map((l, i) => ({
      row: { activationCode: l.activationCode, customer: { ...newCustomer(600_000 + i), email: registered } },
      code: 'customer_exists',
    })),
    ...(invalidEmails
      ? spare.slice(7, 10).map((l, i) => ({ row: { activationCode: l.activationCode, customer: { ...newCustomer(700_000 + i), email: 'not an email' } }, code: 'validation_failed' }))
      : []),
  ];
  assert.equal(bad.length, 50);
  const rows: ActivationRow[] = [];
  const expected = new Map<number, string>();
  for (let i = 0, g = 0, b = 0; i < 2000; i += 1) {
    if (i % 40 === 39) {
      rows.push(bad[b]!.row);
      expected.set(i + 1, bad[b++]!.code);
    } else rows.push({ activationCode: good[g++]!.activationCode, customer: newCustomer(g) });
  }
  return { rows, expected, orderId: target.order.id, goodLicenseIds: good.map((l) => l.id) };
}

/** Waits (up to `timeoutMs`) until the job is done, and answers it. */
export async function finished(running: RunningDemo, jobId: string, timeoutMs = 240_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  let job = await readApi<Job>(running, `/jobs/${jobId}`);
  while (job.status !== 'done') {
    assert.ok(Date.now() < deadline, `the job did not finish (${job.done} of ${job.total})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    job = await readApi<Job>(running, `/jobs/${jobId}`);
  }
  return job;
}

/**
 * The finished job did each row exactly once: 1,950 succeeded, the 50 bad rows failed with
 * their codes, the good rows' licenses are active, and each got exactly one activation email.
 */
export async function assertDoneOnce(running: RunningDemo, job: Job, prepared: PreparedJob): Promise<void> {
  assert.deepEqual([job.done, job.succeeded, job.failed], [2000, 1950, 50]);
  const results: JobResult[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: JobResult[]; nextCursor: string | null } = await readApi(running, `/jobs/${job.id}/results?limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
    results.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  assert.deepEqual(results.map((r) => r.row), Array.from({ length: 2000 }, (_, i) => i + 1), 'one result per row, in row order');
  const failures = results.filter((r) => !r.ok).map((r) => [r.row, r.code]);
  assert.deepEqual(failures, [...prepared.expected], 'the 50 bad rows failed, each with its code');

  const order = await readApi<Order>(running, `/orders/${prepared.orderId}`);
  assert.equal(order.activeCount, 1950, 'exactly 1,950 activations');
  const activated = (await licensesOf(running, prepared.orderId)).filter((l) => l.status === 'active');
  assert.deepEqual(activated.map((l) => l.id).sort(), [...prepared.goodLicenseIds].sort());

  const outbox = await fetch(`${running.url}/outbox.json?limit=10000`, { headers: { authorization: `Bearer ${running.tokenA}` } });
  assert.equal(outbox.status, 200);
  const { items: mails } = (await outbox.json()) as { items: Mail[] };
  const emails = mails.filter((m) => m.kind === 'activation' && m.orderId === prepared.orderId);
  assert.equal(emails.length, 1950, 'exactly 1,950 customer activation emails');
  assert.equal(new Set(emails.map((m) => m.licenseId)).size, 1950, 'one per activated license');
}
