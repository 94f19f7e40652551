/**
 * What a person does with `<order-tile>` and what they see: the product, its facts and
 * counts, opening the details, the Orders facts, the activation codes, the messages of Buy
 * More, Resend Email and the rest, and the license keys it reveals. Used by the tile's
 * stories and its browser tests alike.
 */
import type { OrderTileElement } from '../../src/elements/order-tile/order-tile.component.js';
import type { LicenseKeysTableElement } from '../../src/elements/license-keys-table/license-keys-table.component.js';
import { Harness, clean } from './harness.js';
import { LicenseKeysTableHarness } from './license-keys-table.harness.js';

/** The label → value pairs of a definition list of facts. */
function facts(list: Element | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const fact of Array.from(list?.querySelectorAll('.fact') ?? [])) {
    out[clean(fact.querySelector('dt')?.textContent)] = clean(fact.querySelector('dd')?.textContent);
  }
  return out;
}

export class OrderTileHarness extends Harness<OrderTileElement> {
  static override readonly tag = 'order-tile';

  /** Waits until the order is shown (its arrow is there). */
  async ready(timeout = 2_000): Promise<this> {
    await this.find('[part="toggle"]', timeout);
    return this;
  }

  /** The arrow that opens and closes the details. */
  get toggle(): HTMLButtonElement {
    return this.root.querySelector<HTMLButtonElement>('[part="toggle"]')!;
  }

  /** The card of the order. */
  get tile(): HTMLElement {
    return this.root.querySelector<HTMLElement>('[part="tile"]')!;
  }

  /** The product's name, as the tile's heading. */
  product(): string {
    return this.text('[part="product"]');
  }

  /** The state's badge: 'Processed', 'Refunded'. */
  state(): string {
    return this.text('[part="state"]');
  }

  /** The facts of the collapsed tile (Order, Purchased, Active, Available for resale, State), by label. */
  facts(): Record<string, string> {
    return facts(this.root.querySelector('[part="facts"]'));
  }

  /** The section 'Orders' of the details: its title and its facts by label. */
  orders(): { title: string; facts: Record<string, string> } {
    const section = this.root.querySelector('[part="orders"]');
    return { title: clean(section?.querySelector('h4')?.textContent), facts: facts(section) };
  }

  /** Whether the details are hidden. */
  detailsHidden(): boolean {
    return this.root.querySelector('#details')!.hasAttribute('hidden');
  }

  /** Opens the details by the arrow (when closed) and waits for the activation codes. */
  async expand(timeout = 3_000): Promise<void> {
    if (!this.element.open) this.toggle.click();
    await this.element.updateComplete;
    await this.find('[part="codes-table"], .codes .message, .codes p.muted:not([role])', timeout);
  }

  /** What the tile says of its last action ('' when nothing). */
  status(): string {
    return this.text('.note[role="status"]');
  }

  /** What went wrong with its last action ('' when nothing did). */
  alert(): string {
    return this.text('.note[role="alert"]');
  }

  /** Why the order could not be loaded ('' when it was). */
  loadError(): string {
    return this.text('[role="alert"]');
  }

  /** 'Showing 10 of 30 activation codes'. */
  codesCount(): string {
    return this.text('.codes .count');
  }

  /** The headers of the activation codes' table. */
  codeHeaders(): string[] {
    return Array.from(this.root.querySelectorAll('[part="codes-table"] th'), (th) => clean(th.textContent));
  }

  /** The rows of the activation codes' table. */
  codeRows(): HTMLTableRowElement[] {
    return Array.from(this.root.querySelectorAll<HTMLTableRowElement>('[part="codes-table"] tbody tr'));
  }

  /** The activation codes shown. */
  codes(): string[] {
    return this.codeRows().map((r) => clean(r.querySelector('code')?.textContent));
  }

  /** What the codes' live region last said ('Activation code … copied'). */
  codesAnnouncement(): string {
    return this.text('.codes [role="status"].visually-hidden');
  }

  /** The note that a refunded order's codes are void ('' when they are not). */
  codesVoid(): string {
    return this.text('[part="codes-void"]');
  }

  /** The links to activate the codes shown. */
  codeLinks(): HTMLAnchorElement[] {
    return Array.from(this.root.querySelectorAll<HTMLAnchorElement>('[part="codes-table"] a[href]'));
  }

  /** The Cancel button, and why it is disabled ('' when it is not). */
  cancel(): { button: HTMLButtonElement | null; reason: string } {
    const button = this.root.querySelector<HTMLButtonElement>('[part="cancel-order"]');
    const reason = button?.getAttribute('aria-describedby');
    return { button, reason: reason ? clean(this.root.getElementById(reason)?.textContent) : '' };
  }

  /** Why the activation codes could not be loaded ('' when they were). */
  codesError(): string {
    return this.text('[part="codes"] [part="error"]');
  }

  /** The `<license-keys-table>` Show License Keys revealed (null before). */
  keysTable(): LicenseKeysTableElement | null {
    return this.root.querySelector('license-keys-table');
  }

  /** The revealed keys table as a person uses it (null before Show License Keys). */
  keys(): LicenseKeysTableHarness | null {
    const table = this.keysTable();
    return table === null ? null : new LicenseKeysTableHarness(table);
  }
}
