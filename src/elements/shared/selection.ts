import type { License } from '../../api/contract/schemas.js';

/**
 * The licenses a person picked for bulk work: single rows, or every license that matches
 * the current filter (`allMatching`), which covers the whole result, not one page. The
 * picked licenses are kept as they were seen, for their renewal deadlines and orders.
 */
export class Selection {
  readonly picked = new Map<string, License>();
  /** Every license that matches the filter is selected; `matching` says how many. */
  allMatching = false;
  matching = 0;

  constructor(private readonly changed: () => void) {}

  get size(): number {
    return this.allMatching ? this.matching : this.picked.size;
  }

  has(license: License): boolean {
    return this.allMatching || this.picked.has(license.id);
  }

  toggle(license: License, on = !this.has(license)): void {
    if (this.allMatching) this.allMatching = false;
    if (on) this.picked.set(license.id, license);
    else this.picked.delete(license.id);
    this.changed();
  }

  /** Selects (or clears) every license of `shown`. */
  toggleAll(shown: readonly License[], on: boolean): void {
    this.allMatching = false;
    for (const license of shown) {
      if (on) this.picked.set(license.id, license);
      else this.picked.delete(license.id);
    }
    this.changed();
  }

  selectAllMatching(count: number): void {
    this.allMatching = true;
    this.matching = count;
    this.changed();
  }

  clear(): void {
    this.allMatching = false;
    this.picked.clear();
    this.changed();
  }

  /** A license seen again (changed elsewhere) replaces the picked one. */
  refresh(license: License): void {
    if (this.picked.has(license.id)) this.picked.set(license.id, license);
  }
}
