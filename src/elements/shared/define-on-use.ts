/**
 * Loads an element's module once the page uses its tag: at once when a `<tag>` is in the
 * document, else when one enters it. The single-file bundle registers the elements that
 * few pages hold (the buy page, the customer's activation page) this way, so that every
 * other page does not carry them. Their own modules (`license-desk/elements/<tag>`) define
 * them at once, for a page that puts them into a shadow root of its own.
 */
export function defineOnUse(tag: string, load: () => Promise<unknown>): void {
  if (typeof document === 'undefined' || customElements.get(tag) !== undefined) return;
  const found = document.getElementsByTagName(tag);
  if (found.length > 0) {
    void load();
    return;
  }
  const observer = new MutationObserver(() => {
    if (found.length === 0) return;
    observer.disconnect();
    void load();
  });
  observer.observe(document, { childList: true, subtree: true });
}
