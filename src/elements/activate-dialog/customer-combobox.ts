import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { LicensesApi } from '../../api/client.js';
import type { Customer } from '../../api/contract/schemas.js';

const SHOWN = 8;

/**
 * Suggestions of registered customers for an email field, as an ARIA combobox with a
 * listbox popup (list autocomplete, manual selection). Searches after a pause in typing;
 * a newer search cancels an older one. The host renders the input with `inputAttributes`
 * and the listbox with `renderListbox`, and passes the input's events on.
 */
export class CustomerCombobox implements ReactiveController {
  items: readonly Customer[] = [];
  expanded = false;
  active = -1;

  private timer: ReturnType<typeof setTimeout> | undefined;
  private abort: AbortController | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly client: () => LicensesApi | null,
    private readonly pick: (customer: Customer) => void,
    private readonly listId: string,
    private readonly delayMs = 250,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.reset();
  }

  /** Forgets the suggestions and cancels a pending search. */
  reset(): void {
    this.cancel();
    this.show([]);
  }

  /** The text of the field changed: the suggestions shown stay until newer ones arrive. */
  input(text: string): void {
    this.cancel();
    const q = text.trim();
    if (q === '') this.show([]);
    else this.timer = setTimeout(() => void this.search(q), this.delayMs);
  }

  /** Arrow keys move through the suggestions, Enter takes one, Escape closes the list. */
  keydown(event: KeyboardEvent): void {
    const count = this.items.length;
    if (count === 0) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      this.active = this.expanded ? (this.active + step + count) % count : step === 1 ? 0 : count - 1;
      this.expanded = true;
    } else if (event.key === 'Enter' && this.expanded && this.active >= 0) {
      event.preventDefault();
      this.choose(this.items[this.active]!);
      return;
    } else if (event.key === 'Escape' && this.expanded) {
      // Closes the list only, not the dialog around it.
      event.preventDefault();
      event.stopPropagation();
      this.expanded = false;
      this.active = -1;
    } else {
      return;
    }
    this.host.requestUpdate();
  }

  /** The field lost focus: nothing pops up any more until it is typed in again. */
  blur(): void {
    this.cancel();
    if (!this.expanded) return;
    this.expanded = false;
    this.active = -1;
    this.host.requestUpdate();
  }

  /** The ARIA state of the input. */
  inputAttributes(): { expanded: 'true' | 'false'; activeDescendant: string | undefined } {
    const active = this.expanded && this.active >= 0 ? `${this.listId}-${this.active}` : undefined;
    return { expanded: this.expanded ? 'true' : 'false', activeDescendant: active };
  }

  renderListbox(label: string): TemplateResult {
    const open = this.expanded && this.items.length > 0;
    return html`<ul
      id=${this.listId}
      class="suggestions"
      role="listbox"
      aria-label=${label}
      part="suggestions"
      ?hidden=${!open}
      @mousedown=${(e: Event) => e.preventDefault()}
    >
      ${open
        ? this.items.map(
            (c, i) => html`<li
              id=${`${this.listId}-${i}`}
              role="option"
              class="suggestion"
              aria-selected=${i === this.active ? 'true' : 'false'}
              @click=${() => this.choose(c)}
            >
              <span class="wrap">${c.email}</span>
              <span class="muted wrap">${c.organization}</span>
            </li>`,
          )
        : nothing}
    </ul>`;
  }

  private choose(customer: Customer): void {
    this.reset();
    this.pick(customer);
  }

  private cancel(): void {
    clearTimeout(this.timer);
    this.abort?.abort();
    this.abort = null;
  }

  private show(items: readonly Customer[]): void {
    this.items = items;
    this.expanded = items.length > 0;
    this.active = -1;
    this.host.requestUpdate();
  }

  private async search(q: string): Promise<void> {
    const client = this.client();
    if (client === null) return;
    const abort = new AbortController();
    this.abort = abort;
    try {
      const { items } = await client.searchCustomers(q, { signal: abort.signal });
      if (!abort.signal.aborted) this.show(items.slice(0, SHOWN));
    } catch {
      // Suggestions are a help only: without them the field works as a plain email field.
      if (!abort.signal.aborted) this.show([]);
    }
  }
}
