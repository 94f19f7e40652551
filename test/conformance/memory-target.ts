/** The memory client as a conformance target: both demo resellers over one fresh store. */
import { createDemoWorld, type DemoWorldOptions } from '../../src/api/memory/demo-data.js';
import { MemoryLicensesClient, MemoryStore } from '../../src/api/memory/memory-client.js';
import type { ConformanceTarget } from './support.js';

export async function memoryTarget(options: DemoWorldOptions): Promise<ConformanceTarget> {
  const world = createDemoWorld(options);
  const store = MemoryStore.fromWorld(world);
  const [a, b] = ['A', 'B'].map((label) => {
    const reseller = world.resellers.find((r) => r.tokenLabel === label);
    if (!reseller) throw new Error(`the demo world has no reseller ${label}`);
    return new MemoryLicensesClient(store, { resellerId: reseller.id });
  });
  return { api: a!, otherApi: b! };
}
