import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { fieldsFromSearchParams, urlWithFields, type SearchFields } from './search-query.js';

/**
 * Keeps a search in the page URL (`sync-url`): each search the person runs is a history
 * entry, so it can be bookmarked, shared and restored with Back and Forward.
 */
export class SearchUrlController implements ReactiveController {
  constructor(
    host: ReactiveControllerHost,
    private readonly options: {
      /** Whether the URL is kept in sync now (the host's attribute). */
      enabled: () => boolean;
      /** Shows and runs the search of a history entry (null: the default search). */
      restore: (fields: SearchFields | null) => void;
    },
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('popstate', this.onPopState);
  }

  hostDisconnected(): void {
    window.removeEventListener('popstate', this.onPopState);
  }

  /** The search the page URL holds, or null when it holds none. */
  read(): SearchFields | null {
    return fieldsFromSearchParams(new URL(window.location.href).searchParams);
  }

  /** Records a search the person ran as a new history entry (null: the default search). */
  push(fields: SearchFields | null): void {
    if (!this.options.enabled()) return;
    const href = urlWithFields(window.location.href, fields);
    if (href !== window.location.href) window.history.pushState(window.history.state, '', href);
  }

  private readonly onPopState = () => {
    if (this.options.enabled()) this.options.restore(this.read());
  };
}
