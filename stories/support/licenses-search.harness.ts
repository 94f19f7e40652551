/**
 * What a person does with `<licenses-search>` and what they see: the search fields, Search,
 * Reset and Load more, the total, the tiles found, the empty state, a failure, and the
 * export's progress and note. Used by the search's stories and its browser tests alike.
 */
import type { LicensesSearchElement } from '../../src/elements/licenses-search/licenses-search.component.js';
import type { OrderTileElement } from '../../src/elements/order-tile/order-tile.component.js';
import { Harness, clean } from './harness.js';
import { OrderTileHarness } from './order-tile.harness.js';
import { waitFor } from './play.js';

/** The search form's fields, by their ids: `from`, `to`, `orderNumber`, `productId`, `state`, `paymentType`, `activationCode`, `customerEmail`. */
export type SearchFieldValues = Record<string, string>;

export class LicensesSearchHarness extends Harness<LicensesSearchElement> {
  static override readonly tag = 'licenses-search';

  /** Waits until no search or page load runs and the results are drawn. */
  async settled(timeout = 4_000): Promise<this> {
    await this.element.updateComplete;
    await waitFor(
      () => {
        const results = this.results();
        if (results?.getAttribute('aria-busy') !== 'false' || results.querySelector('.placeholder') !== null) throw new Error('Still searching');
      },
      { timeout },
    );
    return this;
  }

  /** The results region (the total, the tiles, Load more). */
  results(): HTMLElement | null {
    return this.root.querySelector<HTMLElement>('.results');
  }

  /** The search form. */
  get form(): HTMLFormElement {
    return this.root.querySelector('form')!;
  }

  /** The date range's legend. */
  legend(): string {
    return this.text('legend');
  }

  /** The form's labels, each with the id of the field it names. */
  labels(): [text: string, field: string][] {
    return Array.from(this.root.querySelectorAll('label'), (l) => [clean(l.textContent), l.htmlFor]);
  }

  /** The choices of a select field, as read. */
  options(id: string): string[] {
    return Array.from(this.control<HTMLSelectElement>(id).options, (o) => clean(o.textContent));
  }

  /** Types into the fields given by id the way a person does: the value changes, then input and change fire. */
  set(fields: SearchFieldValues): void {
    for (const [id, value] of Object.entries(fields)) {
      const field = this.control(id);
      field.value = value;
      field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      field.dispatchEvent(new Event('change', { bubbles: true }));
    }
  }

  /** Fills `fields`, presses Search and waits for the results. */
  async search(fields: SearchFieldValues = {}): Promise<void> {
    this.set(fields);
    this.press('Search');
    await this.settled();
  }

  /** The total found ('12 orders', 'Searching…'). */
  total(): string {
    return this.text('[part="total"]');
  }

  /** The tiles of the orders shown. */
  tiles(): OrderTileElement[] {
    return Array.from(this.root.querySelectorAll('order-tile'));
  }

  /** The tiles of the orders shown, as a person uses them. */
  orderTiles(): OrderTileHarness[] {
    return this.tiles().map((t) => new OrderTileHarness(t));
  }

  /** The numbers of the orders shown, in order. */
  orderNumbers(): string[] {
    return this.tiles().map((t) => t.order!.orderNumber);
  }

  /** What the foot of the list says ('Showing 60 of 60'). */
  more(): string {
    return this.text('.more');
  }

  /** The empty state's text ('' when something was found). */
  empty(): string {
    return this.text('[part="empty"]');
  }

  /** What failed (null when nothing did). */
  alert(): string | null {
    const alert = this.root.querySelector('[role="alert"]');
    return alert === null ? null : clean(alert.textContent);
  }

  /** Why the products to choose from could not be loaded ('' when they were). */
  productsError(): string {
    return this.text('#products-error');
  }

  /** The running export's progress bar and what it says (null when no export runs). */
  exportProgress(): { value: number; max: number; text: string } | null {
    const progress = this.root.querySelector('[part="export-progress"]');
    const bar = progress?.querySelector('progress');
    return progress && bar ? { value: bar.value, max: bar.max, text: clean(progress.textContent) } : null;
  }

  /** What the last export said when it ended (null when there is nothing to say). */
  exportNote(): string | null {
    const note = this.root.querySelector('.export-note');
    return note === null ? null : clean(note.textContent);
  }
}
