import { ContextRoot } from '@lit/context';

const MARK = Symbol.for('license-desk.element');
const ROOT = Symbol.for('license-desk.context-root');

/** Marks a class as one of the kit's, so a second copy of the kit recognises it. */
export function markKitElement(ctor: CustomElementConstructor): void {
  (ctor as unknown as Record<symbol, boolean>)[MARK] = true;
}

/**
 * Registers an element, safely when the kit is loaded twice on one page (a CMS does this):
 * a tag the kit already defined is skipped quietly; a tag taken by something else is
 * skipped with a warning.
 */
export function defineElement(tag: string, ctor: CustomElementConstructor): void {
  ensureContextRoot();
  markKitElement(ctor);
  const existing = customElements.get(tag);
  if (existing === undefined) {
    customElements.define(tag, ctor);
    return;
  }
  if (existing !== ctor && (existing as unknown as Record<symbol, unknown>)[MARK] !== true) {
    console.warn(`License Desk: <${tag}> is already defined by another script; the kit's element was not registered.`);
  }
}

/**
 * Elements may be upgraded before their provider (a CMS inserts markup late, scripts load
 * in any order). A ContextRoot on the document buffers their context requests and replays
 * them when a provider appears. One per page, whichever copy of the kit comes first.
 */
function ensureContextRoot(): void {
  const g = globalThis as unknown as Record<symbol, unknown>;
  if (g[ROOT] !== undefined || typeof document === 'undefined') return;
  const root = new ContextRoot();
  root.attach(document.documentElement);
  g[ROOT] = root;
}
