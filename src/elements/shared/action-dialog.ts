import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { newIdempotencyKey } from '../../api/client.js';
import { announceLicenseChange } from '../../api/context.js';
import { isApiError } from '../../api/contract/errors.js';
import type { Action, License } from '../../api/contract/schemas.js';
import { ACTION_REASONS } from '../../api/contract/values.js';
import { DialogElement } from './dialog-base.js';

const REFUSALS: ReadonlySet<string> = new Set(ACTION_REASONS);

/** Failures that say nothing against the request itself, so sending it again may succeed. */
function isTransient(error: unknown): boolean {
  return !isApiError(error) || error.status === 0 || error.status >= 500 || error.code === 'timeout';
}

/**
 * A dialog that sends one change to the server: one request in flight at a time (the
 * submit button is disabled meanwhile), one idempotency key per action that a retry of the
 * same request reuses, a failure shown without losing what was typed, and a confirmation
 * in the live region with an OK button once it succeeded.
 */
export abstract class ActionDialogElement extends DialogElement {
  /** A request is in flight. */
  @state() protected busy = false;
  /** Why the last request failed, until the next one. */
  @state() protected problem: unknown = null;
  /** The confirmation shown once the action succeeded. */
  @state() protected confirmation: string | null = null;

  private key: { value: string; request: string } | null = null;

  /** The form, while the action has not succeeded. */
  protected abstract renderForm(license: License): TemplateResult;

  protected override licenseChanged(license: License): void {
    if (this.license?.id === license.id && !this.busy && this.confirmation === null) this.license = license;
  }

  /**
   * Sends the action. Its idempotency key stays the same as long as the request does, so a
   * retry after a failure can never act twice; a changed request is a new action with a new
   * key. `done` runs on success; `current` is false when the dialog was reopened meanwhile.
   */
  protected async runAction<T>(
    operation: string,
    request: unknown,
    send: (idempotencyKey: string) => Promise<T>,
    done: (result: T, current: boolean) => void,
  ): Promise<void> {
    if (this.busy) return;
    const opening = this.openings;
    const fingerprint = JSON.stringify(request);
    if (this.key?.request !== fingerprint) this.key = { value: newIdempotencyKey(), request: fingerprint };
    this.busy = true;
    this.problem = null;
    let result: T;
    try {
      result = await send(this.key.value);
    } catch (error) {
      this.reportError(error, operation);
      if (opening !== this.openings) return;
      this.busy = false;
      this.problem = error;
      this.failed(error);
      this.focusLater('[aria-invalid="true"], [data-submit]');
      return;
    }
    const current = opening === this.openings;
    if (current) this.busy = false;
    done(result, current);
    if (current) this.focusLater('[data-initial-focus]');
  }

  /**
   * A request failed; runs before the failure is shown. A refusal means the license
   * changed elsewhere: it is loaded again and every element of the provider is told.
   */
  protected failed(error: unknown): void {
    const license = this.license;
    const client = this.client;
    if (!license || !client || !isApiError(error) || !REFUSALS.has(error.code)) return;
    client.getLicense(license.id).then(
      (fresh) => announceLicenseChange(this.ctx, fresh),
      () => undefined,
    );
  }

  /** Why the last request failed; subclasses explain their own problem codes. */
  protected describeProblem(error: unknown): string {
    return this.describeError(error);
  }

  /** The failure of the last request: what happened, and whether trying again is safe. */
  protected renderProblem(title: string): TemplateResult | typeof nothing {
    if (this.problem === null) return nothing;
    return html`<div class="message error" role="alert" part="error">
      <strong>${title}</strong>
      <p class="wrap">${this.describeProblem(this.problem)}</p>
      ${isTransient(this.problem) ? html`<p>${this.t('retrySafe')}</p>` : nothing}
    </div>`;
  }

  /** Why the action is not available, in place of its form. */
  protected renderRefusal(action: Action): TemplateResult {
    return html`<div class="message" part="reason">
        <p><strong>${this.t('notAllowed')}</strong></p>
        ${action.reason ? html`<p>${this.tc(`reason.${action.reason}`)}</p>` : nothing}
      </div>
      ${this.renderActions(nothing, this.tc('close'))}`;
  }

  /** One radio button of the group `name`, with its label. */
  protected renderChoice(name: string, label: string, checked: boolean, select: () => void, initialFocus = false): TemplateResult {
    return html`<label class="choice">
      <input type="radio" name=${name} ?data-initial-focus=${initialFocus} .checked=${live(checked)} @change=${select} />
      <span>${label}</span>
    </label>`;
  }

  /** The submit button, disabled while the request is in flight. */
  protected renderSubmit(label: string): TemplateResult {
    return html`<button class="btn primary" type="submit" part="submit-button" data-submit ?disabled=${this.busy}>
      ${label}
    </button>`;
  }

  /** Starts a new action. */
  override open(license: License): void {
    this.key = null;
    this.busy = false;
    this.problem = null;
    this.confirmation = null;
    super.open(license);
  }

  protected override renderStatus(): TemplateResult | typeof nothing {
    if (this.confirmation !== null) return html`<p class="message success wrap">${this.confirmation}</p>`;
    return this.busy ? html`<p class="muted">${this.t('sending')}</p>` : nothing;
  }

  protected override renderContent(license: License): TemplateResult {
    if (this.confirmation === null) return this.renderForm(license);
    return html`<div class="actions" part="footer">
      <button class="btn primary" type="button" part="ok-button" data-initial-focus @click=${() => this.requestClose('ok')}>
        ${this.tc('ok')}
      </button>
    </div>`;
  }
}
