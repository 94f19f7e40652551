/**
 * The table's dialogs (and its selection, which loads with them) in one lazily loaded chunk:
 * which dialog each action opens, loading the chunk once (again after a failure), and opening
 * a dialog for a license.
 */
import type { License } from '../../api/contract/schemas.js';
import type {} from '../activate-dialog/activate-dialog.js';
import type {} from '../activation-link-dialog/activation-link-dialog.js';
import type {} from '../billing-state-dialog/billing-state-dialog.js';
import type { RowAction } from './row-menu.js';

/** What a dialog of the table is opened for: a menu item, or correcting the row's customer. */
export type DialogAction = RowAction | 'customer';

/** The dialog each menu item (and the Customer cell's button) opens. */
const DIALOGS = {
  'activation-link': 'activation-link-dialog',
  activate: 'activate-dialog',
  'change-billing-state': 'billing-state-dialog',
  transfer: 'transfer-dialog',
  deactivate: 'deactivate-dialog',
  history: 'license-history-dialog',
  customer: 'customer-dialog',
} as const satisfies Record<DialogAction, keyof HTMLElementTagNameMap>;

/** The dialogs' module, loading or loaded; null before the first table, or after a failed load. */
let loading: Promise<unknown> | null = null;
/** The dialogs' module, once loaded: it also holds the table's selection. */
let loaded: typeof import('./dialogs.js') | null = null;

/** The dialogs' module when it has loaded, else null. */
export function dialogsModule(): typeof import('./dialogs.js') | null {
  return loaded;
}

/** Loads the dialogs' module, once (again after a failure). */
export function loadDialogs(): Promise<unknown> {
  loading ??= import('./dialogs.js').then(
    (module) => {
      loaded = module;
    },
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

/** Opens the dialog of `action` for `license` below `root`; when the dialogs failed to load, loads them first. */
export function openDialog(root: ParentNode, action: DialogAction, license: License, failed: (error: unknown) => void): void {
  const open = () => root.querySelector(DIALOGS[action])?.open(license);
  if (loaded !== null) open();
  else loadDialogs().then(open, failed);
}
