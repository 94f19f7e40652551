/**
 * The dialogs of the Actions menu, registered together. `<license-keys-table>` imports this
 * module lazily, so that the single-file bundle loads them as one chunk of their own once a
 * table is on the page, not with every page.
 */
import '../activate-dialog/activate-dialog.js';
import '../activation-link-dialog/activation-link-dialog.js';
import '../billing-state-dialog/billing-state-dialog.js';
import '../customer-dialog/customer-dialog.js';
import '../deactivate-dialog/deactivate-dialog.js';
import '../license-history-dialog/license-history-dialog.js';
import '../transfer-dialog/transfer-dialog.js';

/** The table's selection and what it does with it (bulk jobs) travel in the same chunk. */
export { listActions } from '../shared/bulk-actions.js';
export { TableBulk } from './table-bulk.js';
