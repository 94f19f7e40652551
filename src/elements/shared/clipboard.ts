/**
 * Puts text on the clipboard. The async Clipboard API needs a secure context and focus;
 * where it is missing or refused, a hidden textarea and `execCommand('copy')` still work.
 */
export async function copyText(text: string, within: Node = document.body): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Fall through to the legacy path.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  const host = within instanceof ShadowRoot || within instanceof HTMLElement ? within : document.body;
  host.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}
