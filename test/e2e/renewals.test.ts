/**
 * Renewals in the running demo: started at a `DEMO_NOW`, restarted on the same day and then
 * days later on the same database, it renews the license that renews (history and balance
 * right), lets the one that lapses expire, and sends the day's notice digest once.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Catalog, HistoryList, License, LicenseSearchPage, Me, OrderSummary } from '../../src/api/contract/schemas.js';
import { addDays } from '../../src/rules/licenses.js';
import { nextTermEnd } from '../../src/rules/renewals.js';
import { readApi, startDemo, type RunningDemo } from './server.js';

const dir = mkdtempSync(join(tmpdir(), 'license-desk-renewals-'));
let running: RunningDemo | undefined;
after(async () => {
  await running?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function demoAt(now: Date): Promise<RunningDemo> {
  await running?.stop();
  running = await startDemo({ databaseDir: dir, env: { DEMO_NOW: now.toISOString() } });
  return running;
}

async function notices(demo: RunningDemo): Promise<{ kind: string; subject: string; text: string }[]> {
  const response = await fetch(`${demo.url}/outbox.json?limit=10000`, { headers: { authorization: `Bearer ${demo.tokenA}` } });
  assert.equal(response.status, 200);
  const { items } = (await response.json()) as { items: { kind: string; subject: string; text: string }[] };
  return items.filter((m) => m.kind === 'renewal_notice');
}

test('a restart with a later DEMO_NOW renews one license and expires another, with history, balance and notices right', async () => {
  const start = new Date();
  const today = start.toISOString().slice(0, 10);
  const tomorrow = addDays(today, 1);
  let demo = await demoAt(start);
  const due = await readApi<LicenseSearchPage>(demo, `/licenses?status=active&expiringFrom=${tomorrow}&expiringTo=${tomorrow}`);
  const renewing = due.items.find((l) => l.autoRenew);
  const lapsing = due.items.find((l) => !l.autoRenew);
  assert.ok(renewing && lapsing, 'the seed holds a license renewing tomorrow and one lapsing tomorrow');
  const order = await readApi<OrderSummary>(demo, `/orders/${renewing.orderId}`);
  const product = (await readApi<Catalog>(demo, '/catalog')).items.find((p) => p.id === order.product.id);
  assert.ok(product, 'its product can be bought again');
  const balance = (await readApi<Me>(demo, '/me')).balance.value;
  const digests = await notices(demo);
  assert.equal(digests.length, 1, "today's digest");
  assert.ok(digests[0]!.text.includes(lapsing.activationCode), 'it lists the license that lapses tomorrow');
  assert.ok(!digests[0]!.text.includes(renewing.activationCode), 'not the one that renews');

  // Back the same day: nothing is due, nothing is sent again.
  demo = await demoAt(new Date(start.getTime() + 60_000));
  assert.equal((await notices(demo)).length, 1, 'the digest is not sent again after a restart');
  assert.equal((await readApi<License>(demo, `/licenses/${renewing.id}`)).validTo, tomorrow);

  // Three days later: both terms ended while the demo was down.
  demo = await demoAt(new Date(start.getTime() + 3 * 86_400_000));
  const renewed = await readApi<License>(demo, `/licenses/${renewing.id}`);
  assert.equal(renewed.status, 'active');
  assert.equal(renewed.validTo, nextTermEnd(tomorrow, product.termMonths));
  const renewedHistory = (await readApi<HistoryList>(demo, `/licenses/${renewing.id}/history?limit=500`)).items;
  assert.deepEqual(
    renewedHistory.filter((e) => e.kind === 'renewed').map((e) => [e.at, e.actor.kind]),
    [[`${addDays(tomorrow, 1)}T00:00:00Z`, 'system']],
  );
  const expired = await readApi<License>(demo, `/licenses/${lapsing.id}`);
  assert.equal(expired.status, 'expired');
  assert.equal(expired.validTo, tomorrow);
  const expiredHistory = (await readApi<HistoryList>(demo, `/licenses/${lapsing.id}/history?limit=500`)).items;
  assert.equal(expiredHistory.filter((e) => e.kind === 'expired').length, 1);
  assert.equal((await readApi<Me>(demo, '/me')).balance.value, balance - product.unitPrice.value, 'one renewal paid from the balance');
  assert.equal((await notices(demo)).length, 1, 'no license reached a notice day since');
  const customerSide = await fetch(`${demo.url}/api/v1/activations/${encodeURIComponent(lapsing.activationCode)}`);
  assert.equal(((await customerSide.json()) as { status: string }).status, 'expired');
});
