/**
 * A license with a long history, for the history dialog's stories and tests: one order of
 * one active license, whose auto-renewal is switched as often as asked.
 */
import type { License } from '../../src/api/contract/schemas.js';
import type { MemoryLicensesClient } from '../../src/api/memory/memory-client.js';
import { HandmadeWorld } from './handmade.js';

/** A world of one order with one active license, `BUSY-HIST-0001-AAAA`. */
export function busyWorld(): { world: HandmadeWorld; orderId: string; client: MemoryLicensesClient } {
  const world = new HandmadeWorld();
  const orderId = world.addOrder({
    productName: 'Office Suite',
    purchasedAt: new Date('2026-01-05T09:00:00Z'),
    licenses: [{ activated: true, customerEmail: 'ada@customer.example', activationCode: 'BUSY-HIST-0001-AAAA' }],
  });
  return { world, orderId, client: world.client() };
}

/**
 * Switches the auto-renewal of the world's license `changes` times, a minute apart, in its
 * history: the purchase, the activation and those changes, many pages long. Answers the license.
 */
export async function withBillingChanges(busy: ReturnType<typeof busyWorld>, changes: number): Promise<License> {
  const { world, orderId, client } = busy;
  const license = (await client.listLicenses(orderId, {})).items[0]!;
  const start = Date.parse('2026-02-01T08:00:00Z');
  for (let i = 0; i < changes; i++) {
    await world.store.addHistory(world.resellerId, {
      orderId,
      licenseId: license.id,
      at: new Date(start + i * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      actor: i % 10 === 9 ? { kind: 'system', name: 'Renewals' } : { kind: 'reseller', name: 'Dana Weber' },
      kind: 'billing_state_changed',
      detail: `Change ${i + 1}: auto-renew ${i % 2 === 0 ? 'enabled' : 'disabled'}`,
    });
  }
  return license;
}

