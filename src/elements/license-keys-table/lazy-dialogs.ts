/**
 * The table's dialogs. Activation Link, Activate and Change Billing State come with the
 * table; Transfer, Deactivate, History and the customer correction are loaded the first
 * time a person asks for one (as the German pack and papaparse are), so a page that only
 * shows keys does not carry them.
 */
import { html, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { License } from '../../api/contract/schemas.js';
import type { LicenseDialog } from '../shared/dialog-controller.js';
import type { RowAction } from './row-menu.js';

/** What a dialog of the table is opened for: a row action, or correcting the row's customer. */
export type DialogAction = Exclude<RowAction, 'activation-link' | 'activate' | 'change-billing-state'> | 'customer';

const BUNDLED: Record<Exclude<RowAction, DialogAction>, string> = {
  'activation-link': 'activation-link-dialog',
  activate: 'activate-dialog',
  'change-billing-state': 'billing-state-dialog',
};

const LAZY: Record<DialogAction, { tag: string; load: () => Promise<unknown> }> = {
  transfer: { tag: 'transfer-dialog', load: () => import('../transfer-dialog/transfer-dialog.js') },
  deactivate: { tag: 'deactivate-dialog', load: () => import('../deactivate-dialog/deactivate-dialog.js') },
  history: { tag: 'license-history-dialog', load: () => import('../license-history-dialog/license-history-dialog.js') },
  customer: { tag: 'customer-dialog', load: () => import('../customer-dialog/customer-dialog.js') },
};

type Host = ReactiveControllerHost & HTMLElement & { renderRoot: HTMLElement | DocumentFragment };

export class LazyDialogs {
  /** The lazy dialogs asked for so far; only they are rendered. */
  private readonly wanted = new Set<DialogAction>();

  constructor(private readonly host: Host) {}

  /** Opens the dialog of `action` for `license`, loading it first when needed. */
  async open(action: RowAction | 'customer', license: License): Promise<void> {
    let tag: string;
    if (action in LAZY) {
      const lazy = LAZY[action as DialogAction];
      tag = lazy.tag;
      if (!this.wanted.has(action as DialogAction)) {
        this.wanted.add(action as DialogAction);
        this.host.requestUpdate();
      }
      await lazy.load();
      await customElements.whenDefined(tag);
      await this.host.updateComplete;
    } else {
      tag = BUNDLED[action as Exclude<RowAction, DialogAction>];
    }
    // The table may have left the page while the dialog loaded.
    if (this.host.isConnected) this.host.renderRoot.querySelector<LicenseDialog>(tag)?.open(license);
  }

  /** The lazy dialogs asked for; render once, in the host's shadow root. */
  render(): TemplateResult {
    const has = (action: DialogAction) => this.wanted.has(action);
    return html`${has('transfer') ? html`<transfer-dialog></transfer-dialog>` : ''}
    ${has('deactivate') ? html`<deactivate-dialog></deactivate-dialog>` : ''}
    ${has('history') ? html`<license-history-dialog></license-history-dialog>` : ''}
    ${has('customer') ? html`<customer-dialog></customer-dialog>` : ''}`;
  }
}
