/**
 * What a person does with `<buy-licenses>` and what they see: the catalog and its prices, the
 * quantity, the payment type and the distributor, Buy, the balance and the total, the new
 * order or why it was refused. Used by the buy page's stories and its browser tests alike.
 */
import type { BuyLicensesElement } from '../../src/elements/buy-licenses/buy-licenses.component.js';
import { Harness, clean } from './harness.js';

export class BuyLicensesHarness extends Harness<BuyLicensesElement> {
  static override readonly tag = 'buy-licenses';

  /** Waits until the catalog is there (the form) or could not be loaded. */
  async ready(timeout = 3_000): Promise<this> {
    await this.find('form, [part="error"]', timeout);
    return this;
  }

  /** The product chosen, as its option reads (name and unit price). */
  chosenProduct(): string {
    return clean(this.control<HTMLSelectElement>('productId').selectedOptions[0]?.textContent);
  }

  /** Chooses the payment type `label` ('Credit card', 'CSS balance'). */
  choose(label: string): void {
    const option = Array.from(this.root.querySelectorAll('label.choice')).find((l) => clean(l.textContent) === label);
    if (!option) throw new Error(`No choice ${label}`);
    option.querySelector('input')!.click();
  }

  /** Presses Buy and waits for the answer: the new order or why not. */
  async buy(name = 'Buy', timeout = 3_000): Promise<void> {
    await this.click(name);
    await this.find('[part="error"], [part="done"]', timeout);
    await this.element.updateComplete;
  }

  /** The heading. */
  heading(): string {
    return this.text('[part="heading"]');
  }

  /** 'Balance: €1,000.00'. */
  balance(): string {
    return this.text('[part="balance"]');
  }

  /** 'Total €147.00'. */
  total(): string {
    return this.text('[part="total"]');
  }

  /** What was bought ('' before). */
  status(): string {
    return this.text('[part="status"]');
  }

  /** The link to the new order. */
  orderLink(): HTMLAnchorElement | null {
    return this.root.querySelector<HTMLAnchorElement>('[part="order-link"]');
  }
}
