import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { newIdempotencyKey } from '../../api/client.js';
import { isApiError } from '../../api/contract/errors.js';
import type { Action } from '../../api/contract/schemas.js';
import type { DialogController } from './dialog-controller.js';
import type { LicensesController } from './licenses-controller.js';
import type { LocaleController } from './locale-controller.js';

/**
 * Whether a failure leaves the outcome unknown (no answer, a timeout, a server error): the
 * server may have acted, so the same request is sent again with the same idempotency key.
 * Any other answer is definite, and the next request is a new action.
 */
export function outcomeUnknown(error: unknown): boolean {
  return !isApiError(error) || error.status === 0 || error.status >= 500 || error.code === 'timeout';
}

/** How one run of an action ended; `current` is false when the action was reset meanwhile. */
export type ActionOutcome<T> = { ok: true; value: T; current: boolean } | { ok: false; error: unknown; current: boolean };

/**
 * One change a person asks the server for (Activate, Change Billing State, Resend Email, …),
 * under the kit's one policy: one request in flight at a time (`busy`); one idempotency key
 * per action, which a request sent again after an unknown outcome reuses, so nothing is done
 * twice, while a changed request or one after a definite answer is a new action; the last
 * failure kept as `problem` (what was typed stays) and reported as `licenses-error`; and a
 * `confirmation` once it succeeded.
 */
export class ActionController implements ReactiveController {
  /** A request is in flight. */
  busy = false;
  /** Why the last request failed, until the next one. */
  problem: unknown = null;
  /** When the last request failed. */
  failedAt = 0;
  /** What to confirm once the action succeeded. */
  confirmation: string | null = null;

  private key: { value: string; request: string } | null = null;
  private generation = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly api: LicensesController,
    private readonly i18n: LocaleController,
  ) {
    host.addController(this);
  }

  /**
   * Nothing is canceled when the host leaves the page: the server may act on a request in
   * flight, so its answer is still reported and announced when it comes.
   */
  hostDisconnected(): void {}

  /** Whether no request is in flight and none has succeeded: what the action is about may still change. */
  get settled(): boolean {
    return !this.busy && this.confirmation === null;
  }

  /** Forgets the action: a new one starts, and the answer to one in flight is not current. */
  reset(): void {
    this.generation += 1;
    this.key = null;
    this.busy = false;
    this.problem = null;
    this.confirmation = null;
    this.host.requestUpdate();
  }

  /** Says that the action succeeded, in the live region. */
  confirm(confirmation: string): void {
    this.confirmation = confirmation;
    this.host.requestUpdate();
  }

  /** Shows why the action cannot be sent (or nothing with null), without sending. */
  setProblem(problem: unknown): void {
    this.problem = problem;
    this.host.requestUpdate();
  }

  /**
   * Sends `request` through `send` with the action's idempotency key. Resolves with how it
   * ended, or null when a request was already in flight.
   */
  async run<T>(operation: string, request: unknown, send: (idempotencyKey: string) => Promise<T>): Promise<ActionOutcome<T> | null> {
    if (this.busy) return null;
    const generation = this.generation;
    const fingerprint = JSON.stringify(request);
    if (this.key?.request !== fingerprint) this.key = { value: newIdempotencyKey(), request: fingerprint };
    const key = this.key;
    this.busy = true;
    this.problem = null;
    this.confirmation = null;
    this.host.requestUpdate();
    try {
      const value = await send(key.value);
      const current = generation === this.generation;
      if (current) {
        this.busy = false;
        if (this.key === key) this.key = null;
        this.host.requestUpdate();
      }
      return { ok: true, value, current };
    } catch (error) {
      this.api.reportError(error, operation);
      const current = generation === this.generation;
      if (current) {
        this.busy = false;
        this.problem = error;
        this.failedAt = Date.now();
        if (!outcomeUnknown(error) && this.key === key) this.key = null;
        this.host.requestUpdate();
      }
      return { ok: false, error, current };
    }
  }

  /** The live region's text: the confirmation, or `sending` ('Sending…') while the request is in flight. */
  renderStatus(sending = this.i18n.common('sending')): TemplateResult | typeof nothing {
    if (this.confirmation !== null) return html`<p class="message success wrap">${this.confirmation}</p>`;
    return this.busy ? html`<p class="muted">${sending}</p>` : nothing;
  }

  /**
   * The last failure: `title`, why (`describe`), and `retrySafe` (that what was typed is kept
   * and trying again is safe) when the outcome is unknown.
   */
  renderProblem(
    title: string,
    describe = (error: unknown) => this.api.describeError(error),
    retrySafe = this.i18n.common('retrySafe'),
  ): TemplateResult | typeof nothing {
    if (this.problem === null) return nothing;
    return html`<div class="message error" role="alert" part="error">
      <strong>${title}</strong>
      <p class="wrap">${describe(this.problem)}</p>
      ${outcomeUnknown(this.problem) ? html`<p>${retrySafe}</p>` : nothing}
    </div>`;
  }

  /**
   * What an action dialog shows below its heading: the setup note with Close while the
   * element cannot work yet, OK once the action succeeded, why the action is not available
   * (`allowed` says), or else its `form`.
   */
  renderDialogBody(dialog: Pick<DialogController, 'renderFooter' | 'requestClose'>, allowed: Action, form: () => TemplateResult): TemplateResult {
    const tc = this.i18n.common;
    const setup = this.api.renderSetupState();
    if (setup !== nothing) return html`${setup}${dialog.renderFooter(tc('close'))}`;
    if (this.confirmation !== null) {
      return html`<div class="actions" part="footer">
        <button class="btn primary" type="button" part="ok-button" data-initial-focus @click=${() => dialog.requestClose('ok')}>
          ${tc('ok')}
        </button>
      </div>`;
    }
    if (allowed.allowed) return form();
    return html`<div class="message" part="reason">
        <p><strong>${this.i18n.common('notAllowed')}</strong></p>
        ${allowed.reason ? html`<p>${tc(`reason.${allowed.reason}`)}</p>` : nothing}
      </div>
      ${dialog.renderFooter(tc('close'))}`;
  }

  /** The submit button, disabled while the request is in flight. */
  renderSubmit(label: string): TemplateResult {
    return html`<button class="btn primary" type="submit" part="submit-button" data-submit ?disabled=${this.busy}>
      ${label}
    </button>`;
  }
}
