import { nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { License } from '../../api/contract/schemas.js';
import type { BulkActions } from '../shared/bulk-actions.js';
import type { LicensesController } from '../shared/licenses-controller.js';
import type { LocaleController } from '../shared/locale-controller.js';
import { Selection } from '../shared/selection.js';

/**
 * The table's selection and what can be done to it (billing change and resend jobs). The
 * selection is a set of ids; the bulk form and its job controller load on the first
 * selection, so a table nobody selects in costs nothing more on its first frame.
 */
export class TableBulk {
  readonly selection: Selection;
  private bulk: BulkActions | null = null;
  private loading: Promise<void> | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly api: LicensesController,
    private readonly i18n: LocaleController,
    private readonly view: () => readonly License[],
    private readonly finished: () => void,
  ) {
    this.selection = new Selection(() => {
      if (this.selection.size > 0) void this.load();
      host.requestUpdate();
    });
  }

  private load(): Promise<void> {
    this.loading ??= import('../shared/bulk-actions.js').then(
      ({ BulkActions }) => {
        this.bulk = new BulkActions(this.host, this.api, this.i18n, this.selection, {
          licenses: async () => (this.selection.allMatching ? [...this.view()] : [...this.selection.picked.values()]),
          earliestDeadline: () => {
            const picked = this.selection.allMatching ? this.view() : [...this.selection.picked.values()];
            const deadlines = picked.map((l) => l.renewalDeadline).filter((d): d is string => d !== null);
            return deadlines.length === 0 ? null : deadlines.reduce((a, b) => (a < b ? a : b));
          },
          matching: () => this.view().length,
          finished: () => this.finished(),
        });
        this.host.requestUpdate();
      },
      (error: unknown) => {
        this.loading = null;
        this.api.reportError(error, 'createJob');
      },
    );
    return this.loading;
  }

  render(): TemplateResult | typeof nothing {
    return this.bulk === null ? nothing : this.bulk.render();
  }
}
