/**
 * The new-customer fields of the kit's activation forms (the reseller's Activate and
 * Transfer dialogs, the customer's activation page), filled as a person does.
 */
import type { Locator } from 'playwright-core';

export interface NewCustomer {
  organization: string;
  firstName: string;
  lastName: string;
  email: string;
  phone?: string;
  /** ISO 3166 code; GB when not given. */
  country?: string;
}

/** Chooses the new-customer option (`choice`, the radio's name) of `form` and fills its fields. */
export async function fillNewCustomer(form: Locator, choice: string, customer: NewCustomer): Promise<void> {
  await form.getByRole('radio', { name: choice }).check();
  await form.getByLabel('Organization').fill(customer.organization);
  await form.getByLabel('First name').fill(customer.firstName);
  await form.getByLabel('Last name').fill(customer.lastName);
  await form.getByLabel('Email', { exact: true }).fill(customer.email);
  if (customer.phone !== undefined) await form.getByLabel('Phone (optional)').fill(customer.phone);
  await form.getByLabel('Country').selectOption(customer.country ?? 'GB');
}
