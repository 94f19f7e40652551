import { ContextConsumer } from '@lit/context';
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { LicensesApi } from '../../api/client.js';
import { announceLicenseChange, announceOrderChange, licensesContext, type LicensesContextValue, type LicensesSettings } from '../../api/context.js';
import { isAbortError, isApiError } from '../../api/contract/errors.js';
import type { License, OrderSummary } from '../../api/contract/schemas.js';
import { ACTION_REASONS } from '../../api/contract/values.js';
import { emit } from '../../events/index.js';
import { common } from '../../locales/common.js';
import { translator, type CatalogKey } from '../../locales/index.js';

const DEFAULT_SETTINGS: LicensesSettings = { locale: 'en', timeZone: undefined, buyUrl: null };
const REFUSALS: ReadonlySet<string> = new Set(ACTION_REASONS);

type Host = ReactiveControllerHost & HTMLElement;

export interface LicensesControllerOptions {
  /** Called when the provider (or what it provides) changed, before the host updates. */
  contextChanged?: () => void;
  /** Called when any element of the same provider changed a license. */
  licenseChanged?: (license: License) => void;
  /** Called when any element of the same provider changed an order (cancelled it). */
  orderChanged?: (order: OrderSummary) => void;
}

/**
 * What every element that talks to the API needs of `<licenses-provider>`: the client and
 * settings of its context (subscribed, so a late or changed provider is picked up), a note
 * instead of a blank box when no provider comes, the provider's bus of changed licenses,
 * and failures turned into sentences and `licenses-error`.
 */
export class LicensesController implements ReactiveController {
  /** What the provider gives, once one answered. */
  ctx: LicensesContextValue | undefined;
  private providerMissing = false;
  private providerTimer: ReturnType<typeof setTimeout> | undefined;
  private boundChanges: EventTarget | undefined;
  /**
   * Markup rendered on a server (declarative shadow DOM) is hydrated by the first render,
   * which must render what the server rendered: the server had no provider's API. What the
   * provider gives meanwhile is held and taken after that first render.
   */
  private hydrating: boolean;
  private held: { value: LicensesContextValue | undefined } | null = null;
  private readonly onChange = (e: Event) =>
    this.options.licenseChanged?.((e as CustomEvent<{ license: License }>).detail.license);
  private readonly onOrderChange = (e: Event) =>
    this.options.orderChanged?.((e as CustomEvent<{ order: OrderSummary }>).detail.order);

  constructor(
    private readonly host: Host,
    private readonly options: LicensesControllerOptions = {},
  ) {
    host.addController(this);
    this.hydrating = host.shadowRoot !== null;
    new ContextConsumer(host, {
      context: licensesContext,
      subscribe: true,
      callback: (value) => {
        if (this.hydrating) this.held = { value };
        else this.take(value);
      },
    });
  }

  private take(value: LicensesContextValue | undefined): void {
    this.ctx = value;
    if (value !== undefined) this.providerMissing = false;
    this.bindChanges(value?.changes);
    this.options.contextChanged?.();
  }

  get client(): LicensesApi | null {
    return this.ctx?.client ?? null;
  }

  get settings(): LicensesSettings {
    return this.ctx?.settings ?? DEFAULT_SETTINGS;
  }

  get locale(): string {
    return this.settings.locale;
  }

  hostConnected(): void {
    // Give a provider that is upgraded later in the same turn its chance before complaining.
    this.providerTimer = setTimeout(() => {
      this.providerMissing = this.ctx === undefined && this.held?.value === undefined;
      this.host.requestUpdate();
    }, 50);
    this.bindChanges(this.ctx?.changes);
  }

  hostUpdated(): void {
    if (!this.hydrating) return;
    this.hydrating = false;
    const held = this.held;
    this.held = null;
    if (held !== null) {
      this.take(held.value);
      this.host.requestUpdate();
    }
  }

  hostDisconnected(): void {
    clearTimeout(this.providerTimer);
    this.bindChanges(undefined);
  }

  /** Tells every element of the provider that `license` changed. */
  announce(license: License): void {
    announceLicenseChange(this.ctx, license);
  }

  /** Tells every element of the provider that `order` changed. */
  announceOrder(order: OrderSummary): void {
    announceOrderChange(this.ctx, order);
  }

  /**
   * After a refusal of an action on `license` (it changed elsewhere), loads it again and
   * tells every element of the provider.
   */
  refreshAfterRefusal(license: License, error: unknown): void {
    const client = this.client;
    if (client === null || !isApiError(error) || !REFUSALS.has(error.code)) return;
    client.getLicense(license.id).then(
      (fresh) => this.announce(fresh),
      () => undefined,
    );
  }

  /** Runs a load for a `Task`, telling the host page when it fails (and failing still). */
  async load<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      this.reportError(error, operation);
      throw error;
    }
  }

  /** A person-readable sentence for a failure. */
  describeError(error: unknown): string {
    const tc = translator(common, this.locale);
    if (isApiError(error)) {
      if (error.code === 'rate_limited') return tc('error.rate_limited', { seconds: error.retryAfter ?? 60 });
      const key = `error.${error.code}`;
      if (key in common.en) return tc(key as CatalogKey<typeof common>);
      return error.detail || tc('error.generic', { code: error.code });
    }
    return tc('error.generic', { code: 'unknown' });
  }

  /** Tells the host page that an operation failed (aborts are not failures). */
  reportError(error: unknown, operation: string): void {
    if (isAbortError(error)) return;
    const api = isApiError(error) ? error : null;
    emit(this.host, 'licenses-error', {
      code: api?.code ?? 'unknown',
      status: api?.status ?? 0,
      detail: this.describeError(error),
      operation,
      errors: api?.errors ?? [],
    });
  }

  /**
   * What to render while the element cannot work yet: a note when no provider or API is
   * there, a loading line while a provider may still arrive; `nothing` when all is well.
   */
  renderSetupState(): TemplateResult | typeof nothing {
    const tc = translator(common, this.locale);
    if (this.ctx === undefined) {
      return this.providerMissing
        ? html`<div class="root"><p class="message error" role="alert" part="setup-error">${tc('noProvider')}</p></div>`
        : html`<div class="root"><p class="muted" role="status">${tc('loading')}</p></div>`;
    }
    if (this.ctx.client === null) {
      return html`<div class="root"><p class="message error" role="alert" part="setup-error">${tc('noClient')}</p></div>`;
    }
    return nothing;
  }

  /** An error block with what failed and a Retry button. */
  renderError(error: unknown, retry: () => void, what?: string): TemplateResult {
    const tc = translator(common, this.locale);
    return html`<div class="message error" role="alert" part="error">
      <strong>${what ?? tc('errorTitle')}</strong>
      <p class="wrap">${this.describeError(error)}</p>
      <button class="btn" type="button" @click=${retry}>${tc('retry')}</button>
    </div>`;
  }

  private bindChanges(target: EventTarget | undefined): void {
    if (this.boundChanges === target) return;
    this.boundChanges?.removeEventListener('license-changed', this.onChange);
    this.boundChanges?.removeEventListener('order-changed', this.onOrderChange);
    this.boundChanges = target;
    target?.addEventListener('license-changed', this.onChange);
    target?.addEventListener('order-changed', this.onOrderChange);
  }
}
