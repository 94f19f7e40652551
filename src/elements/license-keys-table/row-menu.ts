import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { License } from '../../api/contract/schemas.js';

export type RowAction = 'activation-link' | 'activate' | 'change-billing-state' | 'transfer' | 'deactivate' | 'history';

export interface RowMenuItem {
  action: RowAction;
  label: string;
  /** Why the action is not available now; null when it is. */
  reason: string | null;
}

export interface RowMenuOptions {
  /** The items for a license, in order. */
  items(license: License): RowMenuItem[];
  /** Called with an available item, after the menu closed and focus went back to its button. */
  choose(action: RowAction, license: License): void;
}

type Host = ReactiveControllerHost & HTMLElement;

export const MENU_ID = 'row-menu';
const TRIGGER_ID = 'row-menu-trigger';

/**
 * The menu of a row's Actions button, after the WAI-ARIA menu button pattern: Enter, Space
 * or Arrow Down open it on the first item, Arrow Up on the last; arrows, Home, End and a
 * typed letter move between items; Enter or Space chooses; Escape closes and returns focus
 * to the button; Tab closes and moves on from the button. Unavailable items stay in the
 * menu, focusable but `aria-disabled`, with the reason as text in the item (so it is part
 * of the item's name: screen readers hear 'Activate, The license is already active.').
 *
 * One menu serves every row, so thousands of rows cost one menu. It lives in the top layer
 * (a manual popover) where the table's scroll container cannot clip it, placed by the
 * button that opened it and following it when the page or the table scrolls.
 */
export class RowMenu implements ReactiveController {
  /** The license whose menu is open, or null. */
  license: License | null = null;

  private trigger: HTMLElement | null = null;
  private items: RowMenuItem[] = [];
  private focusIndex = -1;
  private frame = 0;

  constructor(
    private readonly host: Host,
    private readonly options: RowMenuOptions,
  ) {
    host.addController(this);
  }

  /** The open menu, as rendered in the host's shadow root. */
  private get menu(): HTMLElement | undefined {
    return this.host.shadowRoot?.querySelector<HTMLElement>(`#${MENU_ID}`) ?? undefined;
  }

  isOpenFor(license: License): boolean {
    return this.license?.id === license.id;
  }

  /** The id of a row's button: only the open menu's button has one, for `aria-labelledby`. */
  triggerId(license: License): string | undefined {
    return this.isOpenFor(license) ? TRIGGER_ID : undefined;
  }

  hostDisconnected(): void {
    this.close(false);
  }

  hostUpdated(): void {
    const menu = this.menu;
    if (menu === undefined || this.trigger === null) return;
    if (!menu.matches(':popover-open')) {
      menu.showPopover();
      this.place(menu, this.trigger);
      this.focusItem(this.focusIndex);
    }
  }

  /** A row's button was clicked (or pressed with Enter or Space). */
  readonly onTriggerClick = (event: Event, license: License): void => {
    if (this.isOpenFor(license)) this.close(true);
    else this.open(event.currentTarget as HTMLElement, license, 'first');
  };

  readonly onTriggerKeydown = (event: KeyboardEvent, license: License): void => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    this.open(event.currentTarget as HTMLElement, license, event.key === 'ArrowUp' ? 'last' : 'first');
  };

  /** Closes the menu; with `returnFocus`, focus goes back to the button that opened it. */
  close(returnFocus: boolean): void {
    if (this.license === null) return;
    const trigger = this.trigger;
    this.listen(false);
    cancelAnimationFrame(this.frame);
    if (this.menu?.matches(':popover-open')) this.menu.hidePopover();
    this.license = null;
    this.trigger = null;
    this.items = [];
    this.host.requestUpdate();
    if (returnFocus && trigger?.isConnected) trigger.focus({ preventScroll: true });
  }

  private open(trigger: HTMLElement, license: License, at: 'first' | 'last'): void {
    if (this.license !== null) this.close(false);
    this.license = license;
    this.trigger = trigger;
    this.items = this.options.items(license);
    this.focusIndex = at === 'first' ? 0 : this.items.length - 1;
    this.listen(true);
    this.host.requestUpdate();
  }

  private choose(index: number): void {
    const item = this.items[index];
    const license = this.license;
    if (item === undefined || license === null || item.reason !== null) return;
    this.close(true);
    this.options.choose(item.action, license);
  }

  private focusItem(index: number): void {
    const count = this.items.length;
    if (count === 0) return;
    this.focusIndex = (index + count) % count;
    const item = this.menu?.querySelectorAll<HTMLElement>('[role="menuitem"]')[this.focusIndex];
    item?.focus({ preventScroll: true });
  }

  private readonly onMenuKeydown = (event: KeyboardEvent): void => {
    const key = event.key;
    if (key === 'Tab') {
      // Focus goes back to the button first, so Tab moves on from there.
      this.close(true);
      return;
    }
    const moves: Record<string, number> = {
      ArrowDown: this.focusIndex + 1,
      ArrowUp: this.focusIndex - 1,
      Home: 0,
      End: this.items.length - 1,
    };
    if (key in moves) this.focusItem(moves[key]!);
    else if (key === 'Escape') this.close(true);
    else if (key === 'Enter' || key === ' ') this.choose(this.focusIndex);
    else if (key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) this.typeAhead(key);
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  private typeAhead(char: string): void {
    const lower = char.toLocaleLowerCase();
    for (let step = 1; step <= this.items.length; step++) {
      const index = (this.focusIndex + step) % this.items.length;
      if (this.items[index]!.label.toLocaleLowerCase().startsWith(lower)) {
        this.focusItem(index);
        return;
      }
    }
  }

  private readonly onOutside = (event: Event): void => {
    const path = event.composedPath();
    if ((this.menu && path.includes(this.menu)) || (this.trigger && path.includes(this.trigger))) return;
    this.close(false);
  };

  private readonly onFocusOut = (event: FocusEvent): void => {
    const next = event.relatedTarget as Node | null;
    if (next !== null && !this.menu?.contains(next) && next !== this.trigger) this.close(false);
  };

  /** Scrolling or resizing moves the button: the menu follows it, and closes when it is gone. */
  private readonly onMove = (): void => {
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => {
      if (this.menu === undefined || this.trigger === null) return;
      if (this.trigger.isConnected) this.place(this.menu, this.trigger);
      else this.close(false);
    });
  };

  private listen(on: boolean): void {
    const method = on ? 'addEventListener' : 'removeEventListener';
    document[method]('pointerdown', this.onOutside, true);
    this.host.shadowRoot?.[method]('scroll', this.onMove, true);
    window[method]('scroll', this.onMove, true);
    window[method]('resize', this.onMove);
  }

  /** Below the button, aligned to its end edge; above it when there is no room below. */
  private place(menu: HTMLElement, trigger: HTMLElement): void {
    const at = trigger.getBoundingClientRect();
    const width = menu.offsetWidth;
    const height = menu.offsetHeight;
    const gap = 4;
    const room = document.documentElement.clientWidth;
    const left = Math.min(Math.max(gap, at.right - width), Math.max(gap, room - width - gap));
    const below = at.bottom + gap + height <= window.innerHeight || at.top - gap - height < 0;
    menu.style.left = `${left}px`;
    menu.style.top = `${below ? at.bottom + gap : at.top - gap - height}px`;
  }

  /** The menu, while it is open; render it once, anywhere in the host's shadow root. */
  render(): TemplateResult | typeof nothing {
    if (this.license === null) return nothing;
    return html`<div
      id=${MENU_ID}
      class="menu"
      part="menu"
      role="menu"
      popover="manual"
      aria-labelledby=${TRIGGER_ID}
      @keydown=${this.onMenuKeydown}
      @focusout=${this.onFocusOut}
    >
      ${this.items.map(
        (item, i) =>
          html`<div
            class="menu-item"
            part="menu-item"
            role="menuitem"
            tabindex="-1"
            aria-disabled=${ifDefined(item.reason === null ? undefined : 'true')}
            @click=${() => this.choose(i)}
            @pointermove=${() => this.focusIndex !== i && this.focusItem(i)}
          >
            <span class="menu-label">${item.label}</span>
            ${item.reason === null ? nothing : html`<span class="menu-reason wrap">${item.reason}</span>`}
          </div>`,
      )}
    </div>`;
  }
}
