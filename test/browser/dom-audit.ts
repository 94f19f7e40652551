/**
 * What the hostile-data tests check in a rendered page, over the document and every open
 * shadow root: that no markup from the data became elements, that every link is https (or
 * http on loopback), that bidi controls in the data cannot reorder the text around them,
 * and that nothing is wider than the viewport.
 *
 * The functions are self-contained (no imports, no helpers outside them) so that the
 * end-to-end tests can run them in a page with `page.evaluate(auditDom)`.
 */

export interface DomAudit {
  /** Elements that hostile markup would have created, and event-handler attributes. */
  injected: string[];
  /** `href`, `src`, `action` values inside shadow roots that are not https (or loopback http). */
  unsafeLinks: string[];
  /** Text nodes whose bidi controls are not isolated from the text around them. */
  bidiLeaks: string[];
  /** How many elements were looked at, through how many shadow roots. */
  elements: number;
  shadowRoots: number;
}

/** Audits the whole page; see {@link DomAudit}. */
export function auditDom(): DomAudit {
  const out: DomAudit = { injected: [], unsafeLinks: [], bidiLeaks: [], elements: 0, shadowRoots: 0 };
  // Tags the kit never renders, so any of them inside a shadow root came from data.
  const foreign = new Set(['SCRIPT', 'IFRAME', 'FRAME', 'OBJECT', 'EMBED', 'LINK', 'STYLE', 'IMG', 'MATH', 'MGLYPH', 'BASE', 'META']);
  const opener = /[\u202A-\u202E\u2066-\u2068]/;
  const loopback = new Set(['localhost', '127.0.0.1', '[::1]']);
  const roots: ShadowRoot[] = [];
  const queue: (Document | ShadowRoot)[] = [document];
  while (queue.length > 0) {
    const root = queue.shift()!;
    for (const el of Array.from(root.querySelectorAll('*'))) {
      out.elements += 1;
      if (el.shadowRoot) {
        roots.push(el.shadowRoot);
        queue.push(el.shadowRoot);
      }
      if (root === document) continue;
      // (No helper functions here: the end-to-end tests send this function's source to the page.)
      const where = `<${el.localName}> in <${(root as ShadowRoot).host.localName}>`;
      if (foreign.has(el.tagName.toUpperCase())) out.injected.push(where);
      for (const attr of Array.from(el.attributes)) {
        if (/^on/i.test(attr.name)) out.injected.push(`${attr.name} on ${where}`);
        if (!['href', 'src', 'action', 'formaction', 'xlink:href', 'srcdoc'].includes(attr.name)) continue;
        let safe = false;
        try {
          const url = new URL(attr.value);
          safe =
            url.username === '' &&
            url.password === '' &&
            (url.protocol === 'https:' || (url.protocol === 'http:' && loopback.has(url.hostname)));
        } catch {
          safe = false;
        }
        if (!safe) out.unsafeLinks.push(`${attr.name}="${attr.value.slice(0, 80)}" on ${where}`);
      }
    }
  }
  out.shadowRoots = roots.length;
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      if (!opener.test(text)) continue;
      const parent = node.parentElement;
      if (parent === null) continue;
      // Safe when the text is alone in an element that is a paragraph of its own (a block)
      // or isolates its content (unicode-bidi: isolate, <bdi>).
      const style = getComputedStyle(parent);
      const isolating = parent.localName === 'bdi' || /isolate|plaintext/.test(style.unicodeBidi) || !style.display.startsWith('inline');
      const alone = (parent.textContent ?? '').trim() === text.trim();
      if (!(isolating && alone)) out.bidiLeaks.push(`"${text.slice(0, 60)}" in <${parent.localName}> in <${(root as ShadowRoot).host.localName}>`);
    }
  }
  return out;
}

export interface LayoutAudit {
  viewportWidth: number;
  /** The page's scroll width: more than the viewport means something pushed it wider. */
  pageWidth: number;
  /** Tiles sticking out of the container that holds them, and dialogs out of the viewport. */
  outside: string[];
  /** Elements in shadow roots whose content spills out sideways beyond their parent's padding (not scrolled or clipped). */
  spills: string[];
}

/**
 * Checks that the page is no wider than the viewport, that every `<order-tile>` stays
 * within `containerSelector` (found through shadow roots) and every open `<dialog>` within
 * the viewport, and that no element in a shadow root lets its content spill out sideways.
 */
export function auditLayout(containerSelector: string): LayoutAudit {
  const width = document.documentElement.clientWidth;
  const out: LayoutAudit = { viewportWidth: width, pageWidth: document.scrollingElement?.scrollWidth ?? 0, outside: [], spills: [] };
  const boxed: Element[] = [];
  const queue: (Document | ShadowRoot)[] = [document];
  let container: Element | null = null;
  while (queue.length > 0) {
    const root = queue.shift()!;
    container ??= root.querySelector(containerSelector);
    for (const el of Array.from(root.querySelectorAll('*'))) {
      if (el.shadowRoot) queue.push(el.shadowRoot);
      if (el.localName === 'order-tile' || (el.localName === 'dialog' && (el as HTMLDialogElement).open)) boxed.push(el);
      // Visually hidden elements (1px wide, clipped) hold text for screen readers only.
      if (root === document || el.clientWidth <= 1) continue;
      const style = getComputedStyle(el);
      // Content may reach into the parent's padding (a full-bleed footer does), not beyond it.
      const parent = getComputedStyle(el.parentElement ?? (root as ShadowRoot).host);
      const room = parseFloat(parent.paddingLeft) + parseFloat(parent.paddingRight) + 1;
      if (style.overflowX === 'visible' && style.display !== 'contents' && el.scrollWidth > el.clientWidth + room) {
        out.spills.push(`<${el.localName} class="${el.getAttribute('class') ?? ''}"> in <${(root as ShadowRoot).host.localName}>: ${el.scrollWidth} > ${el.clientWidth}`);
      }
    }
  }
  const box = container?.getBoundingClientRect();
  for (const el of boxed) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const bounds = el.localName === 'dialog' || !box ? { left: 0, right: width } : box;
    if (r.left < bounds.left - 1 || r.right > bounds.right + 1) {
      out.outside.push(`<${el.localName}> spans ${Math.round(r.left)}..${Math.round(r.right)}, allowed ${Math.round(bounds.left)}..${Math.round(bounds.right)}`);
    }
  }
  return out;
}
