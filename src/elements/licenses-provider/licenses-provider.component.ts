import { ContextProvider } from '@lit/context';
import { css, html, LitElement, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { LicensesApi } from '../../api/client.js';
import { licensesContext, type LicensesContextValue } from '../../api/context.js';
import { HttpLicensesClient } from '../../api/http/http-client.js';
import { loadLanguage } from '../../locales/index.js';

type TokenSource = () => Promise<string | null | undefined>;

/**
 * Provides the licenses API client and its settings to every License Desk element inside
 * it, also to elements added later or upgraded before it.
 *
 * @summary Connects the elements inside it to a licenses API.
 * @slot - The License Desk elements (and any other content).
 */
export class LicensesProviderElement extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  /** Base URL of the licenses API, e.g. `/api/v1` or `https://licenses.example.com/api/v1`. */
  @property({ attribute: 'api-base', reflect: true }) apiBase: string | null = null;

  /** A bearer token. For demos only: never put a long-lived token in a public page. */
  @property() token: string | null = null;

  /** Fetch credentials mode: `include` for a cookie-session proxy on another origin. */
  @property() credentials: RequestCredentials | null = null;

  /** BCP 47 locale for text, dates and money; defaults to the page's `lang`, then the browser's. */
  @property() locale: string | null = null;

  /** IANA time zone for dates and for 'today' (e.g. `Europe/Berlin`); defaults to the browser's. */
  @property({ attribute: 'time-zone' }) timeZone: string | null = null;

  /** Buy More URL template with `{productId}`; defaults to the API's `buyUrl`. */
  @property({ attribute: 'buy-url' }) buyUrl: string | null = null;

  /**
   * How long one request to `api-base` may take, in milliseconds, before the elements say
   * the server took too long and offer Retry (15,000 when not set).
   */
  @property({ type: Number }) timeout: number | null = null;

  /** Any `LicensesApi` (the memory client, your own); takes precedence over `api-base`. */
  @property({ attribute: false }) client: LicensesApi | null = null;

  /** Asked for a bearer token before requests, and once more after a 401 (short-lived tokens). */
  @property({ attribute: false }) getToken: TokenSource | null = null;

  private readonly changes = new EventTarget();
  private readonly provider = new ContextProvider(this, { context: licensesContext });
  private httpClient: { key: string; client: LicensesApi } | null = null;

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const locale = this.resolveLocale();
    // The elements wait for their language before they render; start fetching it now.
    void loadLanguage(locale);
    const value: LicensesContextValue = {
      client: this.resolveClient(changed.has('getToken')),
      settings: {
        locale,
        timeZone: this.timeZone ?? undefined,
        buyUrl: this.buyUrl,
      },
      changes: this.changes,
    };
    this.provider.setValue(value);
  }

  private resolveClient(tokenSourceChanged: boolean): LicensesApi | null {
    if (this.client !== null) return this.client;
    if (this.apiBase === null || this.apiBase.trim() === '') return null;
    // A server rendering has no page to resolve the base against, and sends no requests.
    if (typeof document === 'undefined') return null;
    const baseUrl = new URL(this.apiBase, document.baseURI).href.replace(/\/+$/, '');
    const timeoutMs = this.timeout !== null && Number.isFinite(this.timeout) && this.timeout > 0 ? this.timeout : null;
    const key = JSON.stringify([baseUrl, this.token, this.credentials, timeoutMs]);
    if (this.httpClient?.key !== key || tokenSourceChanged) {
      const getToken = this.getToken;
      this.httpClient = {
        key,
        client: new HttpLicensesClient({
          baseUrl,
          ...(this.token ? { token: this.token } : {}),
          ...(getToken ? { getToken: () => getToken() } : {}),
          ...(this.credentials ? { credentials: this.credentials } : {}),
          ...(timeoutMs !== null ? { timeoutMs } : {}),
        }),
      };
    }
    return this.httpClient.client;
  }

  private resolveLocale(): string {
    const page = typeof document === 'undefined' ? undefined : document;
    const candidate = this.locale || page?.documentElement.lang || globalThis.navigator?.language || 'en';
    try {
      return Intl.getCanonicalLocales(candidate)[0] ?? 'en';
    } catch {
      return 'en';
    }
  }

  override render() {
    return html`<slot></slot>`;
  }
}
