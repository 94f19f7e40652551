import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LicensesApi } from '../../api/client.js';
import { isApiError } from '../../api/contract/errors.js';
import type { ActivationRequest, License } from '../../api/contract/schemas.js';
import { dialogs } from '../../locales/dialogs.js';
import type { ActionController } from '../shared/action-controller.js';
import type { DialogController } from '../shared/dialog-controller.js';
import type { LicensesController } from '../shared/licenses-controller.js';
import type { LocaleController } from '../shared/locale-controller.js';
import { loadActivationSchema, loadedActivationSchema, strayFieldErrors } from './activation-fields.js';
import type { CustomerFields } from './customer-fields.js';

/** What a customer request needs of its dialog. */
export interface CustomerRequestParts {
  api: LicensesController;
  i18n: LocaleController;
  dialog: DialogController;
  action: ActionController;
  fields: CustomerFields;
}

/** A request that puts a license in a customer's hands: activate, transfer. */
export type CustomerSend = (client: LicensesApi, license: License, request: ActivationRequest, idempotencyKey: string) => Promise<License>;

/**
 * Sending what the customer fields say, for the dialogs that give a license to a customer
 * (activate, transfer): what was typed is checked with the contract's schema (which loads
 * lazily; asked for as the dialog connects), then sent under the action's idempotency key.
 * A refusal means the license changed elsewhere: every element of the provider hears of it.
 * The server's field errors land on their fields, and focus goes where a person goes on.
 */
export class CustomerRequest implements ReactiveController {
  constructor(
    host: ReactiveControllerHost,
    private readonly parts: CustomerRequestParts,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    loadActivationSchema().catch(() => undefined);
  }

  /**
   * Checks the fields and sends the request with `send`. Answers the license as the server
   * changed it (`current` is false when the dialog was opened again meanwhile), or null when
   * nothing was sent or it failed (the dialog then says why).
   */
  async send(operation: string, send: CustomerSend): Promise<{ license: License; request: ActivationRequest; current: boolean } | null> {
    const { api, dialog, action, fields } = this.parts;
    const license = dialog.subject;
    const client = api.client;
    if (license === null || client === null || action.busy) return null;
    if (loadedActivationSchema() === undefined) {
      // The schema is still loading (or failed to): check once it is there.
      try {
        await loadActivationSchema();
      } catch (error) {
        action.setProblem(error);
        return null;
      }
    }
    const request = fields.request();
    if (request === null) {
      action.setProblem(null);
      dialog.focusLater('[aria-invalid="true"]');
      return null;
    }
    const outcome = await action.run(operation, request, (idempotencyKey) => send(client, license, request, idempotencyKey));
    if (outcome === null) return null;
    if (!outcome.ok) {
      if (!outcome.current) return null;
      api.refreshAfterRefusal(license, outcome.error);
      fields.showServerErrors(outcome.error);
      dialog.focusLater('[aria-invalid="true"], [data-submit]');
      return null;
    }
    return { license: outcome.value, request, current: outcome.current };
  }

  /** Why the request failed: a refusal of `refusals` as its reason, else the server's field errors named. */
  describe(error: unknown, refusals: readonly string[]): string {
    const { api, i18n, fields } = this.parts;
    if (!isApiError(error)) return api.describeError(error);
    if (refusals.includes(error.code)) return i18n.common(`reason.${error.code as 'order_refunded'}`);
    const stray = strayFieldErrors(error);
    if (fields.errors.size > 0) return [i18n.of(dialogs)('checkFields'), ...stray].join(' ');
    return stray.length > 0 ? stray.join(' ') : api.describeError(error);
  }
}
