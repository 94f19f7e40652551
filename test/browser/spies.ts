/**
 * Test doubles for the element tests: a catcher for the CSV files the elements hand to the
 * browser as downloads, and one for `window.open`. (Clients are proxied with the stories'
 * `proxyClient`.)
 */
export interface Download {
  fileName: string;
  text: string;
}

/**
 * Catches the files the page downloads (an `<a download>` clicked by script) instead of
 * saving them; `restore()` puts the browser's behaviour back.
 */
export function catchDownloads(): { files: Download[]; next: () => Promise<Download>; restore: () => void } {
  const files: Download[] = [];
  const waiting: ((d: Download) => void)[] = [];
  const original = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    if (!this.download) return original.call(this);
    const fileName = this.download;
    void fetch(this.href)
      .then((r) => r.arrayBuffer())
      // Keep the byte-order mark, so a test can see it is there.
      .then((bytes) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes))
      .then((text) => {
        const file = { fileName, text };
        files.push(file);
        waiting.shift()?.(file);
      });
  };
  return {
    files,
    next: () => new Promise<Download>((resolve) => waiting.push(resolve)),
    restore: () => {
      HTMLAnchorElement.prototype.click = original;
    },
  };
}

/** Replaces `window.open` and records its calls. */
export function catchWindowOpen(): { calls: unknown[][]; restore: () => void } {
  const calls: unknown[][] = [];
  const original = window.open;
  window.open = (...args: unknown[]) => {
    calls.push(args);
    return null;
  };
  return {
    calls,
    restore: () => {
      window.open = original;
    },
  };
}
