/**
 * What a page shows inside an element's tag until the kit's script has defined it. Once
 * defined, an element with a shadow root and no slot hides its light-DOM children, so the
 * text only stays when the script did not load: never a silent blank box.
 *
 * The provider has none: it shows its children (the other elements) by design. The dialogs
 * have none: they show nothing until they are opened.
 */
export const FALLBACK_TEXT: Readonly<Record<string, string>> = {
  'licenses-search': 'Loading licenses…',
  'order-tile': 'Loading the order…',
  'license-keys-table': 'Loading the license keys…',
};

export const NOT_LOADED_TEXT = 'If this stays, the License Desk script did not load.';

/** The fallback markup for `tag`'s content, or '' when the element takes none. */
export function fallbackHtml(tag: string): string {
  const text = FALLBACK_TEXT[tag];
  return text === undefined ? '' : `<p>${text} ${NOT_LOADED_TEXT}</p>`;
}
