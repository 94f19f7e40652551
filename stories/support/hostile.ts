/**
 * An order full of strings that try to break the page: markup, right-to-left and mixed
 * scripts, spreadsheet formulas, and words far longer than any column.
 */
import type { LicensesParameters } from '../../.storybook/licenses.js';
import { HandmadeWorld } from './handmade.js';

export const HOSTILE = {
  productName: `<img src=x onerror="alert('product')"> Sentinel ‮Endpoint‬ 🛡️ ProtectionEditionWithAnExtremelyLongNameThatNeverBreaksAnywhere`,
  orderNumber: 'ORD-<b>2026</b>-"000001"',
  user: '=HYPERLINK("https://evil.example","Dana")',
  distributionCompany: 'شركة التوزيع الدولية — +SUM(A1:A9)',
  activationCode: '<script>alert(1)</script>-ABCD',
  customerEmail: 'a.very.long.customer.address.that.keeps.going.and.going@subdomain.customer-with-a-long-name.example',
};

/** Story parameters showing one hostile order, activated and not. */
export function hostileOrder(): LicensesParameters {
  return {
    memory: () => {
      const world = new HandmadeWorld();
      world.addOrder({
        productName: HOSTILE.productName,
        orderNumber: HOSTILE.orderNumber,
        user: HOSTILE.user,
        distributionCompany: HOSTILE.distributionCompany,
        licenses: [
          { activationCode: HOSTILE.activationCode, activated: true, recurrent: true, customerEmail: HOSTILE.customerEmail },
          { activationCode: `${'X'.repeat(80)}-LONG`, distributionCompany: null },
          { activated: false, recurrent: true },
        ],
      });
      return world.client();
    },
    load: async (memory) => {
      const order = (await memory.searchOrders({ limit: 1 })).items[0];
      return { orderId: order?.id, orderNumber: order?.orderNumber };
    },
  };
}
