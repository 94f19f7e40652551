import type { ReactiveControllerHost } from 'lit';
import { newIdempotencyKey, type LicensesApi } from '../../api/client.js';
import { isApiError } from '../../api/contract/errors.js';
import type { ConfirmationEmailResult } from '../../api/contract/schemas.js';

export type ResendState =
  | { phase: 'idle' }
  | { phase: 'sending' }
  | { phase: 'sent'; result: ConfirmationEmailResult }
  | { phase: 'failed'; error: unknown; at: number };

/**
 * 'Resend Email': one idempotency key per click. A retry after a failure whose outcome is
 * unknown (network, timeout, server error) reuses the key, so the reseller never gets the
 * duplicate twice; after a definite refusal (4xx, e.g. 429) the next click is a new action.
 */
export class ResendEmailController {
  state: ResendState = { phase: 'idle' };

  private key: string | null = null;

  constructor(private readonly host: ReactiveControllerHost) {}

  get sending(): boolean {
    return this.state.phase === 'sending';
  }

  /** Sends the confirmation again; resolves with where it went, or null (see `state`). */
  async send(client: LicensesApi, orderId: string): Promise<ConfirmationEmailResult | null> {
    if (this.sending) return null;
    this.key ??= newIdempotencyKey();
    this.set({ phase: 'sending' });
    try {
      const result = await client.resendConfirmationEmail(orderId, { idempotencyKey: this.key });
      this.key = null;
      this.set({ phase: 'sent', result });
      return result;
    } catch (error) {
      if (isApiError(error) && error.status >= 400 && error.status < 500) this.key = null;
      this.set({ phase: 'failed', error, at: Date.now() });
      return null;
    }
  }

  /** Forgets the outcome (another order is shown). */
  reset(): void {
    this.key = null;
    this.set({ phase: 'idle' });
  }

  private set(state: ResendState): void {
    this.state = state;
    this.host.requestUpdate();
  }
}
