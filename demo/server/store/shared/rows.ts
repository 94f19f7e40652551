/** What the SQL stores' rows share: the customer columns and their record, the stored activation link. */
import { STANDARD_LINK_BASE } from '../../../../src/service/service.js';
import type { CustomerRecord } from '../../../../src/service/store.js';

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
