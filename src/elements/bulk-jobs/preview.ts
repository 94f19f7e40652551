import { html, nothing, type TemplateResult } from 'lit';
import { bulkJobsMessages } from '../../locales/bulk-jobs.js';
import type { LocaleController } from '../shared/locale-controller.js';
import { FIELDS, type CsvRow, type ParsedFile } from './csv-rows.js';

const PAGE = 50;

/**
 * The rows of a read file before anything is sent: how many can be sent and how many have
 * problems, all rows or only the flagged ones, 50 at a time, each flagged row with why.
 * Only one page of rows is in the DOM, so a file of 10,000 rows shows as fast as one of 10.
 */
export class Preview {
  onlyProblems = false;
  private page = 0;

  constructor(
    private readonly i18n: LocaleController,
    private readonly changed: () => void,
  ) {}

  reset(file: ParsedFile): void {
    // A file with problems opens on them: they are what needs a look.
    this.onlyProblems = file.valid < file.rows.length;
    this.page = 0;
  }

  private rows(file: ParsedFile): CsvRow[] {
    return this.onlyProblems ? file.rows.filter((r) => r.request === null) : file.rows;
  }

  render(file: ParsedFile): TemplateResult {
    const t = this.i18n.of(bulkJobsMessages);
    const n = (value: number) => this.i18n.count(value);
    const rows = this.rows(file);
    const pages = Math.max(1, Math.ceil(rows.length / PAGE));
    const page = Math.min(this.page, pages - 1);
    const shown = rows.slice(page * PAGE, page * PAGE + PAGE);
    const go = (to: number) => () => {
      this.page = to;
      this.changed();
    };
    const choose = (e: Event) => {
      this.onlyProblems = (e.target as HTMLSelectElement).value === 'problems';
      this.page = 0;
      this.changed();
    };
    const invalid = file.rows.length - file.valid;
    return html`<section class="preview" part="preview" aria-labelledby="preview-summary">
      <p id="preview-summary" class=${invalid > 0 ? 'summary warn' : 'summary'}>
        ${t('summary', { rows: n(file.rows.length), valid: n(file.valid), invalid: n(invalid) })}
      </p>
      <div class="toolbar">
        <div class="field">
          <label for="preview-show">${t('show')}</label>
          <select id="preview-show" class="input" @change=${choose}>
            <option value="all" ?selected=${!this.onlyProblems}>${t('showAll')}</option>
            <option value="problems" ?selected=${this.onlyProblems}>${t('showProblems')}</option>
          </select>
        </div>
      </div>
      <div class="scroller" role="region" aria-labelledby="preview-caption" tabindex="0">
        <table part="preview-table">
          <caption id="preview-caption" class="visually-hidden">${t('caption')}</caption>
          <thead>
            <tr>
              <th scope="col">${t('row')}</th>
              ${FIELDS.map((f) => html`<th scope="col">${t(f)}</th>`)}
              <th scope="col">${t('check')}</th>
            </tr>
          </thead>
          <tbody>
            ${shown.map((row) => this.row(row))}
          </tbody>
        </table>
      </div>
      ${rows.length > PAGE
        ? html`<div class="pager">
            <span class="muted">${t('page', { from: n(page * PAGE + 1), to: n(page * PAGE + shown.length), total: n(rows.length) })}</span>
            <button class="btn small" type="button" ?disabled=${page === 0} @click=${go(page - 1)}>${t('previous')}</button>
            <button class="btn small" type="button" ?disabled=${page >= pages - 1} @click=${go(page + 1)}>${t('next')}</button>
          </div>`
        : nothing}
    </section>`;
  }

  private row(row: CsvRow): TemplateResult {
    const t = this.i18n.of(bulkJobsMessages);
    const flagged = row.request === null;
    return html`<tr class=${flagged ? 'flagged' : 'ok'} part=${flagged ? 'flagged-row' : 'row'}>
      <td>${this.i18n.count(row.line)}</td>
      ${FIELDS.map((f) => html`<td class="wrap ${f === 'activationCode' ? 'mono' : ''}">${row.cells[f]}</td>`)}
      <td class="check">${flagged ? html`<span class="problem">${row.problems.map((p) => t(p)).join('; ')}</span>` : t('ok')}</td>
    </tr>`;
  }
}
