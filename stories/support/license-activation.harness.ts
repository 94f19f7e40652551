/**
 * What the reseller's customer does with `<license-activation>` and what they see: what the
 * code is for, signing up as an existing or a new customer, Activate, the confirmation, or
 * why the code cannot be activated. Used by the page's stories and its browser tests alike.
 */
import type { LicenseActivationElement } from '../../src/elements/license-activation/license-activation.component.js';
import { Harness } from './harness.js';

export class LicenseActivationHarness extends Harness<LicenseActivationElement> {
  static override readonly tag = 'license-activation';

  /** Waits until the code is checked: what it is for, why not, or what failed. */
  async ready(timeout = 3_000): Promise<this> {
    await this.find('[part="facts"], [part="refusal"], [part="error"]', timeout);
    return this;
  }

  /** What the code is for: product, validity, reseller. */
  facts(): string {
    return this.text('[part="facts"]');
  }

  /** Why the code cannot be activated ('' when it can). */
  refusal(): string {
    return this.text('[part="refusal"]');
  }

  /** The confirmation ('' before). */
  done(): string {
    return this.text('[part="done"]');
  }

  /** The heading. */
  heading(): string {
    return this.text('[part="heading"]');
  }

  /** Whether the sign-up form is shown. */
  hasForm(): boolean {
    return this.root.querySelector('[part="form"]') !== null;
  }
}
