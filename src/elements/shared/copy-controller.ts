import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { copyText } from './clipboard.js';

type Host = ReactiveControllerHost & HTMLElement & { renderRoot: HTMLElement | DocumentFragment };

/**
 * Copy and announce (what Shoelace's copy-button does, for buttons that live in the host's
 * own rows): puts text on the clipboard, remembers which button copied and whether it
 * worked, and gives a live region the sentence to read, emptied first so that a second
 * 'Copied' is read again.
 */
export class CopyController implements ReactiveController {
  /** The last copy: the key its button gave, and whether it worked; null before, or once faded. */
  last: { key: string; ok: boolean } | null = null;
  /** What the live region says. */
  announcement = '';
  private fadeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: Host,
    private readonly options: {
      /** After how many milliseconds `last` is forgotten (never when not given). */
      fadeMs?: number;
      /** Where the fallback's hidden text area goes: inside a modal dialog, when there is one. */
      within?: () => Node | null;
    } = {},
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this.fadeTimer);
  }

  /** Copies `text` for the button `key`; `say` gives the sentence for success or failure. */
  async copy(text: string, key: string, say: (ok: boolean) => string): Promise<void> {
    const ok = await copyText(text, this.options.within?.() ?? this.host.renderRoot);
    clearTimeout(this.fadeTimer);
    this.last = { key, ok };
    if (this.options.fadeMs !== undefined) {
      this.fadeTimer = setTimeout(() => {
        this.last = null;
        this.host.requestUpdate();
      }, this.options.fadeMs);
    }
    this.announcement = '';
    this.host.requestUpdate();
    await this.host.updateComplete;
    this.announcement = say(ok);
    this.host.requestUpdate();
  }

  /** Whether the button `key` copied last, successfully. */
  copied(key: string): boolean {
    return this.last?.key === key && this.last.ok;
  }

  /** Forgets the last copy. */
  reset(): void {
    clearTimeout(this.fadeTimer);
    this.last = null;
    this.announcement = '';
    this.host.requestUpdate();
  }
}
