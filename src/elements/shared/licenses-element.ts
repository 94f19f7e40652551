import { consume } from '@lit/context';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import type { LicensesApi } from '../../api/client.js';
import { licensesContext, type LicensesContextValue, type LicensesSettings } from '../../api/context.js';
import { isAbortError, isApiError } from '../../api/contract/errors.js';
import type { License } from '../../api/contract/schemas.js';
import { emit } from '../../events/index.js';
import { common } from '../../locales/common.js';
import { loadLanguage, translator, type Translate } from '../../locales/index.js';

const DEFAULT_SETTINGS: LicensesSettings = { locale: 'en', timeZone: undefined, buyUrl: null };

/**
 * The base of every element that talks to the API: it consumes the provider's context
 * (subscribed, so a late or changed provider is picked up), explains a missing provider
 * instead of rendering a blank box, and turns failures into messages and `licenses-error`.
 */
export class LicensesElement extends LitElement {
  @consume({ context: licensesContext, subscribe: true })
  @state()
  protected ctx?: LicensesContextValue;

  @state() private providerMissing = false;

  private providerTimer: ReturnType<typeof setTimeout> | undefined;
  private boundChanges: EventTarget | undefined;
  private readonly onLicenseChangedEvent = (e: Event) =>
    this.licenseChanged((e as CustomEvent<{ license: License }>).detail.license);

  protected get client(): LicensesApi | null {
    return this.ctx?.client ?? null;
  }

  protected get settings(): LicensesSettings {
    return this.ctx?.settings ?? DEFAULT_SETTINGS;
  }

  protected get locale(): string {
    return this.settings.locale;
  }

  /** Common strings in the current locale. */
  protected get tc(): Translate<keyof typeof common.en & string> {
    return translator(common, this.locale);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Give a provider that is upgraded later in the same turn its chance before complaining.
    this.providerTimer = setTimeout(() => {
      this.providerMissing = this.ctx === undefined;
    }, 50);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.providerTimer);
    this.bindChanges(undefined);
  }

  /**
   * Renders only once the strings of the locale are there: the first render for a language
   * other than English waits for its pack (loaded once per page), so the element never shows
   * English first. `updateComplete` includes the wait.
   */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const pending = loadLanguage(this.locale);
    return pending === null ? super.scheduleUpdate() : pending.then(() => super.scheduleUpdate());
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('ctx')) {
      if (this.ctx !== undefined) this.providerMissing = false;
      this.bindChanges(this.ctx?.changes);
    }
  }

  /** Called when any element of the same provider changed a license. */
  protected licenseChanged(_license: License): void {}

  /**
   * What to render while the element cannot work yet: a note when no provider or API is
   * there, a loading line while a provider may still arrive; `nothing` when all is well.
   */
  protected renderSetupState(): TemplateResult | typeof nothing {
    if (this.ctx === undefined) {
      return this.providerMissing
        ? html`<div class="root"><p class="message error" role="alert" part="setup-error">${this.tc('noProvider')}</p></div>`
        : html`<div class="root"><p class="muted" role="status">${this.tc('loading')}</p></div>`;
    }
    if (this.ctx.client === null) {
      return html`<div class="root"><p class="message error" role="alert" part="setup-error">${this.tc('noClient')}</p></div>`;
    }
    return nothing;
  }

  /** A person-readable sentence for a failure. */
  protected describeError(error: unknown): string {
    if (isApiError(error)) {
      if (error.code === 'rate_limited') return this.tc('error.rate_limited', { seconds: error.retryAfter ?? 60 });
      const key = `error.${error.code}` as const;
      if (key in common.en) return this.tc(key as keyof typeof common.en & string);
      return error.detail || this.tc('error.generic', { code: error.code });
    }
    return this.tc('error.generic', { code: 'unknown' });
  }

  /** Tells the host page that an operation failed (aborts are not failures). */
  protected reportError(error: unknown, operation: string): void {
    if (isAbortError(error)) return;
    const api = isApiError(error) ? error : null;
    emit(this, 'licenses-error', {
      code: api?.code ?? 'unknown',
      status: api?.status ?? 0,
      detail: this.describeError(error),
      operation,
      errors: api?.errors ?? [],
    });
  }

  /** An error block with what failed and a Retry button. */
  protected renderError(error: unknown, retry: () => void, what?: string): TemplateResult {
    return html`<div class="message error" role="alert" part="error">
      <strong>${what ?? this.tc('errorTitle')}</strong>
      <p class="wrap">${this.describeError(error)}</p>
      <button class="btn" type="button" @click=${retry}>${this.tc('retry')}</button>
    </div>`;
  }

  private bindChanges(target: EventTarget | undefined): void {
    if (this.boundChanges === target) return;
    this.boundChanges?.removeEventListener('license-changed', this.onLicenseChangedEvent);
    this.boundChanges = target;
    target?.addEventListener('license-changed', this.onLicenseChangedEvent);
  }
}
