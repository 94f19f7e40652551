import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { License } from '../../api/contract/schemas.js';
import { jobMessages } from '../../locales/jobs.js';
import { bulkStyles, listActions, type BulkActions } from '../shared/bulk-actions.js';
import type { LicensesController } from '../shared/licenses-controller.js';
import type { LocaleController } from '../shared/locale-controller.js';
import { scheduledChangeText } from '../shared/scheduled-change.js';
import { Selection } from '../shared/selection.js';

/**
 * The table's selection, its checkboxes and what can be done to it (billing change and
 * resend jobs), and the buttons of pending scheduled changes. It travels in the lazy chunk of the table's dialogs (which the table loads
 * before its first frame), so the single-file bundle carries none of it; the bulk form is
 * made on the first selection.
 */
export class TableBulk {
  readonly selection: Selection;
  private bulk: BulkActions | null = null;

  constructor(
    host: ReactiveControllerHost & HTMLElement,
    api: LicensesController,
    private readonly i18n: LocaleController,
    view: () => readonly License[],
    finished: () => void,
  ) {
    const root = host.shadowRoot;
    const sheet = bulkStyles.styleSheet;
    if (root !== null && sheet !== undefined) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    this.selection = new Selection(() => {
      if (this.selection.size > 0) this.bulk ??= listActions(host, api, i18n, this.selection, view, finished);
      host.requestUpdate();
    });
  }

  /** A row's checkbox; a long code is cut in its name. */
  rowCheckbox(license: License): TemplateResult {
    const code = license.activationCode.length > 64 ? `${license.activationCode.slice(0, 63)}…` : license.activationCode;
    const label = this.i18n.of(jobMessages)('selectRow', { code });
    return html`<input type="checkbox" class="pick" part="select-row" aria-label=${label} .checked=${this.selection.has(license)}
      @change=${(e: Event) => this.selection.toggle(license, (e.target as HTMLInputElement).checked)} />`;
  }

  /** The header's checkbox, which selects (or clears) every license shown. */
  headerCheckbox(shown: readonly License[]): TemplateResult {
    const all = shown.length > 0 && (this.selection.allMatching || shown.every((l) => this.selection.has(l)));
    const label = this.i18n.of(jobMessages)('selectPage');
    return html`<input type="checkbox" class="pick" part="select-all" aria-label=${label} .checked=${all} ?disabled=${shown.length === 0}
      @change=${(e: Event) => this.selection.toggleAll(shown, (e.target as HTMLInputElement).checked)} />`;
  }

  /** A pending scheduled change ('Auto-renew off on 12 Jan 2027'), a button that opens the billing state dialog (which can cancel it). */
  pendingButton(license: License, open: (license: License) => void): TemplateResult {
    return html`<button type="button" class="pending ellipsis" part="pending-button" @click=${() => open(license)}>
      ${scheduledChangeText(license, this.i18n)}
    </button>`;
  }

  render(): TemplateResult | typeof nothing {
    return this.bulk === null ? nothing : this.bulk.render();
  }
}
