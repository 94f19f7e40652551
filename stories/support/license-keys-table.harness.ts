/**
 * What a person does with `<license-keys-table>` and what they see: its rows and cells, the
 * summary, sorting and filtering, the copy buttons, a row's Actions menu and the dialog it
 * opens, Retry and Export. Used by the table's stories and its browser tests alike.
 */
import type { LicenseKeysTableElement } from '../../src/elements/license-keys-table/license-keys-table.component.js';
import { Harness, clean } from './harness.js';
import { waitFor } from './play.js';

export class LicenseKeysTableHarness extends Harness<LicenseKeysTableElement> {
  static override readonly tag = 'license-keys-table';

  /** Waits until every page is loaded (or loading failed). */
  async loaded(timeout = 8_000): Promise<this> {
    await waitFor(
      () => {
        if (this.grid()?.getAttribute('aria-busy') !== 'false' && this.error() === '') throw new Error('Still loading');
      },
      { timeout },
    );
    return this;
  }

  /** Ticks (or unticks) the selection checkbox of the row of `code`. */
  select(code: string): void {
    const box = this.row(code).querySelector<HTMLInputElement>('[part~="select-row"]');
    if (!box) throw new Error(`No selection checkbox in the row of ${code}`);
    box.click();
  }

  /** The `<table>` ('null' while there is none, as when loading failed). */
  grid(): HTMLTableElement | null {
    return this.root.querySelector('table');
  }

  /** The column headers, as read. */
  headers(): string[] {
    return Array.from(this.root.querySelectorAll('thead th'), (th) => clean(th.textContent));
  }

  /** The rows of licenses rendered now (the virtual window, not every license). */
  rows(): HTMLTableRowElement[] {
    return Array.from(this.root.querySelectorAll<HTMLTableRowElement>('tbody tr[aria-rowindex]'));
  }

  /** How many placeholder rows stand in for pages still loading. */
  skeletonRows(): number {
    return this.root.querySelectorAll('tr.skeleton').length;
  }

  /** The texts of the cells of `row`, in order. */
  cells(row: Element): string[] {
    return Array.from(row.children, (c) => (c.textContent ?? '').trim());
  }

  /** The activation codes of the rendered rows, in order. */
  codes(): string[] {
    return this.rows().map((r) => this.cells(r)[0]!);
  }

  /** The row of the license `code`. */
  row(code: string): HTMLTableRowElement {
    const row = this.rows().find((r) => this.cells(r)[0] === code);
    if (!row) throw new Error(`No row for ${code}`);
    return row;
  }

  /** The element below `within` (the table by default) whose accessible name is `label`. */
  labelled(label: string, within: Element | ShadowRoot = this.root): HTMLElement {
    const found = Array.from(within.querySelectorAll<HTMLElement>('[aria-label]')).find((b) => b.getAttribute('aria-label') === label);
    if (!found) throw new Error(`Nothing labelled ${label}`);
    return found;
  }

  /** What the toolbar says of the count: '4 license keys', '2 of 4 license keys', 'Loaded 500 of 1,200'. */
  summary(): string {
    return this.text('.summary');
  }

  /** What the live region last said ('Copied'). */
  announcement(): string {
    return this.text('[role="status"].visually-hidden');
  }

  /** The message of an empty table, or of a filter nothing matches. */
  message(): string {
    return this.text('.message-cell');
  }

  /** The scrolling region around the table. */
  get scroller(): HTMLElement {
    return this.root.querySelector<HTMLElement>('.scroller')!;
  }

  /** The sort button in the header of the column `label`. */
  sortButton(label: string): HTMLButtonElement {
    const th = Array.from(this.root.querySelectorAll('thead th')).find((h) => clean(h.textContent) === label);
    const button = th?.querySelector('button');
    if (!button) throw new Error(`No sort button for ${label}`);
    return button;
  }

  /** `aria-sort` of the column `label` (null when it is not sorted by). */
  sortOrder(label: string): string | null {
    return this.sortButton(label).closest('th')!.getAttribute('aria-sort');
  }

  /** Clicks the header of the column `label`. */
  async sortBy(label: string): Promise<void> {
    this.sortButton(label).click();
    await this.element.updateComplete;
  }

  /** The choices of the status filter, as read. */
  statusOptions(): string[] {
    return Array.from(this.root.querySelector('select')!.options, (o) => o.text);
  }

  /** Chooses the status filter's option `value` ('all', 'available', 'active', 'refunded'). */
  async filterStatus(value: string): Promise<void> {
    const select = this.root.querySelector('select')!;
    select.value = value;
    select.dispatchEvent(new Event('change'));
    await this.element.updateComplete;
  }

  /** Types `text` into the filter field. */
  async filter(text: string): Promise<void> {
    const input = this.root.querySelector<HTMLInputElement>('input[type="search"]')!;
    input.value = text;
    input.dispatchEvent(new Event('input'));
    await this.element.updateComplete;
  }

  /** The Actions button of the row of `code`. */
  actionsButton(code: string): HTMLButtonElement {
    return this.row(code).querySelector<HTMLButtonElement>('[aria-haspopup="menu"]')!;
  }

  /** The open Actions menu (null when none is open). */
  menu(): HTMLElement | null {
    return this.root.querySelector<HTMLElement>('[role="menu"]');
  }

  /** The items of the open Actions menu. */
  menuItems(): HTMLElement[] {
    return Array.from(this.menu()?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
  }

  /** The label of a menu item (undefined for anything else). */
  itemLabel(item: Element | null | undefined): string | undefined {
    return item?.querySelector('.menu-label')?.textContent?.trim();
  }

  /** Why a menu item is refused (null when it is offered). */
  itemReason(item: Element): string | null {
    return item.querySelector('.menu-reason')?.textContent?.trim() ?? null;
  }

  /** The item `label` of the open Actions menu (undefined when there is none). */
  menuItem(label: string): HTMLElement | undefined {
    return this.menuItems().find((i) => this.itemLabel(i) === label);
  }

  /** Clicks the Actions button of the row of `code` and waits for its menu. */
  async openMenu(code: string): Promise<void> {
    this.actionsButton(code).click();
    await waitFor(() => {
      if (this.menu() === null) throw new Error('No menu');
    }, { timeout: 2_000 });
  }

  /** Opens the Actions menu of the row of `code` and chooses `action` in it. */
  async choose(code: string, action: string): Promise<void> {
    this.labelled(`Actions for ${code}`, this.row(code)).click();
    const item = await waitFor(
      () => {
        const found = this.menuItem(action);
        if (!found) throw new Error(`No item ${action}`);
        return found;
      },
      { timeout: 2_000 },
    );
    item.click();
  }
}
