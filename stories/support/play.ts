/**
 * Helpers for the stories' play functions and the browser tests: the elements render into
 * shadow roots, which the usual DOM queries do not enter, so these look through open shadow
 * roots and wait until what a state needs is on screen. Plain DOM only, so that a test can
 * import a story with its play function.
 */

/** Calls `check` until it stops throwing, and answers what it returned; throws its last error after `timeout` ms. */
export async function waitFor<T>(check: () => T, { timeout = 1_000, interval = 50 } = {}): Promise<T> {
  const end = performance.now() + timeout;
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (performance.now() >= end) throw error;
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
  }
}

type Root = Element | ShadowRoot | Document;

/** Every element matching `selector` below `root`, through open shadow roots. */
function deepQueryAll<T extends Element = HTMLElement>(root: Root, selector: string): T[] {
  const found: T[] = [...root.querySelectorAll<T>(selector)];
  for (const el of root.querySelectorAll('*')) {
    if (el.shadowRoot) found.push(...deepQueryAll<T>(el.shadowRoot, selector));
  }
  return found;
}

const textOf = (el: Element) => (el.getAttribute('aria-label') ?? el.textContent ?? '').replace(/\s+/g, ' ').trim();

/**
 * Waits until an element matching `selector` (and, when given, whose text or accessible
 * name is `text`) is below `root`, and returns it.
 */
export async function find<T extends Element = HTMLElement>(
  root: Root,
  selector: string,
  text?: string | RegExp,
  timeout = 5_000,
): Promise<T> {
  return waitFor(
    () => {
      const match = deepQueryAll<T>(root, selector).find(
        (el) => text === undefined || (typeof text === 'string' ? textOf(el) === text : text.test(textOf(el))),
      );
      if (!match) throw new Error(`Nothing matches ${selector}${text ? ` with text ${String(text)}` : ''}`);
      return match;
    },
    { timeout },
  );
}

/** Types `value` into a field the way a person's input arrives. */
export function fill(control: HTMLInputElement | HTMLSelectElement, value: string): void {
  control.value = value;
  const type = control instanceof HTMLSelectElement ? 'change' : 'input';
  control.dispatchEvent(new Event(type, { bubbles: true, composed: true }));
}

/** Waits until `root` shows no 'Loading…' status any more. */
export async function loaded(root: Root, timeout = 10_000): Promise<void> {
  await waitFor(
    () => {
      const busy = deepQueryAll(root, '[role="status"]').some((el) => /^(Loading|Wird geladen|Laden)/i.test(textOf(el)));
      if (busy) throw new Error('Still loading');
    },
    { timeout },
  );
}
