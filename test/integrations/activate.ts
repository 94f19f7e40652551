/**
 * A reseller's activation through the kit's UI, as the framework apps' tests perform it: in
 * the orders a `<licenses-search>` shows, the first license still available is activated for
 * a new customer from its row's Actions menu.
 */
import type { Locator, Page } from 'playwright-core';
import { fillNewCustomer } from '../support/new-customer.js';

/** Opens the tile's details and its keys table; the rows of its available licenses, none for a refunded order. */
async function availableRows(page: Page, tile: Locator): Promise<Locator | null> {
  await tile.getByRole('button', { name: /^Show details of order / }).click();
  const show = tile.getByRole('button', { name: 'Show License Keys' });
  // A refunded order's codes are void: it has no keys table to show.
  if (!(await show.isVisible())) return null;
  await show.click();
  const table = tile.locator('license-keys-table');
  await table.getByRole('rowheader').first().waitFor({ timeout: 20_000 });
  return table.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Available', exact: true }) });
}

/**
 * Activates the first available license for the customer `email` and waits for the dialog's
 * confirmation; returns the license's activation code.
 */
export async function activateFirstAvailable(page: Page, email: string): Promise<string> {
  const tiles = page.locator('licenses-search order-tile');
  await tiles.first().waitFor({ timeout: 20_000 });
  for (let i = 0; i < (await tiles.count()); i++) {
    const row = (await availableRows(page, tiles.nth(i)))?.first();
    if (row === undefined || (await row.count()) === 0) continue;
    const code = ((await row.getByRole('rowheader').textContent()) ?? '').trim();
    await row.getByRole('button', { name: `Actions for ${code}` }).click();
    await page.getByRole('menuitem', { name: 'Activate', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Activate license' });
    await fillNewCustomer(dialog, 'New customer', { organization: 'Northwind Traders', firstName: 'Ada', lastName: 'Lovelace', email });
    await dialog.getByRole('button', { name: 'Activate', exact: true }).click();
    await dialog.getByText(`We emailed the activation details to ${email}`).waitFor();
    await dialog.getByRole('button', { name: 'OK' }).click();
    await dialog.waitFor({ state: 'hidden' });
    return code;
  }
  throw new Error('None of the orders shown has an available license');
}
