/**
 * An activation job's rows over the service: a new order of `quantity` licenses bought by
 * the caller, and a row for each license, each for a new customer of its own.
 */
import type { LicensesService } from '../../src/service/service.js';
import type { ResellerRecord } from '../../src/service/store.js';

export async function newOrderForJob(service: LicensesService, caller: ResellerRecord, quantity: number, label: string) {
  const product = (await service.getCatalog(caller)).items[0]!;
  const order = await service.createOrder(caller, { productId: product.id, quantity, paymentType: 'credit_card', distributionCompany: null });
  const { items: licenses } = await service.listLicenses(caller, order.id, { limit: quantity });
  const rows = licenses.map((l, i) => ({
    activationCode: l.activationCode,
    customer: { kind: 'new' as const, organization: label, firstName: label, lastName: `${i}`, email: `${label.toLowerCase()}.${i}@example.com`, country: 'DE' },
  }));
  return { order, licenses, rows };
}
