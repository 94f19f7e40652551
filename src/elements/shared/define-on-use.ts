/**
 * Loads an element's module the first time the element is in the document, as Shoelace's
 * and Web Awesome's autoloaders do: the script-tag bundle keeps what a page does not show at
 * first out of its own bytes, and a page that writes the tag in its markup (or adds it
 * later, as a CMS does) still gets it defined. An element in a shadow root is not seen: the
 * kit's elements that render one there load its module themselves.
 */

/** Calls `load` once `tag` is in the document (at once when it already is); again on the next one after a failed load. */
export function defineOnUse(tag: string, load: () => Promise<unknown>): void {
  if (typeof document === 'undefined' || typeof MutationObserver === 'undefined' || customElements.get(tag) !== undefined) return;
  let loading = false;
  const observer = new MutationObserver((records) => {
    if (records.some((r) => [...r.addedNodes].some((node) => node instanceof Element && (node.matches(tag) || node.querySelector(tag) !== null)))) {
      start();
    }
  });
  const start = () => {
    if (loading || customElements.get(tag) !== undefined) return;
    loading = true;
    observer.disconnect();
    load().catch((error: unknown) => {
      loading = false;
      observe();
      console.error(`License Desk: <${tag}> could not be loaded.`, error);
    });
  };
  const observe = () => observer.observe(document.documentElement, { childList: true, subtree: true });
  observe();
  if (document.querySelector(tag) !== null) start();
}
