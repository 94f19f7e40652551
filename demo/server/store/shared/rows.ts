/** What the SQL stores' rows share: the customer columns and their record, the stored activation link. */
import { STANDARD_LINK_BASE } from '../../../../src/service/service.js';
import type { OrderState, PaymentType } from '../../../../src/api/contract/schemas.js';
import type { CustomerRecord, OrderRecord } from '../../../../src/service/store.js';

export interface CustomerRow {
  id: string;
  email: string;
  organization: string;
  first_name: string;
  last_name: string;
}

export const CUSTOMER_COLUMNS = 'c.id, c.email, c.organization, c.first_name, c.last_name';

export function customerRecord(row: CustomerRow): CustomerRecord {
  return { id: row.id, email: row.email, organization: row.organization, firstName: row.first_name, lastName: row.last_name };
}

/** The link to store for a license: null when it is the standard link of its code, which most licenses have. */
export function storedActivationLink(code: string, link: string | null): string | null {
  return link === STANDARD_LINK_BASE + encodeURIComponent(code) ? null : link;
}

/** The columns of an order row both SQL stores select, whatever type their time has. */
export interface OrderColumns {
  id: string;
  order_number: string;
  user_name: string;
  product_id: string;
  product_name: string;
  quantity: number;
  active_count: number;
  available_count: number;
  amount: number;
  currency: string;
  payment_type: PaymentType;
  state: OrderState;
  distribution_company: string | null;
}

/** An order row as the port's record, its purchase time already an ISO instant. */
export function orderRecordOf(row: OrderColumns, purchasedAt: string): OrderRecord {
  return {
    id: row.id,
    orderNumber: row.order_number,
    purchasedAt: purchasedAt,
    user: row.user_name,
    product: { id: row.product_id, name: row.product_name },
    quantity: row.quantity,
    activeCount: row.active_count,
    availableCount: row.available_count,
    amount: { value: row.amount, currency: row.currency },
    paymentType: row.payment_type,
    state: row.state,
    distributionCompany: row.distribution_company,
  };
}
