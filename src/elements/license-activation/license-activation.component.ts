import { initialState, Task } from '@lit/task';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { isApiError } from '../../api/contract/errors.js';
import type { ActivationInfo, CustomerActivationResult } from '../../api/contract/schemas.js';
import { emit } from '../../events/index.js';
import { formatIsoDate, todayIn } from '../../format/index.js';
import { licenseActivationMessages } from '../../locales/license-activation.js';
import { controls } from '../../styles/controls.js';
import { base } from '../../styles/tokens.js';
import { loadActivationSchema } from '../activate-dialog/activation-fields.js';
import { CustomerFields } from '../activate-dialog/customer-fields.js';
import { styles as fieldStyles } from '../activate-dialog/activate-dialog.styles.js';
import { ActionController } from '../shared/action-controller.js';
import { LicensesController } from '../shared/licenses-controller.js';
import { LocaleController } from '../shared/locale-controller.js';
import { cardStyles } from '../shared/card.styles.js';
import { dialogStyles } from '../shared/dialog.styles.js';
import { timeAfter } from '../shared/time.js';

/** Why a code cannot be activated, from its status or from the server's refusal. */
type Refusal = 'unknown' | 'active' | 'refunded' | 'expired';

const REFUSAL_CODES: Readonly<Record<string, Refusal>> = {
  not_found: 'unknown',
  license_already_active: 'active',
  order_refunded: 'refunded',
  license_expired: 'expired',
};

/**
 * The customer's side of the activation link: what the code is for (the product, its
 * validity and who sold it), then the customer signs up as an existing customer (by the
 * registered email) or a new one, and activates. It needs no token: put it inside a
 * `<licenses-provider api-base="…">` on the page the activation link opens. A code that is
 * already active, void, expired or unknown is explained, with whom to contact, instead of
 * a form bound to fail.
 *
 * @summary The customer activates a license with its activation code.
 *
 * @fires license-self-activated - The customer activated the license; `detail.result` is what the server answered.
 * @fires licenses-error - Checking or activating the code failed; the element says why and keeps what was typed.
 *
 * @csspart base - The element's wrapper.
 * @csspart heading - The heading.
 * @csspart facts - The product, validity, seller and code.
 * @csspart form - The sign-up form.
 * @csspart status - The live region holding progress and the confirmation.
 * @csspart refusal - Why the code cannot be activated, and whom to contact.
 * @csspart error - The explanation of a failed request.
 * @csspart submit-button - Activate.
 * @csspart done - The confirmation after the activation.
 *
 * @cssprop --ld-color-surface - Background of the card.
 * @cssprop --ld-color-text - Text colour.
 * @cssprop --ld-color-border - Borders of the card and the fields.
 * @cssprop --ld-color-accent - The Activate button.
 * @cssprop --ld-color-danger - Field errors and failure messages.
 * @cssprop --ld-color-success - The confirmation.
 * @cssprop --ld-radius - Corners of the card.
 */
export class LicenseActivationElement extends LitElement {
  static override styles = [base, controls, dialogStyles, fieldStyles, cardStyles];

  /** The activation code, as the activation link carries it. */
  @property() code = '';

  private readonly api = new LicensesController(this);
  private readonly i18n = new LocaleController(this, () => this.api.settings);
  private readonly action = new ActionController(this, this.api, this.i18n);
  private readonly fields = new CustomerFields(this, this.i18n, () => null, () => this.action.setProblem(null), () => ({
    legend: this.t('customer'),
    existing: this.t('existing'),
    new: this.t('new'),
    emailHint: this.t('emailHint'),
  }));
  private result: CustomerActivationResult | null = null;
  /** A refusal of the server to activate, when the code changed since it was checked. */
  private refusal: Refusal | null = null;

  private readonly info = new Task(this, {
    task: async ([client, code], { signal }) => {
      if (client === null || code === '') return initialState;
      return this.api.load('getActivation', () => client.getActivation(code, { signal }));
    },
    args: () => [this.api.client, this.code.trim()] as const,
  });

  override connectedCallback(): void {
    super.connectedCallback();
    loadActivationSchema().catch(() => undefined);
  }

  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.i18n.afterLoading(() => super.scheduleUpdate());
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('code')) {
      this.result = null;
      this.refusal = null;
      this.fields.reset();
      this.action.reset();
    }
  }

  private get t() {
    return this.i18n.of(licenseActivationMessages);
  }

  private date(isoDate: string): string {
    return formatIsoDate(isoDate, this.i18n.locale);
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const client = this.api.client;
    const code = this.code.trim();
    if (client === null || this.action.busy) return;
    if (!this.fields.schemaReady(() => void this.submit(event), (error) => this.action.setProblem(error))) return;
    const request = this.fields.request();
    if (request === null) {
      this.action.setProblem(null);
      this.focusLater('[aria-invalid="true"]');
      return;
    }
    // The customer's side takes no idempotency key: activating twice is refused as already active.
    const outcome = await this.action.run('activateByCode', { code, request }, () => client.activateByCode(code, request));
    if (outcome === null || !outcome.current) return;
    if (!outcome.ok) {
      const refusal = isApiError(outcome.error) ? REFUSAL_CODES[outcome.error.code] : undefined;
      if (refusal !== undefined) {
        this.refusal = refusal;
        this.action.setProblem(null);
        return;
      }
      this.fields.showServerErrors(outcome.error);
      this.focusLater('[aria-invalid="true"], [data-submit]');
      return;
    }
    this.result = outcome.value;
    this.action.confirm(this.t('done', { product: outcome.value.product.name, date: this.date(outcome.value.validTo) }));
    emit(this, 'license-self-activated', { activationCode: code, result: outcome.value });
  }

  private focusLater(selector: string): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  /** Why the activation failed: too many attempts with when to try again, or what the server said. */
  private describeProblem(error: unknown): string {
    if (isApiError(error) && error.code === 'rate_limited') {
      const seconds = error.retryAfter ?? 60;
      return this.t('rateLimited', { seconds: this.i18n.count(seconds), time: timeAfter(this.action.failedAt, seconds, this.i18n) });
    }
    if (this.fields.errors.size > 0) return this.i18n.of(licenseActivationMessages)('failed');
    return this.api.describeError(error);
  }

  private renderRefusal(refusal: Refusal, info: ActivationInfo | null): TemplateResult {
    const product = info?.product.name ?? '';
    const text =
      refusal === 'unknown'
        ? this.t('unknown')
        : refusal === 'expired'
          ? this.t('expired', { product, date: info ? this.date(info.validTo) : '' })
          : this.t(refusal, { product });
    return html`<div class="message error" role="alert" part="refusal">
      <p class="wrap"><strong>${text}</strong></p>
      <p class="wrap">${info ? this.t('contact', { reseller: info.reseller.name }) : this.t('contactUnknown')}</p>
    </div>`;
  }

  private renderFacts(info: ActivationInfo): TemplateResult {
    const { t } = this;
    return html`<dl class="facts" part="facts">
      <div><dt>${t('product')}</dt><dd class="wrap">${info.product.name}</dd></div>
      <div><dt>${t('validity')}</dt><dd>${t('validRange', { from: this.date(info.validFrom), to: this.date(info.validTo) })}</dd></div>
      <div><dt>${t('reseller')}</dt><dd class="wrap">${info.reseller.name}</dd></div>
      <div><dt>${t('code')}</dt><dd class="mono wrap">${info.activationCode}</dd></div>
    </dl>`;
  }

  /** The status of a code that cannot be activated, or null when it can. */
  private statusRefusal(info: ActivationInfo): Refusal | null {
    if (info.status === 'active') return 'active';
    if (info.status === 'refunded') return 'refunded';
    return info.validTo < todayIn(this.i18n.timeZone) ? 'expired' : null;
  }

  private renderInfo(info: ActivationInfo): TemplateResult {
    const status = html`<div class="status" role="status" part="status">${this.action.renderStatus(this.t('sending'))}</div>`;
    if (this.result !== null) {
      return html`${this.renderFacts(info)}
        <div part="done">${status}</div>`;
    }
    const refusal = this.refusal ?? this.statusRefusal(info);
    if (refusal !== null) return html`${this.renderFacts(info)} ${this.renderRefusal(refusal, info)}`;
    return html`${this.renderFacts(info)}
      <form part="form" novalidate @submit=${this.submit}>
        ${this.fields.render()} ${this.action.renderProblem(this.t('failed'), (error) => this.describeProblem(error), this.t('retrySafe'))}
        <div class="actions">${this.action.renderSubmit(this.t('submit'))}</div>
      </form>
      ${status}`;
  }

  private renderLoadError(error: unknown): TemplateResult {
    if (isApiError(error) && error.code === 'not_found') return this.renderRefusal('unknown', null);
    if (isApiError(error) && error.code === 'rate_limited') {
      const seconds = error.retryAfter ?? 60;
      return html`<div class="message error" role="alert" part="error">
        <p class="wrap">${this.t('rateLimited', { seconds: this.i18n.count(seconds), time: timeAfter(Date.now(), seconds, this.i18n) })}</p>
        <button class="btn" type="button" @click=${() => void this.info.run()}>${this.i18n.common('retry')}</button>
      </div>`;
    }
    return this.api.renderError(error, () => void this.info.run(), this.t('loadFailed'));
  }

  override render() {
    const setup = this.api.renderSetupState();
    if (setup !== nothing) return setup;
    const body =
      this.code.trim() === ''
        ? html`<p class="message error" role="alert" part="refusal">${this.t('noCode')}</p>`
        : this.info.render({
            pending: () => html`<p class="muted" role="status">${this.i18n.common('loading')}</p>`,
            complete: (info) => this.renderInfo(info),
            error: (error) => this.renderLoadError(error),
          });
    return html`<section class="root card" part="base" aria-labelledby="heading">
      <h2 id="heading" part="heading">${this.t('title')}</h2>
      ${body}
    </section>`;
  }
}
