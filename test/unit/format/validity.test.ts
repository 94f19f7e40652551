import assert from 'node:assert/strict';
import { test } from 'node:test';
import { localValidity, todayIn } from '../../../src/format/index.js';

const bought = (purchasedAt: string) => ({ validFrom: new Date(purchasedAt).toISOString().slice(0, 10), validTo: '2027-12-03' });

test('a license bought just after midnight in Berlin is valid from the local purchase date', () => {
  const purchasedAt = '2026-12-04T23:30:00Z';
  const localPurchase = todayIn('Europe/Berlin', new Date(purchasedAt));
  assert.equal(localPurchase, '2026-12-05');
  const validity = localValidity(bought(purchasedAt), purchasedAt, 'Europe/Berlin');
  assert.deepEqual(validity, { from: localPurchase, to: '2027-12-04' });
});

test('a license bought late in the evening in Los Angeles is valid from that evening\'s date', () => {
  const purchasedAt = '2026-12-05T05:00:00Z';
  assert.deepEqual(localValidity({ validFrom: '2026-12-05', validTo: '2027-12-04' }, purchasedAt, 'America/Los_Angeles'), {
    from: '2026-12-04',
    to: '2027-12-03',
  });
});

test('validity dates stay as given when the purchase day is the same, unknown, or not where the validity starts', () => {
  assert.deepEqual(localValidity({ validFrom: '2026-12-04', validTo: '2027-12-03' }, '2026-12-04T12:00:00Z', 'Europe/Berlin'), {
    from: '2026-12-04',
    to: '2027-12-03',
  });
  assert.deepEqual(localValidity({ validFrom: '2026-12-04', validTo: '2027-12-03' }, null, 'Europe/Berlin'), { from: '2026-12-04', to: '2027-12-03' });
  // Renewed: the validity starts a year after the purchase, on the vendor's day.
  assert.deepEqual(localValidity({ validFrom: '2027-12-04', validTo: '2028-12-03' }, '2026-12-04T23:30:00Z', 'Europe/Berlin'), {
    from: '2027-12-04',
    to: '2028-12-03',
  });
});
