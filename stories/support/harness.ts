/**
 * Harnesses: what a person does with one of the kit's elements (find a button by its name,
 * a field by its label, type, read the live region), written once for the stories' play
 * functions and the browser tests alike (as Material Web's `harness.ts`). Plain DOM, so a
 * test can import them.
 */
import type { LicenseDialog } from '../../src/elements/shared/dialog-controller.js';
import { fill, find, waitFor } from './play.js';

/** Text as a person reads it: runs of white space as one space, none at the ends. */
export const clean = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

/** Any element of the kit, seen through its shadow root. */
export class Harness<E extends Element = HTMLElement> {
  /** The tag of the element a harness of this kind drives. */
  static readonly tag: string = '*';

  constructor(readonly element: E) {}

  /** Waits until this kind's element is below `root` (through shadow roots), and answers a harness for it. */
  static async find<H>(this: { new (element: never): H; readonly tag: string }, root: Element | ShadowRoot | Document, timeout = 5_000): Promise<H> {
    return new this((await find(root, this.tag, undefined, timeout)) as never);
  }

  get root(): ShadowRoot {
    return this.element.shadowRoot!;
  }

  /** The text of the first element matching `selector`, whitespace collapsed ('' when there is none). */
  text(selector: string): string {
    return clean(this.root.querySelector(selector)?.textContent);
  }

  /** What failed to load or to be done, with Retry where it helps ('' when nothing failed). */
  error(): string {
    return this.text('[part="error"]');
  }

  /** Presses Retry in the error block `selector` (the element's own by default); throws when there is none. */
  retry(selector = '[part="error"]'): void {
    const retry = Array.from(this.root.querySelectorAll(`${selector} button`)).find((b) => clean(b.textContent) === 'Retry');
    if (!retry) throw new Error(`No Retry in ${selector}`);
    (retry as HTMLButtonElement).click();
  }

  /** The button whose text or accessible name is `name`. */
  button(name: string): HTMLButtonElement | undefined {
    return Array.from(this.root.querySelectorAll('button')).find((b) => clean(b.textContent) === name || b.getAttribute('aria-label') === name);
  }

  /** Clicks the button `name` at once; throws when there is none. */
  press(name: string): void {
    const button = this.button(name);
    if (!button) throw new Error(`No button '${name}'`);
    button.click();
  }

  /** The element that has focus inside this element. */
  focused(): Element | null {
    return this.root.activeElement;
  }

  /** The form control labelled `label`. */
  field<T extends HTMLElement = HTMLInputElement>(label: string): T {
    const found = Array.from(this.root.querySelectorAll('label')).find((l) => clean(l.textContent) === label);
    const control = found?.htmlFor ? this.root.getElementById(found.htmlFor) : found?.querySelector('input');
    if (!control) throw new Error(`No field labelled ${label}`);
    return control as T;
  }

  /** The form control whose id is `id` (for forms whose tests name fields by id). */
  control<T extends HTMLInputElement | HTMLSelectElement = HTMLInputElement>(id: string): T {
    const found = this.root.querySelector<T>(`#${id}`);
    if (!found) throw new Error(`No field #${id}`);
    return found;
  }

  /** Types (or chooses) `value` in the control whose id is `id`, the way a person's input arrives. */
  type(id: string, value: string): void {
    fill(this.control<HTMLInputElement | HTMLSelectElement>(id), value);
  }

  /** Types `value` into the field labelled `label`, the way a person's input arrives. */
  fill(label: string, value: string): void {
    fill(this.field<HTMLInputElement | HTMLSelectElement>(label), value);
  }

  /** Waits until a field labelled `label` is there, and answers it. */
  async findField<T extends HTMLElement = HTMLInputElement>(label: string, timeout = 5_000): Promise<T> {
    return waitFor(() => this.field<T>(label), { timeout });
  }

  /** The error shown under the field `id` (its `#id-error`); null while there is none or it is hidden. */
  fieldError(id: string): string | null {
    const error = this.root.getElementById(`${id}-error`);
    return error === null || error.hidden ? null : clean(error.textContent);
  }

  /** The texts of the field errors shown (none when every field is fine). */
  fieldErrors(): string[] {
    return Array.from(this.root.querySelectorAll('.field-error'), (e) => clean(e.textContent));
  }

  /** The error text a field (or the field labelled so) points to with `aria-describedby`. */
  errorOf(field: HTMLElement | string): string {
    const control = typeof field === 'string' ? this.field(field) : field;
    const ids = (control.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
    return ids.map((id) => clean(this.root.getElementById(id)?.textContent)).join(' ');
  }

  /** Waits until the button `name` is there and enabled, and clicks it. */
  async click(name: string, timeout = 5_000): Promise<void> {
    const button = await waitFor(
      () => {
        const found = this.button(name);
        if (!found || found.disabled) throw new Error(`No enabled button ${name}`);
        return found;
      },
      { timeout },
    );
    button.click();
  }

  /** Waits until an element matches `selector`, and answers it. */
  async find<T extends Element = HTMLElement>(selector: string, timeout = 5_000): Promise<T> {
    return waitFor(
      () => {
        const found = this.root.querySelector<T>(selector);
        if (!found) throw new Error(`Nothing matches ${selector}`);
        return found;
      },
      { timeout },
    );
  }

  /** The element's dialog `tag` (`activate-dialog`, `cancel-order-dialog`…), open or not. */
  dialogOf<D extends LicenseDialog = LicenseDialog>(tag: string): DialogHarness<D> {
    const found = this.root.querySelector<D>(tag);
    if (!found) throw new Error(`No <${tag}> in <${this.element.localName}>`);
    return new DialogHarness(found);
  }

  /** Waits until the element's dialog `tag` is open with its heading, and answers it. */
  async openedDialog<D extends LicenseDialog = LicenseDialog>(tag: string, timeout = 4_000): Promise<DialogHarness<D>> {
    const dialog = await waitFor(
      () => {
        const found = this.dialogOf<D>(tag);
        if (!found.element.shadowRoot?.querySelector('dialog[open]')) throw new Error(`<${tag}> is not open`);
        return found;
      },
      { timeout },
    );
    await dialog.find('dialog[open] h2');
    return dialog;
  }
}

/** One of the kit's dialogs (`activate-dialog`, `billing-state-dialog`, `activation-link-dialog`). */
export class DialogHarness<E extends LicenseDialog = LicenseDialog> extends Harness<E> {
  /** The native `<dialog>`. */
  get dialog(): HTMLDialogElement {
    return this.root.querySelector('dialog')!;
  }

  /** What the live region says: progress or the confirmation. */
  status(): string {
    return this.text('[part="status"]');
  }

  /** The alert of a failed request ('' when there is none). */
  alert(): string {
    return this.text('[role="alert"]');
  }

  /** Why the action is refused for this license ('' when it is not). */
  reason(): string {
    return this.text('[part="reason"]');
  }

  /** The dialog's heading. */
  heading(): string {
    return this.text('h2');
  }

  /** The suggestions offered under a field (the activate dialog's known customers). */
  suggestions(): HTMLElement[] {
    return Array.from(this.root.querySelectorAll<HTMLElement>('[role="option"]'));
  }

  /** The dialog's name: the heading `aria-labelledby` points to. */
  name(): string {
    return clean(this.root.getElementById(this.dialog.getAttribute('aria-labelledby') ?? '')?.textContent);
  }

  /** Whether the dialog is open. */
  get isOpen(): boolean {
    return this.element.shadowRoot?.querySelector('dialog')?.open === true;
  }

  /** Chooses 'New customer' in the activate dialog and fills its form; `values` by label. */
  async fillNewCustomer(values: Partial<Record<string, string>> = {}): Promise<void> {
    this.field('New customer').click();
    await this.element.updateComplete;
    const all = {
      Organization: 'Northwind Traders',
      'First name': 'Ada',
      'Last name': 'Lovelace',
      Email: 'ada@northwind.example',
      'Phone (optional)': '+49 30 1234567',
      Country: 'DE',
      ...values,
    };
    for (const [label, value] of Object.entries(all)) this.fill(label, value ?? '');
    await this.element.updateComplete;
  }
}

/** `<bulk-jobs>` and `<licenses-renewals>`: a file chosen, rows flagged, a job's progress and results. */
export class BulkHarness<E extends HTMLElement = HTMLElement> extends Harness<E> {
  /** Chooses a file in the file chooser, as a person's pick arrives. */
  upload(text: string, name = 'activations.csv'): void {
    const input = this.root.querySelector<HTMLInputElement>('input[type="file"]');
    if (!input) throw new Error('No file chooser');
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], name, { type: 'text/csv' }));
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }

  /** The preview's rows that are flagged, with why (the Check cell). */
  flagged(): string[] {
    return Array.from(this.root.querySelectorAll('[part="flagged-row"] .check')).map((c) => clean(c.textContent));
  }

  /** The job's progress bar. */
  progress(): HTMLProgressElement | null {
    return this.root.querySelector('[part="job-progress"] progress');
  }

  /** What the job's live label says. */
  jobStatus(): string {
    return this.text('[part="job-progress"] [role="status"]');
  }

  /** Waits until the job is done and its results are shown. */
  async results(timeout = 10_000): Promise<HTMLTableElement> {
    return waitFor(
      () => {
        const table = this.root.querySelector<HTMLTableElement>('[part="results-table"]');
        if (!table || table.getAttribute('aria-busy') !== 'false' || table.tBodies[0]!.rows.length === 0) throw new Error('No results yet');
        return table;
      },
      { timeout, interval: 50 },
    );
  }
}
