/**
 * The rows a license table shows: the order's licenses, filtered and sorted. Sorting or
 * filtering is one array operation over the data (O(n log n) / O(n)); nothing here touches
 * the DOM, so the cost of drawing stays that of the visible window.
 */
import type { License, LicenseStatus } from '../../api/contract/schemas.js';

export type SortKey =
  | 'activationCode'
  | 'validFrom'
  | 'validTo'
  | 'autoRenew'
  | 'recurrent'
  | 'distributionCompany'
  | 'status'
  | 'customer'
  | 'activatedAt';
export type SortDirection = 'ascending' | 'descending';

export interface LicenseSort {
  key: SortKey;
  direction: SortDirection;
}

export type StatusFilter = LicenseStatus | 'all';

export interface LicenseFilter {
  status: StatusFilter;
  /** Case-insensitive substring of the activation code, or of the customer's email or organization. */
  text: string;
}

export const NO_FILTER: LicenseFilter = { status: 'all', text: '' };

type Compare = (a: License, b: License) => number;

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function keyComparator(key: SortKey, locale: string): Compare {
  switch (key) {
    case 'activationCode':
      return (a, b) => byText(a.activationCode, b.activationCode);
    case 'validFrom':
      return (a, b) => byText(a.validFrom, b.validFrom);
    case 'validTo':
      return (a, b) => byText(a.validTo, b.validTo);
    case 'autoRenew':
      return (a, b) => Number(a.autoRenew) - Number(b.autoRenew);
    case 'recurrent':
      return (a, b) => Number(a.recurrent) - Number(b.recurrent);
    case 'status':
      return (a, b) => byText(a.status, b.status);
    case 'activatedAt':
      return blanksLast((l) => l.activatedAt, byText);
    case 'distributionCompany':
    case 'customer': {
      const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
      const text = key === 'customer' ? (l: License) => l.customer?.organization ?? null : (l: License) => l.distributionCompany;
      return blanksLast(text, (x, y) => collator.compare(x, y));
    }
  }
}

/** Compares by `value`; licenses without one go after those with one. */
function blanksLast(value: (license: License) => string | null, compare: (x: string, y: string) => number): Compare {
  return (a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return compare(x, y);
  };
}

/** The order of a sort; ties keep the order in which the server listed the licenses. */
export function comparator(sort: LicenseSort, locale: string): Compare {
  const compare = keyComparator(sort.key, locale);
  return sort.direction === 'ascending' ? compare : (a, b) => compare(b, a);
}

/** The test of a filter, or null when it lets everything through. */
export function matcher(filter: LicenseFilter): ((license: License) => boolean) | null {
  const text = filter.text.trim().toLowerCase();
  const status = filter.status;
  if (status === 'all' && text === '') return null;
  return (l) =>
    (status === 'all' || l.status === status) &&
    (text === '' ||
      l.activationCode.toLowerCase().includes(text) ||
      (l.customer !== null &&
        (l.customer.email.toLowerCase().includes(text) || l.customer.organization.toLowerCase().includes(text))));
}

/** Merges two lists sorted by `compare`; on ties the first list's item comes first (stable). */
function merge(a: readonly License[], b: readonly License[], compare: Compare): License[] {
  const out = new Array<License>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = compare(b[j]!, a[i]!) < 0 ? b[j++]! : a[i++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

/**
 * An order's licenses as loaded (in the server's order) and the view of them that the table
 * shows. Pages are merged into the view as they arrive, so a sorted or filtered table stays
 * correct while the rest of a large order loads, at O(n) per page rather than a full sort.
 *
 * A license that changes is replaced where it stands, even when its sort position changed:
 * the row a person just acted on must not jump about. But the filter holds: a license that
 * no longer matches it leaves the view, and one that now does joins it, so the rows and the
 * 'N of M' figure say what the filter asks for (activated under 'Available' is gone).
 */
export class LicenseRows {
  /** Every loaded license, in the server's order. Never mutated in place when supplied by a host. */
  source: readonly License[] = [];
  /** The licenses the table shows, filtered and sorted. */
  view: readonly License[] = [];

  private sort: LicenseSort | null = null;
  private filter: LicenseFilter = NO_FILTER;
  private locale = 'en';
  private positions: Map<string, number> | null = null;

  get loaded(): number {
    return this.source.length;
  }

  /** Starts over with `licenses`; the array is kept as is, not copied. */
  reset(licenses: readonly License[]): void {
    this.source = licenses;
    this.positions = null;
    this.rebuild();
  }

  /** Adds a page of licenses at the end. */
  append(page: readonly License[]): void {
    if (page.length === 0) return;
    this.source = this.source.concat(page);
    this.positions = null;
    const test = matcher(this.filter);
    const added = test === null ? page : page.filter(test);
    if (this.sort === null) {
      this.view = test === null ? this.source : this.view.concat(added);
    } else {
      const compare = comparator(this.sort, this.locale);
      this.view = merge(this.view, [...added].sort(compare), compare);
    }
  }

  /** Shows the licenses in another order (null: the server's). */
  setSort(sort: LicenseSort | null, locale: string): void {
    this.sort = sort;
    this.locale = locale;
    this.rebuild();
  }

  setFilter(filter: LicenseFilter): void {
    this.filter = filter;
    this.rebuild();
  }

  /**
   * A license changed elsewhere: its row shows it, and a customer's corrected details show on
   * every row the customer holds. False when none of ours changed.
   */
  follow(license: License): boolean {
    let changed = this.replace(license);
    const customer = license.customer;
    if (customer === null) return changed;
    for (const other of this.source) {
      const held = other.customer;
      if (other.id === license.id || held?.id !== customer.id) continue;
      if (held.email === customer.email && held.organization === customer.organization) continue;
      changed = this.replace({ ...other, customer: { ...customer } }) || changed;
    }
    return changed;
  }

  /** Replaces a loaded license by its new version in place; false when it is not one of ours. */
  replace(license: License): boolean {
    this.positions ??= new Map(this.source.map((l, i) => [l.id, i]));
    const at = this.positions.get(license.id);
    if (at === undefined) return false;
    const old = this.source[at]!;
    const viewIsSource = this.view === this.source;
    const source = this.source.slice();
    source[at] = license;
    this.source = source;
    const test = matcher(this.filter);
    if (test !== null && test(old) !== test(license)) {
      this.rebuild();
      return true;
    }
    if (viewIsSource) {
      this.view = source;
      return true;
    }
    const inView = this.view.indexOf(old);
    if (inView >= 0) {
      const view = this.view.slice();
      view[inView] = license;
      this.view = view;
    }
    return true;
  }

  private rebuild(): void {
    const test = matcher(this.filter);
    if (test === null && this.sort === null) {
      this.view = this.source;
      return;
    }
    const view = test === null ? this.source.slice() : this.source.filter(test);
    if (this.sort !== null) view.sort(comparator(this.sort, this.locale));
    this.view = view;
  }
}
