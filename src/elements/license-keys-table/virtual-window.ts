import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface WindowRange {
  /** First rendered row (inclusive). */
  readonly start: number;
  /** Row after the last rendered one (exclusive). */
  readonly end: number;
}

type Host = ReactiveControllerHost & HTMLElement;

/** Selectors, in the host's shadow root, of what the window measures. */
export interface WindowParts {
  /** The scroll container. */
  scroller: string;
  /** An empty element whose height is one row's. */
  probe: string;
  /** The sticky header row. */
  header: string;
}

/** Runs `work` when the page is idle (within 200 ms), or after 50 ms where browsers cannot tell. */
function whenIdle(work: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(work, { timeout: 200 });
  else setTimeout(work, 50);
}

/**
 * How tall the scroll container can show rows: its height, or its `max-height` while fewer
 * rows than fit leave it shorter. An empty or short table thus already knows how many rows
 * its first full render needs, instead of learning it from a resize after that render.
 */
function viewportOf(scroller: HTMLElement): number {
  const max = parseFloat(getComputedStyle(scroller).maxHeight);
  return Math.max(scroller.clientHeight, Number.isFinite(max) ? max : 0);
}

/**
 * Windowing for rows of one fixed height inside a scroll container. It says which rows to
 * render (the visible ones, and once they were first painted an overscan on each side) and
 * how tall the space above and below them is, and asks the host to render only when that
 * range changes. Each render therefore costs the same whether the list holds fifty rows or a
 * hundred thousand.
 *
 * The row height comes from CSS (a probe element sized like a row), so a theme can change
 * it; the scroll container, the probe and the sticky header are measured with one
 * ResizeObserver. It also scrolls by page with Page Up / Page Down / Home / End, and keeps
 * keyboard focus in the container when the focused row scrolls out of the window.
 */
export class VirtualWindow implements ReactiveController {
  range: WindowRange = { start: 0, end: 0 };
  /** The height of one row in CSS pixels. */
  rowHeight = 44;
  /** The height of the sticky header row in CSS pixels. */
  headerHeight = 0;

  private count = 0;
  private scrollTop = 0;
  private viewport = 0;
  private scroller: HTMLElement | undefined;
  private probe: Element | undefined;
  private header: Element | undefined;
  private observer: ResizeObserver | undefined;
  private focusWasInRows = false;
  /**
   * False until rows have been painted once: the first frame that shows rows draws the
   * visible ones alone, and the overscan follows when the page is idle after it (the overscan
   * made that frame an eighth slower in the benchmark, for rows nobody sees yet).
   */
  private painted = false;
  private paintWatched = false;

  constructor(
    private readonly host: Host,
    private readonly parts: WindowParts,
    /**
     * Rows rendered beyond each edge of the visible ones. Scrolling renders the new window
     * before the frame is painted, so a few rows cover a fast flick; each more is work
     * on every render (and the first one's frame) for rows nobody sees.
     */
    private readonly overscan = 4,
  ) {
    host.addController(this);
  }

  /** Height in pixels of the space above the rendered rows. */
  get before(): number {
    return this.range.start * this.rowHeight;
  }

  /** Height in pixels of the space below the rendered rows. */
  get after(): number {
    return (this.count - this.range.end) * this.rowHeight;
  }

  hostConnected(): void {
    this.observe();
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = undefined;
  }

  hostUpdate(): void {
    const active = this.host.shadowRoot?.activeElement ?? null;
    this.focusWasInRows = active !== null && active !== this.scroller && (this.scroller?.contains(active) ?? false);
  }

  hostUpdated(): void {
    this.attach();
    if (!this.paintWatched && this.range.end > this.range.start) {
      this.paintWatched = true;
      // Once the frame that paints these rows is out and the page is idle.
      requestAnimationFrame(() => whenIdle(() => {
        this.painted = true;
        this.refresh();
      }));
    }
    // The focused row scrolled out of the window and was removed: keep focus in the table.
    if (this.focusWasInRows && this.host.shadowRoot?.activeElement === null) {
      this.scroller?.focus({ preventScroll: true });
    }
    this.focusWasInRows = false;
  }

  /** Sets the number of rows; call before each render. */
  setCount(count: number): void {
    this.count = count;
    this.range = this.compute();
  }

  /** Scrolls back to the first row. */
  scrollToStart(): void {
    if (this.scroller) this.scroller.scrollTop = 0;
    this.scrollTop = 0;
    this.range = this.compute();
  }

  /** Page Up / Page Down / Home / End scroll the container by whole pages of rows. */
  readonly onKeydown = (event: KeyboardEvent): void => {
    const scroller = this.scroller;
    if (scroller === undefined || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.composedPath()[0];
    if (target instanceof HTMLInputElement || target instanceof HTMLSelectElement) return;
    const page = Math.max(this.rowHeight, scroller.clientHeight - this.headerHeight - this.rowHeight);
    let top: number;
    switch (event.key) {
      case 'PageDown':
        top = scroller.scrollTop + page;
        break;
      case 'PageUp':
        top = scroller.scrollTop - page;
        break;
      case 'Home':
        top = 0;
        break;
      case 'End':
        top = scroller.scrollHeight;
        break;
      default:
        return;
    }
    event.preventDefault();
    scroller.scrollTop = Math.max(0, top);
    this.onScroll();
  };

  private readonly onScroll = (): void => {
    this.scrollTop = this.scroller?.scrollTop ?? 0;
    this.refresh();
  };

  private refresh(): void {
    const next = this.compute();
    if (next.start !== this.range.start || next.end !== this.range.end) {
      this.range = next;
      this.host.requestUpdate();
    }
  }

  private compute(): WindowRange {
    const rowHeight = this.rowHeight;
    // Before the first measurement, assume the window is as tall as the page's viewport.
    const viewport = this.viewport || globalThis.innerHeight || 800;
    // After the rows shrank (a filter), the browser clamps the scroll position; so do we.
    const top = Math.min(this.scrollTop, Math.max(0, this.count * rowHeight + this.headerHeight - viewport));
    const first = Math.floor(Math.max(0, top) / rowHeight);
    // The sticky header covers the top of the viewport: rows show below it.
    const visible = Math.ceil(Math.max(0, viewport - this.headerHeight) / rowHeight) + 1;
    const overscan = this.painted ? this.overscan : 0;
    const start = Math.min(this.count, Math.max(0, first - overscan));
    const end = Math.min(this.count, first + visible + overscan);
    return { start, end };
  }

  /** Picks up the scroll container, probe and header the host rendered, when they changed. */
  private attach(): void {
    const root = this.host.shadowRoot;
    const scroller = root?.querySelector<HTMLElement>(this.parts.scroller) ?? undefined;
    const probe = root?.querySelector(this.parts.probe) ?? undefined;
    const header = root?.querySelector(this.parts.header) ?? undefined;
    if (scroller === this.scroller && probe === this.probe && header === this.header) return;
    if (scroller !== this.scroller) {
      this.scroller?.removeEventListener('scroll', this.onScroll);
      this.scroller = scroller;
      scroller?.addEventListener('scroll', this.onScroll, { passive: true });
      this.scrollTop = scroller?.scrollTop ?? 0;
    }
    this.probe = probe;
    this.header = header;
    this.observe();
  }

  private observe(): void {
    this.observer?.disconnect();
    if (!this.host.isConnected) return;
    this.observer ??= new ResizeObserver(() => this.measure());
    for (const el of [this.scroller, this.probe, this.header]) if (el) this.observer.observe(el);
  }

  private measure(): void {
    const rowHeight = this.probe?.getBoundingClientRect().height || this.rowHeight;
    const headerHeight = this.header?.getBoundingClientRect().height ?? 0;
    const viewport = this.scroller ? viewportOf(this.scroller) : 0;
    if (rowHeight === this.rowHeight && headerHeight === this.headerHeight && viewport === this.viewport) return;
    this.rowHeight = rowHeight;
    this.headerHeight = headerHeight;
    this.viewport = viewport;
    this.range = this.compute();
    this.host.requestUpdate();
  }
}
